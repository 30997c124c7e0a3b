"""Collect from the live web: feeds, trending queries, pages and archives, politely and safely.

    sources ─► Fetcher (robots.txt, per-host turns, SSRF guard, caps, retries)
            ─► parse_feed / parse_trends ─► entries ─► Fetcher ─► Ingestor (as files)

Public surface: :class:`Collector` (collect/watch/fetch runs), :class:`Fetcher`
(the one HTTP layer) and the parsers. Archives are read by :mod:`newsdesk.warc`,
below the collector, since file inputs read them too. Names are imported on
first use, so ``import newsdesk.collect.trends`` stays light.
"""
from __future__ import annotations

from importlib import import_module
from typing import Any

_EXPORTS = {
    "feeds": ("FeedEntry", "ParsedFeed", "discover_feeds", "parse_feed"),
    "http": ("FetchOptions", "FetchResult", "Fetcher", "user_agent"),
    "opml": ("OpmlFeed", "parse_opml", "to_opml"),
    "runner": ("CollectOptions", "CollectReport", "Collector", "SourceReport"),
    "trends": ("TrendItem", "TrendsFeed", "parse_traffic", "parse_trends", "trends_url"),
}
_WHERE = {name: module for module, names in _EXPORTS.items() for name in names}

__all__ = sorted(_WHERE)


def __getattr__(name: str) -> Any:
    module = _WHERE.get(name)
    if module is None:
        raise AttributeError(f"module 'newsdesk.collect' has no attribute {name!r}")
    return getattr(import_module(f".{module}", __name__), name)
