"""Extract: turn a :class:`RawDoc` (HTML, plain text, one JSONL record) into an
uncleaned :class:`Article` — title, body paragraphs and metadata.

Entry point: :func:`extract`. Cleaning of page furniture happens next, in
:mod:`newsdesk.clean`; this stage only decodes the bytes, finds the main text
and reads the metadata (title, site, author, published and updated dates kept
apart; placeholder dates and dates after the fetch rejected). The publish date
comes from the input's own field, the meta tags, JSON-LD, the URL or the page (htmldate),
with its source in ``Article.published_source`` (see :mod:`newsdesk.pubdate`,
which dates the rest from the text after cleaning).
"""
from __future__ import annotations

import codecs
import html as html_lib
import logging
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, TypedDict

from .errors import InputTooLarge, UnsupportedInput
from .pubdate import FUTURE_SLACK, url_date
from .records import Article, RawDoc
from .textutil import site_of
from .timeutil import as_utc, parse_loose, stated_day, utcnow
from .validate import clean_line, loads

__all__ = ["ExtractOptions", "extract", "decode", "binary_reason", "file_signature", "markup_problem", "sniff_format",
           "iter_jsonl", "jsonl_record", "plausible_date",
           "TRAFILATURA_SETTINGS", "DEFAULT_MAX_BYTES"]

DEFAULT_MAX_BYTES = 20_000_000
# How trafilatura is called (the extraction benchmark runs it alone with the same settings).
class _TrafilaturaSettings(TypedDict):
    with_metadata: bool
    include_comments: bool
    include_tables: bool
    deduplicate: bool


TRAFILATURA_SETTINGS: _TrafilaturaSettings = {"with_metadata": True, "include_comments": False,
                                              "include_tables": True, "deduplicate": False}


@dataclass(frozen=True, slots=True)
class ExtractOptions:
    max_bytes: int = DEFAULT_MAX_BYTES  # larger inputs are refused
    min_chars: int = 20  # bodies shorter than this (a menu word, a stray label) count as no article
    readability_fallback: bool = True  # try readability-lxml when trafilatura finds no text
    # Markup that would take the HTML parsers minutes (real pages have a few thousand elements and
    # tens of attributes per tag at most) is refused before parsing.
    max_elements: int = 50_000
    max_attributes: int = 1_000


# -- bytes -> text ------------------------------------------------------------------
_CONTROL = re.compile(rb"[\x00-\x08\x0e-\x1a\x1c-\x1f]")
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([\w:.-]+)""", re.I)
_XML_ENCODING = re.compile(rb"""^\s*<\?xml[^>]+encoding\s*=\s*["']([\w:.-]+)""", re.I)
_MAGIC = ((b"%PDF", "PDF document"), (b"\x89PNG", "PNG image"), (b"GIF8", "GIF image"),
          (b"\xff\xd8\xff", "JPEG image"), (b"PK\x03\x04", "ZIP archive or office document"),
          (b"\x1f\x8b", "gzip-compressed file: decompress it first"), (b"BZh", "bzip2-compressed file"),
          (b"\xfd7zXZ", "xz-compressed file"), (b"7z\xbc\xaf", "7-Zip archive"), (b"\x7fELF", "executable"),
          (b"SQLite format 3", "SQLite database"), (b"RIFF", "media file"), (b"OggS", "audio file"),
          (b"ID3", "audio file"), (b"\x00\x00\x01\x00", "icon image"), (b"wOF", "font file"))
# Text codecs that are not character sets a page could be written in.
_NOT_CHARSETS = {"undefined", "punycode", "idna", "raw-unicode-escape", "unicode-escape", "raw_unicode_escape",
                 "unicode_escape"}
_BOMS = ((b"\xef\xbb\xbf", "utf-8-sig"), (b"\xff\xfe", "utf-16"), (b"\xfe\xff", "utf-16"))
# WHATWG: these labels mean windows-1252 in practice (C1 bytes are curly quotes, dashes, euro).
_WESTERN = {"iso-8859-1", "iso8859-1", "latin-1", "latin1", "l1", "ascii", "us-ascii", "windows-1252",
            "cp1252", "x-cp1252", "iso_8859-1"}


def decode(data: bytes, *, declared: str | None = None) -> str:
    """Decode bytes to text: BOM, declared charset, UTF-8, Windows-1252, then detection.

    Raises :class:`UnsupportedInput` for empty or binary data.
    """
    if not data.strip():
        raise UnsupportedInput("empty file")
    for bom, codec in _BOMS:
        if data.startswith(bom):
            return data.decode(codec, errors="replace")
    utf16 = _bomless_utf16(data[:400])
    if utf16:
        return data.decode(utf16, errors="replace")
    reason = binary_reason(data[:8192])
    if reason:
        raise UnsupportedInput(f"binary file: {reason}, not an article")
    for codec in _candidates(data[:8192], declared):
        try:
            return data.decode(_text_codec(codec))
        except (LookupError, UnicodeError, ValueError):  # unknown, non-text ('punycode') or broken codecs
            continue
    return _detect(data)


def file_signature(head: bytes) -> str | None:
    """What a known file signature at the start says the file is (PDF, PNG, gzip...), or None."""
    for magic, what in _MAGIC:
        if head.startswith(magic):
            return what
    return None


def _text_codec(label: str) -> str:
    """The codec for a declared label; LookupError for codecs that do not decode text
    (``undefined``, ``punycode``, ``idna``, ``rot13``, compression and base64 codecs)."""
    info = codecs.lookup(label)
    if not info._is_text_encoding or info.name in _NOT_CHARSETS:
        raise LookupError(f"{label} is not a character set")
    return info.name


def binary_reason(head: bytes) -> str | None:
    """Why the first bytes of a file say it is not text (a known file signature, NUL or control bytes)."""
    signature = file_signature(head)
    if signature:
        return signature
    if head.startswith((b"\xff\xfe", b"\xfe\xff")) or _bomless_utf16(head[:400]):
        return None  # UTF-16 text
    if b"\x00" in head:
        return "NUL bytes"
    if len(_CONTROL.findall(head)) > max(8, len(head) // 50):
        return "control bytes"
    return None


def _bomless_utf16(head: bytes) -> str | None:
    """'utf-16-le'/'utf-16-be' when every other byte is NUL, as in ASCII-range UTF-16 text."""
    if len(head) < 16:
        return None
    even, odd = head[0::2], head[1::2]
    if odd.count(0) >= 0.9 * len(odd) and even.count(0) == 0:
        return "utf-16-le"
    if even.count(0) >= 0.9 * len(even) and odd.count(0) == 0:
        return "utf-16-be"
    return None


def _candidates(head: bytes, declared: str | None) -> list[str]:
    """Codecs to try strictly, in order: declared ones, with UTF-8 before any Western single-byte label."""
    labels = [declared] if declared else []
    for pattern in (_XML_ENCODING, _META_CHARSET):
        match = pattern.search(head)
        if match:
            labels.append(match.group(1).decode("ascii", "ignore"))
    out: list[str] = []
    for label in labels:
        codec = label.strip().lower()
        if codec in _WESTERN:
            out += ["utf-8", "cp1252"]
        elif codec in ("utf8", "utf-8", "unicode-1-1-utf-8"):
            out.append("utf-8")
        else:
            out.append(codec)
    return list(dict.fromkeys(out + ["utf-8"]))


def _detect(data: bytes) -> str:
    """Undeclared, not UTF-8: Windows-1252 when it reads as Western text, else charset detection."""
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError:
        text = None
    if text is not None and _reads_as_western(text):
        return text
    from charset_normalizer import from_bytes

    best = from_bytes(data[:200_000]).best()
    decoded = data.decode(best.encoding, errors="replace") if best is not None else ""
    if not _looks_like_text(decoded):
        raise UnsupportedInput("unknown text encoding: not an article")
    return decoded


_CJK_PUNCTUATION = set("。、，！？「」『』・：；")


def _looks_like_text(text: str) -> bool:
    """Mostly letters, digits, spaces and punctuation, with word breaks (spaces, or CJK full stops)."""
    sample = text[:20_000]
    if not sample or sample.count("\ufffd") > 0.01 * len(sample):
        return False
    textual = sum(1 for c in sample
                  if c.isalnum() or c.isspace() or c in ".,;:!?'\"()-–—%$€£/&" or c in _CJK_PUNCTUATION)
    breaks = sum(1 for c in sample if c.isspace() or c in _CJK_PUNCTUATION)
    return textual >= 0.8 * len(sample) and breaks >= 0.02 * len(sample)


def _reads_as_western(text: str) -> bool:
    """Accented letters are a small minority of the letters (mis-decoded Cyrillic or Greek is mostly them)."""
    letters = [c for c in text[:100_000] if c.isalpha()]
    if not letters:
        return True
    accented = sum(1 for c in letters if ord(c) > 127)
    return accented <= 0.2 * len(letters)


def sniff_format(raw: RawDoc, text: str) -> str:
    """'html', 'jsonl' or 'text'."""
    ctype = raw.content_type.lower()
    name = (raw.path or raw.uri or "").lower()
    if "html" in ctype or (not ctype and name.endswith((".html", ".htm", ".xhtml"))):
        plain = text.strip() and not _MARKUP.search(text[:100_000])  # plain text saved as a page
        return "text" if plain else "html"
    if ctype.startswith("text/plain") or (raw.meta or {}).get("format") == "jsonl":
        return "text"
    if name.endswith((".jsonl", ".ndjson")):
        return "jsonl"
    head = text[:2048].lstrip().lower()
    if head.startswith(("<!doctype html", "<html")) or re.search(r"<(body|article|p|div|head)[\s>]", head):
        return "html"
    return "text"


_MARKUP = re.compile(r"</?[a-z][\w:-]*(?:\s[^<>]*)?>|<!--|<!doctype", re.I)
_ELEMENT = re.compile(r"<[a-zA-Z]")
_LONG_TAG = re.compile(r"<[a-zA-Z][^>]{10000,}")
_ATTRIBUTE = re.compile(r"""[\s"'/][^\s=>"'/]+\s*=""")


def markup_problem(html: str, options: ExtractOptions = ExtractOptions()) -> str | None:
    """Why this HTML is refused before parsing (pathologically many elements or attributes), or None."""
    if html.count("<") > options.max_elements:
        elements = sum(1 for _ in _ELEMENT.finditer(html))
        if elements > options.max_elements:
            return f"pathological markup: {elements:,} elements (more than {options.max_elements:,})"
    for tag in _LONG_TAG.finditer(html):
        attributes = sum(1 for _ in _ATTRIBUTE.finditer(tag.group()))
        if attributes > options.max_attributes:
            return f"pathological markup: a tag with {attributes:,} attributes (more than {options.max_attributes:,})"
    return None


# -- dates --------------------------------------------------------------------------------
def plausible_date(value: datetime | None, not_after: datetime | None = None) -> datetime | None:
    """The date in UTC, or None when it is a placeholder (before 1800) or later than ``not_after``
    (when the article was fetched; default now), give or take a time zone."""
    if value is None or value.year < 1800:
        return None
    value = as_utc(value)
    return None if value > (as_utc(not_after) or utcnow()) + FUTURE_SLACK else value


# -- HTML metadata (read with regular expressions: no second parse of the page) -------------
_META_TAG = re.compile(r"<meta\b[^>]*>", re.I)
_ATTR = re.compile(r"""([\w:.-]+)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))""")
_LD_OPEN = re.compile(r"""<script\b[^>]*application/ld\+json[^>]*>""", re.I)
_SCRIPT_CLOSE = re.compile(r"</script\s*>", re.I)
_MAX_LD_BLOCKS = 32
_PUBLISHED_KEYS = ("article:published_time", "og:published_time", "json-ld:datepublished", "datepublished", "pubdate",
                   "publishdate",
                   "publish-date", "publish_date", "dc.date.issued", "dcterms.created", "dc.date",
                   "sailthru.date", "parsely-pub-date", "date")
_UPDATED_KEYS = ("article:modified_time", "og:updated_time", "json-ld:datemodified", "datemodified", "last-modified",
                 "dcterms.modified", "dc.date.modified")
_INPUT_KEYS = ("published", "date", "feed_published")  # a JSONL record's fields, a feed entry's date


def html_metadata(html: str) -> dict[str, str]:
    """Lower-cased meta names/properties/itemprops to their content, plus JSON-LD article dates
    (under ``json-ld:datepublished`` and ``json-ld:datemodified``)."""
    metas: dict[str, str] = {}
    for tag in _META_TAG.findall(html):
        attrs = {m.group(1).lower(): html_lib.unescape(m.group(2) or m.group(3) or m.group(4) or "")
                 for m in _ATTR.finditer(tag)}
        key = (attrs.get("property") or attrs.get("name") or attrs.get("itemprop") or "").strip().lower()
        if key and attrs.get("content", "").strip():
            metas.setdefault(key, attrs["content"].strip())
    for key, value in _json_ld_dates(html).items():
        metas["json-ld:" + key] = value
    return metas


def _json_ld_dates(html: str) -> dict[str, str]:
    found: dict[str, str] = {}
    for block in _ld_blocks(html):
        try:
            data = loads(block.strip())
        except ValueError:
            continue
        for node in sorted(_ld_nodes(data), key=lambda n: "article" not in str(n.get("@type", "")).lower()):
            for key in ("datePublished", "dateModified"):
                if isinstance(node.get(key), str) and key.lower() not in found:
                    found[key.lower()] = node[key]
    return found


def _ld_blocks(html: str) -> Iterator[str]:
    """The texts of JSON-LD script elements, in one pass (openers inside a block are its text)."""
    last_close, found = -1, 0
    for opener in _LD_OPEN.finditer(html):
        if opener.start() < last_close:
            continue
        close = _SCRIPT_CLOSE.search(html, opener.end())
        if close is None or found >= _MAX_LD_BLOCKS:
            return
        last_close, found = close.start(), found + 1
        yield html[opener.end():last_close]


def _ld_nodes(data: Any, depth: int = 0) -> list[dict[str, Any]]:
    """Dict nodes of a JSON-LD document (lists and @graph flattened, two levels deep)."""
    if depth > 2:
        return []
    if isinstance(data, list):
        return [n for item in data for n in _ld_nodes(item, depth + 1)]
    if not isinstance(data, dict):
        return []
    return [data] + _ld_nodes(data.get("@graph"), depth + 1)


def _first_date(metas: dict[str, str], keys: tuple[str, ...],
                not_after: datetime | None) -> tuple[datetime | None, str]:
    """The first plausible date among ``keys`` and the key it was found under."""
    for key in keys:
        stated = metas.get(key)
        value = plausible_date(stated if isinstance(stated, datetime) else parse_loose(stated), not_after)
        if value:
            return value, key
    return None, ""


def _page_published(raw: RawDoc, metas: dict[str, str],
                    page_date: str | None) -> tuple[datetime | None, str | None, str | None]:
    """(published, source, the date as written) of a page: the input's own date, meta tags,
    JSON-LD, the URL, then the date htmldate finds in the page (see :mod:`newsdesk.pubdate`)."""
    published, key = _first_date(raw.meta or {}, _INPUT_KEYS, raw.fetched_at)
    if published:
        return published, "input", (raw.meta or {}).get(key)
    published, key = _first_date(metas, _PUBLISHED_KEYS, raw.fetched_at)
    if published:
        return published, "json-ld" if key.startswith("json-ld:") else "meta", metas[key]
    in_url = url_date(raw.url)
    if in_url:
        day = plausible_date(datetime(in_url.year, in_url.month, in_url.day), raw.fetched_at)
        if day:
            return day, "url", in_url.isoformat()
    day = plausible_date(parse_loose(page_date), raw.fetched_at)
    if day is None or (day.month, day.day) == (1, 1):  # htmldate gives a bare year (a copyright line) as 1 January
        return None, None, None
    return day, "page", page_date


def _date_params(raw: RawDoc) -> dict[str, Any]:
    """htmldate's settings: the original (not the updated) date, its extensive search of the page
    on (a 'published on 25 September' line in the text), never after the fetch."""
    not_after = as_utc(raw.fetched_at) or utcnow()
    return {"original_date": True, "extensive_search": True,
            "max_date": (not_after + timedelta(days=1)).strftime("%Y-%m-%d")}


_TITLE_SEPARATOR = re.compile(r"(\s+[|–—·»]\s+|\s+-{1,2}\s+|\s+::\s+)")
_GENERIC_TLD_LABELS = {"co", "com", "org", "net", "gov", "ac", "edu"}


def _clean_title(title: str, site: str | None, url: str | None) -> str:
    """The headline without a leading or trailing site name ('Headline | Site')."""
    pieces = _TITLE_SEPARATOR.split(" ".join(title.split()))
    parts = pieces[0::2]
    names = {n for n in (_squash(site or ""), _host_name(url)) if len(n) >= 3}
    start, end = 0, len(parts)
    while end - start > 1 and _is_site(parts[end - 1], names):
        end -= 1
    while end - start > 1 and _is_site(parts[start], names):
        start += 1
    return "".join(pieces[2 * start:2 * end - 1]).strip()


def _host_name(url: str | None) -> str:
    labels = (site_of(url) or "").split(".")
    if len(labels) > 2 and labels[-2] in _GENERIC_TLD_LABELS:
        return labels[-3]
    return labels[-2] if len(labels) >= 2 else ""


def _squash(text: str) -> str:
    return re.sub(r"[\W_]+", "", text.lower())


def _is_site(part: str, names: set[str]) -> bool:
    squashed = _squash(part)
    if not squashed:
        return False
    return any(squashed == name or (4 <= len(squashed) <= 30 and (name in squashed or squashed in name))
               for name in names)


# -- HTML ------------------------------------------------------------------------------------
def _extract_html(raw: RawDoc, html: str, options: ExtractOptions) -> Article:
    import trafilatura

    problem = markup_problem(html, options)
    if problem:
        raise UnsupportedInput(problem)
    _quiet_parser_logs()
    doc = trafilatura.bare_extraction(html, url=raw.url, date_extraction_params=_date_params(raw),
                                      **TRAFILATURA_SETTINGS)
    found: dict[str, Any] = {} if doc is None else doc if isinstance(doc, dict) else doc.as_dict()
    body = (found.get("text") or "").strip()
    flags: list[str] = []
    if not body and options.readability_fallback:
        body = _readability_text(html)
        flags += ["extracted-by-readability"] if body else []
    metas = html_metadata(html)
    published, source, stated = _page_published(raw, metas, found.get("date"))
    updated, _ = _first_date(metas, _UPDATED_KEYS, raw.fetched_at)
    if updated and published and updated <= published:
        updated = None
    url = raw.url or found.get("url")
    site = found.get("sitename") or metas.get("og:site_name") or site_of(url)
    title = _clean_title(html_lib.unescape(found.get("title") or metas.get("og:title") or ""), site, url)
    return Article(
        id="", text=_paragraphs(body), title=title, url=url, path=raw.path, source=raw.source or site,
        site=site, author=found.get("author") or metas.get("author"), published=published, updated=updated,
        fetched=raw.fetched_at, published_source=source, flags=flags,
        meta={"format": "html", **_keep(raw.meta), **_published_day(published, stated)})


def _quiet_parser_logs() -> None:
    """The parser libraries log tracebacks for junk pages; a skipped page gets one line from us instead."""
    for name in ("readability", "trafilatura", "htmldate", "courlan", "justext"):
        logging.getLogger(name).setLevel(logging.CRITICAL)


def _readability_text(html: str) -> str:
    try:
        from lxml import html as lxml_html
        from readability import Document

        summary = Document(html).summary(html_partial=True)
        tree = lxml_html.fromstring(summary)
    except Exception:  # readability and lxml raise bare Exceptions on junk input
        return ""
    blocks = [" ".join(el.text_content().split()) for el in tree.iter("p", "li", "h1", "h2", "h3", "blockquote", "pre")]
    return "\n".join(b for b in blocks if b)


# -- plain text and JSONL -----------------------------------------------------------------------
_LIST_START = re.compile(r"^\s*([-*•·▪►]|\d{1,3}[.)]|[a-z][.)])\s")
_MD_HEADING = re.compile(r"^\s{0,3}#{1,6}\s+")


def _paragraphs(text: str) -> str:
    """One paragraph per block, a blank line between blocks.

    Lines are paragraphs of their own, except in hard-wrapped text, where a
    line that fills the wrap width runs on into the next one.
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u2028", "\n").replace("\u2029", "\n\n")
    lines = [" ".join(_MD_HEADING.sub("", line).split()) for line in text.split("\n")]
    width = _wrap_width(lines)
    paragraphs: list[list[str]] = []
    previous = ""
    for line in lines:
        if line and previous and width and len(previous) >= 0.6 * width and not _LIST_START.match(line):
            paragraphs[-1].append(line)
        elif line:
            paragraphs.append([line])
        previous = line
    return "\n\n".join(" ".join(p) for p in paragraphs)


def _wrap_width(lines: list[str]) -> int | None:
    """The width text was hard-wrapped at, or None when lines are whole paragraphs.

    Wrapped prose: no line over 100 characters, most lines near the widest,
    and many lines starting in the middle of a sentence (lower case).
    """
    filled = [line for line in lines if line]
    if len(filled) < 4:
        return None
    width = max(len(line) for line in filled)
    if not 30 <= width <= 100:
        return None
    near = sum(1 for line in filled if len(line) >= 0.6 * width)
    runs_on = sum(1 for a, b in zip(lines, lines[1:]) if a and b and b[0].islower())
    return width if near >= 0.5 * len(filled) and runs_on >= 0.2 * len(filled) else None


def _extract_text(raw: RawDoc, text: str) -> Article:
    meta = raw.meta or {}
    published, key = _first_date(meta, _INPUT_KEYS, raw.fetched_at)
    updated, _ = _first_date(meta, ("updated",), raw.fetched_at)
    return Article(
        id="", text=_paragraphs(text), title=" ".join(str(meta.get("title") or "").split()), url=raw.url,
        path=raw.path, source=raw.source, site=site_of(raw.url), fetched=raw.fetched_at,
        published=published, updated=updated, published_source="input" if published else None,
        meta={"format": meta.get("format", "text"), **_keep(meta), **_published_day(published, meta.get(key))})


def _published_day(published: datetime | None, stated: Any) -> dict[str, str]:
    """The publish day as the source wrote it (its own time zone), when that is known."""
    day = stated_day(stated) if published and isinstance(stated, str) else None
    return {"published_day": day} if day else {}


def _keep(meta: dict[str, Any]) -> dict[str, Any]:
    """Metadata worth storing with the article (JSON-safe, no bodies)."""
    return {k: v for k, v in meta.items()
            if k in ("external_id", "feed", "feed_title", "guid", "warc_record_id", "source_path",
                     "feed_published", "feed_updated", "warc_date")
            and isinstance(v, (str, int, float))}


def iter_jsonl(raw: RawDoc, text: str) -> Iterator[RawDoc | tuple[int, str]]:
    """Yield one RawDoc per JSONL line (id, title, text, url, published/date, source).

    Bad lines are yielded as ``(line_number, reason)`` tuples so the caller can
    report them and go on.
    """
    for number, line in enumerate(text.splitlines(), 1):
        if line.strip():
            yield jsonl_record(raw, line, number)


def jsonl_record(raw: RawDoc, line: str, number: int) -> RawDoc | tuple[int, str]:
    """One JSONL line as a RawDoc, or ``(line_number, reason)`` when it is not a usable record."""
    try:
        rec = loads(line)
    except ValueError as exc:
        return number, f"not JSON: {getattr(exc, 'msg', exc)}"
    if not isinstance(rec, dict):
        return number, "not a JSON object"
    if not isinstance(rec.get("text"), str) or not rec["text"].strip():
        return number, "no 'text' field"
    return _jsonl_doc(raw, rec, number)


def _jsonl_doc(raw: RawDoc, rec: dict[str, Any], number: int) -> RawDoc:
    ext_id = clean_line(str(rec.get("id") or number), 200)
    meta = {"title": _string(rec.get("title")), "published": _string(rec.get("published")),
            "date": _string(rec.get("date")), "updated": _string(rec.get("updated")), "external_id": ext_id,
            "format": "jsonl", "source_path": raw.path or raw.uri}
    return RawDoc(uri=f"{raw.uri}#{ext_id}", content=rec["text"], content_type="text/plain",
                  url=_string(rec.get("url")) or None, path=raw.path,
                  source=_string(rec.get("source")) or raw.source, meta=meta)


def _string(value: object) -> str:
    return value.strip() if isinstance(value, str) else ""


# -- entry point -----------------------------------------------------------------------------------
def extract(raw: RawDoc, options: ExtractOptions = ExtractOptions()) -> Article:
    """Main text and metadata of one document. Raises :class:`InputError` subclasses."""
    data = raw.content
    size = len(data.encode("utf-8", "surrogatepass")) if isinstance(data, str) else len(data)
    if size > options.max_bytes:
        raise InputTooLarge(f"too large: {size:,} bytes > {options.max_bytes:,}; raise --max-bytes to ingest it")
    text = data if isinstance(data, str) else decode(data, declared=_charset(raw.content_type))
    if not text.strip():
        raise UnsupportedInput("empty file")
    fmt = sniff_format(raw, text)
    if fmt == "jsonl":
        raise UnsupportedInput("JSON Lines: a JSONL file holds many articles, read it line by line")
    article = _extract_html(raw, text, options) if fmt == "html" else _extract_text(raw, text)
    if len(article.text.strip()) < options.min_chars:
        raise UnsupportedInput("no article text found" + (" in the HTML" if fmt == "html" else ""))
    return article


def _charset(content_type: str) -> str | None:
    match = re.search(r"charset=[\"']?([\w:.-]+)", content_type or "", re.I)
    return match.group(1) if match else None
