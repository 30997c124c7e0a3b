"""Sub-commands for collecting from the web: sources, collect, watch, fetch, trends,
crawler (settings) and warc (archives with filters).

Heavy modules are imported inside the handlers so that ``newsdesk --help``
stays fast.
"""
from __future__ import annotations

import argparse
import json
import signal
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta
from pathlib import Path

from ..display import when
from ..errors import ConfigError, UnsupportedInput
from ..store import Store
from ..timeutil import parse_loose, to_iso, utcnow
from .common import check_models, non_negative
from .output import emit, printable, terminal_text

DEFAULT_INTERVAL = "30m"
MIN_INTERVAL_S = 60


def register(sub) -> None:
    _register_sources(sub)
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
        _add_crawler_flags(p)
        p.set_defaults(handler=handler, writes=True)

    p = sub.add_parser("fetch", help="fetch single pages politely and ingest them")
    p.add_argument("urls", nargs="+", metavar="URL")
    _add_crawler_flags(p)
    p.set_defaults(handler=cmd_fetch, writes=True)

    p = sub.add_parser("trends", help="trending search queries with their traffic and linked stories")
    p.add_argument("--geo", help="region code, e.g. CA")
    p.add_argument("--since", default="2d", help="seen within this long (default 2d)")
    p.add_argument("--all", action="store_true", help="every query ever seen")
    p.add_argument("--limit", type=non_negative, default=50)
    p.add_argument("--format", choices=["table", "json"], default="table")
    p.set_defaults(handler=cmd_trends)

    _register_crawler(sub)
    _register_warc(sub)


def _register_sources(sub) -> None:
    p = sub.add_parser("sources", help="the feeds and Trends regions the desk polls")
    ssub = p.add_subparsers(dest="sources_command", metavar="ACTION")
    ssub.required = True
    a = ssub.add_parser("add", help="add feed URLs (or Trends regions with --trends)")
    a.add_argument("urls", nargs="*", metavar="URL")
    a.add_argument("--kind", choices=["feed", "trends", "page"],
                   help="what the URLs are: a feed, a Trends-format feed (wherever it is hosted) or a single page "
                        "ingested again when it changes (default: trends for Google Trends URLs, else feed)")
    a.add_argument("--trends", action="append", metavar="GEO", default=[],
                   help="add the Google Trends trending-now feed of a region (repeatable)")
    a.add_argument("--interval", default=DEFAULT_INTERVAL, help="poll at most this often (default 30m)")
    a.add_argument("--title", default="")
    a.add_argument("--category", default="")
    a.set_defaults(handler=cmd_sources_add, writes=True)
    i = ssub.add_parser("import", help="add the feeds of an OPML file")
    i.add_argument("file")
    i.add_argument("--interval", default=DEFAULT_INTERVAL)
    i.set_defaults(handler=cmd_sources_import, writes=True)
    e = ssub.add_parser("export", help="write the sources as OPML")
    e.add_argument("-o", "--output", help="file to write (default: standard output)")
    e.set_defaults(handler=cmd_sources_export)
    ls = ssub.add_parser("list", help="sources with their state")
    ls.add_argument("--format", choices=["table", "json"], default="table")
    ls.set_defaults(handler=cmd_sources_list)
    r = ssub.add_parser("remove", help="remove sources (and their entry history)")
    r.add_argument("refs", nargs="+", metavar="ID|URL")
    r.set_defaults(handler=cmd_sources_remove, writes=True)
    g = ssub.add_parser("log", help="recent fetches and their outcomes")
    g.add_argument("source", nargs="?", type=int, metavar="ID")
    g.add_argument("--failures", action="store_true", help="failed fetches only")
    g.add_argument("--limit", type=non_negative, default=30)
    g.set_defaults(handler=cmd_sources_log)


def _register_crawler(sub) -> None:
    p = sub.add_parser("crawler", help="crawler settings stored in the desk (contact, delays, limits)")
    csub = p.add_subparsers(dest="crawler_command", metavar="ACTION")
    csub.required = True
    csub.add_parser("show", help="every setting and its value").set_defaults(handler=cmd_crawler_show)
    s = csub.add_parser("set", help="store a setting")
    s.add_argument("key")
    s.add_argument("value")
    s.set_defaults(handler=cmd_crawler_set, writes=True)
    u = csub.add_parser("unset", help="back to the default")
    u.add_argument("key")
    u.set_defaults(handler=cmd_crawler_unset, writes=True)


def _register_warc(sub) -> None:
    p = sub.add_parser("warc", help="ingest HTML pages from WARC / WARC.gz archives, with filters")
    p.add_argument("paths", nargs="+", metavar="FILE")
    p.add_argument("--limit", type=non_negative, default=None, help="stop after this many pages (over all files)")
    p.add_argument("--since", help="captures on or after this date (WARC-Date), e.g. 2026-11-01")
    p.add_argument("--until", help="captures before this date")
    p.add_argument("--max-bytes", type=int, default=10_000_000, help="skip larger records")
    p.add_argument("--quiet", action="store_true")
    p.set_defaults(handler=cmd_warc, writes=True)


def _add_crawler_flags(p: argparse.ArgumentParser) -> None:
    from ..collect.settings import SETTINGS

    group = p.add_argument_group("crawler settings (override `newsdesk crawler set`)")
    for setting in SETTINGS:
        if setting.name == "allow_networks":
            group.add_argument("--allow-network", dest="allow_networks", action="append", metavar="CIDR",
                               help=setting.help)
        else:
            group.add_argument(setting.flag, dest=setting.name, default=None, metavar="VALUE",
                               help=f"{setting.help} (default {setting.default!r})")
    p.add_argument("--quiet", action="store_true", help="no progress lines")


# -- helpers --------------------------------------------------------------------------
def _clip(text, width: int) -> str:
    text = " ".join(printable(text).split())
    return text if len(text) <= width else text[: width - 1] + "…"


def _options(store: Store, args):
    from ..collect.settings import SETTINGS, options_from, parse_setting

    overrides = {}
    for setting in SETTINGS:
        value = getattr(args, setting.name, None)
        if value is None:
            continue
        overrides[setting.name] = (tuple(value) if setting.name == "allow_networks"
                                   else parse_setting(setting.name, value))
    options = options_from(store.collect_settings(), overrides)
    if options.fetch.min_delay < 1.0:
        print(f"newsdesk: warning: min_delay {options.fetch.min_delay:g} s is below the polite 1 s",
              file=sys.stderr)
    return options


@contextmanager
def graceful_stop(out=sys.stderr) -> Iterator[threading.Event]:
    """An event set by the first Ctrl-C (or SIGTERM); a second Ctrl-C aborts at once."""
    stop = threading.Event()
    if threading.current_thread() is not threading.main_thread():
        yield stop
        return

    def handler(signum, frame) -> None:
        if stop.is_set():
            raise KeyboardInterrupt
        stop.set()
        print("newsdesk: stopping after the current write (Ctrl-C again to abort now)", file=out, flush=True)

    previous = {sig: signal.signal(sig, handler) for sig in (signal.SIGINT, signal.SIGTERM)}
    try:
        yield stop
    finally:
        for sig, old in previous.items():
            signal.signal(sig, old)


def _collector(store: Store, args):
    from ..collect.runner import Collector

    options = _options(store, args)
    if getattr(args, "force", False):
        from dataclasses import replace

        options = replace(options, force=True)
    say = None if args.quiet else (lambda message: print(printable(message), file=sys.stderr, flush=True))
    return Collector(store, options, on_event=say)


# -- sources ------------------------------------------------------------------------------
def cmd_sources_add(args) -> int:
    from ..collect.feeds import http_url
    from ..collect.settings import parse_duration
    from ..collect.trends import is_trends_url, trends_url

    interval = _interval(args.interval, parse_duration)
    targets = [(u, args.kind or ("trends" if http_url(u) and is_trends_url(u) else "feed")) for u in args.urls]
    targets += [(trends_url(geo), "trends") for geo in args.trends]
    if not targets:
        raise UnsupportedInput("nothing to add: give feed URLs or --trends GEO")
    bad = [u for u, _ in targets if not http_url(u)]
    if bad:
        raise UnsupportedInput(f"not an http(s) URL: {printable(bad[0])}")
    with Store(args.db) as store:
        notes = [_address_note(store, url) for url, _ in targets]
        for url, kind in targets:
            source_id, created = store.add_source(url, kind, interval_s=interval, title=args.title,
                                                  category=args.category, now=utcnow())
            state = "added" if created else "already listed"
            print(f"{state}: source {source_id} ({kind}) {printable(url)}")
        for note in filter(None, notes):
            print(f"note: {note}")
        if not store.collect_settings().get("contact"):
            print("note: set a contact before collecting: newsdesk crawler set contact URL-or-EMAIL")
    return 0


def _address_note(store: Store, url: str) -> str | None:
    """Refuse a host name that is never contacted; say which setting a non-public address needs."""
    from urllib.parse import urlsplit

    from ..collect.guard import AddressPolicy
    from ..collect.settings import block_hint, options_from

    host = urlsplit(url).hostname or ""
    policy = AddressPolicy(options_from(store.collect_settings()).fetch.allow_networks)
    why = policy.check_name(host)
    if why and "host name" in why:
        raise UnsupportedInput(block_hint(f"blocked: {why}"))
    return block_hint(f"blocked: {why}") if why else None


def _interval(text: str, parse_duration) -> int:
    seconds = int(parse_duration(text))
    if seconds < MIN_INTERVAL_S:
        raise ConfigError(f"interval {text} is too short: poll a source at most once a minute")
    return seconds


def cmd_sources_import(args) -> int:
    from ..collect.opml import parse_opml
    from ..collect.settings import parse_duration
    from ..collect.trends import is_trends_url

    interval = _interval(args.interval, parse_duration)
    try:
        data = Path(args.file).read_bytes()
    except OSError as exc:
        raise UnsupportedInput(f"cannot read {args.file}: {exc.strerror or exc}") from exc
    feeds, problems = parse_opml(data)
    added = 0
    with Store(args.db) as store:
        for feed in feeds:
            kind = "trends" if is_trends_url(feed.url) else "feed"
            _, created = store.add_source(feed.url, kind, interval_s=interval, title=feed.title,
                                          category=feed.category, now=utcnow())
            added += created
    for problem in problems:
        print(f"skipped {printable(problem)}", file=sys.stderr)
    print(f"imported {added} new sources ({len(feeds) - added} already listed, {len(problems)} skipped)")
    return 0 if feeds or not problems else 1


def cmd_sources_export(args) -> int:
    from ..collect.opml import OpmlFeed, to_opml

    with Store(args.db) as store:
        feeds = [OpmlFeed(s["url"], s["title"], s["category"]) for s in store.sources()]
    emit(to_opml(feeds, created=utcnow()), args.output, f"wrote {len(feeds)} sources")
    return 0


def cmd_sources_list(args) -> int:
    with Store(args.db) as store:
        sources = store.sources()
        stats = store.source_stats()
    for s in sources:
        s["entries"] = stats.get(s["id"], {})
    if args.format == "json":
        print(terminal_text(json.dumps(sources, indent=2, ensure_ascii=False)))
        return 0
    if not sources:
        print("no sources yet: newsdesk sources add FEED-URL (or --trends CA)")
        return 0
    print(f"{'id':>3}  {'kind':<6}  {'every':>5}  {'state':<22}  {'next due':<16}  {'entries':>7}  source")
    for s in sources:
        state = "disabled" if not s["enabled"] else (
            f"failing x{s['failures']}" if s["failures"] else (s["last_reason"] or "never polled"))
        print(f"{s['id']:>3}  {s['kind']:<6}  {_every(s['interval_s']):>5}  {_clip(state, 22):<22}  "
              f"{when(s['next_due']) or 'now':<16}  {sum(s['entries'].values()):>7}  "
              f"{_clip(s['title'] or s['url'], 60)}")
    return 0


def _every(seconds: int) -> str:
    for unit, size in (("d", 86400), ("h", 3600), ("m", 60)):
        if seconds >= size and seconds % size == 0:
            return f"{seconds // size}{unit}"
    return f"{seconds}s"


def cmd_sources_remove(args) -> int:
    status = 0
    with Store(args.db) as store:
        for ref in args.refs:
            removed = store.remove_source(ref)
            if removed is None:
                print(f"no source {printable(ref)}", file=sys.stderr)
                status = 1
            else:
                print(f"removed source {removed['id']} {printable(removed['url'])}")
    return status


def cmd_sources_log(args) -> int:
    with Store(args.db) as store:
        rows = store.fetch_log(source_id=args.source, failures_only=args.failures, limit=args.limit)
    for r in rows:
        print(f"{r['fetched_at'][:19].replace('T', ' ')}  {r['purpose']:<6}  {str(r['status'] or '-'):>3}  "
              f"{r['elapsed_ms']:>6} ms  {r['n_bytes']:>9} B  {_clip(r['reason'], 40):<40}  {_clip(r['url'], 80)}")
    if not rows:
        print("no fetches logged")
    return 0


# -- crawler settings ------------------------------------------------------------------
def cmd_crawler_show(args) -> int:
    from ..collect.settings import SETTINGS

    with Store(args.db) as store:
        stored = store.collect_settings()
    for s in SETTINGS:
        value = stored.get(s.name)
        shown = printable(value) if value is not None else f"{s.default!r} (default)"
        print(f"{s.name:<16} {shown}\n{'':<16} {s.help}")
    return 0


def cmd_crawler_set(args) -> int:
    from ..collect.http import user_agent
    from ..collect.settings import parse_setting

    key = args.key.replace("-", "_")
    value = parse_setting(key, args.value)
    if key == "contact":
        user_agent(value)  # refuses a malformed contact now rather than at the first run
    if key == "allow_networks":
        from ..collect.guard import AddressPolicy

        AddressPolicy(value)
    with Store(args.db) as store:
        store.set_collect_setting(key, args.value)
        released = store.release_blocked_sources()
    print(f"{key} = {printable(args.value)}")
    _say_released(released)
    return 0


def cmd_crawler_unset(args) -> int:
    from ..collect.settings import BY_NAME

    key = args.key.replace("-", "_")
    if key not in BY_NAME:
        raise ConfigError(f"unknown crawler setting {args.key!r}; known: {', '.join(BY_NAME)}")
    with Store(args.db) as store:
        store.set_collect_setting(key, None)
        released = store.release_blocked_sources()
    print(f"{key} back to its default")
    _say_released(released)
    return 0


def _say_released(released: int) -> None:
    if released:
        print(f"{released} source{'s' if released != 1 else ''} blocked by a setting will be polled at the next run")


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

    return _clip(block_hint(reason or ""), 200)


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
    print(f"{'id':>3}  {'kind':<6}  {'status':<12}  {'entries':>7}  {'new':>4}  {'ingested':>8}  {'dup':>4}  "
          f"{'skipped':>7}  {'failed':>6}  {'retry':>5}  source")
    for s in report.sources:
        c = s.counts
        print(f"{s.id:>3}  {s.kind:<6}  {s.status:<12}  {s.entries:>7}  {s.new:>4}  {c['ingested']:>8}  "
              f"{c['duplicate']:>4}  {c['skipped']:>7}  {c['failed']:>6}  {c['retry later']:>5}  "
              f"{_clip(s.url, 60)}")
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
        print(f"  source {s.id}: {_clip(url, 80)}: {block_hint_of(why)}")
    for s, warning in warnings:
        print(f"  source {s.id}: warning: {_clip(warning, 320)}")


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
    print(f"{'traffic':>10}  {'geo':<4}  {'last seen':<16}  {'seen':>4}  {'query':<30}  stories")
    for q in queries:
        stories = "; ".join(f"{sid} {_clip(titles.get(sid, ''), 50)}" for sid in q["story_ids"][:3]) or "-"
        print(f"{printable(q['traffic'] or '?'):>10}  {q['geo'] or '-':<4}  {when(q['last_seen']):<16}"
              f"  {q['n_sightings']:>4}  {_clip(q['query'], 30):<30}  {stories}")
    return 0


# -- warc -------------------------------------------------------------------------------------
def cmd_warc(args) -> int:
    import itertools

    from tqdm import tqdm

    from ..ingestion import summary_line
    from ..pipeline import Ingestor
    from ..warc import WarcOptions, WarcStats, iter_warc

    check_models()
    since, until = _date_arg(args.since, "--since"), _date_arg(args.until, "--until")
    stats = WarcStats()
    outcomes = []
    with Store(args.db) as store, graceful_stop() as stop:
        def documents():
            for path in args.paths:
                left = None if args.limit is None else args.limit - stats.pages
                if left is not None and left <= 0:
                    return
                options = WarcOptions(limit=left, since=since, until=until, max_bytes=args.max_bytes)
                for item in iter_warc(path, options, stats):
                    if stop.is_set():
                        return
                    yield item

        bar = tqdm(unit="rec", desc="warc", file=sys.stderr, disable=args.quiet or None, dynamic_ncols=True)
        try:
            for outcome in Ingestor(store).ingest(itertools.chain(documents())):
                bar.update(1)
                outcomes.append(outcome)
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
