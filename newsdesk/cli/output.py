"""Writing a command's result to a file or to standard output, and untrusted text made safe
for a terminal.

Article titles, snippets, feed labels and reasons come from strangers. A terminal obeys
escape sequences (colours, cursor moves, window titles, even clipboard writes on some), so
nothing from the desk reaches it raw: :func:`printable` for one-line fields in tables and
messages, :func:`terminal_text` for whole documents (a briefing, JSON) written to a terminal.
"""
from __future__ import annotations

import re
import sys
import unicodedata
from collections.abc import Iterable, Sequence
from pathlib import Path

__all__ = ["clip", "emit", "print_table", "printable", "terminal_text"]

# C0 and C1 controls, DEL, and the bidirectional embedding/override/isolate controls that can
# make a line read differently from what it holds ("Trojan Source").
_UNSAFE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff]")


def printable(text) -> str:
    """Untrusted text made safe for a terminal: line breaks become spaces, other control
    and format characters (escape sequences, bidi overrides) become '?'."""
    out = []
    for char in "" if text is None else str(text):
        if char in "\t\n\r":
            out.append(" ")
        elif unicodedata.category(char).startswith("C"):
            out.append("?")
        else:
            out.append(char)
    return "".join(out)


def terminal_text(text: str) -> str:
    """A document for a terminal: lines and tabs kept, every other control or bidi character
    written as a visible ``\\uXXXX`` escape (inside a JSON string, the same character)."""
    return _UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def emit(text: str, output: str | None, done: str) -> None:
    """Write ``text`` to ``output`` (saying ``done`` on stderr), or to standard output."""
    if output:
        Path(output).write_text(text, encoding="utf-8")
        print(f"{done} to {output}", file=sys.stderr)
    else:
        sys.stdout.write(terminal_text(text))


def clip(text, width: int) -> str:
    """One line of untrusted text, at most ``width`` characters (an ellipsis marks a cut)."""
    text = " ".join(printable(text).split())
    return text if len(text) <= width else text[: width - 1] + "…"


def print_table(columns: Sequence[tuple[str, str]], rows: Iterable[Sequence[object]]) -> None:
    """A header line, then a line per row; columns are ``(header, format spec)`` such as
    ``("story", "<16")`` or ``("art", ">3")``, two spaces apart. Values are printed as given:
    make untrusted text safe first (:func:`clip`, :func:`printable`)."""
    print(_table_line([header for header, _ in columns], columns))
    for row in rows:
        print(_table_line(row, columns))


def _table_line(values: Sequence[object], columns: Sequence[tuple[str, str]]) -> str:
    return "  ".join(format(value, spec) for value, (_, spec) in zip(values, columns, strict=True))
