"""Extract: turn a :class:`RawDoc` (HTML, plain text, one JSONL record) into an
uncleaned :class:`Article` — title, body paragraphs and metadata.

Entry point: :func:`extract`. Cleaning of page furniture happens next, in
:mod:`newsdesk.clean`; this stage only finds the main text and metadata.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import datetime, timedelta

from .errors import InputTooLarge, UnsupportedInput
from .records import Article, RawDoc
from .textutil import site_of
from .timeutil import as_utc, parse_loose, utcnow

__all__ = ["ExtractOptions", "extract", "decode", "sniff_format", "iter_jsonl"]


DEFAULT_MAX_BYTES = 20_000_000


@dataclass(frozen=True, slots=True)
class ExtractOptions:
    max_bytes: int = DEFAULT_MAX_BYTES  # larger inputs are refused
    min_chars: int = 1  # bodies shorter than this count as empty


# -- bytes -> text --------------------------------------------------------------
_CONTROL = re.compile(rb"[\x00-\x08\x0e-\x1a\x1c-\x1f]")
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([\w:.-]+)""", re.I)


def decode(data: bytes, *, declared: str | None = None) -> str:
    """Decode bytes to text: BOM, declared charset, UTF-8, then detection.

    Raises :class:`UnsupportedInput` for binary data.
    """
    if not data.strip():
        raise UnsupportedInput("empty file")
    head = data[:8192]
    if b"\x00" in head and not head.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise UnsupportedInput("binary file (NUL bytes): not an article")
    if len(_CONTROL.findall(head)) > max(8, len(head) // 50):
        raise UnsupportedInput("binary file (control bytes): not an article")
    for bom, codec in ((b"\xef\xbb\xbf", "utf-8-sig"), (b"\xff\xfe", "utf-16"), (b"\xfe\xff", "utf-16")):
        if data.startswith(bom):
            return data.decode(codec, errors="replace")
    candidates = [declared] if declared else []
    match = _META_CHARSET.search(head)
    if match:
        candidates.append(match.group(1).decode("ascii", "ignore"))
    candidates.append("utf-8")
    for codec in candidates:
        try:
            return data.decode(codec)
        except (LookupError, UnicodeDecodeError):
            continue
    from charset_normalizer import from_bytes

    best = from_bytes(data[:200_000]).best()
    if best is None:
        raise UnsupportedInput("unknown text encoding: not an article")
    return data.decode(best.encoding, errors="replace")


def sniff_format(raw: RawDoc, text: str) -> str:
    """'html', 'jsonl' or 'text'."""
    ctype = raw.content_type.lower()
    name = (raw.path or raw.uri or "").lower()
    if "html" in ctype or name.endswith((".html", ".htm", ".xhtml")):
        return "html"
    if name.endswith((".jsonl", ".ndjson")):
        return "jsonl"
    head = text[:2048].lstrip().lower()
    if head.startswith(("<!doctype html", "<html")) or re.search(r"<(body|article|p|div)[\s>]", head):
        return "html"
    return "text"


# -- HTML -------------------------------------------------------------------------
_DATE_META = {
    "published": ("article:published_time", "datePublished", "pubdate", "publish-date", "dc.date.issued",
                  "og:published_time", "date"),
    "updated": ("article:modified_time", "dateModified", "og:updated_time", "last-modified"),
}


def _html_dates(tree) -> dict[str, datetime | None]:
    """Published and updated dates from meta tags and JSON-LD, kept apart."""
    found: dict[str, datetime | None] = {"published": None, "updated": None}
    metas = {}
    for el in tree.iter("meta"):
        key = (el.get("property") or el.get("name") or el.get("itemprop") or "").strip()
        if key and el.get("content"):
            metas.setdefault(key.lower(), el.get("content"))
    for script in tree.iter("script"):
        if (script.get("type") or "").lower() == "application/ld+json" and script.text:
            try:
                data = json.loads(script.text)
            except ValueError:
                continue
            for item in data if isinstance(data, list) else [data]:
                for node in (item.get("@graph") or [item]) if isinstance(item, dict) else []:
                    if isinstance(node, dict):
                        for key in ("datePublished", "dateModified"):
                            if isinstance(node.get(key), str):
                                metas.setdefault(key.lower(), node[key])
    for slot, keys in _DATE_META.items():
        for key in keys:
            value = parse_loose(metas.get(key.lower()))
            if value and not _in_future(value):
                found[slot] = value
                break
    return found


def _in_future(value: datetime) -> bool:
    return value > utcnow() + timedelta(days=1)


def _extract_html(raw: RawDoc, html: str) -> Article:
    import trafilatura
    from lxml import html as lxml_html

    doc = trafilatura.bare_extraction(html, url=raw.url, with_metadata=True, include_comments=False,
                                      include_tables=True, deduplicate=False)
    meta = doc.as_dict() if doc is not None else {}
    body = (meta.get("text") or "").strip()
    flags: list[str] = []
    if not body:
        body = _readability_text(html)
        if body:
            flags.append("extracted-by-readability")
    try:
        tree = lxml_html.fromstring(html.encode("utf-8", "replace"))
        dates = _html_dates(tree)
    except (ValueError, TypeError, Exception):  # lxml raises several unrelated types on junk
        dates = {"published": None, "updated": None}
    published = dates["published"] or parse_loose(meta.get("date"))
    if published and _in_future(published):
        published = None
    updated = dates["updated"]
    if updated and published and updated <= published:
        updated = None
    url = raw.url or meta.get("url")
    return Article(
        id="", text=_paragraphs(body), title=(meta.get("title") or "").strip(), url=url, path=raw.path,
        source=raw.source or meta.get("sitename"), site=meta.get("sitename") or site_of(url),
        author=meta.get("author"), published=published, updated=updated, fetched=raw.fetched_at,
        flags=flags, meta={"format": "html", **_keep(raw.meta)})


def _readability_text(html: str) -> str:
    try:
        from lxml import html as lxml_html
        from readability import Document

        summary = Document(html).summary(html_partial=True)
        tree = lxml_html.fromstring(summary)
    except Exception:  # readability raises bare Exceptions on junk input
        return ""
    blocks = [" ".join(el.text_content().split()) for el in tree.iter("p", "li", "h1", "h2", "h3", "blockquote")]
    return "\n".join(b for b in blocks if b)


# -- plain text and JSONL ---------------------------------------------------------
def _paragraphs(text: str) -> str:
    """Normalise line structure: one paragraph per block, blank line between blocks.

    Lines inside a blank-line-separated block are joined when the block looks
    hard-wrapped (several lines, none ending a sentence except the last).
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u2028", "\n")
    out: list[str] = []
    for block in re.split(r"\n\s*\n", text):
        lines = [" ".join(line.split()) for line in block.split("\n")]
        lines = [line for line in lines if line]
        if not lines:
            continue
        if _hard_wrapped(lines):
            out.append(" ".join(lines))
        else:
            out.extend(lines)
    return "\n\n".join(out)


def _hard_wrapped(lines: list[str]) -> bool:
    if len(lines) < 2:
        return False
    widths = [len(line) for line in lines[:-1]]
    return (min(widths) > 40 and max(widths) < 100
            and sum(line[-1] in ".!?:\"”" for line in lines[:-1]) <= len(lines) // 4
            and not any(re.match(r"^([-*•·]|\d+[.)])\s", line) for line in lines))


def _extract_text(raw: RawDoc, text: str) -> Article:
    meta = raw.meta or {}
    return Article(
        id="", text=_paragraphs(text), title=(meta.get("title") or "").strip(), url=raw.url,
        path=raw.path, source=raw.source, site=site_of(raw.url), fetched=raw.fetched_at,
        published=_meta_date(meta, "published", "date"), updated=_meta_date(meta, "updated"),
        meta={"format": meta.get("format", "text"), **_keep(meta)})


def _meta_date(meta: dict, *keys: str) -> datetime | None:
    for key in keys:
        value = meta.get(key)
        if isinstance(value, datetime):
            return as_utc(value)
        parsed = parse_loose(value) if isinstance(value, str) else None
        if parsed and not _in_future(parsed):
            return parsed
    return None


def _keep(meta: dict) -> dict:
    """Metadata worth storing with the article (JSON-safe, no bodies)."""
    return {k: v for k, v in meta.items()
            if k in ("external_id", "feed", "feed_title", "guid", "warc_record_id", "source_path")
            and isinstance(v, (str, int, float))}


def iter_jsonl(raw: RawDoc, text: str):
    """Yield one RawDoc per JSONL line (id, title, text, url, published/date, source).

    Bad lines are yielded as ``(line_number, reason)`` tuples so the caller can
    report them and go on.
    """
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        try:
            rec = json.loads(line)
        except ValueError as exc:
            yield number, f"line {number}: not JSON ({exc.msg})"
            continue
        if not isinstance(rec, dict) or not isinstance(rec.get("text"), str) or not rec["text"].strip():
            yield number, f"line {number}: no 'text' field"
            continue
        ext_id = str(rec.get("id") or number)
        meta = {"title": rec.get("title") or "", "published": rec.get("published"), "date": rec.get("date"),
                "updated": rec.get("updated"), "external_id": ext_id, "format": "jsonl",
                "source_path": raw.path or raw.uri}
        yield RawDoc(uri=f"{raw.uri}#{ext_id}", content=rec["text"], content_type="text/plain",
                     url=rec.get("url") or None, path=raw.path, source=rec.get("source") or raw.source,
                     meta=meta)


# -- entry point ------------------------------------------------------------------
def extract(raw: RawDoc, options: ExtractOptions = ExtractOptions()) -> Article:
    """Main text and metadata of one document. Raises :class:`InputError` subclasses."""
    data = raw.content
    size = len(data.encode("utf-8")) if isinstance(data, str) else len(data)
    if size > options.max_bytes:
        raise InputTooLarge(f"too large ({size:,} bytes > {options.max_bytes:,}): raise --max-bytes to ingest it")
    text = data if isinstance(data, str) else decode(data, declared=_charset(raw.content_type))
    if not text.strip():
        raise UnsupportedInput("empty file")
    fmt = sniff_format(raw, text)
    if fmt == "jsonl":
        raise UnsupportedInput("a JSONL file holds many articles: split it with iter_jsonl()")
    article = _extract_html(raw, text) if fmt == "html" else _extract_text(raw, text)
    if len(article.text.strip()) < options.min_chars:
        raise UnsupportedInput("no article text found" + (" in the HTML" if fmt == "html" else ""))
    return article


def _charset(content_type: str) -> str | None:
    match = re.search(r"charset=([\w:.-]+)", content_type or "", re.I)
    return match.group(1) if match else None
