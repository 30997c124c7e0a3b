"""Google Trends "trending now" RSS: parsing, traffic numbers, the store's query API,
and queries linked to the stories their news items land in."""
from __future__ import annotations

import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from newsdesk.collect.http import FetchOptions
from newsdesk.collect.runner import CollectOptions, Collector
from newsdesk.collect.trends import is_trends_url, parse_traffic, parse_trends, trends_url
from newsdesk.errors import UnsupportedInput
from newsdesk.records import TrendCard

FIX = Path(__file__).parent / "fixtures" / "collect"
T0 = datetime(2026, 10, 14, 12, 0, tzinfo=UTC)


@pytest.mark.parametrize("text,value", [
    ("1000+", 1000), ("20,000+", 20000), ("200K+", 200000), ("1,000,000+", 1000000), ("2M+", 2000000),
    ("500+", 500), ("10k+", 10000), ("1.5M+", 1500000), ("1 000+", 1000), ("1.000+", 1000),
    ("2\u00a0000+", 2000), ("5 mil+", 5000000), ("2B+", 2000000000), ("1,5M+", 1500000), (" 50K + ", 50000),
    ("", None), (None, None), ("lots", None), ("1.2.3+", None), ("K+", None),
])
def test_parse_traffic_reads_every_approximate_format(text, value):
    assert parse_traffic(text) == value


def test_parse_trends_reads_queries_traffic_times_and_news_items():
    content = (FIX / "trends.xml").read_text(encoding="utf-8").replace("{base}", "http://news.example").encode()
    feed = parse_trends(content)
    assert feed.geo == "CA" and feed.warning is None
    assert [(i.query, i.traffic, i.traffic_n) for i in feed.items] == [
        ("millbrook footbridge", "20,000+", 20000), ("harwick library sunday", "1000+", 1000),
        ("tarn river", "200K+", 200000), ("valley weather", "1,000,000+", 1000000), ("night market", "2M+", 2000000)]
    first = feed.items[0]
    assert first.published == datetime(2026, 10, 14, 13, 10, tzinfo=UTC)
    assert [(n.source, n.url) for n in first.news] == [
        ("Valley Courier", "http://news.example/news/bridge-a.html"),
        ("Northside Daily", "http://news.example/news/bridge-b.html")]
    assert first.news[0].snippet.endswith("Tuesday…")
    assert feed.items[1].news[0].snippet == "All five branches will open on Sunday afternoons."
    assert feed.items[3].news == []


def test_the_region_comes_from_the_url_first():
    content = (FIX / "trends.xml").read_bytes()
    assert parse_trends(content, url="https://trends.google.com/trending/rss?geo=nz").geo == "NZ"


def test_broken_and_foreign_documents():
    broken = b'<rss version="2.0"><channel><item><title>half</title><ht:approx_traffic>5K+'
    feed = parse_trends(broken)
    assert feed.warning and [i.query for i in feed.items] == ["half"]
    for junk in (b"", b"<html><body>hi</body></html>", b"not xml at all", b"<rss/>"):
        with pytest.raises(UnsupportedInput):
            parse_trends(junk)


def test_entities_are_not_expanded():
    bomb = (b'<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
            b'<rss version="2.0"><channel><item><title>q &x;</title></item></channel></rss>')
    items = parse_trends(bomb).items
    assert all("root:" not in i.query for i in items)


def test_trends_urls():
    assert trends_url("ca") == "https://trends.google.com/trending/rss?geo=CA"
    assert is_trends_url(trends_url("US")) and not is_trends_url("https://example.org/rss?geo=CA")
    with pytest.raises(UnsupportedInput):
        trends_url("Canada")


# -- the store's query API --------------------------------------------------------------------
def test_a_query_seen_in_several_polls_is_one_query_with_a_traffic_history(store):
    for hours, traffic in ((0, "1000+"), (2, "20,000+"), (1, "5000+")):  # the last one arrives late
        store.record_trend_sighting("Tarn River", "ca", seen_at=T0 + timedelta(hours=hours), via="feed",
                                    traffic=traffic, traffic_n=parse_traffic(traffic))
    store.record_trend_sighting("tarn  river", "CA", seen_at=T0 + timedelta(hours=2), via="feed",
                                traffic="20,000+", traffic_n=20000)  # the same poll twice: no new point
    store.record_trend_sighting("tarn river", "US", seen_at=T0, via="feed", traffic="200+", traffic_n=200)
    (query,) = store.trend_queries(geo="ca")
    assert (query["query"], query["geo"], query["traffic"], query["traffic_n"]) == ("Tarn River", "CA", "20,000+", 20000)
    assert query["first_seen"] == "2026-10-14T12:00:00Z" and query["last_seen"] == "2026-10-14T14:00:00Z"
    assert query["n_sightings"] == 3 and query["story_ids"] == []
    assert len(store.trend_queries()) == 2 and len(store.trend_queries(limit=1)) == 1
    assert store.trend_queries(since=T0 + timedelta(hours=1)) == [query]
    detail = store.trend_query(query["id"])
    assert [h["traffic_n"] for h in detail["history"]] == [1000, 5000, 20000]


def test_cards_and_news_items_link_queries_to_stories(store, ingest):
    page = FIX / "pages" / "bridge-a.html"
    (outcome,) = ingest(page)
    story = outcome.story_id
    qid = store.record_trend_sighting("millbrook", "CA", seen_at=T0, via="feed", traffic="2K+", traffic_n=2000)

    class Item:
        url, title, snippet, source = "https://valley.example/bridge?utm_source=x", "t", "s", "src"

    store.record_trend_news(qid, [Item()], now=T0)
    assert store.link_trend_url("https://www.valley.example/bridge/", outcome.article_id, now=T0) == 1
    store.record_trend_card(TrendCard("footbridge", "500+", "ca"), outcome.article_id, seen=T0)
    store.record_trend_card(TrendCard("", "500+", None), outcome.article_id, seen=T0)  # no query: ignored
    found = store.trend_queries_for_story(story)
    assert sorted((q["query"], q["history"][0]["via"], q["traffic_n"]) for q in found) == [
        ("footbridge", "card", 500), ("millbrook", "feed", 2000)]
    assert all(q["story_ids"] == [story] for q in found)
    assert store.trend_query(qid)["news"][0]["url"] == "https://valley.example/bridge"


# -- end to end: a Trends feed served locally -------------------------------------------------
def test_collected_trends_queries_are_linked_to_the_stories_of_their_news_items(store, embedder, local_site):
    base = local_site.url("")
    for name in ("bridge-a", "bridge-b", "library"):
        local_site.page(f"/news/{name}.html", (FIX / "pages" / f"{name}.html").read_bytes())
    local_site.page("/trends.xml", (FIX / "trends.xml").read_text(encoding="utf-8").replace("{base}", base),
                    "application/rss+xml")
    store.add_source(local_site.url("/trends.xml"), "trends", interval_s=0, now=T0)
    options = CollectOptions(fetch=FetchOptions(contact="ops@example.org", min_delay=0.0,
                                                allow_networks=("127.0.0.1/32",), backoff=0.01))
    with Collector(store, options, embedder=embedder) as collector:
        started = time.monotonic()
        report = collector.collect()
        time.sleep(max(0.0, 1.05 - (time.monotonic() - started)))  # sightings are kept per second
        again = collector.collect()
    (source,) = report.sources
    assert source.status == "ok" and source.entries == 5
    assert source.counts["ingested"] == 3 and source.counts["failed"] == 1  # the gone page: http 404
    assert source.failures == [(f"{base}/news/gone.html", "http 404")]
    queries = {q["query"]: q for q in store.trend_queries(geo="CA")}
    assert {q: (v["traffic_n"], v["n_sightings"]) for q, v in queries.items()} == {
        "millbrook footbridge": (20000, 2), "harwick library sunday": (1000, 2), "tarn river": (200000, 2),
        "valley weather": (1000000, 2), "night market": (2000000, 2)}
    bridge = store.story_of(store.article_for_url(f"{base}/news/bridge-a.html")[0])
    library = store.story_of(store.article_for_url(f"{base}/news/library.html")[0])
    assert bridge != library
    assert queries["millbrook footbridge"]["story_ids"][0] == bridge
    assert queries["tarn river"]["story_ids"] == [bridge]  # same page, tracking parameters aside
    assert queries["harwick library sunday"]["story_ids"] == [library]
    assert queries["valley weather"]["story_ids"] == [] and queries["night market"]["story_ids"] == []
    assert {q["query"] for q in store.trend_queries_for_story(bridge)} >= {"millbrook footbridge", "tarn river"}
    assert again.sources[0].new == 0 and sum(again.sources[0].counts.values()) == 0
    assert len(local_site.hits("/news/bridge-a.html")) == 1  # fetched once, linked twice
    from newsdesk.display import outlet_name

    b_page = store.article(store.article_for_url(f"{base}/news/bridge-b.html")[0])
    assert outlet_name(source=b_page.source, site=b_page.site, url=b_page.url) == "Northside Daily"  # not the feed's


def test_a_trend_card_on_a_fetched_page_becomes_a_sighting(store, embedder, local_site):
    local_site.page("/card.html", (FIX / "pages" / "card.html").read_bytes())
    options = CollectOptions(fetch=FetchOptions(contact="ops@example.org", min_delay=0.0,
                                                allow_networks=("127.0.0.1/32",)))
    with Collector(store, options, embedder=embedder) as collector:
        report = collector.fetch_pages([local_site.url("/card.html")])
    assert report.counts["ingested"] == 1
    (query,) = store.trend_queries()
    assert (query["query"], query["traffic_n"]) == ("tarn bridge", 2000) and len(query["story_ids"]) == 1


def test_ingesting_a_saved_page_with_a_trend_card_records_a_sighting(store, ingest, tmp_path):
    page = (FIX / "pages" / "card.html").read_text()
    dated = tmp_path / "card.html"
    dated.write_text(page.replace("<meta charset", '<meta property="article:published_time" '
                                                   'content="2026-02-03T08:00:00Z">\n<meta charset'))
    (outcome,) = ingest(dated)
    (query,) = store.trend_queries()
    assert (query["query"], query["traffic"], query["story_ids"]) == ("tarn bridge", "2,000+", [outcome.story_id])
    (sighting,) = store.trend_query(query["id"])["history"]
    assert (sighting["via"], sighting["seen_at"]) == ("card", "2026-02-03T08:00:00Z")  # when the page was published


def test_a_trend_card_on_an_undated_saved_page_is_no_sighting_at_the_ingest_time(store, ingest):
    (outcome,) = ingest(FIX / "pages" / "card.html")
    assert store.trend_queries() == []  # no time is known for it: ingesting is not seeing the trend
    (card,) = store.story_trend_cards([outcome.story_id])
    assert card["trend"]["query"] == "tarn bridge" and card["seen"] is None
