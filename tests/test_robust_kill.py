"""Issue 11: SIGKILL an ingest at several seeded points (worker processes and all), with hostile
files among the articles: after each kill the desk is intact, nothing is stored twice, no
worker is left behind, and resuming finishes the rest."""
from __future__ import annotations

import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from test_ingest_robustness import _count, _incomplete_articles, write_articles
from test_robust_ingest import crash_triggers

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))
from fuzz import descendants as _descendants  # noqa: E402 - the fuzz benchmark's process-tree reader

TOTAL = 120


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def _gone(pids: list[int], seconds: float = 60.0) -> None:
    """The killed run's helper processes exit by themselves (a forkserver still loading its
    modules notices only when it is done: give it time)."""
    deadline = time.monotonic() + seconds
    while any(_alive(pid) for pid in pids) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert [pid for pid in pids if _alive(pid)] == [], "helper processes outlived the killed ingest"


def _command(db: Path, folder: Path) -> list[str]:
    return [sys.executable, "-c", "import sys; from newsdesk.cli import main; sys.exit(main())",
            "--db", str(db), "ingest", str(folder), "--quiet"]


def _kill_after(db: Path, folder: Path, at_least: int, extra: float) -> tuple[int, list[int]]:
    """SIGKILL an ingest once ``at_least`` articles are stored, plus ``extra`` seconds; its helpers then."""
    process = subprocess.Popen(_command(db, folder), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 180
    helpers: set[int] = set()
    try:
        while _count(db) < at_least and process.poll() is None and time.monotonic() < deadline:
            helpers.update(_descendants(process.pid))
            time.sleep(0.02)
        time.sleep(extra)
        helpers.update(_descendants(process.pid))
        assert process.poll() is None, "finished before the kill: " + process.stderr.read().decode()[-400:]
        os.kill(process.pid, signal.SIGKILL)
    finally:
        process.kill()
        process.wait()
    return _count(db), sorted(helpers)


def _intact(db: Path) -> None:
    with sqlite3.connect(db) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        conn.execute("INSERT INTO articles_fts(articles_fts) VALUES ('integrity-check')")
        assert _incomplete_articles(conn) == []
        assert conn.execute("SELECT COUNT(*) = COUNT(DISTINCT content_hash) FROM articles").fetchone()[0] == 1


@pytest.mark.slow
def test_ingest_killed_at_seeded_points_loses_and_repeats_nothing(tmp_path, seed=1):
    rng = random.Random(seed)
    folder, db = tmp_path / "in", tmp_path / "desk.db"
    write_articles(folder, TOTAL, seed=seed)
    expected = crash_triggers(folder / "hostile")
    good_hostile = sum(1 for want in expected.values() if want == "ingested")
    stored, kills = 0, []
    for _ in range(3):  # three kills, each at a seeded point of a resumed run
        stored_before = stored
        stored, helpers = _kill_after(db, folder, stored + rng.randint(5, 30), rng.uniform(0.0, 0.5))
        kills.append(stored)
        assert stored >= stored_before
        _intact(db)
        _gone(helpers)
    final = subprocess.run(_command(db, folder), capture_output=True, text=True, timeout=300)
    assert final.returncode == 0, final.stderr[-500:]
    summary = final.stderr.strip().splitlines()[-1]
    assert summary.startswith(f"ingested {TOTAL + good_hostile - stored}, duplicates {stored}, skipped 1"), (kills, summary)
    _intact(db)
    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT COUNT(*), COUNT(DISTINCT path) FROM articles").fetchone() == \
            (TOTAL + good_hostile,) * 2
