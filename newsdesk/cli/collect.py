"""Sub-commands for collecting from the web: collect, watch, fetch and trends.

Sources are managed in :mod:`.sources`, crawler settings in :mod:`.crawler`,
archives in :mod:`.archives`.

Heavy modules are imported inside the handlers so that ``newsdesk --help``
stays fast.
"""
from __future__ import annotations

import json
import sys
from datetime import timedelta

from ..display import when
from ..errors import UnsupportedInput
from ..store import Store
from ..timeutil import to_iso, utcnow
from .common import check_models, graceful_stop, non_negative
from .crawler import add_crawler_flags, collect_options
from .output import clip, print_table, printable, terminal_text

REPORT_COLUMNS = (("id", ">3"), ("kind", "<6"), ("status", "<12"), ("entries", ">7"), ("new", ">4"),
                  ("ingested", ">8"), ("dup", ">4"), ("skipped", ">7"), ("failed", ">6"), ("retry", ">5"),
                  ("source", ""))
TREND_COLUMNS = (("traffic", ">10"), ("geo", "<4"), ("last seen", "<16"), ("seen", ">4"), ("query", "<30"),
                 ("stories", ""))


def register(sub) -> None:
    for name, help_text, handler in (
            ("collect", "poll due sources once, ingest their new entries, print a per-source summary", cmd_collect),
            ("watch", "collect on a schedule until stopped (Ctrl-C stops after the current write)", cmd_watch)):
        p = sub.add_parser(name, help=help_text)
        p.add_argument("--source", type=int, action="append", metavar="ID", help="only this source (repeatable)")
        p.add_argument("--force", action="store_true", help="poll sources even when they are not due")
        if name == "watch":
            p.add_argument("--cycles", type=int, default=None, help="stop after this many runs")
            p.add_argument("--max-sleep", default="5m", help="longest pause between runs (default 5m)")
        p.add_argument("--format", choices=["table", "json"], default="table")
        add_crawler_flags(p)
        p.set_defaults(handler=handler, writes=True)

    p = sub.add_parser("fetch", help="fetch single pages politely and ingest them")
    p.add_argument("urls", nargs="+", metavar="URL")
    add_crawler_flags(p)
    p.set_defaults(handler=cmd_fetch, writes=True)

    p = sub.add_parser("trends", help="trending search queries with their traffic and linked stories")
    p.add_argument("--geo", help="region code, e.g. CA")
    p.add_argument("--since", default="2d", help="seen within this long (default 2d)")
    p.add_argument("--all", action="store_true", help="every query ever seen")
    p.add_argument("--limit", type=non_negative, default=50)
    p.add_argument("--format", choices=["table", "json"], default="table")
    p.set_defaults(handler=cmd_trends)



def _collector(store: Store, args):
    from ..collect.runner import Collector

    options = collect_options(store, args)
    if getattr(args, "force", False):
        from dataclasses import replace

        options = replace(options, force=True)
    say = None if args.quiet else (lambda message: print(printable(message), file=sys.stderr, flush=True))
    return Collector(store, options, on_event=say)


# -- collect / watch / fetch --------------------------------------------------------------
def cmd_collect(args) -> int:
    check_models()
    with Store(args.db) as store, graceful_stop() as stop:
        _check_sources(store, args.source)
        with _collector(store, args) as collector:
            report = collector.collect(args.source, stop=stop)
        _print_report(report, args.format)
    polled = report.sources
    return 1 if polled and all(s.status == "failed" for s in polled) else 0


def cmd_watch(args) -> int:
    from ..collect.settings import parse_duration

    check_models()
    max_sleep = parse_duration(args.max_sleep)
    runs = [0]

    def on_report(report) -> None:
        runs[0] += 1
        if args.format == "json":
            _print_report(report, "json")
        else:
            print(watch_line(report, runs[0]), flush=True)
            _print_new_matches(store)

    with Store(args.db) as store, graceful_stop() as stop:
        _check_sources(store, args.source)
        with _collector(store, args) as collector:
            cycles = collector.watch(stop=stop, cycles=args.cycles, max_sleep=max_sleep, source_ids=args.source,
                                     on_report=on_report)
    print(f"watch stopped after {cycles} run{'s' if cycles != 1 else ''}", file=sys.stderr)
    return 0


def watch_line(report, run: int) -> str:
    """One line per watch cycle: its UTC time, sources polled and failed, and the page counts."""
    failed = sum(1 for s in report.sources if s.status == "failed")
    stamp = (report.finished or utcnow()).strftime("%Y-%m-%d %H:%M:%S")
    first_problem = next((f"; first problem: source {s.id}: {block_hint_of(s.reason)}" for s in report.sources
                          if s.status == "failed"), "")
    return (f"{stamp} UTC  run {run}: {len(report.sources)} sources polled, {failed} failed; "
            f"{_counts_line(report.totals())}{' (stopped early)' if report.stopped else ''}{first_problem}")


def _print_new_matches(store: Store) -> None:
    """A line per saved search or followed story with articles new since the last check."""
    from ..follows import check_follows

    for found in check_follows(store):
        print(f"  new: {found.describe()}", flush=True)


def block_hint_of(reason: str) -> str:
    from ..collect.settings import block_hint

    return clip(block_hint(reason or ""), 200)


def _check_sources(store: Store, ids: list[int] | None) -> None:
    for source_id in ids or []:
        source = store.source(source_id)
        if source is None:
            raise UnsupportedInput(f"no source {source_id}: see `newsdesk sources list`")
        if not source["enabled"]:
            print(f"note: source {source_id} is disabled ({printable(source['last_reason'])}); "
                  f"`newsdesk sources add {printable(source['url'])}` enables it again", file=sys.stderr)


def cmd_fetch(args) -> int:
    check_models()
    with Store(args.db) as store, graceful_stop() as stop:
        with _collector(store, args) as collector:
            report = collector.fetch_pages(args.urls, stop=stop)
    for url, reason in report.failures:
        print(f"failed {printable(url)}: {block_hint_of(reason)}", file=sys.stderr)
    print(_counts_line(report.counts))
    return 0 if report.counts["ingested"] + report.counts["duplicate"] else 1


def _print_report(report, fmt: str) -> None:
    if fmt == "json":
        print(terminal_text(json.dumps(_report_json(report), ensure_ascii=False)))
        return
    if not report.sources:
        print("no source is due (see `newsdesk sources list`, or use --force)")
        return
    print_table(REPORT_COLUMNS, ((s.id, s.kind, s.status, s.entries, s.new, s.counts["ingested"], s.counts["duplicate"],
                                  s.counts["skipped"], s.counts["failed"], s.counts["retry later"], clip(s.url, 60))
                                 for s in report.sources))
    _print_problems(report)
    failed = sum(1 for s in report.sources if s.status == "failed")
    line = f"{len(report.sources)} sources polled, {failed} failed" + (" (stopped early)" if report.stopped else "")
    print(f"\n{line}; {_counts_line(report.totals())}")


def _print_problems(report) -> None:
    problems = [(s, url, why) for s in report.sources for url, why in s.failures]
    problems += [(s, s.url, s.reason) for s in report.sources if s.status == "failed"]
    warnings = [(s, s.warning) for s in report.sources if s.warning]
    if problems or warnings:
        print("\nproblems:")
    for s, url, why in problems:
        print(f"  source {s.id}: {clip(url, 80)}: {block_hint_of(why)}")
    for s, warning in warnings:
        print(f"  source {s.id}: warning: {clip(warning, 320)}")


def _counts_line(counts) -> str:
    return (f"ingested {counts['ingested']}, duplicates {counts['duplicate']}, skipped {counts['skipped']}, "
            f"failed {counts['failed']}, to retry {counts['retry later']}")


def _report_json(report) -> dict:
    from ..collect.settings import block_hint

    return {"started": to_iso(report.started), "finished": to_iso(report.finished), "stopped": report.stopped,
            "sources_failed": sum(1 for s in report.sources if s.status == "failed"),
            "sources": [{"id": s.id, "url": s.url, "kind": s.kind, "status": s.status,
                         "reason": block_hint(s.reason) if s.reason else s.reason,
                         "warning": s.warning, "entries": s.entries, "new": s.new, "counts": dict(s.counts),
                         "failures": [{"url": u, "reason": block_hint(r)} for u, r in s.failures]}
                        for s in report.sources]}


# -- trends ---------------------------------------------------------------------------------
def cmd_trends(args) -> int:
    from ..collect.settings import parse_duration

    since = None if args.all else utcnow() - timedelta(seconds=parse_duration(args.since))
    with Store(args.db) as store:
        queries = store.trend_queries(geo=args.geo, limit=args.limit, since=since)
        titles = store.story_titles(sorted({sid for q in queries for sid in q["story_ids"]}))
    if args.format == "json":
        for q in queries:
            q["stories"] = [{"id": sid, "title": titles.get(sid, "")} for sid in q["story_ids"]]
        print(terminal_text(json.dumps(queries, indent=2, ensure_ascii=False)))
        return 0
    if not queries:
        print("no trending queries seen" + ("" if args.all else f" in the last {args.since} (try --all)"))
        return 0
    print_table(TREND_COLUMNS, ((printable(q["traffic"] or "?"), q["geo"] or "-", when(q["last_seen"]),
                                 q["n_sightings"], clip(q["query"], 30),
                                 "; ".join(f"{sid} {clip(titles.get(sid, ''), 50)}" for sid in q["story_ids"][:3])
                                 or "-") for q in queries))
    return 0


