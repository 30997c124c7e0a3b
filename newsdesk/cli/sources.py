"""Sub-command ``sources``: the feeds, Trends regions and pages the desk polls (add, import,
export, list, remove, log). Heavy modules are imported inside the handlers."""
from __future__ import annotations

import json
import sys
from pathlib import Path

from ..display import when
from ..errors import ConfigError, UnsupportedInput
from ..store import Store
from ..timeutil import utcnow
from .common import non_negative
from .output import clip, emit, print_table, printable, terminal_text

DEFAULT_INTERVAL = "30m"
MIN_INTERVAL_S = 60
SOURCE_COLUMNS = (("id", ">3"), ("kind", "<6"), ("every", ">5"), ("state", "<22"), ("next due", "<16"),
                  ("entries", ">7"), ("source", ""))


def register(sub) -> None:
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
    print_table(SOURCE_COLUMNS, ((s["id"], s["kind"], _every(s["interval_s"]), clip(_state(s), 22),
                                  when(s["next_due"]) or "now", sum(s["entries"].values()),
                                  clip(s["title"] or s["url"], 60)) for s in sources))
    return 0


def _state(source: dict) -> str:
    if not source["enabled"]:
        return "disabled"
    return f"failing x{source['failures']}" if source["failures"] else (source["last_reason"] or "never polled")


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
              f"{r['elapsed_ms']:>6} ms  {r['n_bytes']:>9} B  {clip(r['reason'], 40):<40}  {clip(r['url'], 80)}")
    if not rows:
        print("no fetches logged")
    return 0
