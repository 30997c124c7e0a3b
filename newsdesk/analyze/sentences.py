"""Split cleaned text into units with character spans: headings, list items,
table rows and sentences. Spans index into the article's cleaned text, so every
quote taken from a unit is a verbatim span."""
from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Literal

from ..lexicon.marks import LIST_MARK as _LIST_MARK  # the cross-check imports it from here by this name

__all__ = ["Span", "UnitKind", "split_units"]

# What a unit of the cleaned text is; a list item's later sentences are plain sentences, and a
# "clause" is a part of a sentence :func:`newsdesk.analyze.analyze` splits off as a claim of its own.
UnitKind = Literal["sentence", "heading", "list-item", "table-row", "clause"]

_ABBREVIATIONS = {"mr", "mrs", "ms", "dr", "st", "jr", "sr", "prof", "gen", "gov", "sen", "rep", "lt", "col",
                  "sens", "reps", "govs", "gens", "messrs",
                  "sgt", "capt", "inc", "ltd", "co", "corp", "no", "vs", "etc", "e.g", "i.e", "approx", "jan",
                  "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "u.s", "u.k",
                  "u.n", "e.u", "a.m", "p.m", "ft", "mt", "fig", "est", "dept", "univ", "assn", "bros", "ave"}
_OPENERS = "“‘\"'(["
_CLOSERS = "”’\"')]"
_TABLE_ROW = re.compile(r"^\s*\|.*\|\s*$")
_GLUED = re.compile(r"(?<=[a-z]{3}[.!?])(?=[A-Z][a-z])")  # 'Washington.Her' -> sentence break


@dataclass(frozen=True, slots=True)
class Span:
    start: int
    end: int
    kind: UnitKind
    paragraph: int


def split_units(text: str) -> list[Span]:
    """Units of the cleaned text in order, each with its char span."""
    units: list[Span] = []
    for index, (start, end) in enumerate(_paragraph_spans(text)):
        block = text[start:end]
        if _TABLE_ROW.match(block):
            units.append(Span(start, end, "table-row", index))
        elif _is_heading(block):
            units.append(Span(start, end, "heading", index))
        else:
            kind: UnitKind = "list-item" if _LIST_MARK.match(block) else "sentence"
            for s, e in _sentence_spans(block):
                units.append(Span(start + s, start + e, kind if s == 0 else "sentence", index))
    return units


def _paragraph_spans(text: str) -> Iterator[tuple[int, int]]:
    for match in re.finditer(r"[^\n]+(?:\n(?!\n)[^\n]+)*", text):
        s, e = match.span()
        while s < e and text[s].isspace():
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
        if e > s:
            yield s, e


def _is_heading(block: str) -> bool:
    words = block.split()
    return len(words) <= 14 and block.rstrip()[-1:] not in ".!?:;\"”’)" and not _LIST_MARK.match(block)


def _sentence_spans(block: str) -> list[tuple[int, int]]:
    """Sentence boundaries: after . ! ? (outside quotes), not after abbreviations or initials."""
    cuts = [m.start() for m in _GLUED.finditer(block)]
    depth = 0
    for i, ch in enumerate(block):
        if ch in "“":
            depth += 1
        elif ch in "”":
            depth = max(0, depth - 1)
        if ch not in ".!?" or depth:
            continue
        j = i + 1
        while j < len(block) and block[j] in _CLOSERS + ".!?":
            j += 1
        if j >= len(block) or not block[j].isspace():
            continue
        k = j
        while k < len(block) and block[k].isspace():
            k += 1
        if k < len(block) and _starts_sentence(block[k]) and not _abbreviation_before(block, i):
            cuts.append(k)
    spans, start = [], 0
    for cut in sorted(set(cuts)):
        if cut > start:
            spans.append(_trim(block, start, cut))
            start = cut
    spans.append(_trim(block, start, len(block)))
    return [s for s in spans if s[1] > s[0]]


def _starts_sentence(ch: str) -> bool:
    return ch.isupper() or ch.isdigit() or ch in _OPENERS


def _abbreviation_before(block: str, dot: int) -> bool:
    if block[dot] != ".":
        return False
    word = re.search(r"([\w.]+)$", block[:dot])
    if not word:
        return False
    token = word.group(1).lower().rstrip(".")
    return token in _ABBREVIATIONS or len(token) == 1 or bool(re.fullmatch(r"(\w\.)+\w", token))


def _trim(block: str, s: int, e: int) -> tuple[int, int]:
    while s < e and block[s].isspace():
        s += 1
    while e > s and block[e - 1].isspace():
        e -= 1
    return s, e
