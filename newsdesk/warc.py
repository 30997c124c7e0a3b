"""WARC and WARC.gz archives (Common Crawl's CC-NEWS format), read record by record.

:func:`iter_warc` streams an archive with FastWARC and yields one
:class:`RawDoc` per HTML page captured with status 200; other *response*
records (not HTML, not 200, too large, unreadable) are yielded as skipped
:class:`IngestOutcome` s with the reason, so a run's summary counts them.
Request, metadata, warcinfo and revisit records are not documents: they are
only counted in :class:`WarcStats`. Memory stays bounded: a record's payload
is read only up to the size cap, the rest is passed over unread.
"""
from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from contextlib import nullcontext
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO

from .records import IngestOutcome, RawDoc
from .timeutil import as_utc, to_iso

if TYPE_CHECKING:
    from fastwarc.warc import WarcRecord

__all__ = ["WarcOptions", "WarcStats", "iter_warc", "read_warc"]

HTML_TYPES = ("text/html", "application/xhtml+xml")


@dataclass(frozen=True, slots=True)
class WarcOptions:
    limit: int | None = None  # stop after this many pages
    since: datetime | None = None  # keep captures at or after this WARC-Date
    until: datetime | None = None  # ... and before this one
    max_bytes: int = 10_000_000  # larger payloads are skipped


@dataclass(slots=True)
class WarcStats:
    records: int = 0
    pages: int = 0
    skipped: Counter[str] = field(default_factory=Counter)  # reason -> count (responses only)
    other: Counter[str] = field(default_factory=Counter)  # record type -> count (not documents)
    filtered: int = 0  # outside the date range


def iter_warc(path: str | Path, options: WarcOptions = WarcOptions(), stats: WarcStats | None = None,
              stream: BinaryIO | None = None) -> Iterator[RawDoc | IngestOutcome]:
    """Pages of one archive, in file order. A broken archive ends with a skipped outcome.

    ``stream``: the archive already opened (e.g. from a remote file system); ``path`` then only names it.
    """
    from fastwarc.warc import ArchiveIterator, WarcRecordType

    stats = stats if stats is not None else WarcStats()
    path = str(path)
    try:
        with nullcontext(stream) if stream is not None else open(path, "rb") as stream:
            records = ArchiveIterator(stream, record_types=WarcRecordType.any_type, parse_http=True,
                                      auto_decode="all", fsspec_args=False)
            for record in records:
                stats.records += 1
                item = _document(record, path, options, stats)
                if item is not None:
                    yield item
                    if isinstance(item, RawDoc) and options.limit and stats.pages >= options.limit:
                        return
    except Exception as exc:  # OSError, and whatever a damaged archive makes the reader raise
        yield IngestOutcome(path, "skipped", f"unreadable archive after {stats.records} records: "
                                             f"{' '.join(str(exc).split())[:160] or type(exc).__name__}")


def _document(record: WarcRecord, path: str, options: WarcOptions, stats: WarcStats) -> RawDoc | IngestOutcome | None:
    from fastwarc.warc import WarcRecordType

    if record.record_type != WarcRecordType.response:
        stats.other[str(record.record_type)] += 1
        return None
    when = as_utc(record.record_date) if record.record_date else None
    if not _in_range(when, options):
        stats.filtered += 1
        return None
    url = (record.headers.get("WARC-Target-URI") or "").strip("<> ")
    problem = _problem(record, options)
    if problem:
        stats.skipped[problem.split(" (")[0]] += 1
        return IngestOutcome(url or f"{path}@{record.stream_pos}", "skipped", problem)
    expected = record.content_length
    payload = record.reader.read(options.max_bytes + 1)
    if _truncated(record, payload, expected, options.max_bytes):
        stats.skipped["truncated"] += 1
        return IngestOutcome(url, "skipped", f"truncated record ({len(payload):,} of {expected:,} bytes)")
    if len(payload) > options.max_bytes:
        stats.skipped["too large"] += 1
        return IngestOutcome(url, "skipped", f"too large (over {options.max_bytes:,} bytes)")
    if not payload.strip():
        stats.skipped["empty payload"] += 1
        return IngestOutcome(url, "skipped", "empty payload (truncated record?)")
    stats.pages += 1
    content_type = record.http_content_type or "text/html"
    if record.http_charset:
        content_type += f"; charset={record.http_charset}"
    return RawDoc(uri=url, content=payload, content_type=content_type, url=url or None, fetched_at=when,
                  meta={"warc_record_id": record.record_id or "", "source_path": path,
                        "warc_date": to_iso(when) or ""})


def _truncated(record: WarcRecord, payload: bytes, expected: int, max_bytes: int) -> bool:
    """A payload shorter than its record says (only checkable when it is stored unencoded)."""
    headers = record.http_headers
    encoded = headers.get("Content-Encoding") or headers.get("Transfer-Encoding")
    return not encoded and len(payload) < min(expected, max_bytes)


def _in_range(when: datetime | None, options: WarcOptions) -> bool:
    if options.since is None and options.until is None:
        return True
    if when is None:
        return False
    return (options.since is None or when >= as_utc(options.since)) and \
        (options.until is None or when < as_utc(options.until))


def _problem(record: WarcRecord, options: WarcOptions) -> str | None:
    """Why a response record is not an HTML page worth reading, or None."""
    if not record.is_http or record.http_headers is None:
        return "not an HTTP response"
    status = record.http_headers.status_code
    if status != 200:
        return f"http status {status}"
    kind = (record.http_content_type or "").lower()
    if kind and kind not in HTML_TYPES:
        return f"not HTML ({kind})"
    return None


def read_warc(path: str | Path, *, max_bytes: int) -> Iterator[RawDoc | IngestOutcome]:
    """The hook ``newsdesk ingest`` uses for .warc and .warc.gz files."""
    yield from iter_warc(path, WarcOptions(max_bytes=max_bytes))
