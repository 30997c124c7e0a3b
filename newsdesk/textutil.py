"""Small text helpers shared by several stages."""
from __future__ import annotations

import hashlib
import re
import unicodedata
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

_WS = re.compile(r"\s+")
_QUOTES = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"',
                         "\u2013": "-", "\u2014": "-", "\u00a0": " "})
# Approximate traffic as Google Trends prints it ("20,000+", "200K+", "1.5M+", "2 Mio.+").
_TRAFFIC = re.compile(r"^\s*(\d[\d\s,.'\u00a0\u202f]*)\s*([kmb]|mil|mio|mn|bn)?\.?\s*\+?\s*$", re.I)
_SCALE = {"": 1, "k": 1_000, "m": 1_000_000, "mil": 1_000_000, "mio": 1_000_000, "mn": 1_000_000,
          "b": 1_000_000_000, "bn": 1_000_000_000}
_TRACKING = re.compile(r"^(utm_|fbclid$|gclid$|mc_|ocid$|cmpid$|ref$|ref_src$|smid$)")


def normalise(text: str) -> str:
    """Lower-case, ASCII quotes and dashes, NFKC, single spaces."""
    text = unicodedata.normalize("NFKC", text or "").translate(_QUOTES).lower()
    return _WS.sub(" ", text).strip()


def stable_id(*parts: str) -> str:
    """A 16-hex-digit id from content: same input, same id, on every machine."""
    h = hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()
    return h[:16]


def canonical_url(url: str | None) -> str | None:
    """Lower-case scheme/host, no fragment, no tracking parameters, no trailing slash."""
    if not url:
        return None
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return None
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return None
    host = parts.hostname.lower()
    if host.startswith("www."):
        host = host[4:]
    port = f":{parts.port}" if parts.port and parts.port not in (80, 443) else ""
    query = urlencode(sorted((k, v) for k, v in parse_qsl(parts.query) if not _TRACKING.match(k)))
    path = parts.path.rstrip("/") or "/"
    return urlunsplit(("https", host + port, path, query, ""))


def site_of(url: str | None) -> str | None:
    canon = canonical_url(url)
    return urlsplit(canon).hostname if canon else None


def words(text: str) -> list[str]:
    return re.findall(r"[\w'’-]+", text.lower())


def parse_traffic(text: str | None) -> int | None:
    """A number from an approximate traffic string ("1000+", "20,000+", "200K+", "2M+", "1.5M+").

    Separators may be commas, spaces or dots ("1.000+" is a thousand: a dot
    followed by exactly three digits groups thousands). None when unreadable.
    """
    match = _TRAFFIC.match(text or "")
    if not match:
        return None
    digits = re.sub(r"[\s'\u00a0\u202f]", "", match.group(1))
    if re.fullmatch(r"\d{1,3}([,.]\d{3})+", digits):
        digits = re.sub(r"[,.]", "", digits)
    else:
        digits = digits.replace(",", ".")
        if digits.count(".") > 1:
            return None
    try:
        value = float(digits)
    except ValueError:
        return None
    return int(round(value * _SCALE[(match.group(2) or "").lower()]))
