"""Feeds: RSS 0.9x/1.0/2.0 and Atom (feedparser), and JSON Feed, from bytes already fetched.

:func:`parse_feed` never fetches anything: feedparser gets a byte stream (a
bare string could make it open a URL or a local file). A feed that parses with
problems (feedparser's ``bozo``) keeps its entries and carries a ``warning``; a
document that is no feed at all raises :class:`UnsupportedInput`, naming the
feeds an HTML page advertises when it is one.

Dates a feed declares are returned as they are (``published``/``updated``), to
be kept apart from the dates the article page itself gives.
"""
from __future__ import annotations

import io
import re
from calendar import timegm
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any
from urllib.parse import urljoin, urlsplit

from ..errors import UnsupportedInput
from ..extract import decode, markup_problem
from ..records import RawDoc
from ..textutil import stable_id
from ..timeutil import parse_loose, to_iso, utcnow
from ..validate import LIMITS, clean_line, clean_text, loads

__all__ = ["FeedEntry", "ParsedFeed", "discover_feeds", "entry_doc", "html_to_text", "http_url", "parse_feed"]

FEED_TYPES = ("application/rss+xml", "application/atom+xml", "application/feed+json", "application/json",
              "application/rdf+xml", "text/xml", "application/xml")
_MAX_KEY = 1000


@dataclass(slots=True)
class FeedEntry:
    """One entry of a feed, reduced to what collect needs."""

    key: str  # GUID, else link, else a hash of title and text: the de-duplication key
    link: str | None  # absolute http(s) URL of the article page
    title: str = ""
    summary: str = ""  # plain text
    content: str = ""  # plain text of the fullest content the feed carries
    guid: str | None = None
    published: datetime | None = None  # as the feed declares it
    updated: datetime | None = None
    author: str | None = None


@dataclass(slots=True)
class ParsedFeed:
    kind: str  # "rss" | "atom" | "json"
    version: str  # feedparser's version string ("rss20", "atom10", ...) or "json1"
    title: str = ""
    link: str | None = None
    entries: list[FeedEntry] = field(default_factory=list)
    warning: str | None = None  # the feed parsed, with problems
    ttl_minutes: int | None = None  # how often the feed says it may change


# -- entry point --------------------------------------------------------------------
def parse_feed(content: bytes, *, url: str | None = None, content_type: str = "") -> ParsedFeed:
    """Parse feed bytes. Raises :class:`UnsupportedInput` (and nothing else) when they hold no feed."""
    if not content or not content.strip():
        raise UnsupportedInput("empty document: not a feed")
    head = content.lstrip()[:1]
    problem = markup_problem(content.decode("latin-1"))
    if problem:
        raise UnsupportedInput(f"not a feed: {problem}")
    try:
        if "json" in content_type.lower() or head == b"{":
            parsed = _parse_json_feed(content, url)
        else:
            parsed = _parse_xml_feed(content, url, content_type)
    except UnsupportedInput:
        raise
    except Exception as exc:  # the parser library tripping over a hostile document
        raise UnsupportedInput(f"unreadable feed ({type(exc).__name__}: {' '.join(str(exc).split())[:120]})") from exc
    return _safe(parsed)


def parse_source_task(job: tuple[str, bytes, str | None, str]) -> Any:
    """The reading pool's task for a fetched source (``kind, content, url, content_type``): its
    :class:`ParsedFeed` (or Trends feed), or the reason it is none. Parsers of hostile feeds can
    take minutes (feedparser on 100,000 attributes), hence the pool's time budget."""
    kind, content, url, content_type = job
    try:
        if kind == "trends":
            from .trends import parse_trends

            return parse_trends(content, url=url)
        return parse_feed(content, url=url, content_type=content_type)
    except UnsupportedInput as exc:
        return str(exc)


def _safe(parsed: ParsedFeed) -> ParsedFeed:
    """Every string from the feed safe to store (no lone surrogates or control characters), labels capped."""
    parsed.title = clean_line(parsed.title, LIMITS.max_title_chars)
    for entry in parsed.entries:
        entry.title = clean_line(entry.title, LIMITS.max_title_chars)
        entry.key, entry.guid = clean_line(entry.key, 2000), clean_line(entry.guid, 2000) or None
        entry.author = clean_line(entry.author) or None
        entry.summary, entry.content = clean_text(entry.summary), clean_text(entry.content)
    return parsed


def _parse_xml_feed(content: bytes, url: str | None, content_type: str) -> ParsedFeed:
    import feedparser

    headers = {"content-type": content_type or "application/xml"}
    if url:
        headers["content-location"] = url
    try:
        parsed = feedparser.parse(io.BytesIO(_CHARREF.sub(_safe_charref, content)), response_headers=headers)
    except (LookupError, ValueError):  # a bogus declared encoding, an impossible character: decode it ourselves
        headers["content-type"] = "application/xml; charset=utf-8"
        text = _XML_DECLARATION.sub("", decode(content), count=1).encode("utf-8")
        parsed = feedparser.parse(io.BytesIO(_CHARREF.sub(_safe_charref, text)), response_headers=headers)
    version = parsed.get("version") or ""
    entries = [e for e in (_xml_entry(raw) for raw in parsed.entries) if e is not None]
    warning = _bozo(parsed)
    if not version and not entries and (warning or not _feed_root(content)):
        raise UnsupportedInput(_not_a_feed(content, url, warning))
    feed = parsed.feed
    return ParsedFeed(
        kind="atom" if version.startswith("atom") else "rss", version=version or "unknown",
        title=_clean_line(feed.get("title", "")), link=http_url(feed.get("link")), entries=entries,
        warning=warning, ttl_minutes=_int(feed.get("ttl")))


_CHARREF = re.compile(rb"&#(x[0-9a-fA-F]+|[0-9]+);?")
_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>")


def _safe_charref(match: re.Match[bytes]) -> bytes:
    """A character reference to a code point that cannot exist becomes U+FFFD (parsers raise on it)."""
    digits = match.group(1)
    value = int(digits[1:], 16) if digits[:1] in (b"x", b"X") else int(digits) if len(digits) < 12 else -1
    return match.group(0) if 0 < value <= 0x10FFFF and not 0xD800 <= value <= 0xDFFF else b"&#xFFFD;"


_ROOT = re.compile(rb"^(?:\s|<\?[^>]*\?>|<!--.*?-->|<!DOCTYPE[^>]*>)*<([\w:.-]+)", re.S | re.I)
_FEED_ROOTS = {b"rss", b"rdf:rdf", b"feed", b"channel"}  # channel: Microsoft CDF


def _feed_root(content: bytes) -> bool:
    """Whether the document's root element is one that only feeds use."""
    match = _ROOT.match(content[:65_536].lstrip(b"\xef\xbb\xbf"))
    return match is not None and match.group(1).lower() in _FEED_ROOTS


def _bozo(parsed: Any) -> str | None:
    if not parsed.get("bozo"):
        return None
    exc = parsed.get("bozo_exception")
    text = " ".join(str(exc).split()) if exc is not None else "malformed feed"
    return f"feed has problems ({type(exc).__name__ if exc is not None else 'bozo'}: {text[:160]})"


def _not_a_feed(content: bytes, url: str | None, warning: str | None) -> str:
    found = discover_feeds(content, url) if b"<" in content[:4096] else []
    if found:
        return "an HTML page, not a feed; it links to " + ", ".join(found[:3])
    return "not a feed" + (f": {warning}" if warning else "")


def _xml_entry(raw: Any) -> FeedEntry | None:
    link = http_url(raw.get("link"))
    guid = _clean_line(raw.get("id") or "") or None
    title = _clean_line(html_to_text(raw.get("title", "")))
    summary = html_to_text(raw.get("summary", ""))
    content = max((html_to_text(c.get("value", "")) for c in raw.get("content", []) or []), key=len, default="")
    if not (link or guid or title or summary or content):
        return None
    return FeedEntry(
        key=_entry_key(guid, link, title, summary or content), link=link, title=title, summary=summary,
        content=content if len(content) > len(summary) else summary, guid=guid,
        published=_struct_time(raw.get("published_parsed") or raw.get("updated_parsed")),  # dc:date is updated
        updated=_struct_time(raw.get("updated_parsed")), author=_clean_line(raw.get("author", "")) or None)


# -- JSON Feed ----------------------------------------------------------------------
def _parse_json_feed(content: bytes, url: str | None) -> ParsedFeed:
    try:
        data = loads(content.decode("utf-8-sig", errors="replace"))
    except ValueError as exc:
        raise UnsupportedInput(f"not a feed: invalid JSON ({exc})") from exc
    if not isinstance(data, dict) or not str(data.get("version", "")).startswith("https://jsonfeed.org/version/"):
        raise UnsupportedInput("not a feed: JSON without a jsonfeed.org version")
    items = data.get("items")
    warning = None if isinstance(items, list) else "feed has problems (JSON Feed without an items list)"
    base = http_url(data.get("feed_url")) or url
    entries = [e for e in (_json_entry(i, base) for i in (items if isinstance(items, list) else [])) if e]
    version = "json" + str(data["version"]).rstrip("/").rsplit("/", 1)[-1]
    return ParsedFeed(kind="json", version=version, title=_clean_line(str(data.get("title") or "")),
                      link=http_url(data.get("home_page_url")), entries=entries, warning=warning)


def _json_entry(item: Any, base: str | None) -> FeedEntry | None:
    if not isinstance(item, dict):
        return None
    link = http_url(_resolve(item.get("url"), base)) or http_url(_resolve(item.get("external_url"), base))
    guid = _clean_line(str(item["id"])) if item.get("id") not in (None, "") else None
    title = _clean_line(_text(item.get("title")))
    summary = _clean_line(_text(item.get("summary")))
    html = _text(item.get("content_html"))
    content = html_to_text(html) if html else _text(item.get("content_text")).strip()
    if not (link or guid or title or content):
        return None
    return FeedEntry(
        key=_entry_key(guid, link, title, summary or content), link=link, title=title,
        summary=summary or content[:500], content=content or summary, guid=guid,
        published=_iso_date(item.get("date_published")), updated=_iso_date(item.get("date_modified")),
        author=_json_author(item))


def _json_author(item: dict[str, Any]) -> str | None:
    listed = item.get("authors")
    authors: list[Any] = listed if isinstance(listed, list) else [item.get("author")]
    names: list[str] = [a["name"] for a in authors if isinstance(a, dict) and isinstance(a.get("name"), str)]
    return ", ".join(names) or None


# -- discovery ----------------------------------------------------------------------
def discover_feeds(html: bytes, base_url: str | None) -> list[str]:
    """Feed URLs an HTML page advertises with ``<link rel="alternate" type="...">``."""
    from lxml import html as lxml_html

    try:
        tree = lxml_html.fromstring(html[:1_000_000])
    except (ValueError, TypeError, Exception):  # lxml raises several unrelated types on junk
        return []
    found = []
    for link in tree.iter("link"):
        rel = (link.get("rel") or "").lower().split()
        kind = (link.get("type") or "").lower().split(";")[0].strip()
        href = http_url(_resolve(link.get("href"), base_url))
        if "alternate" in rel and kind in FEED_TYPES and href and href not in found:
            found.append(href)
    return found


# -- an entry as a document -------------------------------------------------------------
def entry_doc(entry: FeedEntry, *, feed_url: str, feed_title: str = "") -> RawDoc:
    """The entry's own text as a document (used when its page cannot be fetched)."""
    return RawDoc(
        uri=entry.link or f"{feed_url}#{entry.key}", content=entry.content or entry.summary,
        content_type="text/plain", url=entry.link, fetched_at=utcnow(), source=feed_title or None,
        meta={"title": entry.title, "feed": feed_url, "feed_title": feed_title, "guid": entry.guid or "",
              "feed_published": to_iso(entry.published) or "", "feed_updated": to_iso(entry.updated) or "",
              "format": "feed-entry"})


# -- small helpers --------------------------------------------------------------------
_BLOCK_TAGS = ("p", "div", "br", "li", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "tr", "pre",
               "section", "article", "figcaption", "dd", "dt")
_WS = re.compile(r"[ \t\r\f\v\u00a0]+")


def html_to_text(fragment: str) -> str:
    """Plain text of an HTML fragment, one paragraph per block element."""
    if not fragment or "<" not in fragment:
        return _unescape(fragment or "").strip()
    from lxml import etree
    from lxml import html as lxml_html

    try:
        root = lxml_html.fragment_fromstring(fragment, create_parent="div")
    except (ValueError, TypeError, etree.ParserError):
        return _unescape(re.sub(r"<[^>]*>", " ", fragment)).strip()
    for bad in root.xpath("//script|//style"):
        bad.drop_tree()
    for el in root.iter(*_BLOCK_TAGS):
        el.tail = "\n\n" + (el.tail or "")
    lines = [_WS.sub(" ", line).strip() for line in root.text_content().split("\n")]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


def _unescape(text: str) -> str:
    import html

    return html.unescape(text)


def _clean_line(text: str) -> str:
    return " ".join(str(text).split())


def _text(value: Any) -> str:
    return value if isinstance(value, str) else ""


def _resolve(href: Any, base: str | None) -> str | None:
    if not isinstance(href, str) or not href.strip():
        return None
    try:
        return urljoin(base, href.strip()) if base else href.strip()
    except ValueError:  # a malformed base or link ("http://[::1")
        return None


def http_url(value: Any) -> str | None:
    """The value when it is an absolute http(s) URL with a host, else None."""
    if not isinstance(value, str):
        return None
    value = value.strip()
    try:
        parts = urlsplit(value)
    except ValueError:
        return None
    return value if parts.scheme in ("http", "https") and parts.hostname else None


def _entry_key(guid: str | None, link: str | None, title: str, text: str) -> str:
    if guid:
        return guid[:_MAX_KEY]
    if link:
        return link[:_MAX_KEY]
    return "sha:" + stable_id("entry", title, text[:2000])


def _struct_time(value: Any) -> datetime | None:
    if not value:
        return None
    try:
        when = datetime.fromtimestamp(timegm(value), tz=UTC)
    except (TypeError, ValueError, OverflowError):
        return None
    return _plausible(when)


def _iso_date(value: Any) -> datetime | None:
    return _plausible(parse_loose(value)) if isinstance(value, str) else None


def _plausible(when: datetime | None) -> datetime | None:
    """A declared date, unless it lies in the future or before 1990 (feed clock errors)."""
    if when is None or when.year < 1990 or when > utcnow() + timedelta(days=1):
        return None
    return when


def _int(value: Any) -> int | None:
    try:
        number = int(str(value).strip())
    except (TypeError, ValueError):
        return None
    return number if 0 < number < 100_000 else None
