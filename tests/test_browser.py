"""End to end: the server on 127.0.0.1 and Debian's headless Chromium (no downloaded browser)."""
from __future__ import annotations

import time

import pytest
from web_desk import build_desk, fake_report_builder, save_fake_reports

from newsdesk.web import create_app
from newsdesk.web.shot import find_chromium, run_chromium, serving

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def briefed_desk(tmp_path_factory):
    """(path, built): the invented desk with its growing and hostile stories briefed."""
    if not find_chromium():
        pytest.skip("Chromium is not installed (Debian: apt-get install chromium chromium-driver; "
                    ".ci/run installs it on CI)")
    path = tmp_path_factory.mktemp("browser") / "desk.db"
    built = build_desk(path)
    save_fake_reports(path, built)
    return path, built


@pytest.fixture(scope="module")
def site(briefed_desk):
    path, built = briefed_desk
    with serving(create_app(path)) as base:
        yield base, built


@pytest.fixture(scope="module")
def writable_site(site, tmp_path_factory):
    path = tmp_path_factory.mktemp("browser-writable") / "desk.db"
    built = build_desk(path)
    with serving(create_app(path, report=fake_report_builder(built), writable=True)) as base:
        yield base, built


def test_front_page_loads_in_chromium(site):
    base, built = site
    dom = run_chromium(base + "/")
    assert "Harbour bridge reopens after six-week repair" in dom
    assert dom.count('class="spark"') == 3
    assert "owned" not in dom.split("<title>")[1].split("</title>")[0]  # hostile script never ran


def test_story_chart_draws_and_screenshot_is_saved(site, tmp_path):
    base, built = site
    url = f"{base}/story/{built['growing']['story']}"
    dom = run_chromium(url)
    chart = dom[dom.index('id="coverage-chart"'):]
    chart = chart[:chart.index("</figure>")]
    assert 'class="chart drawn"' in dom and "<canvas" in chart  # uPlot ran under the strict CSP
    assert 'id="coverage-svg" hidden' in dom  # the no-JS fallback made way for it
    assert 'href="/article/' in dom and "?hl=" in dom  # the briefing's citation links
    shot = tmp_path / "story.png"
    run_chromium(url, screenshot=shot, size=(1000, 1400))
    data = shot.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) > 20_000
    print(f"screenshot saved to {shot}")


def test_hostile_article_stays_inert_in_chromium(site):
    base, built = site
    article = built["hostile"]["articles"][0]
    for url in (f"{base}/story/{built['hostile']['story']}", f"{base}/article/{article.id}"):
        dom = run_chromium(url)
        title = dom.split("<title>")[1].split("</title>")[0]
        assert "owned" not in title  # the article's script did not run
        assert "&lt;script&gt;" in dom  # it is shown as text
        assert "<img" not in dom


# -- the reader's desk, driven through chromedriver (WebDriver) ------------------------------
@pytest.fixture(scope="module")
def browser(site):
    from newsdesk.web.shot import WebDriver, find_chromedriver

    if not find_chromedriver():
        pytest.skip("chromedriver is not installed (Debian: apt-get install chromium-driver)")
    with WebDriver(size=(1200, 1400)) as driver:
        yield driver


def test_front_page_shows_ledes_and_outlets(site, browser):
    base, built = site
    browser.get(base + "/")
    cards = browser.run("return Array.from(document.querySelectorAll('.story-card')).map(c => ["
                        "c.querySelector('a.title').textContent, (c.querySelector('.lede') || {}).textContent || '',"
                        "c.querySelector('.outlets').textContent])")
    top = cards[0]
    assert top[0] == "Harbour bridge reopens after six-week repair"
    assert top[1].startswith("The harbour bridge reopened on Thursday morning") and "[harbour.example]" in top[1]
    assert "Covered by harbour.example, harbourcopy.example" in " ".join(top[2].split())
    assert all(card[1] for card in cards)  # every story has a lede, briefed or not


def test_what_changed_since_the_last_visit_is_kept_in_the_browser(site, briefed_desk, browser):
    from newsdesk.records import Article, Assignment
    from newsdesk.store import Store

    base, built = site
    browser.get(base + "/")
    browser.run("localStorage.clear()")
    browser.get(base + "/")  # first visit: remembered, nothing to report
    assert browser.run("return document.querySelectorAll('.changed:not([hidden])').length") == 0
    with Store(briefed_desk[0]) as store, store.transaction():
        late = Article(id="late3333late3333", text="Budget appeal lodged.", title="Appeal", origin="late3333late3333")
        store.add_article(late, content_hash="late3", minhash=None, embedding=None, features={})
        store.assign(late.id, Assignment(built["stale"]["story"], 0.9, False, "similar"))
    browser.get(base + "/")
    changed = browser.run("return Array.from(document.querySelectorAll('.changed:not([hidden])')).map(e => "
                          "[e.closest('.story-card').dataset.story, e.textContent])")
    assert changed == [[built["stale"]["story"], "+1 article, +1 origin"]]
    assert "1 updated" in browser.run("return document.getElementById('since-visit').textContent")


def test_perspectives_panel(site, browser):
    base, built = site
    browser.get(f"{base}/story/{built['growing']['story']}")
    panel = browser.run("return Array.from(document.querySelectorAll('.perspective')).map(p => "
                        "[p.querySelector('h3').textContent, p.querySelector('.headline a').textContent, "
                        "(p.querySelector('.holds') || {}).textContent || ''])")
    assert len(panel) == 7
    outlets = {outlet: (headline, holds) for outlet, headline, holds in panel}
    assert outlets["harbour1.example"][0] == "Bridge traffic returns, outlet 1"
    assert "19 tonnes" in outlets["harbour1.example"][1] and "20 tonnes" in outlets["harbour.example"][1]


def test_keyboard_reaches_and_opens_a_story(site, browser):
    base, built = site
    browser.get(base + "/")
    browser.press("Tab")
    assert browser.run("return document.activeElement.className") == "skip"
    browser.press("j")
    first = browser.run("return document.activeElement.getAttribute('href')")
    assert first == f"/story/{built['growing']['story']}"
    outline = browser.run("return getComputedStyle(document.activeElement).outlineStyle")
    assert outline == "solid"  # a visible focus ring
    browser.press("j", "k", "Enter")
    deadline = time.monotonic() + 10
    while not browser.url.endswith(first) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert browser.url.endswith(first)


def test_dark_mode_follows_the_system_setting(site, browser):
    base, built = site
    background = "return getComputedStyle(document.body).backgroundColor"
    try:
        browser.color_scheme("light")
        browser.get(f"{base}/story/{built['growing']['story']}")
        assert browser.run(background) == "rgb(251, 251, 252)"
        browser.color_scheme("dark")
        browser.get(f"{base}/story/{built['growing']['story']}")
        assert browser.run(background) == "rgb(20, 24, 29)"
        assert browser.run("return document.getElementById('coverage-chart').classList.contains('drawn')")
    finally:
        browser.color_scheme("light")


def test_follow_a_story_in_the_browser_and_read_its_feed(writable_site, browser):
    from urllib.request import urlopen

    import feedparser

    base, built = writable_site
    sid = built["growing"]["story"]
    browser.get(f"{base}/story/{sid}")
    browser.click(".follow form button")
    deadline = time.monotonic() + 10
    while not browser.url.endswith("/follows") and time.monotonic() < deadline:
        time.sleep(0.1)
    assert browser.url.endswith("/follows")
    feed_link = browser.run("return document.querySelector('.follows a[type=\"application/atom+xml\"]').href")
    assert feed_link == f"{base}/feeds/story/{sid}.atom"
    with urlopen(feed_link, timeout=30) as response:
        parsed = feedparser.parse(response.read())
    assert not parsed.bozo and len(parsed.entries) == 7
    assert all(entry.link.startswith(base + "/article/") for entry in parsed.entries)
    browser.get(f"{base}/story/{sid}")
    head = browser.run("return document.querySelector('link[rel=alternate][type=\"application/atom+xml\"]').href")
    assert head == feed_link
