"""Bad input through the CLI, idempotent re-ingest, and a SIGKILL in the middle of an ingest."""
from __future__ import annotations

import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from newsdesk.cli import main

WORDS = ("harbour council ferry timber orchard rail bridge festival library reservoir vineyard airport "
         "museum stadium clinic market quarry tunnel lighthouse brewery glacier river forest canal "
         "school union tram bakery dairy mill wharf station garden theatre").split()
PLACES = ["Ashford", "Brenmoor", "Calder Bay", "Dunmere", "Eastwick", "Fallowmere", "Glenrath", "Holmfirth"]


def write_articles(folder: Path, count: int, seed: int = 7) -> list[Path]:
    """Distinct invented plain-text articles: a headline and three paragraphs each."""
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for i in range(count):
        thing, place = rng.choice(WORDS), rng.choice(PLACES)
        body = [" ".join(rng.choice(WORDS) for _ in range(30)).capitalize() + f" in {place} on day {i}." for _ in range(3)]
        text = f"{place} {thing} plan number {i} wins approval\n\n" + "\n\n".join(body) + "\n"
        path = folder / f"article-{i:04d}.txt"
        path.write_text(text, "utf-8")
        paths.append(path)
    return paths


def snapshot(db: Path) -> dict[str, list]:
    """Every row of every table (the FTS index included), to compare a desk before and after."""
    with sqlite3.connect(db) as conn:
        tables = [r[0] for r in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")]
        return {t: sorted(map(repr, conn.execute(f'SELECT * FROM "{t}"'))) for t in tables}


def run_cli(db: Path, *args: str, capsys) -> tuple[int, list[str]]:
    code = main(["--db", str(db), "ingest", *args, "--quiet"])
    return code, capsys.readouterr().err.strip().splitlines()


def bad_files(folder: Path) -> dict[str, str]:
    """Files that cannot become articles, and the start of the reason each must be skipped with."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "image.txt").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(64))
    (folder / "empty.txt").write_bytes(b"")
    (folder / "huge.txt").write_text("Huge headline\n\n" + "word " * 10_000)
    (folder / "garbled.txt").write_bytes(bytes([0x81, 0x8D, 0xC3, 0xFE, 0x90, 0xE2]) * 300)
    (folder / "menu.html").write_text("<html><body><nav><a href='/'>Home</a></nav></body></html>")
    (folder / "furniture.txt").write_text("Advertisement\n\nShare this story with your friends\n\nPrint article\n")
    (folder / "broken.jsonl").write_text('{"id": 1, "text": \n["not", "an", "object"]\n{"id": 3}\n')
    return {"image.txt": "binary file: PNG image", "empty.txt": "empty file", "huge.txt": "too large",
            "garbled.txt": "unknown text encoding", "menu.html": "no article text found",
            "furniture.txt": "nothing left after removing page furniture",
            "broken.jsonl:1": "not JSON", "broken.jsonl:2": "not a JSON object", "broken.jsonl:3": "no 'text' field"}


def test_bad_inputs_are_skipped_with_one_line_reasons_and_a_summary(tmp_path, capsys):
    expected = bad_files(tmp_path / "in")
    write_articles(tmp_path / "in", 2)
    code, lines = run_cli(tmp_path / "desk.db", str(tmp_path / "in"), str(tmp_path / "missing.txt"),
                          "--max-bytes", "20000", capsys=capsys)
    assert code == 0
    skips = {line.split(": ", 1)[0].rsplit("/", 1)[-1]: line.split(": ", 1)[1] for line in lines[:-1]}
    assert set(skips) == set(expected) | {"missing.txt"}
    for name, reason in expected.items():
        assert skips[name].startswith(reason), (name, skips[name])
        assert "\n" not in skips[name]
    assert lines[-1].startswith("ingested 2, duplicates 0, skipped 10 (")
    assert "1 binary file" in lines[-1] and "1 no such file or folder" in lines[-1]


def test_a_library_failing_on_one_document_skips_it_and_the_run_goes_on(tmp_path, capsys, monkeypatch):
    import newsdesk.prepare as pipeline

    monkeypatch.setenv("NEWSDESK_WORKERS", "0")  # read in this process, where the patch applies
    paths = write_articles(tmp_path / "in", 3)
    real = pipeline.clean

    def fragile(article, options):
        if (article.path or "").endswith("article-0001.txt"):
            raise RecursionError("maximum recursion depth exceeded\nwhile walking the tree")
        return real(article, options)

    monkeypatch.setattr(pipeline, "clean", fragile)
    code, lines = run_cli(tmp_path / "desk.db", str(tmp_path / "in"), capsys=capsys)
    assert code == 0 and lines[-1].startswith("ingested 2, duplicates 0, skipped 1")
    assert lines[0] == (f"skipped {paths[1]}: could not be read (RecursionError: maximum recursion depth exceeded "
                        "while walking the tree); please report this file")


def test_a_run_where_everything_is_skipped_exits_non_zero(tmp_path, capsys):
    bad_files(tmp_path / "in")
    code, lines = run_cli(tmp_path / "desk.db", str(tmp_path / "in"), "--max-bytes", "20000", capsys=capsys)
    assert code == 1 and lines[-1].startswith("ingested 0, duplicates 0, skipped 9")


def test_bad_files_never_touch_what_is_stored(tmp_path, capsys):
    db = tmp_path / "desk.db"
    write_articles(tmp_path / "good", 3)
    assert run_cli(db, str(tmp_path / "good"), capsys=capsys)[0] == 0
    before = snapshot(db)
    bad_files(tmp_path / "bad")
    code, lines = run_cli(db, str(tmp_path / "bad"), "--max-bytes", "20000", capsys=capsys)
    assert code == 1 and lines[-1].startswith("ingested 0")
    assert snapshot(db) == before


def test_ingesting_the_same_files_twice_changes_nothing(tmp_path, capsys):
    db, folder = tmp_path / "desk.db", tmp_path / "in"
    write_articles(folder, 4)
    (folder / "page.html").write_bytes((Path(__file__).parent / "fixtures" / "extract" / "article.html").read_bytes())
    (folder / "export.jsonl").write_text(json.dumps({
        "id": "x1", "title": "Tram line extension opens", "url": "https://example.org/tram",
        "text": "The tram line extension to the eastern suburbs opened on Saturday with free rides all weekend."}) + "\n")
    code, lines = run_cli(db, str(folder), capsys=capsys)
    assert code == 0 and lines[-1] == "ingested 6, duplicates 0, skipped 0"
    before = snapshot(db)
    code, lines = run_cli(db, str(folder), str(folder / "article-0001.txt"), capsys=capsys)
    assert code == 0 and lines[-1] == "ingested 0, duplicates 6, skipped 0"  # a file named twice is read once
    assert snapshot(db) == before


# -- crash safety ---------------------------------------------------------------------------------
def _count(db: Path) -> int:
    try:
        with sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=5) as conn:
            return conn.execute("SELECT COUNT(*) FROM articles").fetchone()[0]
    except sqlite3.Error:
        return 0


def _kill_mid_ingest(db: Path, folder: Path, total: int) -> int:
    """Start `newsdesk ingest` in a subprocess, SIGKILL it after its first commits; articles then stored."""
    command = [sys.executable, "-c", "import sys; from newsdesk.cli import main; sys.exit(main())",
               "--db", str(db), "ingest", str(folder), "--quiet"]
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 120
    try:
        while _count(db) < 40 and process.poll() is None and time.monotonic() < deadline:
            time.sleep(0.02)
        time.sleep(random.Random(3).uniform(0.0, 0.4))  # land anywhere in the next batch
        assert process.poll() is None, "the ingest finished (or failed) before it could be killed: " + \
            process.stderr.read().decode(errors="replace")[-500:]
        os.kill(process.pid, signal.SIGKILL)
    finally:
        process.kill()
        process.wait()
    stored = _count(db)
    assert 0 < stored < total, stored
    return stored


def _incomplete_articles(conn: sqlite3.Connection) -> list:
    return conn.execute(
        "SELECT a.id FROM articles a LEFT JOIN article_signals s ON s.article_id = a.id"
        " LEFT JOIN story_articles sa ON sa.article_id = a.id LEFT JOIN stories st ON st.id = sa.story_id"
        # a copy of another article's text (origin elsewhere) is stored without an embedding: it needs none
        " WHERE a.text = '' OR s.minhash IS NULL OR (s.embedding IS NULL AND a.origin = a.id) OR s.features IS NULL"
        " OR st.id IS NULL").fetchall()


@pytest.mark.slow
def test_a_killed_ingest_keeps_every_committed_article_and_a_rerun_finishes_the_rest(tmp_path, capsys):
    db, folder, total = tmp_path / "desk.db", tmp_path / "in", 160
    write_articles(folder, total)
    stored = _kill_mid_ingest(db, folder, total)
    with sqlite3.connect(db) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        conn.execute("INSERT INTO articles_fts(articles_fts) VALUES ('integrity-check')")
        assert _incomplete_articles(conn) == []
    code, lines = run_cli(db, str(folder), capsys=capsys)
    assert code == 0 and lines[-1] == f"ingested {total - stored}, duplicates {stored}, skipped 0"
    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT COUNT(*), COUNT(DISTINCT content_hash), COUNT(DISTINCT path)"
                            " FROM articles").fetchone() == (total, total, total)
        assert _incomplete_articles(conn) == []
