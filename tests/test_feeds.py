"""Feed parsing (RSS 0.91/1.0/2.0, Atom, JSON Feed), discovery and OPML."""
from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from newsdesk.collect.feeds import discover_feeds, entry_doc, html_to_text, parse_feed
from newsdesk.collect.opml import OpmlFeed, parse_opml, to_opml
from newsdesk.errors import UnsupportedInput
from newsdesk.extract import extract

FIX = Path(__file__).parent / "fixtures" / "collect"
BASE = "http://news.example"


def fixture(name: str) -> bytes:
    return (FIX / name).read_text(encoding="utf-8").replace("{base}", BASE).encode("utf-8")


def test_rss20_entries_keep_guid_link_and_the_feed_declared_date():
    feed = parse_feed(fixture("rss20.xml"), url=f"{BASE}/rss.xml", content_type="application/rss+xml")
    assert (feed.kind, feed.version, feed.title, feed.ttl_minutes) == ("rss", "rss20", "Valley Courier – Local", 30)
    assert feed.warning is None and len(feed.entries) == 3
    first, _, letter = feed.entries
    assert first.key == "courier-1001" and first.guid == "courier-1001"
    assert first.link == f"{BASE}/news/bridge-a.html?utm_source=rss&utm_medium=feed"
    assert first.published == datetime(2026, 10, 14, 8, 30, tzinfo=UTC)
    assert first.summary == "The footbridge over the Tarn River is open again." and first.author == "Staff reporter"
    assert letter.link is None and letter.key == "courier-1003"
    assert letter.content.startswith("This week the Courier") and "\n\n" in letter.content


def test_atom_links_resolve_against_xml_base_and_dates_stay_apart():
    feed = parse_feed(fixture("atom.xml"), url=f"{BASE}/atom.xml")
    (entry,) = feed.entries
    assert (feed.kind, feed.version) == ("atom", "atom10")
    assert entry.link == f"{BASE}/news/bridge-b.html" and entry.key == "urn:northside:2001"
    assert entry.published == datetime(2026, 10, 14, 11, 5, tzinfo=UTC)
    assert entry.updated == datetime(2026, 10, 14, 12, 0, tzinfo=UTC)


def test_rss10_and_rss091_feeds():
    rdf = parse_feed(fixture("rss10.xml"))
    assert rdf.version == "rss10" and [e.link for e in rdf.entries] == ["http://example.org/a", "http://example.org/b"]
    assert rdf.entries[0].published == datetime(2026, 10, 1, 10, tzinfo=UTC)
    old = parse_feed((FIX / "rss091.xml").read_bytes())
    assert old.version.startswith("rss09") and old.entries[0].title == "Café opens on Mill Street"


def test_json_feed_items_with_relative_and_unsafe_links():
    feed = parse_feed(fixture("feed.json"), url=f"{BASE}/feed.json", content_type="application/feed+json")
    assert (feed.kind, feed.version, feed.title) == ("json", "json1.1", "Harwick Notes")
    first, relative, unsafe = feed.entries
    assert first.link == f"{BASE}/news/library.html" and first.author == "Notes desk"
    assert first.content == "All five branches will open on Sundays."
    assert first.published == datetime(2026, 10, 20, 7, tzinfo=UTC)
    assert relative.link == f"{BASE}/news/relative.html" and relative.key == "2"
    assert unsafe.link is None and unsafe.key == "note-3"


def test_a_malformed_feed_is_a_warning_and_keeps_its_entries():
    feed = parse_feed(fixture("malformed.xml"))
    assert feed.warning and feed.warning.startswith("feed has problems")
    assert [e.link for e in feed.entries][:1] == ["http://example.org/one"]


def test_an_html_page_is_not_a_feed_but_names_the_feeds_it_advertises():
    page = (b"<html><head><link rel='alternate' type='application/rss+xml' href='/rss.xml'>"
            b"<link rel='stylesheet' href='/s.css'></head><body><p>Hello</p></body></html>")
    with pytest.raises(UnsupportedInput, match=r"an HTML page, not a feed; it links to http://news.example/rss.xml"):
        parse_feed(page, url=f"{BASE}/", content_type="text/html")
    assert discover_feeds(page, f"{BASE}/") == [f"{BASE}/rss.xml"]


@pytest.mark.parametrize("content", [b"", b"   ", b"plain words", b"{\"not\": \"a feed\"}", b"{broken json",
                                     b"\x00\x01\x02\xff" * 50, b"/etc/passwd"])
def test_junk_is_refused_with_a_reason_and_never_read_as_a_path(content):
    with pytest.raises(UnsupportedInput):
        parse_feed(content)


def test_a_valid_empty_feed_parses_to_no_entries():
    feed = parse_feed(b'<?xml version="1.0"?><rss version="2.0"><channel><title>Quiet</title></channel></rss>')
    assert feed.entries == [] and feed.title == "Quiet" and feed.warning is None


def test_entries_without_guid_or_link_get_a_content_key():
    rss = (b'<rss version="2.0"><channel><title>t</title><item><title>Same</title><description>One'
           b'</description></item><item><title>Same</title><description>Two</description></item></channel></rss>')
    keys = [e.key for e in parse_feed(rss).entries]
    assert len(set(keys)) == 2 and all(k.startswith("sha:") for k in keys)


def test_future_dates_declared_by_a_feed_are_dropped():
    rss = (b'<rss version="2.0"><channel><title>t</title><item><title>x</title><link>http://e.org/x</link>'
           b'<pubDate>Fri, 01 Jan 2100 00:00:00 GMT</pubDate></item></channel></rss>')
    assert parse_feed(rss).entries[0].published is None


def test_html_to_text_keeps_paragraphs_and_drops_scripts():
    text = html_to_text("<p>One &amp; two</p><script>alert(1)</script><ul><li>a</li><li>b</li></ul>")
    assert text == "One & two\n\na\n\nb"
    assert html_to_text("no markup &lt;here&gt;") == "no markup <here>"


def test_an_entry_without_a_page_becomes_a_plain_text_document():
    feed = parse_feed(fixture("rss20.xml"), url=f"{BASE}/rss.xml")
    doc = entry_doc(feed.entries[2], feed_url=f"{BASE}/rss.xml", feed_title=feed.title)
    article = extract(doc)
    assert article.title == "Letter from the editor" and article.text.startswith("This week the Courier")
    assert article.published == datetime(2026, 10, 20, 9, tzinfo=UTC)  # a feed's own date comes first
    assert article.published_source == "input"
    assert article.meta["feed_published"] == "2026-10-20T09:00:00Z" and article.meta["feed"] == f"{BASE}/rss.xml"


# -- OPML ---------------------------------------------------------------------------------
def test_opml_import_reads_nested_outlines_and_reports_unusable_ones():
    feeds, problems = parse_opml((FIX / "subscriptions.opml").read_bytes())
    assert [(f.url, f.title, f.category) for f in feeds] == [
        ("https://courier.example/feed.xml", "Valley Courier", "Local"),
        ("https://northside.example/atom.xml", "Northside Daily", "Local"),
        ("https://trends.google.com/trending/rss?geo=CA", "Trends Canada", ""),
    ]
    assert len(problems) == 1 and "file:///etc/passwd" in problems[0]


def test_opml_export_round_trips_and_escapes():
    feeds = [OpmlFeed("https://a.example/feed?x=1&y=2", 'Quotes "and" <tags>', "World & more"),
             OpmlFeed("https://b.example/rss", "", "")]
    text = to_opml(feeds, created=datetime(2026, 11, 1, tzinfo=UTC))
    assert "<dateCreated>Sun, 01 Nov 2026 00:00:00 GMT</dateCreated>" in text
    back, problems = parse_opml(text.encode("utf-8"))
    assert problems == [] and sorted((f.url, f.title, f.category) for f in back) == [
        ("https://a.example/feed?x=1&y=2", 'Quotes "and" <tags>', "World & more"),
        ("https://b.example/rss", "https://b.example/rss", "")]


@pytest.mark.parametrize("content", [b"", b"<html><body/></html>", b"<opml version='2.0'><head/></opml>"])
def test_opml_that_is_not_opml_is_refused(content):
    with pytest.raises(UnsupportedInput, match="not an OPML file"):
        parse_opml(content)


def test_opml_entities_are_not_expanded():
    bomb = (b'<?xml version="1.0"?><!DOCTYPE opml [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;">'
            b'<!ENTITY ext SYSTEM "file:///etc/passwd">]><opml version="2.0"><body>'
            b'<outline text="&b;&ext;" xmlUrl="https://x.example/f"/></body></opml>')
    feeds, _ = parse_opml(bomb)
    assert feeds[0].url == "https://x.example/f" and "root:" not in feeds[0].title
