"""Splitting untrusted text into plain pieces the templates escape and mark up.

Nothing here produces HTML: templates receive lists of ``{text, mark, target}``
pieces and wrap marked ones in ``<mark>`` with autoescaping on.
"""
from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from typing import Any
from urllib.parse import urlsplit

from ..store.query import MATCH_END, MATCH_START

_SPAN = re.compile(r"^\s*(\d{1,9})\s*-\s*(\d{1,9})\s*$")


def parse_span(value: str, text_length: int) -> tuple[int, int] | None:
    """``"START-END"`` as character offsets inside a text of ``text_length``; None when invalid."""
    match = _SPAN.match(value or "")
    if not match:
        return None
    start, end = int(match.group(1)), int(match.group(2))
    return (start, end) if 0 <= start < end <= text_length else None


def locate_quote(text: str, quote: str, start: int | None = None, end: int | None = None) -> tuple[int, int] | None:
    """Where a quote sits in a text: the given offsets when they hold it, else its first occurrence."""
    if not quote:
        return None
    if isinstance(start, int) and isinstance(end, int) and text[start:end] == quote:
        return start, end
    found = text.find(quote)
    return (found, found + len(quote)) if found >= 0 else None


def merge_spans(spans: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
    """Sorted, non-overlapping spans."""
    merged: list[list[int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    return [(s, e) for s, e in merged]


def paragraph_pieces(text: str, spans: Iterable[Sequence[int]],
                     target: Sequence[int] | None = None) -> list[list[dict[str, Any]]]:
    """The text as paragraphs (split on blank lines) of pieces, marked where a span covers them.

    A piece inside ``target`` carries ``target=True`` (the first one gets the page anchor).
    """
    target = (int(target[0]), int(target[1])) if target else None
    marks = merge_spans([(int(s), int(e)) for s, e in spans] + ([target] if target else []))
    cuts = sorted({0, len(text), *[p for span in marks for p in span], *(target or ())})
    paragraphs: list[list[dict[str, Any]]] = [[]]
    for left, right in zip(cuts, cuts[1:]):
        marked = any(s <= left and right <= e for s, e in marks)
        aimed = target is not None and target[0] <= left and right <= target[1]
        for index, chunk in enumerate(text[left:right].split("\n\n")):
            if index:
                paragraphs.append([])
            if chunk:
                paragraphs[-1].append({"text": chunk, "mark": marked, "target": aimed, "anchor": False})
    anchored = next((piece for para in paragraphs for piece in para if piece["target"]), None)
    if anchored:
        anchored["anchor"] = True
    return [p for p in paragraphs if any(piece["text"].strip() for piece in p)]


def snippet_pieces(snippet: str | None) -> list[dict[str, Any]]:
    """An FTS5 snippet (matches between MATCH_START and MATCH_END) as ``{text, match}`` pieces."""
    pieces = []
    for part in re.split(f"({MATCH_START}[^{MATCH_END}]*{MATCH_END})", snippet or ""):
        if not part:
            continue
        match = part.startswith(MATCH_START)
        pieces.append({"text": part.strip(MATCH_START + MATCH_END) if match else part, "match": match})
    return pieces


def safe_link(url: str | None) -> str | None:
    """The URL when it is an http(s) link, else None (no javascript:, data:, ... links)."""
    if not url or any(ch in url for ch in "\x00\r\n\t "):
        return None
    try:
        scheme = urlsplit(url).scheme.lower()
    except ValueError:
        return None
    return url if scheme in ("http", "https") else None
