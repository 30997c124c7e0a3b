"""How the desk names things for people: times and outlets, one helper each.

The web pages, the feeds and the command line all show a time through
:func:`when` and a source through :func:`outlet_name`, so a change in how
either is shown happens in one place.
"""
from __future__ import annotations

import functools
import os
import re
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

if TYPE_CHECKING:
    from tldextract import TLDExtract

_HOSTLIKE = re.compile(r"^[\w-]+(\.[\w-]+)+(:\d+)?$")  # "news.example.org[:8080]": a host, not a name


def when(iso: str | None) -> str:
    """A stored ISO UTC time as "YYYY-MM-DD HH:MM", the day alone at midnight UTC (a date found
    without a time of day), "" when unknown."""
    text = (iso or "")[:16].replace("T", " ")
    return text[:10] if text.endswith(" 00:00") else text


def dated(iso: str | None) -> str:
    """A date of the news as shown: :func:`when`, or "undated" (never the time it was ingested)."""
    return when(iso) or "undated"


@functools.lru_cache(maxsize=1)
def _extractor() -> TLDExtract:
    """tldextract with its bundled public-suffix snapshot: nothing is fetched, nothing cached on disk."""
    import tldextract

    return tldextract.TLDExtract(suffix_list_urls=(), cache_dir=None, fallback_to_snapshot=True)


@functools.lru_cache(maxsize=4096)
def registered_domain(url_or_host: str | None) -> str | None:
    """"https://www.news.example.co.uk/x" -> "example.co.uk" (the public-suffix rules); None for no host."""
    if not url_or_host:
        return None
    try:
        host = urlsplit(url_or_host if "//" in url_or_host else "//" + url_or_host.strip()).hostname
    except ValueError:
        return None
    if not host:
        return None
    parts = _extractor()(host)
    if parts.domain and parts.suffix:
        return f"{parts.domain}.{parts.suffix}"
    return host.removeprefix("www.")


def warm() -> None:
    """Load the public-suffix rules now (a server does this at start, not on a reader's first request)."""
    registered_domain("www.example.org")


def outlet_name(*, source: str | None = None, site: str | None = None, url: str | None = None,
                path: str | None = None) -> str:
    """The name a reader knows a source by, never a file path.

    In order: the site name from the page's metadata (``site``, when it is a
    name rather than a host), the name the feed, the export or the user at
    ingest gave (``source``), the registered domain of the site's host or of
    the URL, the folder a local file was read from; else "unknown outlet".
    """
    names = [" ".join((n or "").split()) for n in (site, source)]
    names = [n for n in names if n and not _looks_like_path(n)]
    for name in names:
        if not _HOSTLIKE.match(name):
            return name
    for candidate in names + ([url] if url and "//" in url else []):
        domain = registered_domain(candidate)
        if domain:
            return domain
    if path:
        folder = os.path.basename(os.path.dirname(os.path.abspath(path)))
        if folder:
            return folder
    return "unknown outlet"


def _looks_like_path(name: str) -> bool:
    return name.startswith(("/", "./", "../", "~")) or "\\" in name or name.startswith("file:")
