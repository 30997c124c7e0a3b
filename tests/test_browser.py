"""End to end: the server on 127.0.0.1 and Debian's headless Chromium (no downloaded browser)."""
from __future__ import annotations

import pytest

from newsdesk.web import create_app
from newsdesk.web.shot import find_chromium, run_chromium, serving
from web_desk import build_desk, save_fake_reports

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    if not find_chromium():
        pytest.skip("Chromium is not installed (Debian: apt-get install chromium chromium-driver; "
                    ".ci/run installs it on CI)")
    path = tmp_path_factory.mktemp("browser") / "desk.db"
    built = build_desk(path)
    save_fake_reports(path, built)
    with serving(create_app(path)) as base:
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
