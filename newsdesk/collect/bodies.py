"""Response bodies read with hard limits, on the wire and after decompression.

httpx would inflate a whole compressed chunk at once; here the raw stream is
read and decoded with bounded output, so a gzip bomb stops at the cap instead
of filling memory. Supported encodings: identity, gzip, deflate (zlib or raw)
and br; anything else is refused with a reason.
"""
from __future__ import annotations

import zlib
from collections.abc import Iterable
from importlib.util import find_spec
from typing import Protocol

from ..errors import FetchError

__all__ = ["ACCEPT_ENCODING", "BodyTooLarge", "read_limited", "decoder_for"]

HAS_BROTLI = find_spec("brotli") is not None  # installed with FastWARC; "br" is only asked for when present
ACCEPT_ENCODING = "gzip, deflate, br" if HAS_BROTLI else "gzip, deflate"


class BodyTooLarge(FetchError):
    """The body is over the size cap (on the wire or once decompressed)."""


class _Decoder(Protocol):
    def feed(self, data: bytes) -> bytes: ...

    def flush(self) -> bytes: ...


class _Budget:
    """Counts decoded bytes and stops at the limit."""

    def __init__(self, limit: int, what: str) -> None:
        self.limit, self.used, self.what = limit, 0, what

    def room(self) -> int:
        return self.limit - self.used + 1

    def spend(self, piece: bytes) -> bytes:
        self.used += len(piece)
        if self.used > self.limit:
            where = f" {self.what}" if self.what else ""
            raise BodyTooLarge(f"body over {self.limit:,} bytes{where}",
                               reason=f"too large: over {self.limit:,} bytes{where}")
        return piece


class _Identity:
    def feed(self, data: bytes) -> bytes:
        return data

    def flush(self) -> bytes:
        return b""


class _Zlib:
    """gzip (wbits=31) or deflate (zlib header sniffed; raw deflate otherwise)."""

    def __init__(self, wbits: int | None, budget: _Budget) -> None:
        self._wbits = wbits
        self._budget = budget
        self._inflater = zlib.decompressobj(wbits) if wbits is not None else None

    def feed(self, data: bytes) -> bytes:
        if self._inflater is None:
            if not data:
                return b""
            self._wbits = 15 if _looks_zlib(data) else -15
            self._inflater = zlib.decompressobj(self._wbits)
        out = []
        while data:
            try:
                piece = self._inflater.decompress(data, self._budget.room())
            except zlib.error as exc:
                raise FetchError(f"broken compressed body: {exc}", reason="broken compressed body") from exc
            out.append(self._budget.spend(piece))
            data = self._inflater.unconsumed_tail
            if self._inflater.eof and self._inflater.unused_data and self._wbits == 31:
                data = self._inflater.unused_data  # another gzip member follows
                self._inflater = zlib.decompressobj(31)
        return b"".join(out)

    def flush(self) -> bytes:
        return self._budget.spend(self._inflater.flush()) if self._inflater else b""


def _looks_zlib(data: bytes) -> bool:
    return len(data) >= 2 and data[0] & 0x0F == 8 and (data[0] << 8 | data[1]) % 31 == 0


class _Brotli:
    def __init__(self, budget: _Budget) -> None:
        import brotli

        self._error = brotli.error
        self._inflater = brotli.Decompressor()
        self._budget = budget

    def feed(self, data: bytes) -> bytes:
        try:
            out = [self._budget.spend(self._inflater.process(data, output_buffer_limit=self._budget.room()))]
            while not self._inflater.can_accept_more_data():
                out.append(self._budget.spend(
                    self._inflater.process(b"", output_buffer_limit=self._budget.room())))
        except self._error as exc:
            raise FetchError(f"broken compressed body: {exc}", reason="broken compressed body") from exc
        return b"".join(out)

    def flush(self) -> bytes:
        return b""


class _Chain:
    def __init__(self, decoders: list[_Decoder]) -> None:
        self._decoders = decoders

    def feed(self, data: bytes) -> bytes:
        for decoder in self._decoders:
            data = decoder.feed(data)
        return data

    def flush(self) -> bytes:
        data = b""
        for decoder in self._decoders:
            data = decoder.feed(data) + decoder.flush()
        return data


def decoder_for(content_encoding: str | None, limit: int) -> _Decoder:
    """A bounded decoder for a Content-Encoding header value (applied last to first)."""
    codings = [c.strip().lower() for c in (content_encoding or "").split(",") if c.strip()]
    codings = [c for c in codings if c != "identity"]
    if not codings:
        return _Identity()
    decoders: list[_Decoder] = []
    for coding in reversed(codings):
        budget = _Budget(limit, "after decompression")
        if coding in ("gzip", "x-gzip"):
            decoders.append(_Zlib(31, budget))
        elif coding == "deflate":
            decoders.append(_Zlib(None, budget))
        elif coding == "br" and HAS_BROTLI:
            decoders.append(_Brotli(budget))
        else:
            raise FetchError(f"unsupported content-encoding {coding!r}",
                             reason=f"unsupported content-encoding {coding}")
    return decoders[0] if len(decoders) == 1 else _Chain(decoders)


def read_limited(chunks: Iterable[bytes], content_encoding: str | None, limit: int) -> bytes:
    """Join raw body chunks, decoding them; raises :class:`BodyTooLarge` past ``limit``."""
    wire = _Budget(limit, "on the wire")
    decoder = decoder_for(content_encoding, limit)
    plain = _Budget(limit, "")
    out = bytearray()
    for chunk in chunks:
        wire.spend(chunk)
        out += plain.spend(decoder.feed(chunk))
    out += plain.spend(decoder.flush())
    return bytes(out)
