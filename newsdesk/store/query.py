"""A reader's search words as an FTS5 expression: words, "quoted phrases", AND, OR, NOT.

Every word and phrase is quoted, so nothing the reader types is FTS5 syntax
except the three upper-case operators; an operator with nothing to join is
read as a word. Adjacent terms must all match (FTS5's implicit AND).
"""
from __future__ import annotations

import re

OPERATORS = ("AND", "OR", "NOT")
MATCH_START, MATCH_END = "\x02", "\x03"  # snippet markers for `Store.search(marks=...)`: never in stored text
_TOKEN = re.compile(r'"([^"]*)"?|([^\s"()]+)')


def _tokens(text: str) -> list[tuple[str, str]]:
    """("op", "AND") or ("term", '"quoted"') pieces, in order."""
    out = []
    for match in _TOKEN.finditer(text or ""):
        phrase, word = match.group(1), match.group(2)
        if word in OPERATORS:
            out.append(("op", word))
        elif phrase is not None:
            if phrase.split():
                out.append(("term", '"' + " ".join(phrase.split()) + '"'))
        elif word:
            out.append(("term", f'"{word}"'))
    return out


def fts_query(text: str) -> str:
    """The FTS5 MATCH expression for a reader's query ("" when it has no words)."""
    parts: list[tuple[str, str]] = []
    for kind, value in _tokens(text):
        if kind == "op" and value == "NOT" and parts and parts[-1] == ("op", "AND"):
            parts[-1] = (kind, value)  # "a AND NOT b" is "a NOT b"
            continue
        if kind == "op" and (not parts or parts[-1][0] == "op"):
            kind, value = "term", f'"{value.lower()}"'  # nothing on its left: a plain word
        parts.append((kind, value))
    while parts and parts[-1][0] == "op":
        parts.pop()  # nothing on its right
    return " ".join(value for _, value in parts)
