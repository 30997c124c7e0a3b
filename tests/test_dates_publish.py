"""Publish dates and where they come from (``published_source``); undated articles stay undated.

Pages and texts are invented. Each source in order: the input's own field, meta tags,
JSON-LD, the URL, the page (htmldate), a 'Published:' line, a news dateline, the text, none.
"""
from __future__ import annotations

import json
from datetime import UTC, datetime

from newsdesk.pipeline import prepare
from newsdesk.pubdate import dateline_date, text_date, url_date
from newsdesk.records import RawDoc

BODY = ("<p>The Kestrel harbour board voted to lengthen the northern breakwater by forty metres, "
        "after two winters in which storm swells pushed fishing boats against the quay.</p>"
        "<p>Board chair Ines Marwick said the work would take most of a year and cost about nine million dollars.</p>")
FETCHED = datetime(2026, 5, 1, 9, 0, tzinfo=UTC)
UTC = UTC


def page(head: str = "", body: str = BODY, url: str | None = "https://kestrelpost.example/news/breakwater",
         fetched: datetime | None = FETCHED, meta: dict | None = None):
    html = f"<html><head><title>Breakwater to grow</title>{head}</head><body><article>{body}</article></body></html>"
    return prepare(RawDoc(uri=url or "page.html", content=html.encode(), content_type="text/html", url=url,
                          fetched_at=fetched, meta=meta or {}))


def text(content: str, meta: dict | None = None, fetched: datetime | None = None):
    return prepare(RawDoc(uri="story.txt", content=content.encode(), path="story.txt", fetched_at=fetched,
                          meta=meta or {}))


def day(article) -> tuple[str | None, str | None]:
    return (article.published.date().isoformat() if article.published else None), article.published_source


# -- pages ------------------------------------------------------------------------------------------
def test_meta_tags_give_the_date_and_say_so():
    article = page('<meta property="article:published_time" content="2026-04-20T07:15:00+12:00">')
    assert article.published == datetime(2026, 4, 19, 19, 15, tzinfo=UTC)
    assert article.published_source == "meta"


def test_json_ld_is_told_apart_from_meta_tags():
    ld = {"@context": "https://schema.org", "@type": "NewsArticle", "datePublished": "2026-04-18T10:00:00Z",
          "dateModified": "2026-04-19T10:00:00Z"}
    article = page(f'<script type="application/ld+json">{json.dumps(ld)}</script>')
    assert day(article) == ("2026-04-18", "json-ld")
    assert article.updated == datetime(2026, 4, 19, 10, tzinfo=UTC)  # kept apart


def test_a_full_date_in_the_url():
    assert day(page(url="https://kestrelpost.example/2026/04/17/breakwater-vote/")) == ("2026-04-17", "url")
    assert url_date("https://x.example/news/breakwater-2026-04-16.html") == datetime(2026, 4, 16).date()
    assert url_date("https://x.example/archive/20260415/item") == datetime(2026, 4, 15).date()
    assert url_date("https://x.example/2026/04/breakwater") is None  # a month is no publish date
    assert url_date("https://x.example/story/202604151234567") is None  # an id, not a date


def test_a_date_htmldate_finds_in_the_page():
    body = '<p class="byline">By Ines Roe · <time datetime="2026-04-14">14 April 2026</time></p>' + BODY
    assert day(page(body=body, url="https://kestrelpost.example/news/breakwater")) == ("2026-04-14", "page")
    line = "<p>Veröffentlicht am 12. April 2026</p>" + BODY  # a 'published on' line, in German
    assert day(page(body=line)) == ("2026-04-12", "page")


def test_the_input_field_comes_first():
    article = page('<meta property="article:published_time" content="2026-04-20T07:15:00Z">',
                   meta={"feed_published": "2026-04-21T06:00:00Z"})
    assert day(article) == ("2026-04-21", "input")
    record = text("The board voted on Tuesday to lengthen the breakwater by forty metres at a cost of nine million.",
                  meta={"published": "2026-04-22T08:00:00+12:00", "format": "jsonl"})
    assert day(record) == ("2026-04-21", "input") and record.meta["published_day"] == "2026-04-22"


def test_a_date_after_the_fetch_is_no_publish_date():
    article = page('<meta property="article:published_time" content="2026-06-30T00:00:00Z">')
    assert day(article) == (None, "none")
    zone_slip = page('<meta property="article:published_time" content="2026-05-01T20:00:00Z">')
    assert day(zone_slip) == ("2026-05-01", "meta")  # within a time zone of the fetch


# -- texts --------------------------------------------------------------------------------------------
def test_a_published_line_is_a_dateline():
    article = text("Breakwater to grow by forty metres\n\nPublished: 14 April 2026\n\n"
                   "The Kestrel harbour board voted to lengthen the northern breakwater by forty metres.")
    assert day(article) == ("2026-04-14", "dateline")


def test_a_news_dateline_with_the_year_from_the_text():
    article = text("KESTREL, April 9 (Coastline Wire) – The harbour board voted to lengthen the northern "
                   "breakwater by forty metres, its first extension since 2019.\n\nThe work starts in 2026.")
    assert day(article) == ("2026-04-09", "dateline")
    assert dateline_date("KESTREL, April 9 – The board voted.", FUTURE_NOW) is None  # no year anywhere


FUTURE_NOW = datetime(2026, 12, 1, tzinfo=UTC)


def test_the_text_dates_an_article_by_the_latest_day_its_opening_reports():
    article = text("The harbour board of Kestrel met on Tuesday, April 7, and voted to lengthen the breakwater. "
                   "Board members had first discussed the plan in 2024.\n\n"
                   "Work is due to begin on May 4, the chair said.")
    assert day(article) == ("2026-04-07", "text")  # 7 April is a Tuesday in 2026, nearest to 2024; May 4 lies ahead


def test_dates_below_the_opening_tell_background_and_do_not_date_it():
    opening = ("The harbour board voted to lengthen the breakwater.\n\nThe chair said the work was overdue.\n\n"
               "Fishing crews welcomed the vote.\n\n")
    article = text(opening + "The old breakwater was finished on March 3, 2011, after a two-year build.")
    assert day(article) == (None, "none")


def test_a_weekday_fixes_the_year_only_with_years_in_the_text_or_a_fetch():
    story = "The harbour board met on Tuesday, April 7, and voted to lengthen the breakwater."
    assert day(text(story)) == (None, "none")  # a local file: no year anywhere, and the clock is no evidence
    assert day(text(story, fetched=FETCHED)) == ("2026-04-07", "text")  # the latest such Tuesday before the fetch


def test_history_older_than_the_years_the_text_names_is_no_publish_date():
    article = text("The quay opened on May 5, 2001, and was last dredged in 2025, the board said.")
    assert day(article) == (None, "none")


def test_future_and_undated_days_do_not_date_a_text():
    assert text_date("The board will vote on April 30, 2026, on the plan.", FUTURE_NOW) is None
    assert text_date("The board voted on Tuesday to lengthen the breakwater.", FUTURE_NOW) is None


def test_an_article_without_a_date_is_undated_never_the_ingest_time():
    article = text("The harbour board voted on Tuesday to lengthen the breakwater by forty metres, "
                   "after storm swells pushed fishing boats against the quay.")
    assert (article.published, article.published_source) == (None, "none")
    assert article.fetched is None and "published_day" not in article.meta
