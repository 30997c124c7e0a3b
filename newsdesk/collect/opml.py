"""OPML 1.0/2.0 subscription lists: read feed URLs from one, write one.

Parsed without entity expansion, DTDs or network access. Outlines may nest
(folders); a folder's title becomes the feeds' ``category``.
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from email.utils import format_datetime
from typing import TYPE_CHECKING
from xml.sax.saxutils import quoteattr

from ..errors import UnsupportedInput
from .feeds import http_url

if TYPE_CHECKING:
    from lxml.etree import _Element  # lxml ships no types: Any to mypy, named for the reader

__all__ = ["OpmlFeed", "parse_opml", "to_opml"]


@dataclass(slots=True)
class OpmlFeed:
    url: str
    title: str = ""
    category: str = ""


def parse_opml(content: bytes) -> tuple[list[OpmlFeed], list[str]]:
    """(feeds, problems): every outline with an http(s) ``xmlUrl``; unusable outlines as problems."""
    from lxml import etree

    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, recover=True,
                             huge_tree=False)
    try:
        root = etree.fromstring(content, parser)
    except (etree.XMLSyntaxError, ValueError) as exc:
        raise UnsupportedInput(f"not an OPML file: {exc}") from exc
    if root is None or etree.QName(root).localname.lower() != "opml":
        raise UnsupportedInput("not an OPML file: no <opml> root element")
    body = next((el for el in root if isinstance(el.tag, str) and etree.QName(el).localname == "body"), None)
    if body is None:
        raise UnsupportedInput("not an OPML file: no <body>")
    feeds: list[OpmlFeed] = []
    problems: list[str] = []
    _walk(body, "", feeds, problems, set())
    return feeds, problems


def _walk(node: _Element, category: str, feeds: list[OpmlFeed], problems: list[str], seen: set[str]) -> None:
    from lxml import etree

    for el in node:
        if not isinstance(el.tag, str) or etree.QName(el).localname != "outline":
            continue
        title = " ".join((el.get("title") or el.get("text") or "").split())
        raw_url = el.get("xmlUrl") or el.get("xmlurl")
        if raw_url is None:
            _walk(el, title or category, feeds, problems, seen)
            continue
        url = http_url(raw_url)
        if url is None:
            problems.append(f"outline {title or raw_url!r}: feed URL {raw_url!r} is not http(s)")
        elif url not in seen:
            seen.add(url)
            feeds.append(OpmlFeed(url, title, category))
        _walk(el, category, feeds, problems, seen)


def to_opml(feeds: Iterable[OpmlFeed], *, title: str = "newsdesk sources",
            created: datetime | None = None) -> str:
    """An OPML 2.0 document listing the feeds, grouped by category."""
    groups: dict[str, list[OpmlFeed]] = {}
    for feed in feeds:
        groups.setdefault(feed.category, []).append(feed)
    lines = ['<?xml version="1.0" encoding="UTF-8"?>', '<opml version="2.0">', "  <head>",
             f"    <title>{_text(title)}</title>"]
    if created is not None:
        lines.append(f"    <dateCreated>{format_datetime(created, usegmt=True)}</dateCreated>")
    lines += ["  </head>", "  <body>"]
    for category, members in groups.items():
        indent = "    "
        if category:
            lines.append(f"    <outline text={quoteattr(category)} title={quoteattr(category)}>")
            indent = "      "
        for feed in members:
            name = feed.title or feed.url
            lines.append(f'{indent}<outline type="rss" text={quoteattr(name)} title={quoteattr(name)}'
                         f" xmlUrl={quoteattr(feed.url)}/>")
        if category:
            lines.append("    </outline>")
    lines += ["  </body>", "</opml>", ""]
    return "\n".join(lines)


def _text(value: str) -> str:
    return value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
