"""Google Trends "trending now" RSS: queries, their approximate traffic and news items.

The feed (``https://trends.google.com/trending/rss?geo=XX``) is RSS 2.0 with
an extra namespace: each ``<item>`` is one query (its ``<title>``), with
``<ht:approx_traffic>`` ("20,000+", "200K+"), ``<pubDate>`` and several
``<ht:news_item>`` blocks (title, snippet, URL, source). Elements are matched
by local name, so older and newer namespace URIs both work.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING
from urllib.parse import parse_qs, urlencode, urlsplit

from ..errors import UnsupportedInput
from ..textutil import parse_traffic  # one reading of traffic strings, shared with the store and the web
from ..timeutil import parse_loose
from .feeds import html_to_text, http_url

if TYPE_CHECKING:
    from lxml.etree import _Element  # lxml ships no types: Any to mypy, named for the reader

__all__ = ["NewsItem", "TrendItem", "TrendsFeed", "is_trends_url", "parse_traffic", "parse_trends",
           "trends_url"]

TRENDS_RSS = "https://trends.google.com/trending/rss"



@dataclass(slots=True)
class NewsItem:
    title: str
    url: str | None
    snippet: str = ""
    source: str = ""


@dataclass(slots=True)
class TrendItem:
    query: str
    traffic: str | None  # as printed: "20,000+"
    traffic_n: int | None  # as a number: 20000
    published: datetime | None
    news: list[NewsItem] = field(default_factory=list)


@dataclass(slots=True)
class TrendsFeed:
    geo: str | None
    title: str = ""
    items: list[TrendItem] = field(default_factory=list)
    warning: str | None = None


def trends_url(geo: str) -> str:
    """The trending-now RSS URL for a region code ("US", "CA", ...)."""
    code = geo.strip().upper()
    if not re.fullmatch(r"[A-Z]{2}(-[A-Z0-9]{1,3})?", code):
        raise UnsupportedInput(f"bad region code {geo!r}: use a two-letter code such as US or CA")
    return f"{TRENDS_RSS}?{urlencode({'geo': code})}"


def is_trends_url(url: str) -> bool:
    parts = urlsplit(url)
    host = (parts.hostname or "").lower()
    return host.startswith("trends.google.") and ("/trending/rss" in parts.path or "trendingsearches" in parts.path)


def geo_of(url: str | None) -> str | None:
    if not url:
        return None
    values = parse_qs(urlsplit(url).query).get("geo")
    return values[0].upper() if values and values[0].strip() else None


def parse_trends(content: bytes, *, url: str | None = None) -> TrendsFeed:
    """Queries of a Trends RSS document. Raises :class:`UnsupportedInput` (and nothing else) when it is none."""
    try:
        return _parse_trends(content, url)
    except UnsupportedInput:
        raise
    except Exception as exc:  # lxml's recovering parser can leave text it cannot decode, among others
        raise UnsupportedInput(f"unreadable Trends feed ({type(exc).__name__}: {' '.join(str(exc).split())[:120]})") \
            from exc


def _parse_trends(content: bytes, url: str | None) -> TrendsFeed:
    root, warning = _xml_root(content)
    if root is None or _local(root) != "rss":
        raise UnsupportedInput("not a Trends feed: no <rss> root element")
    channel = next((el for el in root if _local(el) == "channel"), None)
    if channel is None:
        raise UnsupportedInput("not a Trends feed: no <channel>")
    link = _child_text(channel, "link")
    self_link = next((el.get("href") for el in channel if _local(el) == "link" and el.get("href")), None)
    geo = geo_of(url) or geo_of(self_link) or geo_of(link)
    items = [t for t in (_item(el) for el in channel if _local(el) == "item") if t is not None]
    return TrendsFeed(geo=geo, title=_child_text(channel, "title"), items=items, warning=warning)


def _xml_root(content: bytes) -> tuple[_Element, str | None]:
    from lxml import etree

    strict = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)
    try:
        return etree.fromstring(content, strict), None
    except etree.XMLSyntaxError as exc:
        lenient = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, recover=True)
        try:
            root = etree.fromstring(content, lenient)
        except (etree.XMLSyntaxError, ValueError):
            raise UnsupportedInput(f"not a Trends feed: {exc}") from exc
        return root, f"feed has problems (XML: {exc})"
    except ValueError as exc:
        raise UnsupportedInput(f"not a Trends feed: {exc}") from exc


def _item(el: _Element) -> TrendItem | None:
    query = " ".join(_child_text(el, "title").split())
    if not query:
        return None
    traffic = _child_text(el, "approx_traffic").strip() or None
    news = [_news(n) for n in el if _local(n) == "news_item"]
    return TrendItem(query=query, traffic=traffic, traffic_n=parse_traffic(traffic),
                     published=parse_loose(_child_text(el, "pubDate")), news=[n for n in news if n.title or n.url])


def _news(el: _Element) -> NewsItem:
    return NewsItem(title=_plain(_child_text(el, "news_item_title")),
                    url=http_url(_child_text(el, "news_item_url")),
                    snippet=_plain(_child_text(el, "news_item_snippet")),
                    source=_plain(_child_text(el, "news_item_source")))


def _plain(text: str) -> str:
    return " ".join(html_to_text(text).split())


def _local(el: _Element) -> str:
    tag = el.tag
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def _child_text(el: _Element, name: str) -> str:
    for child in el:
        if _local(child) == name:
            return "".join(child.itertext())
    return ""
