"""Issue 11: untrusted text never reaches the terminal raw (escape sequences, C1 controls,
bidi overrides), whatever the desk holds; and new text loses its control characters at the door."""
from __future__ import annotations

import json
import sqlite3

import pytest
from web_desk import build_desk

from newsdesk.cli import main
from newsdesk.cli.output import emit, printable, terminal_text

# Set the window title, clear the screen, a C1 CSI, an OSC 52 clipboard write, a bidi override.
EVIL = "\x1b]0;owned\x07Tunnel \x1b[2J\x9b31m\x1b]52;c;cm0gLXJm\x07opens \u202eevil\u202c today"
RAW = ("\x1b", "\x9b", "\x07", "\u202e")


@pytest.fixture
def evil_desk(tmp_path):
    """A desk written by an older newsdesk (no cleaning at the door): control characters stored as they came."""
    path = tmp_path / "desk.db"
    built = build_desk(path)
    with sqlite3.connect(path) as conn:
        conn.execute("UPDATE articles SET title = ?, url = ?, text = text || ? WHERE id = ?",
                     (EVIL, "https://x.example/\x1b[2J", " Tunnel " + EVIL, built["growing"]["articles"][0].id))
        conn.execute("UPDATE stories SET title = ? WHERE id = ?", (EVIL, built["growing"]["story"]))
        conn.execute("INSERT INTO articles_fts(articles_fts) VALUES ('rebuild')")
    return path, built


@pytest.mark.parametrize("command", [["stories"], ["stories", "--format", "json"], ["show", "STORY"],
                                     ["show", "STORY", "--format", "json"], ["search", "Tunnel"]])
def test_no_escape_sequence_from_the_desk_reaches_the_terminal(evil_desk, capsys, command):
    path, built = evil_desk
    command = [built["growing"]["story"] if part == "STORY" else part for part in command]
    assert main(["--db", str(path), *command]) == 0
    out = capsys.readouterr().out
    assert "Tunnel" in out and "opens" in out
    assert not any(char in out for char in RAW), repr(out[:400])
    if "json" in command:
        data = json.loads(out)  # still valid JSON, and the same data once parsed
        assert EVIL in _strings(data)


def _strings(value) -> list[str]:
    if isinstance(value, dict):
        return [s for v in value.values() for s in _strings(v)]
    if isinstance(value, list):
        return [s for v in value for s in _strings(v)]
    return [value] if isinstance(value, str) else []


def test_printable_and_terminal_text():
    assert printable("a\x1b[31mb\nc\u202ed") == "a?[31mb c?d"
    assert terminal_text('{"t": "a\x9bb\u202e"}\nline\ttab') == '{"t": "a\\u009bb\\u202e"}\nline\ttab'
    assert json.loads(terminal_text(json.dumps({"t": "x\x9b\u2066y"}, ensure_ascii=False))) == {"t": "x\x9b\u2066y"}


def test_a_briefing_written_to_the_terminal_is_escaped_but_a_file_keeps_its_text(tmp_path, capsys):
    emit("# " + EVIL + "\n", None, "wrote")
    assert not any(char in capsys.readouterr().out for char in RAW)
    emit("# " + EVIL + "\n", str(tmp_path / "b.md"), "wrote")
    assert (tmp_path / "b.md").read_text() == "# " + EVIL + "\n"


def test_control_characters_are_removed_when_text_comes_in(tmp_path, capsys):
    page = tmp_path / "page.txt"
    page.write_text(f"{EVIL}\n\nThe tunnel under the river opens today, the transport office said, "
                    "after four years of digging.\n")
    db = tmp_path / "desk.db"
    assert main(["--db", str(db), "ingest", str(page), "--quiet"]) == 0
    with sqlite3.connect(db) as conn:
        title, text = conn.execute("SELECT title, text FROM articles").fetchone()
    assert "\x1b" not in title + text and "\x9b" not in title + text and "\x07" not in title + text
    assert "opens" in title
