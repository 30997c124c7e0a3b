"""collect / watch / fetch end to end against a local server that misbehaves on purpose."""
from __future__ import annotations

import gc
import os
import random
import signal
import subprocess
import sys
import threading
import time
import tracemalloc
import zlib
from dataclasses import replace
from datetime import timedelta
from pathlib import Path
from xml.sax.saxutils import escape

import pytest
from fixtures.collect.localserver import burst, conditional, gzip_bomb, hang, redirect, trickle

from newsdesk.cli import main
from newsdesk.collect.http import FetchOptions
from newsdesk.collect.runner import CollectOptions, Collector, page_content_type
from newsdesk.timeutil import from_iso, utcnow

FIX = Path(__file__).parent / "fixtures" / "collect"
CONTACT = "https://example.org/newsdesk-tests"
OPTIONS = CollectOptions(fetch=FetchOptions(
    contact=CONTACT, min_delay=0.0, allow_networks=("127.0.0.1/32",), connect_timeout=1.0, read_timeout=0.4,
    deadline=1.0, backoff=0.01, max_retry_after=1.0, max_retries=1))
CLI_FLAGS = ["--contact", CONTACT, "--allow-network", "127.0.0.1/32", "--min-delay", "0", "--quiet"]
SYLLABLES = ["ka", "lo", "mer", "tin", "sa", "vo", "rel", "dun", "pa", "shi", "gro", "en", "ta", "mi", "bor", "qu"]


def rss(title: str, items: list[tuple[str, str | None, str, str]]) -> str:
    """An RSS 2.0 document from (guid, link, title, html content) items."""
    parts = [f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>{escape(title)}</title>']
    for guid, link, item_title, content in items:
        parts.append(f"<item><guid>{escape(guid)}</guid><title>{escape(item_title)}</title>"
                     + (f"<link>{escape(link)}</link>" if link else "")
                     + f"<description>{escape(content)}</description></item>")
    return "".join(parts) + "</channel></rss>"


def invented_article(rng: random.Random, title: str) -> str:
    """A page of invented words: distinct per seed, long enough to extract."""
    def sentence() -> str:
        words = ["".join(rng.choice(SYLLABLES) for _ in range(rng.randint(1, 3))) for _ in range(rng.randint(9, 16))]
        return " ".join(words).capitalize() + "."
    paragraphs = "".join(f"<p>{' '.join(sentence() for _ in range(4))}</p>" for _ in range(3))
    return f"<html><head><title>{title}</title></head><body><article><h1>{title}</h1>{paragraphs}</article></body></html>"


def serve_fixture_news(site) -> str:
    base = site.url("")
    for name in ("bridge-a", "bridge-b", "library", "card"):
        site.page(f"/news/{name}.html", (FIX / "pages" / f"{name}.html").read_bytes())
    site.page("/rss.xml", (FIX / "rss20.xml").read_text(encoding="utf-8").replace("{base}", base),
              "application/rss+xml")
    site.route("/atom.xml", conditional((FIX / "atom.xml").read_text(encoding="utf-8").replace("{base}", base),
                                        '"atom-1"', "application/atom+xml"))
    return base


@pytest.fixture
def quick_model(monkeypatch, embedder):
    """CLI runs reuse the session's model instead of loading their own."""
    monkeypatch.setattr("newsdesk.pipeline.Embedder", lambda *a, **k: embedder)


class HashEmbedder:
    """Stands in for the sentence model where a test is about collecting, not clustering."""

    def embed(self, texts):
        import numpy as np

        out = np.zeros((len(texts), 384), dtype=np.float32)
        for row, text in enumerate(texts):
            vec = np.random.default_rng(zlib.crc32(text.encode("utf-8"))).standard_normal(384)
            out[row] = vec / np.linalg.norm(vec)
        return out


@pytest.fixture
def light_pipeline(monkeypatch):
    """The real ingest pipeline minus its two model stages (embedding, spaCy features)."""
    from newsdesk.records import ArticleFeatures

    monkeypatch.setattr("newsdesk.pipeline.features_batch",
                        lambda articles, options=None: [ArticleFeatures() for _ in articles], raising=False)
    return HashEmbedder()


# -- sources and settings through the CLI ----------------------------------------------------
def test_sources_add_list_import_export_remove(tmp_path, capsys):
    db = str(tmp_path / "desk.db")
    assert main(["--db", db, "sources", "add", "https://a.example/feed.xml", "--trends", "ca"]) == 0
    out = capsys.readouterr().out
    assert "added: source 1 (feed) https://a.example/feed.xml" in out
    assert "added: source 2 (trends) https://trends.google.com/trending/rss?geo=CA" in out
    assert "set a contact before collecting" in out
    assert main(["--db", db, "sources", "add", "https://a.example/feed.xml"]) == 0
    assert "already listed: source 1" in capsys.readouterr().out
    assert main(["--db", db, "sources", "import", str(FIX / "subscriptions.opml")]) == 0
    captured = capsys.readouterr()
    assert "imported 2 new sources (1 already listed, 1 skipped)" in captured.out
    assert "file:///etc/passwd" in captured.err
    assert main(["--db", db, "sources", "list"]) == 0
    listing = capsys.readouterr().out
    assert "never polled" in listing and "Valley Courier" in listing and listing.count("\n") == 5
    out_file = tmp_path / "out.opml"
    assert main(["--db", db, "sources", "export", "-o", str(out_file)]) == 0
    assert out_file.read_text().count("xmlUrl=") == 4
    assert main(["--db", db, "sources", "remove", "1", "https://nowhere.example/"]) == 1
    assert "removed source 1" in capsys.readouterr().out
    assert main(["--db", db, "sources", "add", "ftp://x.example/feed"]) == 2
    assert main(["--db", db, "sources", "add", "https://b.example/f", "--interval", "10s"]) == 2
    assert "too short" in capsys.readouterr().err


def test_crawler_settings_are_stored_validated_and_shown(tmp_path, capsys):
    db = str(tmp_path / "desk.db")
    assert main(["--db", db, "crawler", "set", "contact", "newsroom@example.org"]) == 0
    assert main(["--db", db, "crawler", "set", "min-delay", "2s"]) == 0
    assert main(["--db", db, "crawler", "set", "contact", "nobody"]) == 2
    assert main(["--db", db, "crawler", "set", "allow_networks", "10.0.0.0/8,not-a-net"]) == 2
    assert main(["--db", db, "crawler", "set", "speed", "11"]) == 2
    assert main(["--db", db, "crawler", "set", "min_delay", "soon"]) == 2
    capsys.readouterr()
    assert main(["--db", db, "crawler", "show"]) == 0
    shown = capsys.readouterr().out
    assert "contact          newsroom@example.org" in shown and "min_delay        2s" in shown
    assert "concurrency      4 (default)" in shown
    assert main(["--db", db, "crawler", "unset", "min_delay"]) == 0
    from newsdesk.collect.settings import options_from
    from newsdesk.store import Store

    with Store(db) as store:
        options = options_from(store.collect_settings(), {"concurrency": 2})
    assert options.fetch.contact == "newsroom@example.org" and options.fetch.min_delay == 1.0
    assert options.fetch.concurrency == 2


def test_collect_refuses_to_run_without_a_contact(tmp_path, capsys):
    db = str(tmp_path / "desk.db")
    main(["--db", db, "sources", "add", "https://a.example/feed.xml"])
    assert main(["--db", db, "collect"]) == 2
    assert "no crawler contact set" in capsys.readouterr().err


# -- collect end to end ----------------------------------------------------------------------
def test_collect_ingests_every_entry_once_and_prints_a_summary(tmp_path, capsys, local_site, quick_model):
    serve_fixture_news(local_site)
    db = str(tmp_path / "desk.db")
    main(["--db", db, "sources", "add", local_site.url("/rss.xml"), local_site.url("/atom.xml")])
    capsys.readouterr()
    assert main(["--db", db, "collect", *CLI_FLAGS]) == 0
    out = capsys.readouterr().out
    assert "2 sources polled, 0 failed; ingested 4, duplicates 0, skipped 0, failed 0, to retry 0" in out
    assert main(["--db", db, "collect", *CLI_FLAGS]) == 0
    assert "no source is due" in capsys.readouterr().out
    assert main(["--db", db, "collect", "--force", "--format", "json", *CLI_FLAGS]) == 0
    import json

    report = json.loads(capsys.readouterr().out)
    assert [(s["status"], s["new"], s["counts"]) for s in report["sources"]] == [("ok", 0, {}), ("not modified", 0, {})]
    from newsdesk.store import Store

    with Store(db) as store:
        assert store.count_articles() == 4
        letter = next(a for a in store.articles([r["article_id"] for r in store.entries(1)]) if not a.url)
        assert letter.meta["format"] == "feed-entry" and letter.meta["feed_published"] == "2026-10-20T09:00:00Z"
        bridge = store.article(store.article_for_url(local_site.url("/news/bridge-a.html"))[0])
        assert bridge.meta["feed_published"] == "2026-10-14T08:30:00Z" and bridge.meta["guid"] == "courier-1001"
        assert len(store.fetch_log(limit=100)) == 9  # robots, 2 feeds, 3 pages; then 2 + 2 feed polls
    assert len(local_site.hits("/news/bridge-a.html")) == 1
    assert local_site.hits("/atom.xml")[-1].headers["if-none-match"] == '"atom-1"'


def test_misbehaving_pages_fail_with_reasons_and_good_ones_are_ingested_exactly_once(store, embedder, local_site):
    good = lambda name: (FIX / "pages" / f"{name}.html").read_bytes()  # noqa: E731
    site = local_site
    site.page("/robots.txt", "User-agent: *\nDisallow: /members/\n", "text/plain")
    site.page("/ok.html", good("bridge-a"))
    site.route("/busy.html", burst(2, 503, "0", then=lambda req: req.reply(200, good("bridge-b"))))
    site.route("/slow.html", trickle(0.05))
    site.route("/hang.html", hang())
    site.route("/huge.html", gzip_bomb(50_000_000))
    site.page("/logo.png", b"\x89PNG\r\n\x1a\n" + b"\0" * 100, "image/png")
    site.page("/mislabelled", good("library"), "application/octet-stream")
    site.page("/latin1.html", "<html><body><p>Caf\u00e9 owners on Mill Street said trade fell by a third "
              "while the bridge was shut, and that they expect customers back now it is open.</p></body></html>"
              .encode("latin-1"), "text/html; charset=utf-8")
    site.page("/empty.html", b"", "text/html")
    site.route("/loop-a", redirect("/loop-b"))
    site.route("/loop-b", redirect("/loop-a"))
    site.route("/inside", redirect("http://10.0.0.1/admin"))
    site.page("/members/story.html", good("card"))
    paths = ["/ok.html", "/busy.html", "/slow.html", "/hang.html", "/huge.html", "/logo.png", "/mislabelled",
             "/latin1.html", "/empty.html", "/loop-a", "/inside", "/members/story.html", "/missing.html"]
    site.page("/feed.xml", rss("Mixed", [(p, site.url(p), p, "short") for p in paths]), "application/rss+xml")
    store.add_source(site.url("/feed.xml"), "feed", interval_s=0, now=utcnow())
    options = replace(OPTIONS, max_entries=50, fetch=replace(OPTIONS.fetch, max_bytes=1_000_000, max_retries=2))
    started = time.monotonic()
    with Collector(store, options, embedder=embedder) as collector:
        (report,) = collector.collect().sources
    assert time.monotonic() - started < 12  # no hang beyond the configured timeouts
    reasons = dict(report.failures)
    expect = {
        "/slow.html": "timeout: no complete response within the deadline",
        "/hang.html": "timeout: read",
        "/huge.html": "too large: over 1,000,000 bytes after decompression",
        "/logo.png": "not an article page (image/png)",
        "/empty.html": "empty file",
        "/loop-a": f"redirect loop at {site.url('/loop-a')}",
        "/inside": "blocked: private address 10.0.0.1",
        "/members/story.html": "blocked: robots.txt disallows it",
        "/missing.html": "http 404",
    }
    assert {p: reasons.get(site.url(p)) for p in expect} == expect
    assert len(report.failures) == len(expect)
    assert (report.counts["ingested"], report.counts["retry later"]) == (4, 1)  # the silent server: next run
    statuses = {e["url"]: e["status"] for e in store.entries(report.id)}
    assert statuses[site.url("/hang.html")] == "pending"
    assert all(statuses[site.url(p)] == "ingested" for p in ("/ok.html", "/busy.html", "/mislabelled", "/latin1.html"))
    cafe = store.article(store.article_for_url(site.url("/latin1.html"))[0])
    assert "Café owners" in cafe.text  # declared UTF-8, really Latin-1: decoded anyway

    site.page("/hang.html", good("library").replace(b"Harwick", b"Harwich"))  # the server recovers
    with Collector(store, options, embedder=embedder) as collector:
        (second,) = collector.collect().sources
    assert second.counts["ingested"] == 1 and second.failures == []
    assert store.count_articles() == 5
    assert all(len(site.hits(p)) == 1 for p in ("/ok.html", "/mislabelled", "/latin1.html"))
    assert len(site.hits("/busy.html")) == 3


def test_collected_pages_go_through_the_one_ingest_loop_and_fail_one_by_one(store, light_pipeline, local_site,
                                                                           monkeypatch):
    """The pages of a collect run are ingested like files (newsdesk.ingestion): a page the pipeline
    cannot embed is its own entry's skip, with the reason; the feed's other pages are stored."""
    import newsdesk.collect.runner as runner
    from newsdesk import ingestion

    runs = []

    def one_loop(*args, **kwargs):
        runs.append(args[1:])
        return ingestion.ingest_documents(*args, **kwargs)

    monkeypatch.setattr(runner, "ingest_documents", one_loop)

    class RefusesOnePage(HashEmbedder):
        def embed(self, texts):
            if any("Unreadable" in text for text in texts):
                raise ValueError("no vector for this page")
            return super().embed(texts)

    rng, items = random.Random(3), []
    for name in ("Harbour", "Orchard", "Unreadable", "Ferry"):
        local_site.page(f"/p/{name}.html", invented_article(rng, f"{name} plans announced"))
        items.append((name, local_site.url(f"/p/{name}.html"), f"{name} plans announced", "teaser"))
    local_site.page("/feed.xml", rss("Mixed", items), "application/rss+xml")
    store.add_source(local_site.url("/feed.xml"), "feed", interval_s=0, now=utcnow())
    with Collector(store, OPTIONS, embedder=RefusesOnePage()) as collector:
        (report,) = collector.collect().sources
    assert len(runs) == 1  # one run of the ingest loop for every page of the cycle
    assert (report.counts["ingested"], report.counts["skipped"]) == (3, 1)
    entries = {Path(e["url"]).stem: e for e in store.entries(report.id)}
    assert entries["Unreadable"]["status"] == "skipped" and "no vector for this page" in entries["Unreadable"]["reason"]
    assert {entries[k]["status"] for k in ("Harbour", "Orchard", "Ferry")} == {"ingested"}
    assert store.count_articles() == 3 and all(store.story_of(entries[k]["article_id"]) for k in ("Harbour", "Ferry"))


def test_an_entry_whose_page_is_gone_falls_back_to_the_feed_text(store, embedder, local_site):
    text = " ".join(["The valley council met again on Thursday to discuss the river crossing budget."] * 8)
    local_site.page("/feed.xml", rss("Council", [("c-1", local_site.url("/gone.html"), "Council meets", text)]),
                    "application/rss+xml")
    store.add_source(local_site.url("/feed.xml"), "feed", interval_s=0, now=utcnow())
    with Collector(store, OPTIONS, embedder=embedder) as collector:
        (report,) = collector.collect().sources
    assert report.counts["ingested"] == 1 and report.failures == []
    (entry,) = store.entries(report.id)
    article = store.article(entry["article_id"])
    assert article.title == "Council meets" and article.meta["format"] == "feed-entry"
    assert article.url == local_site.url("/gone.html")


def test_a_malformed_feed_is_a_warning_and_its_readable_entries_are_collected(store, light_pipeline, local_site):
    local_site.page("/p1.html", invented_article(random.Random(1), "First"))
    local_site.page("/p2.html", invented_article(random.Random(2), "Second"))
    broken = (f'<rss version="2.0"><channel><title>Broken & bare</title>'
              f'<item><title>First</title><link>{local_site.url("/p1.html")}</link></item>'
              f'<item><title>Second</title><link>{local_site.url("/p2.html")}</link></item>'
              f'<item><title>Cut off <b>here</title>')
    local_site.page("/broken.xml", broken, "text/xml; charset=utf-8")
    store.add_source(local_site.url("/broken.xml"), "feed", interval_s=0, now=utcnow())
    with Collector(store, OPTIONS, embedder=light_pipeline) as collector:
        (report,) = collector.collect().sources
    assert report.status == "ok" and report.warning.startswith("feed has problems")
    assert report.counts["ingested"] == 2


def test_failing_sources_are_backed_off_and_gone_ones_disabled(store, embedder, local_site):
    site = local_site
    site.page("/broken.xml", "oops", "text/plain", status=500)
    site.page("/gone.xml", "gone", "text/plain", status=410)
    site.route("/limited.xml", burst(99, 429, "3600"))
    site.page("/page.html", "<html><head><link rel='alternate' type='application/atom+xml' href='/a.xml'>"
              "</head><body><p>A home page.</p></body></html>")
    now = utcnow()
    ids = {p: store.add_source(site.url(p), "feed", interval_s=600, now=now)[0]
           for p in ("/broken.xml", "/gone.xml", "/limited.xml", "/page.html")}
    options = replace(OPTIONS, force=True, fetch=replace(OPTIONS.fetch, max_retries=0))
    with Collector(store, options, embedder=embedder) as collector:
        first = {s.id: s for s in collector.collect().sources}
        waits = [from_iso(store.source(ids["/broken.xml"])["next_due"]) - utcnow()]
        collector.collect()
        waits.append(from_iso(store.source(ids["/broken.xml"])["next_due"]) - utcnow())
    assert first[ids["/broken.xml"]].reason == "http 500"
    assert timedelta(seconds=590) < waits[0] <= timedelta(seconds=600)
    assert timedelta(seconds=1190) < waits[1] <= timedelta(seconds=1200)  # doubled after a second failure
    assert store.source(ids["/broken.xml"])["failures"] == 2
    gone = store.source(ids["/gone.xml"])
    assert gone["enabled"] == 0 and "disabled" in gone["last_reason"]
    limited = from_iso(store.source(ids["/limited.xml"])["next_due"]) - utcnow()
    assert limited > timedelta(seconds=3500)  # Retry-After honoured for the source
    assert first[ids["/page.html"]].reason == f"an HTML page, not a feed; it links to {site.url('/a.xml')}"
    assert len(site.hits("/gone.xml")) == 1  # not polled again once disabled
    failures = store.fetch_log(failures_only=True, limit=50)
    assert {r["reason"] for r in failures} >= {"http 500", "http 410", "http 429 (retry after 3600 s)"}


# -- watch --------------------------------------------------------------------------------
def test_watch_over_50_feeds_keeps_memory_flat_and_loses_no_entry(store, light_pipeline, local_site):
    n_feeds, final = 50, 2
    rng = random.Random(7)

    def feed(i: int):
        def route(req):
            count = min(final, req.count)  # one entry at first, one more per poll, then unchanged
            etag = f'"{i}-{count}"'
            if req.headers.get("if-none-match") == etag:
                req.reply(304, b"", None, {"ETag": etag})
                return
            items = [(f"f{i}-{j}", local_site.url(f"/p/{i}/{j}.html"), f"Item {j} of feed {i}", "teaser")
                     for j in range(count)]
            req.reply(200, rss(f"Feed {i}", items), "application/rss+xml", {"ETag": etag})
        return route

    for i in range(n_feeds):
        local_site.route(f"/feed/{i}.xml", feed(i))
        store.add_source(local_site.url(f"/feed/{i}.xml"), "feed", interval_s=0, now=utcnow())
        for j in range(final):
            local_site.page(f"/p/{i}/{j}.html", invented_article(rng, f"Item {j} of feed {i}"))
    local_site.keep_log = False  # the server counts requests only, so its memory stays out of the figures
    options = replace(OPTIONS, fetch=replace(OPTIONS.fetch, deadline=5.0, read_timeout=2.0))
    sizes = []
    with Collector(store, options, embedder=light_pipeline) as collector:
        assert collector.watch(stop=threading.Event(), cycles=final + 1) == final + 1  # every entry arrives
        tracemalloc.start()
        try:
            for _ in range(7):  # 14 idle cycles: the first 6 warm bounded caches (re, urllib, sqlite)
                collector.watch(stop=threading.Event(), cycles=2)
                gc.collect()
                sizes.append(_client_side_bytes(tracemalloc.take_snapshot()))
        finally:
            tracemalloc.stop()
    entries = [e for s in store.sources() for e in store.entries(s["id"])]
    assert len(entries) == n_feeds * final and {e["status"] for e in entries} == {"ingested"}
    assert store.count_articles() == n_feeds * final
    pages = {path: n for path, n in local_site.counts.items() if path.startswith("/p/")}
    assert len(pages) == n_feeds * final and set(pages.values()) == {1}  # each page fetched exactly once
    assert all(local_site.counts[f"/feed/{i}.xml"] == final + 15 for i in range(n_feeds))
    print(f"traced memory after each pair of idle cycles: {sizes}")
    steady = sizes[3:]  # keeping one polled feed per poll would add 50 x 1.5 KB per cycle: 600 KB here
    assert max(steady) - min(steady) < 64_000, sizes
    assert sizes[-1] < 400_000, sizes


def _client_side_bytes(snapshot) -> int:
    """Traced memory still held, leaving out the test server's threads and tracemalloc itself."""
    others = [tracemalloc.Filter(False, pattern) for pattern in
              ("*/socketserver.py", "*/http/server.py", "*/email/*", "*localserver.py", "*tracemalloc.py")]
    return sum(stat.size for stat in snapshot.filter_traces(others).statistics("filename"))


def test_watch_stops_after_the_write_in_progress(store, light_pipeline, local_site):
    def slow_page(req):
        time.sleep(0.05)
        req.reply(200, invented_article(random.Random(req.path), req.path))

    items = []
    for j in range(40):
        local_site.route(f"/s/{j}.html", slow_page)
        items.append((f"s{j}", local_site.url(f"/s/{j}.html"), f"Slow {j}", "teaser"))
    local_site.page("/feed.xml", rss("Slow", items), "application/rss+xml")
    store.add_source(local_site.url("/feed.xml"), "feed", interval_s=0, now=utcnow())
    stop = threading.Event()
    threading.Timer(0.8, stop.set).start()
    options = replace(OPTIONS, max_entries=100)
    with Collector(store, options, embedder=light_pipeline) as collector:
        cycles = collector.watch(stop=stop, cycles=None, max_sleep=0.1)
    assert cycles == 1
    entries = store.entries(1)
    done = [e for e in entries if e["status"] == "ingested"]
    assert 0 < len(done) < 40 and store.count_articles() == len(done)
    assert all(store.has_article(e["article_id"]) and store.story_of(e["article_id"]) for e in done)
    assert {e["status"] for e in entries} <= {"ingested", "pending"}
    with Collector(store, options, embedder=light_pipeline) as collector:  # the next run finishes the rest
        collector.collect()
    assert store.count_articles() == 40 and {e["status"] for e in store.entries(1)} == {"ingested"}


def test_ctrl_c_stops_watch_cleanly(tmp_path, local_site):
    def slow_page(req):
        time.sleep(0.1)
        req.reply(200, invented_article(random.Random(req.path), req.path))

    items = []
    for j in range(60):
        local_site.route(f"/s/{j}.html", slow_page)
        items.append((f"s{j}", local_site.url(f"/s/{j}.html"), f"Slow {j}", "teaser"))
    local_site.page("/feed.xml", rss("Slow", items), "application/rss+xml")
    db = str(tmp_path / "desk.db")
    assert main(["--db", db, "sources", "add", local_site.url("/feed.xml")]) == 0
    env = dict(os.environ, PYTHONUNBUFFERED="1")
    command = [sys.executable, "-c", "import sys; from newsdesk.cli import main; sys.exit(main(sys.argv[1:]))",
               "--db", db, "watch", "--max-entries", "100", *CLI_FLAGS[:-1]]
    proc = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            line = proc.stderr.readline()
            if "source 1 ok" in line or not line:
                break
        time.sleep(1.0)
        proc.send_signal(signal.SIGINT)
        out, err = proc.communicate(timeout=30)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode == 0, err
    assert "stopping after the current write" in err and "watch stopped after 1 run" in err
    from newsdesk.store import Store

    with Store(db) as store:
        done = [e for e in store.entries(1) if e["status"] == "ingested"]
        assert store.count_articles() == len(done) > 0
        assert all(store.story_of(e["article_id"]) for e in done)


# -- fetch -----------------------------------------------------------------------------------
def test_fetch_command_ingests_pages_and_reports_failures(tmp_path, capsys, local_site, quick_model):
    local_site.page("/news/bridge-a.html", (FIX / "pages" / "bridge-a.html").read_bytes())
    db = str(tmp_path / "desk.db")
    urls = [local_site.url("/news/bridge-a.html"), local_site.url("/missing"), "http://192.168.1.1/router"]
    assert main(["--db", db, "fetch", *urls, *CLI_FLAGS]) == 0
    captured = capsys.readouterr()
    assert "ingested 1, duplicates 0, skipped 0, failed 2" in captured.out
    assert f"failed {local_site.url('/missing')}: http 404" in captured.err
    assert "failed http://192.168.1.1/router: blocked: private address 192.168.1.1" in captured.err
    assert main(["--db", db, "fetch", urls[0], *CLI_FLAGS]) == 0
    assert "duplicates 1" in capsys.readouterr().out
    assert len(local_site.hits("/news/bridge-a.html")) == 1


def test_untrusted_text_cannot_drive_the_terminal(tmp_path, capsys, local_site, quick_model):
    local_site.page("/feed.xml", rss("Evil \x1b[2J\x1b]0;owned\x07 feed", []), "application/rss+xml")
    db = str(tmp_path / "desk.db")
    main(["--db", db, "sources", "add", local_site.url("/feed.xml")])
    main(["--db", db, "collect", *CLI_FLAGS])
    capsys.readouterr()
    assert main(["--db", db, "sources", "list"]) == 0
    out = capsys.readouterr().out
    assert "\x1b" not in out and "\x07" not in out and "Evil" in out


@pytest.mark.parametrize("content_type,body,expected", [
    ("text/html; charset=iso-8859-1", b"<p>x</p>", "text/html; charset=iso-8859-1"),
    ("application/xhtml+xml", b"<html/>", "text/html"),
    ("", b"<!DOCTYPE html><html><body><p>x</p></body></html>", "text/html"),
    ("application/octet-stream", b"<html><body>x</body></html>", "text/html"),
    ("text/plain", b"Just words.", "text/plain"),
    ("application/octet-stream", b"\x00\x01binary", None),
    ("image/png", b"<html>disguised</html>", None),
    ("application/pdf", b"%PDF-1.7", None),
])
def test_page_content_types(content_type, body, expected):
    assert page_content_type(content_type, body) == expected


def test_every_crawler_setting_is_documented():
    from newsdesk.collect.settings import SETTINGS

    doc = (Path(__file__).parent.parent / "docs" / "collect.md").read_text(encoding="utf-8")
    assert all(f"| `{s.name}` |" in doc for s in SETTINGS)
