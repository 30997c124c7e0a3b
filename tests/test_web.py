"""Every page of the web desk and its JSON twin, in-process (no sockets)."""
from __future__ import annotations

import html
import json
import re
import sqlite3
from datetime import UTC
from urllib.parse import unquote

import pytest
from conftest import EXAMPLES, shared_or_skip
from fastapi.testclient import TestClient
from web_desk import HOSTILE_QUERY, build_desk, fake_report_builder, save_fake_reports

from newsdesk.cli import main as cli_main
from newsdesk.errors import StoreError
from newsdesk.timeutil import to_iso
from newsdesk.web import create_app


@pytest.fixture
def desk(tmp_path):
    path = tmp_path / "web.db"
    return path, build_desk(path)


@pytest.fixture
def client(desk):
    """A read-only server over a desk whose growing and hostile stories have been briefed."""
    path, built = desk
    save_fake_reports(path, built)
    with TestClient(create_app(path)) as c:
        yield c


@pytest.fixture
def bare_client(desk):
    """Nothing briefed yet."""
    with TestClient(create_app(desk[0])) as c:
        yield c


@pytest.fixture
def writable_client(desk):
    path, built = desk
    with TestClient(create_app(path, report=fake_report_builder(built), writable=True)) as c:
        yield c


def story_ids_in(page_html: str) -> list[str]:
    return re.findall(r'<a class="title" href="/story/([0-9a-f]+)"', page_html)


# -- front page ---------------------------------------------------------------------
def test_front_page_ranks_by_buzz_and_matches_its_json_twin(client, desk):
    built = desk[1]
    page = client.get("/")
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    twin = client.get("/index.json").json()
    order = [s["id"] for s in twin["stories"]]
    assert story_ids_in(page.text) == order
    assert order[0] == built["growing"]["story"]  # 6 new origins in the last hours beat 10 old ones
    assert order.index(built["stale"]["story"]) > 0
    top = twin["stories"][0]
    assert (top["n_articles"], top["n_origins"]) == (7, 6)
    assert top["buzz"]["recent_origins"] == 6
    assert top["trending"][0] == {"query": "harbour bridge", "at": "2030-05-01T09:30:00Z", "traffic": 5000,
                                  "traffic_text": "5K+", "geo": "NZ"}


def test_front_page_follows_changes_made_by_other_connections(client, desk):
    from newsdesk.records import Article, Assignment
    from newsdesk.store import Store

    path, built = desk
    before = client.get("/index.json").json()
    assert client.get("/index.json").json() == before  # nothing changed: the same page
    with Store(path) as store, store.transaction():
        late = Article(id="late1111late1111", text="Budget recount ordered.", title="Recount", origin="late1111late1111")
        store.add_article(late, content_hash="late1", minhash=None, embedding=None, features={})
        store.assign(late.id, Assignment(built["stale"]["story"], 0.9, False, "similar"))
    after = client.get("/index.json").json()
    stale = next(s for s in after["stories"] if s["id"] == built["stale"]["story"])
    assert stale["n_articles"] == 11  # an ingest in another process shows at once


def test_front_page_sparklines_are_server_side_svg(client):
    page = client.get("/").text
    assert page.count('<svg class="spark"') == 3
    assert re.search(r'<polyline class="spark-origins" points="[\d., ]+"', page)
    # JavaScript only adds "since your last visit" and j/k keys: everything else is in the HTML
    assert re.findall(r"<script[^>]*>", page) == ['<script src="/static/front.js">']


def test_front_page_shows_trending_queries_and_spikes(client):
    page = client.get("/").text
    assert "harbour bridge" in page and "5K+" in page and ">NZ<" in page
    assert "spiking this day" in page  # six new origins today, none the days before


def test_empty_desk_front_page(tmp_path):
    from newsdesk.store import Store

    Store(tmp_path / "empty.db").close()
    with TestClient(create_app(tmp_path / "empty.db")) as c:
        assert "No stories yet" in c.get("/").text
        assert c.get("/index.json").json()["stories"] == []


# -- story page ---------------------------------------------------------------------
def test_story_page_chart_data_is_the_json_twins(client, desk):
    sid = desk[1]["growing"]["story"]
    page = client.get(f"/story/{sid}").text
    twin = client.get(f"/story/{sid}.json").json()
    attr = re.search(r"data-series='([^']*)'", page).group(1)
    assert json.loads(html.unescape(attr)) == twin["chart"]
    assert twin["series"]["unit"] == "hour"
    assert sum(twin["series"]["articles"]) == 7 and max(twin["series"]["origins"]) >= 1
    assert 5000 in twin["series"]["traffic"]  # the trend card's traffic lands in its hour
    assert '<script src="/static/uPlot.iife.min.js"></script>' in page
    assert 'id="coverage-svg"' in page  # visible without JavaScript


def test_collected_trend_sightings_become_traffic_points(desk):
    from datetime import timedelta

    from newsdesk.records import TrendCard
    from newsdesk.store import Store

    path, built = desk
    article = built["stale"]["articles"][0]
    with Store(path) as store:
        store.record_trend_card(TrendCard("council budget", "500+", "nz"), article.id, seen=article.published)
        store.record_trend_sighting("council budget", "NZ", seen_at=article.published + timedelta(days=1),
                                    via="trends", traffic="2K+", traffic_n=2000)
    with TestClient(create_app(path, report=None)) as c:
        twin = c.get(f"/story/{built['stale']['story']}.json").json()
        assert [(p["traffic"], p["geo"]) for p in twin["trending"]] == [(2000, "NZ"), (500, "NZ")]
        assert twin["series"]["unit"] == "hour"  # the story's own nine hours, not up to the desk's latest
        assert sorted(v for v in twin["series"]["traffic"] if v) == [500]  # the later sighting is past its last article
        front = c.get("/index.json").json()["stories"]
        card = next(s for s in front if s["id"] == built["stale"]["story"])
        assert [q["query"] for q in card["trending"]] == ["council budget"]


def test_story_page_groups_sources_by_origin_with_flags(client, desk):
    built = desk[1]["growing"]
    twin = client.get(f"/story/{built['story']}.json").json()
    groups = twin["origins"]
    assert len(groups) == 6
    lead = next(g for g in groups if g["origin"] == built["articles"][0].id)
    assert [a["id"] for a in lead["articles"]] == [built["articles"][0].id, built["articles"][1].id]
    assert lead["articles"][0]["flags"] == ["reader-prompts-removed"]
    page = client.get(f"/story/{built['story']}").text
    assert "same origin" in page and "Reader prompts removed" in page  # flags in plain words
    assert 'title="Prompts such as' in page and "What the labels mean" in page  # explained
    assert "Trending searches" in page and "5K+ searches" in page and "in NZ" in page


def test_story_page_briefing_citations_link_to_the_quoted_span(client, desk):
    built = desk[1]["growing"]
    page = client.get(f"/story/{built['story']}").text
    assert "<h3>What happened</h3>" in page and "Key figures" in page
    links = re.findall(r'href="(/article/[0-9a-f]+\?hl=\d+-\d+#hl)"', page)
    assert links, "every located citation links to its span"
    target = html.unescape(links[0])
    article_page = client.get(target.split("#")[0]).text
    quote = "The harbour bridge reopened on Thursday morning after six weeks of repairs."
    assert f'<mark id="hl" class="target">{quote}</mark>' in article_page


def test_story_page_shows_conflicts_side_by_side_and_timeline(client, desk):
    page = client.get(f"/story/{desk[1]['growing']['story']}").text
    conflicts = page[page.index('<section class="conflicts">'):]
    assert conflicts.count('<div class="claim">') == 2
    assert "19 tonnes" in conflicts and "20 tonnes" in conflicts
    assert '<section class="timeline">' in page and "<time>2030-05-01</time>" in page
    assert 'status-disputed' in page


def test_story_page_without_briefing_says_how_to_build_it(bare_client, desk):
    sid = desk[1]["growing"]["story"]
    twin = bare_client.get(f"/story/{sid}.json").json()
    assert (twin["report"], twin["report_state"], twin["can_build"]) == (None, "missing", False)
    page = bare_client.get(f"/story/{sid}").text
    assert "No briefing has been built" in page and f"newsdesk brief --story {sid}" in page
    assert 'method="post"' not in page  # read-only: nothing to press
    assert bare_client.post(f"/story/{sid}/brief").status_code in (404, 405)  # no such endpoint


def test_briefing_built_for_other_articles_is_marked_stale(client, desk):
    from newsdesk.records import Article, Assignment
    from newsdesk.store import Store

    path, built = desk
    sid = built["growing"]["story"]
    with Store(path) as store, store.transaction():
        late = Article(id="late0000late0000", text="A late report on the bridge.", title="Late", origin="late")
        store.add_article(late, content_hash="late", minhash=None, embedding=None, features={})
        store.assign(late.id, Assignment(sid, 0.9, False, "similar"))
    twin = client.get(f"/story/{sid}.json").json()
    assert twin["report_state"] == "stale" and twin["report"] is not None
    assert "Built before the latest articles joined the story" in client.get(f"/story/{sid}").text


def test_region_is_validated_and_selects_the_matching_briefing(client, desk):
    sid = desk[1]["growing"]["story"]
    assert client.get(f"/story/{sid}.json?region=zzz").status_code == 422
    twin = client.get(f"/story/{sid}.json?region=nz").json()
    assert (twin["region"], twin["report_state"]) == ("NZ", "other-region")
    page = client.get(f"/story/{sid}?region=nz").text
    assert "built for another region" in page and f"newsdesk brief --story {sid} --region NZ" in page


def test_writable_server_builds_briefings_only_on_explicit_post(writable_client, desk):
    sid = desk[1]["growing"]["story"]
    page = writable_client.get(f"/story/{sid}?region=nz").text
    assert f'<form method="post" action="/story/{sid}/brief?region=NZ">' in page
    assert writable_client.get(f"/story/{sid}.json").json()["report_state"] == "missing"  # GET built nothing
    refused = writable_client.post(f"/story/{sid}/brief", headers={"origin": "http://evil.example"})
    assert refused.status_code == 403
    token = re.search(r'name="csrf" value="([^"]+)"', page).group(1)
    done = writable_client.post(f"/story/{sid}/brief?region=nz", headers={"origin": "http://testserver"},
                                data={"csrf": token}, follow_redirects=False)
    assert done.status_code == 303 and done.headers["location"] == f"/story/{sid}?region=NZ"
    page = writable_client.get(f"/story/{sid}?region=NZ").text
    assert "What it means for NZ" in page and "No source says what the story means for NZ." in page
    assert writable_client.post("/story/ffffffffffffffff/brief", data={"csrf": token}).status_code == 404


def test_story_prefix_and_missing_story(client, desk):
    sid = desk[1]["stale"]["story"]
    assert client.get(f"/story/{sid[:6]}.json").json()["id"] == sid
    missing = client.get("/story/ffffffffffffffff")
    assert missing.status_code == 404 and "no story" in missing.text
    assert client.get("/story/ffffffffffffffff.json").json() == {
        "error": "no story 'ffffffffffffffff': run `newsdesk stories` to list story ids"}


# -- article page -------------------------------------------------------------------
def test_article_page_metadata_copies_and_removed_text(client, desk):
    lead, copy = desk[1]["growing"]["articles"][:2]
    page = client.get(f"/article/{lead.id}").text
    assert "Harbour bridge reopens after six-week repair" in page
    assert "What cleaning removed (1)" in page and "Share your thoughts below!" in page
    assert f'/article/{copy.id}' in page  # the other copy of the same origin
    twin = client.get(f"/article/{lead.id}.json").json()
    assert twin["text"] == lead.text and twin["copies"][0]["id"] == copy.id
    assert twin["trend"] == {"query": "harbour bridge", "traffic": "5K+", "geo": "NZ"}
    assert twin["story"]["id"] == desk[1]["growing"]["story"]


def test_article_highlight_spans_are_validated(bare_client, desk):
    client = bare_client
    lead = desk[1]["growing"]["articles"][0]
    assert client.get(f"/article/{lead.id}.json?hl=4-11").json()["target"] == [4, 11]
    assert client.get(f"/article/{lead.id}.json?hl=5-99999").json()["target"] is None
    assert client.get(f"/article/{lead.id}.json?hl=junk").json()["target"] is None
    page = client.get(f"/article/{lead.id}?hl=4-11").text
    assert '<mark id="hl" class="target">harbour</mark>' in page


def test_article_marks_every_span_its_story_briefing_quotes(client, desk):
    built = desk[1]
    lead = built["growing"]["articles"][0]
    quotes = ["The harbour bridge reopened on Thursday morning after six weeks of repairs.",
              "The city engineer said the deck now carries 20 tonnes per axle."]
    spans = [[lead.text.index(q), lead.text.index(q) + len(q)] for q in quotes]
    assert client.get(f"/article/{lead.id}.json").json()["quoted"] == spans
    page = client.get(f"/article/{lead.id}").text
    assert all(f'<span class="quoted">{q}</span>' in page for q in quotes)  # underlined, not highlighted
    assert "<mark" not in page.split('<section class="text">')[1]  # nothing is cited: nothing highlighted
    cited = client.get(f"/article/{lead.id}?hl={spans[1][0]}-{spans[1][1]}").text.split('<section class="text">')[1]
    assert re.findall(r"<mark[^>]*>(.*?)</mark>", cited) == [quotes[1]]  # only the cited span stands out
    front = client.get("/index.json").json()["stories"]
    assert next(s for s in front if s["id"] == built["growing"]["story"])["conflicts"] == 1
    assert "1 conflict<" in client.get("/").text


def test_missing_article_is_404(client):
    assert client.get("/article/0000000000000000").status_code == 404
    assert client.get("/article/0000000000000000.json").json()["error"].startswith("no article")


# -- search -------------------------------------------------------------------------
def test_search_finds_articles_with_snippets_and_stories(client, desk):
    found = client.get("/search.json", params={"q": "engineer tonnes"}).json()
    assert found["stories"][0]["id"] == desk[1]["growing"]["story"]
    assert found["stories"][0]["hits"] == 7
    pieces = found["articles"][0]["snippet"]
    assert any(p["match"] and p["text"].lower() == "engineer" for p in pieces)
    page = client.get("/search", params={"q": "engineer"}).text
    assert "<mark>engineer</mark>" in page


def test_search_handles_fts_syntax_and_empty_queries(client):
    assert client.get("/search.json", params={"q": 'AND OR "( NEAR'}).status_code == 200
    assert client.get("/search.json").json() == {"query": "", "follows": [], "stories": [], "articles": []}
    assert "Type words" in client.get("/search").text


# -- hostile content ----------------------------------------------------------------
def _scripts_are_only_ours(page: str) -> None:
    for tag in re.findall(r"<script\b[^>]*>", page, flags=re.I):
        assert re.fullmatch(r'<script src="/static/[\w.-]+\.js">', tag), tag
    assert not re.search(r"<script\b[^>]*>[^<]+</script>", page, flags=re.I)  # no inline code


def _no_live_markup_from_data(page: str) -> None:
    assert not re.search(r"<(img|b|i|a)\b[^>]*\bon\w+=", page, flags=re.I)  # no event handlers
    assert 'href="javascript:' not in page.lower()
    assert "<img" not in page and "<b " not in page and "<i>" not in page


def test_hostile_article_renders_inert_everywhere(client, desk):
    built = desk[1]["hostile"]
    article = built["articles"][0]
    urls = ["/", f"/story/{built['story']}", f"/article/{article.id}", "/search?q=crews"]
    for url in urls:
        page = client.get(url).text
        _scripts_are_only_ours(page)
        _no_live_markup_from_data(page)
    article_page = client.get(f"/article/{article.id}").text
    assert "&lt;script&gt;document.title=&#34;owned&#34;&lt;/script&gt;" in article_page
    assert "javascript:alert(5) (not a web link)" in article_page
    story_page = client.get(f"/story/{built['story']}").text
    assert "What happened &lt;i&gt;now&lt;/i&gt;" in story_page
    assert "Contradicts itself" in story_page  # a flag the report adds shows on the source


def test_hostile_query_text_stays_text(client):
    page = client.get("/search", params={"q": HOSTILE_QUERY}).text
    _scripts_are_only_ours(page)
    assert 'value="&#34;&gt;&lt;script&gt;alert(4)&lt;/script&gt;"' in page
    front = client.get("/").text
    chips = re.findall(r'<a class="chip trend" href="([^"]+)"', front)
    assert any(unquote(html.unescape(c)).endswith(HOSTILE_QUERY) for c in chips)


def test_chart_json_cannot_break_out_of_its_attribute(client, desk):
    page = client.get(f"/story/{desk[1]['hostile']['story']}").text
    attr = re.search(r"data-series='([^']*)'", page)
    assert attr and "<" not in attr.group(1)


def test_every_response_carries_a_strict_csp(client, desk):
    for url in ["/", "/index.json", f"/story/{desk[1]['growing']['story']}", "/search?q=x",
                "/static/style.css", "/nope"]:
        csp = client.get(url).headers["content-security-policy"]
        assert "default-src 'none'" in csp and "script-src 'self'" in csp
        assert "unsafe-inline" not in csp
    page = client.get(f"/story/{desk[1]['growing']['story']}").text
    assert not re.search(r'<(script|link)[^>]+(src|href)="(https?:)?//', page)  # nothing from elsewhere


# -- API, static files, read-only ---------------------------------------------------
def test_openapi_describes_the_json_api(client):
    spec = client.get("/openapi.json").json()
    assert {"/index.json", "/story/{story_id}.json", "/article/{article_id}.json",
            "/search.json"} <= set(spec["paths"])
    assert "StoryPage" in spec["components"]["schemas"]
    assert client.get("/docs").status_code == 404  # its page would load scripts from a CDN


def test_vendored_uplot_and_its_licence_are_served(client):
    js = client.get("/static/uPlot.iife.min.js")
    assert js.status_code == 200 and "uPlot" in js.text[:200]
    assert "MIT License" in client.get("/static/uPlot.LICENSE.txt").text
    assert client.get("/static/story-chart.js").status_code == 200


def test_the_server_is_read_only(client, desk):
    assert client.post("/").status_code == 405
    store = client.app.state.desk.store
    with pytest.raises(sqlite3.OperationalError, match="readonly"):
        store.conn.execute("DELETE FROM articles")
    assert store.count_articles() == 18


def test_sql_and_python_agree_on_when_an_article_appeared(store):
    from datetime import datetime, timedelta

    from newsdesk.coverage.series import observation_from_row
    from newsdesk.records import Article, Assignment

    t = datetime(2030, 1, 1, 12, tzinfo=UTC)
    cases = {"published": (t, t + timedelta(hours=1)), "missing": (None, t), "later": (t + timedelta(days=2), t),
             "no-fetch": (t - timedelta(days=400), None)}
    with store.transaction():
        store.save_story("s", "s", None, None)
        for key, (published, fetched) in cases.items():
            store.add_article(Article(id=key, text=key, origin=key, published=published, fetched=fetched),
                              content_hash=key, minhash=None, embedding=None, features={})
            store.assign(key, Assignment("s", 1.0, False, "similar"))
    raw = {r["id"]: dict(r) for r in store.conn.execute("SELECT * FROM articles")}
    for row in store.story_times("s"):
        expected = observation_from_row(raw[row["article_id"]])
        want = (to_iso(expected.at), expected.basis) if expected else (None, None)  # undated: no time at all
        assert (row["seen"], row["basis"]) == want, row["article_id"]
    assert store.latest_seen() == max(r["seen"] for r in store.story_times() if r["seen"])


def test_missing_desk_is_a_clear_error(tmp_path):
    with pytest.raises(StoreError, match="no desk at"):
        create_app(tmp_path / "absent.db")
    assert not (tmp_path / "absent.db").exists()


# -- CLI ----------------------------------------------------------------------------
def test_trend_command_prints_series_spikes_and_writes_png(desk, tmp_path, capsys):
    path, built = desk
    png = tmp_path / "trend.png"
    assert cli_main(["--db", str(path), "trend", built["growing"]["story"][:8], "--png", str(png)]) == 0
    out = capsys.readouterr().out
    assert "per hour, UTC, by published time" in out
    assert re.search(r"2030-05-01 09:00\s+1\s+1\s+1", out)
    assert re.search(r"2030-05-01 10:00\s+5\s+5\s+4", out)  # the copy adds an article, not an origin
    assert "spikes:" in out and "confirmed" in out and "'harbour bridge' 5K+ searches in NZ" in out
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert cli_main(["--db", str(path), "trend", built["stale"]["story"], "--format", "json", "--unit", "day"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["series"]["unit"] == "day" and sum(data["series"]["articles"]) == 10


def test_serve_defaults_to_loopback():
    from newsdesk.cli import build_parser

    args = build_parser().parse_args(["serve"])
    assert (args.host, args.port) == ("127.0.0.1", 8000)


# -- real documents -----------------------------------------------------------------
def test_seeds_and_example_corpus_pages(store, ingest):
    seeds = shared_or_skip("seeds")
    ingest(*sorted(p for p in EXAMPLES.glob("*") if p.suffix in (".txt", ".html", ".jsonl")), seeds)
    report = pytest.importorskip("newsdesk.report", reason="the briefing module (newsdesk.report) is not here yet")
    with TestClient(create_app(store.path)) as c:
        front = c.get("/index.json").json()
        assert len(front["stories"]) >= 3, "the front page lists the stories"
        tokyo = next(s for s in front["stories"] if any(q["query"] == "cnn news" for q in s["trending"]))
        assert c.get(tokyo["url"] + ".json").json()["report_state"] == "missing"
        report.story_report(store, tokyo["id"])  # what `newsdesk brief --story ID` does
        twin = c.get(tokyo["url"] + ".json").json()
        assert twin["report_state"] == "current" and twin["report"]["conflicts"]
        page = c.get(tokyo["url"]).text
        assert "cnn news" in page and "1,000+" in page
        assert '<section class="conflicts">' in page and '<section class="briefing">' in page
        _citations_land_on_their_quotes(c, page, twin["report"])
        for story in front["stories"]:
            assert c.get(story["url"]).status_code == 200
            for group in c.get(story["url"] + ".json").json()["origins"]:
                for article in group["articles"]:
                    assert c.get(f"/article/{article['id']}").status_code == 200


def _citations_land_on_their_quotes(c, page: str, report: dict) -> None:
    """Every citation link opens its article with the quoted span marked as the target."""
    quotes = {(s["article"], s["start"], s["end"]): s["quote"] for s in _all_sources(report)}
    links = set(re.findall(r'href="/article/([0-9a-f]+)\?hl=(\d+)-(\d+)#hl"', page))
    assert links
    for article_id, start, end in links:
        quote = quotes[(article_id, int(start), int(end))]
        article = c.get(f"/article/{article_id}?hl={start}-{end}").text
        marked = re.search(r'<mark id="hl" class="target">(.*?)</mark>', article, flags=re.S).group(1)
        assert html.unescape(marked) == quote.split("\n\n")[0]


def _all_sources(node):
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "sources" and isinstance(value, list):
                yield from (s for s in value if isinstance(s, dict) and "start" in s)
            else:
                yield from _all_sources(value)
    elif isinstance(node, list):
        for item in node:
            yield from _all_sources(item)


def test_target_inside_a_larger_quoted_span_keeps_its_own_mark():
    from newsdesk.web.text import paragraph_pieces

    text = "One two three four five.\n\nSix seven."
    pieces = [p for para in paragraph_pieces(text, [(0, 24)], (4, 13)) for p in para]
    assert [(p["text"], p["mark"], p["target"], p["anchor"]) for p in pieces] == [
        ("One ", True, False, False), ("two three", True, True, True), (" four five.", True, False, False),
        ("Six seven.", False, False, False)]
