"""Atom feeds (RFC 4287) of the front page, of saved searches and of stories.

Every feed and entry has the required ``id``, ``title``, ``updated``, an
``author`` and an alternate link; links are absolute (the server's base URL).
Text from articles is escaped by the XML writer, and characters XML 1.0 does
not allow are dropped.
"""
from __future__ import annotations

import re
from typing import Any
from xml.etree import ElementTree as ET

from ..display import outlet_name
from ..store import Store

ATOM = "http://www.w3.org/2005/Atom"
MEDIA_TYPE = "application/atom+xml"
_NOT_XML = re.compile("[^\u0009\u000a\u000d\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
EPOCH = "1970-01-01T00:00:00Z"
MAX_ENTRIES = 50


def xml_text(text: Any) -> str:
    return _NOT_XML.sub("", "" if text is None else str(text))


def article_entries(rows: list[dict[str, Any]], base: str) -> list[dict[str, Any]]:
    """Feed entries for article rows (from Store.follow_articles), newest first."""
    out = []
    for row in rows:
        outlet = outlet_name(source=row["source"], site=row["site"], url=row["url"], path=row["path"])
        out.append({"id": f"{base}/article/{row['id']}", "title": row["title"] or "(untitled)",
                    "updated": row["published"] or row["ingested_at"] or EPOCH, "author": outlet,
                    "link": f"{base}/article/{row['id']}",
                    "summary": f"{outlet}" + (f" · story {row['story_id']}" if row["story_id"] else "")})
    return out


def story_entries(cards: list[dict[str, Any]], base: str) -> list[dict[str, Any]]:
    """Feed entries for front-page story cards."""
    out = []
    for card in cards:
        lede = (card.get("lede") or {}).get("text") or ""
        counts = (f"{card['n_articles']} articles from {card['n_origins']} independent origins"
                  + (f", {card['conflicts']} conflicts" if card.get("conflicts") else ""))
        updated = max(filter(None, [card.get("last_seen"), card.get("briefed_at")]), default=EPOCH)
        out.append({"id": f"{base}/story/{card['id']}", "title": card["title"] or "(untitled story)",
                    "updated": updated, "author": ", ".join(card["outlets"][:3]) or "newsdesk",
                    "link": f"{base}/story/{card['id']}", "summary": f"{lede} ({counts})".strip()})
    return out


def search_feed(store: Store, follow: dict[str, Any], base: str) -> dict[str, Any]:
    rows = store.follow_articles(follow, limit=MAX_ENTRIES)
    from urllib.parse import quote

    return {"path": f"/feeds/search/{follow['name']}.atom", "title": f"newsdesk search: {follow['query']}",
            "alternate": f"{base}/search?q={quote(follow['query'] or '', safe='')}",
            "entries": article_entries(rows, base)}


def story_feed(store: Store, story: dict[str, Any], base: str) -> dict[str, Any]:
    rows = store.follow_articles({"kind": "story", "story_id": story["id"]}, limit=MAX_ENTRIES)
    return {"path": f"/feeds/story/{story['id']}.atom", "title": f"newsdesk story: {story['title']}",
            "alternate": f"{base}/story/{story['id']}", "entries": article_entries(rows, base)}


def atom(feed: dict[str, Any], base: str) -> bytes:
    """The Atom document of a feed dict (path, title, alternate, entries)."""
    ET.register_namespace("", ATOM)
    root = ET.Element(f"{{{ATOM}}}feed")
    _text(root, "id", base + feed["path"])
    _text(root, "title", feed["title"])
    _text(root, "updated", max((e["updated"] for e in feed["entries"]), default=EPOCH))
    _text(ET.SubElement(root, f"{{{ATOM}}}author"), "name", "newsdesk")
    _link(root, "self", base + feed["path"], MEDIA_TYPE)
    _link(root, "alternate", feed["alternate"], "text/html")
    _text(root, "generator", "newsdesk")
    for entry in feed["entries"]:
        node = ET.SubElement(root, f"{{{ATOM}}}entry")
        for key in ("id", "title", "updated"):
            _text(node, key, entry[key])
        _text(ET.SubElement(node, f"{{{ATOM}}}author"), "name", entry["author"])
        _link(node, "alternate", entry["link"], "text/html")
        _text(node, "summary", entry["summary"])
    return ('<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(root, encoding="unicode")).encode("utf-8")


def _text(parent: ET.Element, tag: str, value: Any) -> None:
    ET.SubElement(parent, f"{{{ATOM}}}{tag}").text = xml_text(value)


def _link(parent: ET.Element, rel: str, href: str, media_type: str) -> None:
    ET.SubElement(parent, f"{{{ATOM}}}link", {"rel": rel, "href": xml_text(href), "type": media_type})
