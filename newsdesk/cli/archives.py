"""Sub-command ``warc``: ingest HTML pages from WARC / WARC.gz archives, with filters."""
from __future__ import annotations

import sys

from ..errors import UnsupportedInput
from ..store import Store
from ..timeutil import parse_loose
from .common import check_models, graceful_stop, non_negative


def register(sub) -> None:
    p = sub.add_parser("warc", help="ingest HTML pages from WARC / WARC.gz archives, with filters")
    p.add_argument("paths", nargs="+", metavar="FILE")
    p.add_argument("--limit", type=non_negative, default=None, help="stop after this many pages (over all files)")
    p.add_argument("--since", help="captures on or after this date (WARC-Date), e.g. 2026-11-01")
    p.add_argument("--until", help="captures before this date")
    p.add_argument("--max-bytes", type=int, default=10_000_000, help="skip larger records")
    p.add_argument("--quiet", action="store_true")
    p.set_defaults(handler=cmd_warc, writes=True)


def cmd_warc(args) -> int:
    from tqdm import tqdm

    from ..ingestion import archive_documents, ingest_documents, summary_line
    from ..warc import WarcOptions, WarcStats

    check_models()
    since, until = _date_arg(args.since, "--since"), _date_arg(args.until, "--until")
    options = WarcOptions(limit=args.limit, since=since, until=until, max_bytes=args.max_bytes)
    stats = WarcStats()
    with Store(args.db) as store, graceful_stop() as stop:
        bar = tqdm(unit="rec", desc="warc", file=sys.stderr, disable=args.quiet or None, dynamic_ncols=True)
        try:
            outcomes = ingest_documents(store, archive_documents(args.paths, options, stats, stop),
                                        progress=lambda outcome: bar.update(1))
        finally:
            bar.close()
    print(summary_line(outcomes), file=sys.stderr)
    other = ", ".join(f"{n} {kind}" for kind, n in stats.other.most_common()) or "none"
    print(f"{stats.records} records read; {stats.pages} HTML pages; {stats.filtered} outside the dates; "
          f"other records: {other}", file=sys.stderr)
    return 0 if stats.pages or not outcomes else 1


def _date_arg(text: str | None, flag: str):
    if not text:
        return None
    value = parse_loose(text)
    if value is None:
        raise UnsupportedInput(f"{flag}: cannot read {text!r} as a date (use e.g. 2026-11-01)")
    return value
