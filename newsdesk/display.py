"""How the desk names things for people: times and outlets, one helper each.

The web pages, the feeds and the command line all show a time through
:func:`when` and a source through :func:`outlet_name`, so a change in how
either is shown happens in one place.
"""
from __future__ import annotations

import functools
import os
import re
from urllib.parse import urlsplit

_HOSTLIKE = re.compile(r"^[\w-]+(\.[\w-]+)+$")  # "news.example.org": a host, not a name


def when(iso: str | None) -> str:
    """A stored ISO UTC time as "YYYY-MM-DD HH:MM" ("" when unknown)."""
    return (iso or "")[:16].replace("T", " ")


@functools.lru_cache(maxsize=1)
def _extractor():
    """tldextract with its bundled public-suffix snapshot: nothing is fetched, nothing cached on disk."""
    import tldextract

    return tldextract.TLDExtract(suffix_list_urls=(), cache_dir=None, fallback_to_snapshot=True)


@functools.lru_cache(maxsize=4096)
def registered_domain(url_or_host: str | None) -> str | None:
    """"https://www.news.example.co.uk/x" -> "example.co.uk" (the public-suffix rules); None for no host."""
    if not url_or_host:
        return None
    host = urlsplit(url_or_host).hostname if "//" in url_or_host else url_or_host.strip().lower()
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

    In order: the name given at ingest or by the feed/export (``source``), the
    site name from the page's metadata (``site``) — either is used as given
    unless it is a bare host name —, the registered domain of the URL (or of a
    host-like name), the folder a local file was read from; else "unknown outlet".
    """
    for name in (source, site):
        name = " ".join((name or "").split())
        if name and not _looks_like_path(name):
            return registered_domain(name) or name if _HOSTLIKE.match(name) and " " not in name else name
    domain = registered_domain(url) if url and "//" in url else None
    if domain:
        return domain
    if path:
        folder = os.path.basename(os.path.dirname(os.path.abspath(path)))
        if folder:
            return folder
    return "unknown outlet"


def _looks_like_path(name: str) -> bool:
    return name.startswith(("/", "./", "../", "~")) or "\\" in name or name.startswith("file:")
