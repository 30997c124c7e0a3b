"""Inputs: turn command-line paths (files, folders, globs) into RawDocs.

Unreadable inputs become ``IngestOutcome(status="skipped")`` with a one-line
reason instead of raising, so one bad file never stops a run. JSONL files are
streamed line by line (each line read up to the size cap); a bad line is
skipped on its own. Only regular files are read: FIFOs, devices and sockets
are refused before anything waits on them. File names are handled as bytes:
one that is not UTF-8 is shown and stored with ``\\xNN`` escapes.
"""
from __future__ import annotations

import codecs
import glob
import os
import stat
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO

from .errors import InputError
from .extract import _bomless_utf16, decode, file_signature, jsonl_record
from .records import IngestOutcome, RawDoc
from .validate import path_label

__all__ = ["expand_paths", "read_inputs", "count_documents", "JSONL_SUFFIXES"]

SKIP_NAMES = {".DS_Store", "Thumbs.db"}
# Project files that sit beside articles in a folder and are not articles themselves.
SKIP_STEMS = {"readme", "license", "licence", "changelog", "changes", "copying", "notice", "authors",
              "contributing", "manifest"}
ARTICLE_SUFFIXES = {".html", ".htm", ".xhtml", ".txt", ".text", ".md", ".jsonl", ".ndjson", ""}
JSONL_SUFFIXES = (".jsonl", ".ndjson")
MAX_BAD_JSONL_START = 20  # a "JSONL" file whose first lines are all bad is not JSONL: skip it whole
_CHUNK = 1 << 20


class _Refused(Exception):
    """A path that is not read (not a regular file, unreadable); the message is the reason."""


def expand_paths(paths: Iterable[str]) -> tuple[list[Path], list[IngestOutcome]]:
    """Files named, found recursively in folders, or matched by globs (in order, each once).

    A name that exists is taken as it is, even when it looks like a glob (``a[1].txt``).
    """
    files: dict[Path, None] = {}
    missing: list[IngestOutcome] = []
    for spec in paths:
        literal = os.path.lexists(spec)
        matches = [Path(p) for p in sorted(glob.glob(spec, recursive=True))] \
            if glob.has_magic(spec) and not literal else [Path(spec)]
        if not matches or not os.path.lexists(matches[0]):
            missing.append(IngestOutcome(path_label(spec), "skipped", "no such file or folder"))
            continue
        for match in matches:
            files.update(dict.fromkeys(_walk(match) if match.is_dir() else [match]))
    return list(files), missing


def _walk(folder: Path) -> Iterator[Path]:
    """Article-like files under a folder, sorted, hidden files and folders left out."""
    for root, dirs, names in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(names):
            path = Path(root) / name
            if not name.startswith(".") and name not in SKIP_NAMES and _wanted(path):
                yield path


def _wanted(path: Path) -> bool:
    """In folders, only files that may hold articles (explicitly named files are always tried)."""
    name = path.name.lower()
    if path.stem.lower() in SKIP_STEMS:
        return False
    return path.suffix.lower() in ARTICLE_SUFFIXES or name.endswith((".warc", ".warc.gz"))


@contextmanager
def _open_regular(path: Path) -> Iterator[BinaryIO]:
    """Open a regular file for reading; refuse FIFOs, devices, sockets and folders without waiting."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    except OSError as exc:
        raise _Refused(f"cannot read: {exc.strerror or exc}") from exc
    try:
        mode = os.fstat(fd).st_mode
        if not stat.S_ISREG(mode):
            raise _Refused(f"not a regular file ({_kind(mode)}): only files are read")
        os.set_blocking(fd, True)
        handle = os.fdopen(fd, "rb")
    except BaseException:
        os.close(fd)
        raise
    with handle:
        yield handle


def _kind(mode: int) -> str:
    for test, name in ((stat.S_ISFIFO, "a FIFO"), (stat.S_ISCHR, "a character device"),
                       (stat.S_ISBLK, "a block device"), (stat.S_ISSOCK, "a socket"), (stat.S_ISDIR, "a folder")):
        if test(mode):
            return name
    return "not a plain file"


def count_documents(files: list[Path]) -> int | None:
    """How many documents the files hold (a JSONL file counts its non-blank lines), for a progress
    bar; None when an archive is among them (its records are only counted while reading it)."""
    total = 0
    for path in files:
        if path.name.lower().endswith((".warc", ".warc.gz")):
            return None
        if path.suffix.lower() not in JSONL_SUFFIXES:
            total += 1
            continue
        try:
            with _open_regular(path) as handle:
                total += max(1, _count_lines(handle))
        except (_Refused, OSError):
            total += 1
    return total


def _count_lines(handle: BinaryIO) -> int:
    count, blank = 0, True
    for piece in iter(lambda: handle.readline(_CHUNK), b""):
        blank = blank and not piece.strip()
        if piece.endswith(b"\n"):
            count, blank = count + (not blank), True
    return count + (not blank)


def read_inputs(files: list[Path], *, max_bytes: int) -> Iterator[RawDoc | IngestOutcome]:
    """Documents of the files in order; never raises: a file that fails ends with a skip."""
    for path in files:
        uri = path_label(path)
        try:
            yield from _read_one(path, uri, max_bytes)
        except _Refused as exc:
            yield IngestOutcome(uri, "skipped", str(exc))
        except Exception as exc:  # a reader failing on one file must not end the run
            yield IngestOutcome(uri, "skipped", f"cannot read: {_one_line(exc)}")


def _one_line(exc: BaseException, limit: int = 160) -> str:
    text = " ".join(str(getattr(exc, "strerror", None) or exc).split()) or type(exc).__name__
    return text[:limit]


def _read_one(path: Path, uri: str, max_bytes: int) -> Iterator[RawDoc | IngestOutcome]:
    if uri.lower().endswith((".warc", ".warc.gz")):  # archives: streamed record by record
        from .warc import read_warc

        with _open_regular(path):  # refuses FIFOs and devices before the archive reader opens it
            pass
        yield from read_warc(path, max_bytes=max_bytes)
        return
    with _open_regular(path) as handle:
        if path.suffix.lower() in JSONL_SUFFIXES:
            yield from _read_jsonl(handle, uri, max_bytes)
            return
        data = handle.read(max_bytes + 1)
    if not data:
        yield IngestOutcome(uri, "skipped", "empty file")
    elif len(data) > max_bytes:
        yield IngestOutcome(uri, "skipped", _too_large(os.stat(path).st_size, max_bytes))
    else:
        yield RawDoc(uri=uri, content=data, path=uri)


def _too_large(size: int, max_bytes: int) -> str:
    return f"too large: {size:,} bytes > {max_bytes:,}; raise --max-bytes to ingest it"


# -- JSON Lines ------------------------------------------------------------------------------------
def _read_jsonl(handle: BinaryIO, uri: str, max_bytes: int) -> Iterator[RawDoc | IngestOutcome]:
    """One RawDoc per good line and a skip per bad line (its uri ends in ':LINE'); the whole
    file is skipped when it is binary, empty, or its first lines are all bad (not JSON Lines).
    UTF-16 files (with or without a byte order mark) are read as text."""
    head = handle.read(8192)
    handle.seek(0)
    signature = file_signature(head)
    if signature:
        yield IngestOutcome(uri, "skipped", f"binary file: {signature}, not JSON Lines")
        return
    utf16 = _utf16_codec(head)
    lines = _text_lines(handle, utf16, max_bytes) if utf16 else _byte_lines(handle, max_bytes)
    yield from _jsonl_items(RawDoc(uri=uri, content="", path=uri), lines, max_bytes)


def _utf16_codec(head: bytes) -> str | None:
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "utf-16"
    return _bomless_utf16(head[:400])


def _byte_lines(handle: BinaryIO, max_bytes: int) -> Iterator[bytes | int]:
    """Lines as bytes, each read up to ``max_bytes``; a longer line is passed over and given as its length."""
    while True:
        line = handle.readline(max_bytes + 1)
        if not line:
            return
        if len(line) <= max_bytes:
            yield line
            continue
        size = len(line)
        while not line.endswith(b"\n"):
            line = handle.readline(_CHUNK)
            if not line:
                break
            size += len(line)
        yield size


def _text_lines(handle: BinaryIO, codec: str, max_bytes: int) -> Iterator[str | int]:
    """Lines of a UTF-16 file as text (decoded in chunks, so a line is never split mid-character);
    a line over ``max_bytes`` is given as its (approximate) size in bytes."""
    decoder = codecs.getincrementaldecoder(codec)(errors="replace")
    pending, overflow = "", 0
    for chunk in iter(lambda: handle.read(_CHUNK), b""):
        pending += decoder.decode(chunk)
        *complete, pending = pending.split("\n")
        for line in complete:
            size, overflow = overflow + 2 * len(line), 0
            yield line if size <= max_bytes else size
        if 2 * len(pending) > max_bytes:
            overflow, pending = overflow + 2 * len(pending), ""
    pending += decoder.decode(b"", final=True)
    if pending or overflow:
        yield pending if not overflow else overflow + 2 * len(pending)


def _jsonl_items(container: RawDoc, lines: Iterable[bytes | str | int],
                 max_bytes: int) -> Iterator[RawDoc | IngestOutcome]:
    pending: list[IngestOutcome] = []  # bad lines before the first good one
    seen_good = False
    for number, line in enumerate(lines, 1):
        item = _jsonl_line(container, line, number, max_bytes)
        if item is None:
            continue
        if not seen_good and isinstance(item, IngestOutcome):
            pending.append(item)
            if len(pending) >= MAX_BAD_JSONL_START:
                yield IngestOutcome(container.uri, "skipped", f"not JSON Lines: the first {len(pending)} lines "
                                                              "are not article records (one JSON object a line)")
                return
            continue
        seen_good = True
        yield from pending
        pending = []
        yield item
    yield from pending
    if not seen_good and not pending:
        yield IngestOutcome(container.uri, "skipped", "empty file")


def _jsonl_line(container: RawDoc, line: bytes | str | int, number: int,
                max_bytes: int) -> RawDoc | IngestOutcome | None:
    where = f"{container.uri}:{number}"
    if isinstance(line, int):
        return IngestOutcome(where, "skipped", _too_large(line, max_bytes))
    if isinstance(line, bytes):
        line = line.replace(b"\x00", b"")  # stray NULs (a padded or damaged file) never belong to JSON
        if not line.strip():
            return None
        try:
            line = decode(line.removeprefix(b"\xef\xbb\xbf"))
        except InputError as exc:
            return IngestOutcome(where, "skipped", str(exc))
    line = line.replace("\x00", "").lstrip("\ufeff")
    if not line.strip():
        return None
    item = jsonl_record(container, line, number)
    return IngestOutcome(where, "skipped", item[1]) if isinstance(item, tuple) else item
