"""WARC / WARC.gz archives: streamed record by record, non-pages skipped with counts."""
from __future__ import annotations

import gzip
import tracemalloc
import uuid
from datetime import UTC, datetime
from pathlib import Path

import pytest

from newsdesk.cli import main
from newsdesk.records import IngestOutcome, RawDoc
from newsdesk.warc import WarcOptions, WarcStats, iter_warc

PAGES = Path(__file__).parent / "fixtures" / "collect" / "pages"


def http_response(status: int, content_type: str | None, body: bytes, extra: str = "") -> bytes:
    head = f"HTTP/1.1 {status} X\r\n" + (f"Content-Type: {content_type}\r\n" if content_type else "")
    return (head + f"Content-Length: {len(body)}\r\n{extra}\r\n").encode() + body


def warc_record(kind: str, url: str, block: bytes, date: str = "2026-10-14T09:00:00Z",
                content_type: str = "application/http; msgtype=response") -> bytes:
    head = (f"WARC/1.0\r\nWARC-Type: {kind}\r\nWARC-Record-ID: <urn:uuid:{uuid.uuid4()}>\r\n"
            f"WARC-Date: {date}\r\nWARC-Target-URI: {url}\r\nContent-Type: {content_type}\r\n"
            f"Content-Length: {len(block)}\r\n\r\n")
    return head.encode() + block + b"\r\n\r\n"


def sample_records() -> list[bytes]:
    page = lambda name: (PAGES / f"{name}.html").read_bytes()  # noqa: E731
    return [
        warc_record("warcinfo", "", b"software: tests\r\n", content_type="application/warc-fields"),
        warc_record("request", "https://valley.example/bridge", b"GET /bridge HTTP/1.1\r\n\r\n",
                    content_type="application/http; msgtype=request"),
        warc_record("response", "https://valley.example/bridge", http_response(200, "text/html; charset=utf-8",
                                                                             page("bridge-a"))),
        warc_record("response", "https://north.example/bridge", http_response(200, "text/html", page("bridge-b")),
                    date="2026-10-15T09:00:00Z"),
        warc_record("response", "https://valley.example/missing", http_response(404, "text/html", b"<p>no</p>")),
        warc_record("response", "https://valley.example/logo.png", http_response(200, "image/png", b"\x89PNG..")),
        warc_record("metadata", "https://valley.example/bridge", b"fetchTimeMs: 12\r\n",
                    content_type="application/warc-fields"),
        warc_record("response", "https://valley.example/library", http_response(200, "text/html", page("library")),
                    date="2026-10-20T09:00:00Z"),
    ]


@pytest.fixture
def archives(tmp_path):
    records = sample_records()
    plain = tmp_path / "sample.warc"
    plain.write_bytes(b"".join(records))
    packed = tmp_path / "sample.warc.gz"
    packed.write_bytes(b"".join(gzip.compress(r) for r in records))  # one gzip member per record, as CC-NEWS
    return plain, packed


@pytest.mark.parametrize("which", [0, 1])
def test_pages_are_read_and_other_records_skipped_with_counts(archives, which):
    stats = WarcStats()
    items = list(iter_warc(archives[which], stats=stats))
    docs = [i for i in items if isinstance(i, RawDoc)]
    skipped = [i for i in items if isinstance(i, IngestOutcome)]
    assert [d.url for d in docs] == ["https://valley.example/bridge", "https://north.example/bridge",
                                     "https://valley.example/library"]
    assert docs[0].content_type == "text/html; charset=utf-8" and docs[0].content.startswith(b"<!DOCTYPE html>")
    assert docs[0].fetched_at == datetime(2026, 10, 14, 9, tzinfo=UTC)
    assert docs[0].meta["warc_record_id"].startswith("<urn:uuid:")
    assert [(s.uri, s.reason) for s in skipped] == [("https://valley.example/missing", "http status 404"),
                                                   ("https://valley.example/logo.png", "not HTML (image/png)")]
    assert stats.records == 8 and stats.pages == 3
    assert stats.skipped == {"http status 404": 1, "not HTML": 1}
    assert stats.other == {"warcinfo": 1, "request": 1, "metadata": 1}


def test_limit_and_date_filters(archives):
    since = datetime(2026, 10, 15, tzinfo=UTC)
    until = datetime(2026, 10, 16, tzinfo=UTC)
    stats = WarcStats()
    docs = [i.url for i in iter_warc(archives[1], WarcOptions(since=since, until=until), stats)]
    assert docs == ["https://north.example/bridge"] and stats.filtered == 4
    limited = [i for i in iter_warc(archives[0], WarcOptions(limit=2)) if isinstance(i, RawDoc)]
    assert len(limited) == 2


def test_a_huge_record_is_passed_over_with_bounded_memory(tmp_path):
    big = http_response(200, "text/html", b"<p>" + b"x" * 30_000_000 + b"</p>")
    path = tmp_path / "big.warc.gz"
    with gzip.open(path, "wb", compresslevel=1) as out:
        out.write(warc_record("response", "https://big.example/", big))
        out.write(warc_record("response", "https://small.example/", http_response(200, "text/html", b"<p>ok</p>")))
    tracemalloc.start()
    try:
        items = list(iter_warc(path, WarcOptions(max_bytes=1_000_000)))
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert [(type(i).__name__, getattr(i, "reason", "")) for i in items] == [
        ("IngestOutcome", "too large (over 1,000,000 bytes)"), ("RawDoc", "")]
    assert peak < 5_000_000, peak


def test_a_broken_archive_ends_with_a_reason(tmp_path):
    junk = tmp_path / "junk.warc"
    junk.write_bytes(b"this is not an archive\r\n" * 20)
    (outcome,) = list(iter_warc(junk))
    assert outcome.status == "skipped" and outcome.reason.startswith("unreadable archive after 0 records")
    truncated = tmp_path / "cut.warc"
    truncated.write_bytes(b"".join(sample_records())[:1500])
    items = list(iter_warc(truncated))
    assert all(isinstance(i, IngestOutcome) for i in items) and items


def test_ingest_reads_warc_gz_record_by_record(archives, ingest, store):
    outcomes = ingest(archives[1])
    assert [o.status for o in outcomes].count("ingested") == 3
    assert {o.reason for o in outcomes if o.status == "skipped"} == {"http status 404", "not HTML (image/png)"}
    article = store.article(next(o.article_id for o in outcomes if o.status == "ingested"))
    assert article.url == "https://valley.example/bridge" and article.meta["warc_date"] == "2026-10-14T09:00:00Z"
    again = ingest(archives[0])
    assert [o.status for o in again].count("duplicate") == 3


def test_warc_command_with_limit_and_dates(archives, tmp_path, capsys):
    db = str(tmp_path / "desk.db")
    assert main(["--db", db, "warc", str(archives[1]), "--limit", "1", "--quiet"]) == 0
    err = capsys.readouterr().err
    assert "ingested 1," in err and "1 HTML pages" in err
    assert main(["--db", db, "warc", str(archives[0]), "--since", "2026-10-19", "--quiet"]) == 0
    err = capsys.readouterr().err
    assert "ingested 1," in err and "outside the dates" in err
    assert main(["--db", db, "warc", str(archives[0]), "--since", "someday"]) == 2
