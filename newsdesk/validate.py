"""Validation at the boundary: every record from outside is made safe to process and store.

Pure functions, shared by every runner (``ingest``, ``collect``, the batch job):

- :func:`clean_text` — lone surrogates replaced, control characters removed;
- :func:`clean_line` — the same for one-line fields, whitespace folded, length capped;
- :func:`loads` — JSON parsed with a nesting-depth limit (no ``RecursionError``);
- :func:`raw_doc` — a :class:`RawDoc` with every string field cleaned and capped;
- :func:`bounded_article` — an extracted :class:`Article` whose text cannot overload later stages
  (words, paragraphs and the whole text capped; title and labels one capped line);
- :func:`path_label` — a file name (bytes, or ``str`` with surrogate escapes) as printable, storable text.

Nothing here raises on strange input except :func:`loads` (``ValueError``, like ``json.loads``).
"""
from __future__ import annotations

import json
import os
import re
from dataclasses import dataclass, replace
from typing import Any

from .records import Article, RawDoc

__all__ = ["Limits", "LIMITS", "clean_text", "clean_line", "loads", "json_depth", "raw_doc", "bounded_text",
           "bounded_article", "path_label"]


@dataclass(frozen=True, slots=True)
class Limits:
    """Caps on what one document may hold. Real articles are far below all of them."""

    max_text_chars: int = 400_000  # a whole body (long reads are ~100k); cut at a paragraph end
    max_paragraph_chars: int = 5_000  # longer runs are split at a sentence end or a space
    max_word_chars: int = 300  # a run without spaces (base64, a pasted blob) is cut
    max_title_chars: int = 400
    max_field_chars: int = 300  # source, site, author, labels in meta
    max_url_chars: int = 4_096  # longer URLs are dropped
    max_json_depth: int = 64  # JSON records nest a few levels; deeper is an attack or junk


LIMITS = Limits()

# C0 controls except tab, line feed and carriage return; DEL; C1 controls.
_CONTROLS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
_SURROGATES = re.compile(r"[\ud800-\udfff]")
_SPACE = re.compile(r"\s+")


def clean_text(text: str) -> str:
    """Text safe to encode and store: lone surrogates become U+FFFD, control characters go."""
    if _SURROGATES.search(text):
        text = _SURROGATES.sub("\ufffd", text)
    return _CONTROLS.sub("", text)


def clean_line(value: Any, max_chars: int = LIMITS.max_field_chars) -> str:
    """A one-line label: cleaned, whitespace folded, cut to ``max_chars`` (with an ellipsis)."""
    if not isinstance(value, str):
        return ""
    text = _SPACE.sub(" ", clean_text(value[: max_chars * 4])).strip()
    return text if len(text) <= max_chars else text[: max_chars - 1].rstrip() + "…"


# -- JSON with a depth limit ---------------------------------------------------------------------
_JSON_STRING = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"', re.S)


def json_depth(text: str, stop_at: int | None = None) -> int:
    """How deep the arrays and objects of a JSON text nest (strings ignored), without recursion.

    With ``stop_at``, any answer above it may be returned as soon as the text is known to be
    deeper (counting openers is enough when there are few of them).
    """
    openers = text.count("[") + text.count("{")
    if stop_at is not None and openers <= stop_at:
        return openers
    import numpy as np  # only for texts with many brackets; the CLI starts without it

    skeleton = np.frombuffer(_JSON_STRING.sub("", text).encode("utf-8", "replace"), dtype=np.uint8)
    steps = np.isin(skeleton, (ord("["), ord("{"))).astype(np.int64) - np.isin(skeleton, (ord("]"), ord("}")))
    return int(np.cumsum(steps).max(initial=0))


def loads(text: str, max_depth: int = LIMITS.max_json_depth) -> Any:
    """``json.loads`` that refuses documents nested deeper than ``max_depth`` (ValueError)."""
    depth = json_depth(text, stop_at=max_depth)
    if depth > max_depth:
        raise ValueError(f"nested {depth} levels deep (more than {max_depth})")
    return json.loads(text)


# -- records ---------------------------------------------------------------------------------------
def path_label(path: str | bytes | os.PathLike[str] | os.PathLike[bytes]) -> str:
    """A file path as text that can be printed and stored: bytes that are not UTF-8 become ``\\xNN``."""
    raw = os.fsencode(path)
    return clean_text(raw.decode("utf-8", "backslashreplace"))


def _url(value: Any, limits: Limits) -> str | None:
    text = clean_line(value, limits.max_url_chars + 1)
    return text if text and len(text) <= limits.max_url_chars and " " not in text else None


def _meta(meta: dict[str, Any], limits: Limits) -> dict[str, Any]:
    """JSON-safe metadata: strings cleaned and capped (a title gets the title cap), nesting bounded."""
    out = _json_safe(meta, limits, depth=0)
    return out if isinstance(out, dict) else {}


def _json_safe(value: Any, limits: Limits, depth: int, key: str = "") -> Any:
    if isinstance(value, str):
        return clean_line(value, limits.max_title_chars if key == "title" else limits.max_url_chars)
    if value is None or isinstance(value, (bool, int, float)):
        return value
    if depth >= 4:
        return None
    if isinstance(value, dict):
        return {clean_line(k, 64): _json_safe(v, limits, depth + 1, k) for k, v in list(value.items())[:64]
                if isinstance(k, str)}
    if isinstance(value, (list, tuple)):
        return [_json_safe(v, limits, depth + 1) for v in list(value)[:256]]
    return value  # datetimes and other typed values set by our own stages pass as they are


def raw_doc(raw: RawDoc, limits: Limits = LIMITS) -> RawDoc:
    """The record with every string field safe to process and store (content bytes untouched)."""
    content = clean_text(raw.content) if isinstance(raw.content, str) else raw.content
    return replace(raw, uri=clean_line(raw.uri, limits.max_url_chars) or "(unnamed)", content=content,
                   content_type=clean_line(raw.content_type, 200), url=_url(raw.url, limits),
                   path=clean_line(raw.path, limits.max_url_chars) or None,
                   source=clean_line(raw.source, limits.max_field_chars) or None,
                   meta=_meta(raw.meta or {}, limits))


_SENTENCE_END = re.compile(r"[.!?…][\"”’)]*\s")


def _cut_words(text: str, max_chars: int) -> str:
    long_run = re.compile(rf"\S{{{max_chars + 1},}}")
    return long_run.sub(lambda m: m.group()[:max_chars] + "…", text)


def _split_paragraph(paragraph: str, max_chars: int) -> list[str]:
    """A paragraph in pieces of at most ``max_chars``: at the last sentence end, else the last space."""
    pieces = []
    while len(paragraph) > max_chars:
        window = paragraph[:max_chars]
        ends = [m.end() for m in _SENTENCE_END.finditer(window)]
        cut = ends[-1] if ends and ends[-1] > max_chars // 4 else (window.rfind(" ") + 1 or max_chars)
        pieces.append(paragraph[:cut].strip())
        paragraph = paragraph[cut:].strip()
    return pieces + [paragraph]


def bounded_text(text: str, limits: Limits = LIMITS) -> tuple[str, bool]:
    """Body text within the limits, and whether anything had to be cut or split."""
    text = clean_text(text)
    cut = len(text) > limits.max_text_chars
    if cut:
        end = text.rfind("\n\n", 0, limits.max_text_chars)
        text = text[: end if end > 0 else limits.max_text_chars]
    words = _cut_words(text, limits.max_word_chars)
    paragraphs = words.split("\n\n")
    if max(map(len, paragraphs)) <= limits.max_paragraph_chars:
        return words, cut or words != text
    pieces = [piece for paragraph in paragraphs for piece in _split_paragraph(paragraph, limits.max_paragraph_chars)]
    return "\n\n".join(p for p in pieces if p.strip()), True


def bounded_article(article: Article, limits: Limits = LIMITS) -> Article:
    """The article with its body within the limits (flag ``bounded`` when cut) and one-line labels."""
    text, changed = bounded_text(article.text, limits)
    flags = article.flags + (["bounded"] if changed and "bounded" not in article.flags else [])
    return replace(article, text=text, flags=flags,
                   title=clean_line(article.title, limits.max_title_chars),
                   url=_url(article.url, limits), path=clean_line(article.path, limits.max_url_chars) or None,
                   source=clean_line(article.source, limits.max_field_chars) or None,
                   site=clean_line(article.site, limits.max_field_chars) or None,
                   author=clean_line(article.author, limits.max_field_chars) or None,
                   language=clean_line(article.language, 16) or None, meta=_meta(article.meta, limits))
