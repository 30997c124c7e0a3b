"""The reader's desk: front page ledes, outlets, filters and pages; perspectives; follows; Atom feeds."""
from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from datetime import datetime

import feedparser
import pytest
from fastapi.testclient import TestClient
from web_desk import build_desk, fake_report_builder, save_fake_reports

from newsdesk.web import WebOptions, create_app

ATOM = "{http://www.w3.org/2005/Atom}"
BASE = "https://desk.example.net"


@pytest.fixture
def desk(tmp_path):
    path = tmp_path / "web.db"
    built = build_desk(path)
    save_fake_reports(path, built)
    return path, built


@pytest.fixture
def client(desk):
    with TestClient(create_app(desk[0], base_url=BASE)) as c:
        yield c


@pytest.fixture
def writable(desk):
    with TestClient(create_app(desk[0], report=fake_report_builder(desk[1]), writable=True)) as c:
        yield c


def test_front_page_cards_have_ledes_outlets_counts_and_update_times(client, desk):
    built = desk[1]
    front = client.get("/index.json").json()
    growing = next(s for s in front["stories"] if s["id"] == built["growing"]["story"])
    stale = next(s for s in front["stories"] if s["id"] == built["stale"]["story"])
    assert growing["lede"]["from"] == "briefing"
    assert growing["lede"]["text"].startswith("The harbour bridge reopened")
    assert growing["lede"]["sources"][0]["article"] == built["growing"]["articles"][0].id
    assert stale["lede"]["from"] == "first-article" and stale["lede"]["text"].startswith("Report 0: the regional")
    assert growing["outlets"][:2] == ["harbour.example", "harbourcopy.example"] and growing["n_outlets"] == 7
    assert (growing["n_origins"], growing["conflicts"], stale["conflicts"]) == (6, 1, None)
    page = client.get("/").text
    assert "Covered by</span> harbour.example, harbourcopy.example" in page and "/desk/" not in page
    assert re.search(r'class="cite" href="/article/[0-9a-f]+\?hl=\d+-\d+#hl"', page)  # the lede is cited
    assert "not briefed yet" in page and "1 conflict" in page and "updated <time" in page
    assert f'data-story="{built["growing"]["story"]}" data-articles="7" data-origins="6" data-conflicts="1"' in page


def test_front_page_filters_by_words_period_and_conflicts(client, desk):
    built = desk[1]

    def ids(**params):
        return [s["id"] for s in client.get("/index.json", params=params).json()["stories"]]

    assert ids(q="budget") == [built["stale"]["story"]]
    assert ids(q='"harbour bridge" OR crews') == [built["growing"]["story"], built["hostile"]["story"]]
    assert ids(q="nothingmatcheshere") == []
    assert ids(conflicts="true") == [built["growing"]["story"]]
    assert set(ids(**{"from": "2030-04-30"})) == {built["growing"]["story"], built["hostile"]["story"]}
    assert ids(to="2030-04-27") == [built["stale"]["story"]]
    assert client.get("/index.json", params={"from": "yesterday"}).status_code in (400, 422)  # refused
    assert "No story matches these filters." in client.get("/", params={"q": "nothingmatcheshere"}).text


def test_front_page_is_paged(desk):
    with TestClient(create_app(desk[0], options=WebOptions(front_limit=1))) as c:
        first = c.get("/index.json").json()
        assert (first["page"], first["pages"], first["newer"], first["older"]) == (1, 3, None, "/?page=2")
        seen = [s["id"] for n in (1, 2, 3) for s in c.get("/index.json", params={"page": n}).json()["stories"]]
        assert sorted(seen) == sorted(b["story"] for b in desk[1].values())
        assert 'rel="next"' in c.get("/").text and "page 1 of 3" in c.get("/").text
        assert c.get("/index.json", params={"page": 0}).status_code in (400, 422)


def test_front_page_reads_no_article_it_does_not_show(desk):
    """Every query of the front page's first request finds articles through an index (no full scan)."""
    app = create_app(desk[0])
    conn = app.state.desk.store.conn
    statements: list[str] = []
    conn.set_trace_callback(statements.append)
    with TestClient(app) as c:
        assert c.get("/").status_code == 200
        conn.set_trace_callback(None)
        plans = [" ; ".join(r[3] for r in conn.execute("EXPLAIN QUERY PLAN " + s)) for s in statements
                 if s.lstrip().upper().startswith(("SELECT", "WITH"))]
    assert plans
    assert not [p for p in plans if re.search(r"\bSCAN (a|articles|sa|story_articles)\b", p)], plans


def test_story_page_perspectives_side_by_side(client, desk):
    built = desk[1]["growing"]
    twin = client.get(f"/story/{built['story']}.json").json()
    panel = {p["outlet"]: p for p in twin["perspectives"]["outlets"]}
    assert panel["harbour.example"]["title"] == "Harbour bridge reopens after six-week repair"
    assert panel["harbour.example"]["lede"].startswith("The harbour bridge reopened")
    assert panel["harbour.example"]["holds"] == [{"about": "size of the load limit (tonnes per axle)",
                                                  "value": "20 tonnes"}]
    assert panel["harbour1.example"]["holds"][0]["value"] == "19 tonnes"
    assert panel["harbour3.example"]["holds"] == []
    assert "budget0.example" in twin["perspectives"]["not_covered_by"]
    assert "harbour.example" in twin["perspectives"]["covered_by"]
    page = client.get(f"/story/{built['story']}").text
    section = page[page.index('<section class="perspectives"'):page.index('<section class="briefing">')]
    assert section.count('<article class="perspective">') == 7 and "<strong>19 tonnes</strong>" in section


def test_large_stories_show_twelve_outlets_and_page_their_sources(desk):
    sid = desk[1]["growing"]["story"]
    with TestClient(create_app(desk[0], options=WebOptions(perspective_outlets=2, story_origins_per_page=2))) as c:
        twin = c.get(f"/story/{sid}.json").json()
        assert len(twin["perspectives"]["outlets"]) == 2 and twin["perspectives"]["n_outlets"] == 7
        assert f'href="/story/{sid}?outlets=all#perspectives-h">All 7 outlets' in c.get(f"/story/{sid}").text
        assert len(c.get(f"/story/{sid}.json", params={"outlets": "all"}).json()["perspectives"]["outlets"]) == 7
        assert (twin["sources_pages"], twin["n_origin_groups"], len(twin["origins"])) == (3, 6, 2)
        last = c.get(f"/story/{sid}.json", params={"sources_page": 3}).json()
        assert len(last["origins"]) == 2 and last["origins"][0]["origin"] != twin["origins"][0]["origin"]
        assert "More sources →" in c.get(f"/story/{sid}").text


def test_trust_labels_are_plain_words_with_a_legend(client, desk):
    page = client.get(f"/story/{desk[1]['growing']['story']}").text
    assert ">Disputed<" in page and 'title="Sources disagree on this' in page
    assert ">Confirmed<" in page and "What the labels mean" in page


def _atom_is_valid(data: bytes, base: str) -> ET.Element:
    """RFC 4287's required elements, absolute links, RFC 3339 times; feedparser reads it cleanly."""
    root = ET.fromstring(data)
    assert root.tag == ATOM + "feed"
    for node in [root, *root.findall(ATOM + "entry")]:
        for tag in ("id", "title", "updated"):
            assert node.find(ATOM + tag) is not None and node.find(ATOM + tag).text, (node.tag, tag)
        datetime.fromisoformat(node.find(ATOM + "updated").text.replace("Z", "+00:00"))
        links = {link.get("rel"): link.get("href") for link in node.findall(ATOM + "link")}
        assert links["alternate"].startswith(base + "/")
    assert root.find(f"{ATOM}author/{ATOM}name").text
    assert all(e.find(f"{ATOM}author/{ATOM}name").text for e in root.findall(ATOM + "entry"))
    parsed = feedparser.parse(data)
    assert not parsed.bozo, parsed.get("bozo_exception")
    assert parsed.version == "atom10" and len(parsed.entries) == len(root.findall(ATOM + "entry"))
    return root


def test_front_page_feed(client, desk):
    response = client.get("/feeds/stories.atom")
    assert response.headers["content-type"].startswith("application/atom+xml")
    root = _atom_is_valid(response.content, BASE)
    ids = [e.find(ATOM + "id").text for e in root.findall(ATOM + "entry")]
    assert ids[0] == f"{BASE}/story/{desk[1]['growing']['story']}"
    assert '<link rel="alternate" type="application/atom+xml" title="Atom feed of this page" href="/feeds/stories.atom">' \
        in client.get("/").text


def test_hostile_text_stays_text_in_feeds(client, desk):
    data = client.get(f"/feeds/story/{desk[1]['hostile']['story']}.atom").content
    root = _atom_is_valid(data, BASE)
    assert "<script>" in root.find(f"{ATOM}entry/{ATOM}title").text  # text, escaped in the XML
    assert b"<script>" not in data


def test_follow_from_the_web_needs_a_writable_desk_and_this_sites_form(writable, client, desk):
    sid = desk[1]["growing"]["story"]
    assert client.post("/follows", data={"kind": "story", "story": sid}).status_code == 405  # read-only server
    page = writable.get(f"/story/{sid}").text
    token = re.search(r'name="csrf" value="([^"]+)"', page).group(1)
    assert "Follow this story" in page
    form = {"kind": "story", "story": sid, "csrf": token}
    assert writable.post("/follows", data={**form, "csrf": "forged"}).status_code == 403
    assert writable.post("/follows", data=form, headers={"origin": "http://evil.example"}).status_code == 403
    done = writable.post("/follows", data=form, headers={"origin": "http://testserver"}, follow_redirects=False)
    assert done.status_code == 303 and done.headers["location"] == "/follows"
    saved = writable.post("/follows", data={"kind": "search", "name": "bridge", "q": '"harbour bridge"', "csrf": token},
                          follow_redirects=False)
    assert saved.status_code == 303
    assert writable.post("/follows", data={"kind": "search", "name": "bad name", "q": "x", "csrf": token}
                         ).status_code == 400
    listed = writable.get("/follows.json").json()["follows"]
    assert [(f["kind"], f["name"], f["feed"]) for f in listed] == [
        ("story", sid, f"/feeds/story/{sid}.atom"), ("search", "bridge", "/feeds/search/bridge.atom")]
    root = _atom_is_valid(writable.get("/feeds/search/bridge.atom").content, "http://testserver")
    assert len(root.findall(ATOM + "entry")) == 7  # every article saying "harbour bridge", newest first
    assert "/feeds/search/bridge.atom" in writable.get("/search", params={"q": '"harbour bridge"'}).text
    assert writable.get("/feeds/search/nosuch.atom").status_code == 404
    assert writable.post("/follows/bridge/delete", data={"csrf": token}, follow_redirects=False).status_code == 303
    assert [f["name"] for f in writable.get("/follows.json").json()["follows"]] == [sid]


def test_pages_have_a_skip_link_landmarks_and_a_dark_theme(client, desk):
    page = client.get("/").text
    assert page.index('<a class="skip" href="#main">') < page.index("<header")
    assert '<main id="main" tabindex="-1">' in page
    css = client.get("/static/style.css").text
    assert "@media (prefers-color-scheme: dark)" in css and ":focus-visible" in css
    story = client.get(f"/story/{desk[1]['growing']['story']}").text
    assert 'class="chart-legend"' in story and "articles: 7 in all" in story


def test_outlet_names_never_a_file_path_and_never_a_download(monkeypatch):
    import socket

    from newsdesk import display

    def no_network(*args, **kwargs):
        raise AssertionError("the public-suffix rules must come from the bundled snapshot")

    monkeypatch.setattr(socket, "create_connection", no_network)
    monkeypatch.setattr(socket.socket, "connect", no_network)
    display._extractor.cache_clear()
    display.registered_domain.cache_clear()
    assert display.outlet_name(url="https://www.news.example.co.uk/a/b") == "example.co.uk"
    assert display.outlet_name(site="Harbour Herald", url="https://herald.example.com/x") == "Harbour Herald"
    assert display.outlet_name(site="herald.example.com", source="Herald Wire Feed") == "Herald Wire Feed"
    assert display.outlet_name(site="m.herald.example.com") == "example.com"
    assert display.outlet_name(source="/home/me/clips/a.txt", path="/home/me/clips/a.txt") == "clips"
    assert display.outlet_name(source="Valley Courier", path="/home/me/clips/a.txt") == "Valley Courier"
    assert display.outlet_name() == "unknown outlet"
