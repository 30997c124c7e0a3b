"""Soak ``newsdesk collect`` with misbehaving feeds: 100 feeds on distinct loopback addresses
(127.0.0.2 ... 127.0.0.101, so per-host politeness does not serialise them), a third of them
hostile, and check that the run ends in time and every good entry is ingested.

    python benchmarks/soak.py                       # default: 100 feeds, one in three misbehaving
    python benchmarks/soak.py --feeds 30 --limit 120

Good feeds list five article pages each. Misbehaving ones, in turn: entries with invalid
URLs (octal IPv4, non-ASCII digits, bad IDNA, javascript:), pages that trickle or hang,
a feed that trickles, pages far over the size cap and a gzip bomb, redirect tricks (loops,
long chains, metadata and private addresses, javascript:), a garbage feed (random bytes,
100,000 attributes), pages answering 503 or 429, and a robots.txt that never answers.
Most misbehaving feeds also list two good pages, which must arrive like any other.

``collect`` runs as a subprocess with the crawler flags printed in the result (short
timeouts so that the slow servers cost seconds, not minutes). The last line of stdout is
one JSON object: wall time, sources ok/failed, good entries and how many were ingested,
pages failed, the run's peak memory.
"""
from __future__ import annotations

import argparse
import gzip
import json
import os
import random
import socket
import subprocess
import sys
import tempfile
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from xml.sax.saxutils import escape

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import fuzzcases  # noqa: E402 - invented article text

KINDS = ["invalid-urls", "slow-pages", "slow-feed", "huge", "redirects", "garbage-feed", "errors", "robots-hang"]
FLAGS = ["--min-delay", "0.2s", "--concurrency", "8", "--timeout", "4s", "--deadline", "10s",
         "--connect-timeout", "3s", "--max-retries", "1"]
CONTACT = "https://example.org/newsdesk-soak"


class Site:
    """One loopback address: its behaviour, its routes, and the good pages it serves."""

    def __init__(self, address: str, port: int, kind: str, rng: random.Random) -> None:
        self.address, self.kind, self.rng = address, kind, rng
        self.base = f"http://{address}:{port}"
        self.routes: dict[str, object] = {}
        self.good: list[str] = []
        self.stop = threading.Event()
        self._build()

    def _page(self, path: str) -> str:
        title, body = fuzzcases.article_text(self.rng, paragraphs=4)
        title = f"{self.address} {path} {title}"
        body = f"Filed from {self.address}{path}. " + body
        self.routes[path] = ("200", "text/html; charset=utf-8",
                             f"<html><head><title>{escape(title)}</title></head><body><article><h1>{escape(title)}"
                             "</h1>" + "".join(f"<p>{escape(p)}</p>" for p in body.split("\n\n"))
                             + "</article></body></html>")
        url = self.base + path
        self.good.append(url)
        return url

    def _build(self) -> None:
        goods = [self._page(f"/a/{k}.html") for k in range(5 if self.kind == "good" else 2)]
        links = goods + getattr(self, f"_{self.kind.replace('-', '_')}", lambda: [])()
        if self.kind in ("slow-feed", "garbage-feed", "robots-hang"):
            self.good.clear()  # nothing of a feed that cannot be read can arrive
        if "/feed.xml" not in self.routes:
            items = "".join(f"<item><guid>{escape(self.address)}-{i}</guid><title>Entry {i}</title>"
                            f"<link>{escape(link)}</link></item>" for i, link in enumerate(links))
            self.routes["/feed.xml"] = ("200", "application/rss+xml",
                                        f'<?xml version="1.0"?><rss version="2.0"><channel><title>{self.address}'
                                        f"</title>{items}</channel></rss>")

    def _good(self) -> list[str]:
        return []

    def _invalid_urls(self) -> list[str]:
        return ["http://0177.0.0.1/a", "http://\uff11\uff12\uff17.0.0.1/b", "http://xn--zz/c", "javascript:alert(1)",
                "http://[::1/e", f"http://{self.address}:99999/f", "http://user:pw@example.org/g"]

    def _slow_pages(self) -> list[str]:
        self.routes["/trickle.html"] = ("trickle",)
        self.routes["/hang.html"] = ("hang",)
        return [self.base + "/trickle.html", self.base + "/hang.html"]

    def _slow_feed(self) -> list[str]:
        self.routes["/feed.xml"] = ("trickle",)
        return []

    def _huge(self) -> list[str]:
        self.routes["/huge.html"] = ("huge",)
        self.routes["/bomb.html"] = ("bomb",)
        return [self.base + "/huge.html", self.base + "/bomb.html"]

    def _redirects(self) -> list[str]:
        hops = {"/loop-a": "/loop-b", "/loop-b": "/loop-a", "/meta": "http://169.254.169.254/latest/meta-data/",
                "/private": "http://10.0.0.1/", "/js": "javascript:alert(1)", "/octal": "http://0177.0.0.1/"}
        hops.update({f"/chain{i}": f"/chain{i + 1}" for i in range(12)})
        for path, target in hops.items():
            self.routes[path] = ("redirect", target)
        return [self.base + p for p in ("/loop-a", "/meta", "/private", "/js", "/octal", "/chain0")]

    def _garbage_feed(self) -> list[str]:
        body = bytes(self.rng.randrange(256) for _ in range(50_000)) if self.address.endswith(("1", "3", "5", "7", "9")) \
            else '<?xml version="1.0"?><rss version="2.0"><channel><item ' + " ".join(
                f'a{i}="x"' for i in range(100_000)) + "><title>x</title></item></channel></rss>"
        self.routes["/feed.xml"] = ("200", "application/rss+xml", body)
        return []

    def _errors(self) -> list[str]:
        self.routes["/busy.html"] = ("status", 503, {"Retry-After": "1"})
        self.routes["/limit.html"] = ("status", 429, {"Retry-After": "100000"})
        self.routes["/gone.html"] = ("status", 410, {})
        return [self.base + p for p in ("/busy.html", "/limit.html", "/gone.html")]

    def _robots_hang(self) -> list[str]:
        self.routes["/robots.txt"] = ("hang",)
        return []


def handler_for(site: Site):
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *args) -> None:
            pass

        def do_GET(self) -> None:  # noqa: N802 - the http.server name
            route = site.routes.get(self.path.split("?")[0])
            try:
                respond(self, route, site)
            except (BrokenPipeError, ConnectionResetError, TimeoutError):
                self.close_connection = True

    return Handler


def respond(h: BaseHTTPRequestHandler, route, site: Site) -> None:
    if route is None:
        return _send(h, 404, "text/plain", b"not here")
    kind = route[0]
    if kind == "200":
        body = route[2] if isinstance(route[2], bytes) else route[2].encode("utf-8")
        return _send(h, 200, route[1], body)
    if kind == "redirect":
        return _send(h, 302, "text/plain", b"", {"Location": route[1]})
    if kind == "status":
        return _send(h, route[1], "text/plain", b"no", route[2])
    if kind == "hang":
        site.stop.wait(60)
        h.close_connection = True
        return None
    if kind == "trickle":
        h.wfile.write(b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nConnection: close\r\n\r\n")
        while not site.stop.is_set():
            h.wfile.write(b"x")
            h.wfile.flush()
            time.sleep(0.2)
        return None
    if kind == "huge":
        h.wfile.write(b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nConnection: close\r\n\r\n<html><body><p>")
        for _ in range(2_000):  # 100 MB if nobody stops reading
            h.wfile.write(b"word " * 10_000)
        return None
    return _send(h, 200, "text/html", _bomb(), {"Content-Encoding": "gzip"})


_BOMB: list[bytes] = []


def _bomb() -> bytes:
    """200 MB of HTML compressed to a few hundred kB (made once)."""
    if not _BOMB:
        _BOMB.append(gzip.compress(b"<html><body><p>" + b"a" * 200_000_000, compresslevel=9))
    return _BOMB[0]


def _send(h: BaseHTTPRequestHandler, status: int, ctype: str, body: bytes, headers: dict | None = None) -> None:
    h.send_response(status)
    h.send_header("Content-Type", ctype)
    for key, value in (headers or {}).items():
        h.send_header(key, value)
    h.send_header("Content-Length", str(len(body)))
    h.end_headers()
    h.wfile.write(body)


def free_port(address: str) -> int:
    with socket.socket() as probe:
        probe.bind((address, 0))
        return probe.getsockname()[1]


def start_sites(count: int, misbehaving_every: int, seed: int) -> tuple[list[Site], list]:
    rng = random.Random(seed)
    port = free_port("127.0.0.2")
    sites, servers = [], []
    for i in range(count):
        address = f"127.0.{(i + 2) // 256}.{(i + 2) % 256}"
        bad = i % misbehaving_every == misbehaving_every - 1
        site = Site(address, port, KINDS[(i // misbehaving_every) % len(KINDS)] if bad else "good", rng)
        server = ThreadingHTTPServer((address, port), handler_for(site))
        server.daemon_threads = True
        threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.1}, daemon=True).start()
        sites.append(site)
        servers.append(server)
    return sites, servers


def peak_memory(pid: int, stop: threading.Event, peak: list[float]) -> None:
    sys.path.insert(0, str(HERE))
    from fuzz import tree_memory

    while not stop.is_set():
        peak[0] = max(peak[0], tree_memory(pid)[1])
        time.sleep(0.5)


def run(args) -> dict:
    sites, servers = start_sites(args.feeds, args.every, args.seed)
    work = Path(tempfile.mkdtemp(prefix="newsdesk-soak-"))
    db = str(work / "desk.db")
    newsdesk = [sys.executable, "-m", "newsdesk", "--db", db]
    subprocess.run(newsdesk + ["sources", "add", *[s.base + "/feed.xml" for s in sites]], check=True,
                   stdout=subprocess.DEVNULL)
    command = newsdesk + ["collect", "--format", "json", "--contact", CONTACT, "--allow-network", "127.0.0.0/8",
                          "--quiet", *FLAGS]
    started = time.monotonic()
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    stop, peak = threading.Event(), [0.0]
    threading.Thread(target=peak_memory, args=(process.pid, stop, peak), daemon=True).start()
    try:
        out, err = process.communicate(timeout=args.limit)
        timed_out = False
    except subprocess.TimeoutExpired:
        process.kill()
        out, err = process.communicate()
        timed_out = True
    seconds = time.monotonic() - started
    stop.set()
    for site, server in zip(sites, servers):
        site.stop.set()
        server.shutdown()
    return summarise(sites, db, out, err, seconds, timed_out, peak[0], args)


def summarise(sites: list[Site], db: str, out: str, err: str, seconds: float, timed_out: bool, peak: float,
              args) -> dict:
    from newsdesk.store import Store

    good = [url for s in sites for url in s.good]
    with Store(db) as store:
        arrived = [url for url in good if store.article_for_url(url)]
        articles = store.count_articles()
    report = json.loads(out.strip().splitlines()[-1]) if out.strip() else {"sources": []}
    statuses: dict[str, int] = {}
    for source in report["sources"]:
        statuses[source["status"]] = statuses.get(source["status"], 0) + 1
    failed_pages = sum(s["counts"].get("failed", 0) + s["counts"].get("skipped", 0) for s in report["sources"])
    return {"feeds": len(sites), "misbehaving": sum(s.kind != "good" for s in sites), "seconds": round(seconds, 1),
            "within_limit": not timed_out and seconds <= args.limit, "exit_status": None if timed_out else "done",
            "sources": statuses, "good_entries": len(good), "good_ingested": len(arrived),
            "good_lost": len(good) - len(arrived), "articles": articles, "pages_failed_or_skipped": failed_pages,
            "peak_rss_mb": round(peak, 1), "flags": " ".join(FLAGS), "stderr_tail": err.strip().splitlines()[-3:]}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--feeds", type=int, default=100)
    parser.add_argument("--every", type=int, default=3, help="one feed in this many misbehaves")
    parser.add_argument("--limit", type=float, default=300.0, help="seconds the collect run may take")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    os.environ.setdefault("PYTHONPATH", str(HERE.parent))
    result = run(args)
    print(f"collect over {result['feeds']} feeds ({result['misbehaving']} misbehaving): {result['seconds']} s; "
          f"good entries ingested {result['good_ingested']}/{result['good_entries']}; sources {result['sources']}; "
          f"peak {result['peak_rss_mb']} MB", file=sys.stderr)
    print(json.dumps(result))
    return 0 if result["within_limit"] and not result["good_lost"] else 1


if __name__ == "__main__":
    sys.exit(main())
