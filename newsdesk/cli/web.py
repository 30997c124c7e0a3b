"""Sub-commands for the web desk and coverage over time: serve, coverage (alias: trend)."""
from __future__ import annotations

import json
import socket
import sys
from urllib.parse import urlsplit

from ..errors import ConfigError
from ..store import Store
from .output import printable, terminal_text

LOOPBACK = ("127.0.0.1", "localhost", "::1")


def register(sub) -> None:
    p = sub.add_parser("serve", help="serve the desk in a browser (read-only web pages with JSON twins)")
    p.add_argument("--host", default="127.0.0.1", help="address to listen on (default %(default)s)")
    p.add_argument("--port", type=int, default=8000, help="port (default %(default)s)")
    p.add_argument("--writable", action="store_true",
                   help="allow the writing endpoints: building a story's briefing, following searches and stories")
    p.add_argument("--base-url", metavar="URL",
                   help="the address readers use, for absolute links in feeds (default: http://HOST:PORT)")
    p.add_argument("--allow-host", action="append", default=[], metavar="NAME",
                   help="also answer requests for this host name (repeatable; 127.0.0.1, localhost, the bound "
                        "address and the --base-url host always are)")
    p.set_defaults(handler=cmd_serve)

    p = sub.add_parser("coverage", aliases=["trend"], help="a story's coverage over time: series, spikes, buzz")
    p.add_argument("story", metavar="STORY", help="story id (a unique prefix is enough)")
    p.add_argument("--unit", choices=["auto", "hour", "day"], default="auto",
                   help="bucket size (default: hourly up to three days of coverage, else daily)")
    p.add_argument("--format", choices=["table", "json"], default="table")
    p.add_argument("--png", metavar="FILE", help="also write the chart as a PNG image")
    p.set_defaults(handler=cmd_trend)


def cmd_serve(args) -> int:
    import uvicorn

    from ..web import create_app

    base_url = (args.base_url or f"http://{_host(args.host)}:{args.port}").rstrip("/")
    if not base_url.startswith(("http://", "https://")):
        raise ConfigError(f"--base-url {args.base_url!r}: give an http:// or https:// address")
    sock = _bind(args.host, args.port)
    hosts = (args.host, urlsplit(base_url).hostname or "", *args.allow_host)
    app = create_app(args.db, writable=args.writable, base_url=base_url, allowed_hosts=hosts)
    if args.host not in LOOPBACK:
        print(f"newsdesk: warning: serving on {args.host}: anyone who can reach this address can read "
              "the desk", file=sys.stderr)
    mode = "briefings and follows can be written from the pages" if args.writable else "read-only"
    print(f"serving {args.db} at http://{_host(args.host)}:{args.port}/ ({mode}; Ctrl-C stops)", file=sys.stderr)
    server = uvicorn.Server(uvicorn.Config(app, log_level="warning"))
    server.run(sockets=[sock])
    return 0


def _bind(host: str, port: int) -> socket.socket:
    """The listening socket, or a one-line error when the address cannot be had (port taken, ...)."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((host, port))
    except OSError as exc:
        sock.close()
        raise ConfigError(f"cannot listen on {host}:{port}: {exc.strerror or exc} "
                          "(another server there? choose another --port)") from exc
    sock.listen(128)
    sock.set_inheritable(True)
    return sock


def _host(host: str) -> str:
    return f"[{host}]" if ":" in host else host


def cmd_trend(args) -> int:
    from dataclasses import replace

    from ..coverage.series import TrendOptions
    from ..coverage.story import story_coverage

    with Store(args.db) as store:
        story, trend, points = story_coverage(store, args.story, replace(TrendOptions(), unit=args.unit))
    if args.png:
        from ..web.charts import render_png

        render_png(trend["series"], trend["spikes"], points, story["title"], args.png)
    if args.format == "json":
        print(terminal_text(json.dumps(_as_json(story, trend, points), indent=2, ensure_ascii=False)))
    else:
        _print_table(story, trend, points)
    if args.png:
        print(f"wrote {args.png}", file=sys.stderr)
    return 0


def _as_json(story: dict, trend: dict, points: list) -> dict:
    return {"story": story["id"], "title": story["title"], "series": trend["series"].to_dict(),
            "spikes": [s.to_dict() for s in trend["spikes"]],
            "current_spikes": [s.to_dict() for s in trend["current_spikes"]],
            "buzz": trend["buzz"].to_dict() if trend["buzz"] else None, "basis": trend["basis"],
            "trending": [p.to_dict() for p in points]}


def _print_table(story: dict, trend: dict, points: list) -> None:
    series = trend["series"]
    print(f"story {story['id']}: {printable(story['title'])}")
    basis = " or ".join(trend["basis"]) or "unknown"
    undated = story.get("n_undated", 0)
    print(f"{story['n_articles']} articles, {story['n_origins']} independent origins; "
          f"per {series.unit}, UTC, by {basis} time" + (f" ({undated} undated, not counted)" if undated else "") + "\n")
    peak = max(series.articles, default=0) or 1
    width = 40
    print(f"{series.unit + ' (UTC)':<17}  {'art':>4}  {'orig':>4}  {'new':>4}")
    for start, arts, origins, new in zip(series.starts, series.articles, series.origins, series.new_origins):
        label = start.strftime("%Y-%m-%d %H:00" if series.unit == "hour" else "%Y-%m-%d")
        bar = "#" * round(width * origins / peak) + "." * (round(width * arts / peak) - round(width * origins / peak))
        print(f"{label:<17}  {arts:>4}  {origins:>4}  {new:>4}  {bar}")
    if series.truncated:
        print("(older buckets left out)")
    _print_summary(trend, points)


def _print_summary(trend: dict, points: list) -> None:
    b = trend["buzz"]
    if b:
        print(f"\nbuzz {b.score:.2f}: {b.recent_origins} new origins in the last day, "
              f"{b.previous_origins} the day before (growth x{b.growth:g})")
    spikes = trend["spikes"]
    print("\nspikes:" if spikes else "\nno spikes")
    for s in spikes:
        check = "confirmed" if s.confirmed else "not confirmed"
        lag = "same hour the day before" if s.unit == "hour" else "same day the week before"
        print(f"  {s.unit} {s.at.strftime('%Y-%m-%d %H:%M')}: {s.value} {s.metric} (usual {s.baseline:g}, "
              f"threshold {s.threshold:g}; {lag}: {s.reference}) {check}")
    for p in points:
        traffic = f" {printable(p.traffic_text)} searches" if p.traffic_text else ""
        print(f"trending search: {printable(p.query)!r}{traffic}{' in ' + printable(p.geo) if p.geo else ''}")


