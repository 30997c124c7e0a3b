"""Shared fixtures. No test touches the network; fetch tests use 127.0.0.1 servers."""
from __future__ import annotations

import os
from pathlib import Path

import pytest

# The web app answers only to its own host names; the test client calls itself "testserver".
os.environ.setdefault("NEWSDESK_ALLOW_HOSTS", "testserver")

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples" / "corpus"
SHARED = ROOT.parent / "shared"


@pytest.fixture(scope="session")
def embedder():
    """One model load for the whole run."""
    from newsdesk.embed import Embedder

    return Embedder()


@pytest.fixture
def store(tmp_path):
    from newsdesk.store import Store

    with Store(tmp_path / "desk.db") as s:
        yield s


@pytest.fixture
def ingest(store, embedder):
    """ingest(*paths) -> outcomes, into the test's desk."""
    from newsdesk.inputs import expand_paths, read_inputs
    from newsdesk.pipeline import Ingestor

    def run(*paths):
        files, missing = expand_paths([str(p) for p in paths])
        ingestor = Ingestor(store, embedder=embedder)
        return list(ingestor.ingest(list(missing) + list(read_inputs(files, max_bytes=20_000_000))))

    return run


def desk_at_version(path: Path, version: int):
    """An open sqlite3 connection to a new desk built by the migrations up to ``version`` (an
    older desk for upgrade tests); the caller adds rows, commits and closes it."""
    import sqlite3

    from newsdesk.store.core import _statements, migrations

    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)")
    for number, name, sql in migrations():
        if number <= version:
            for statement in _statements(sql):
                conn.execute(statement)
            conn.execute("INSERT INTO migrations VALUES (?, ?, 'then')", (number, name))
    return conn


def shared_or_skip(*parts: str) -> Path:
    """A path under ../shared, or skip the test with a clear message when it is absent."""
    path = SHARED.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"{path} is absent (the ../shared folder is only on development machines)")
    return path


@pytest.fixture
def local_site():
    """A deliberately misbehaving HTTP server on 127.0.0.1 (tests/fixtures/collect/localserver.py)."""
    from fixtures.collect.localserver import LocalSite

    with LocalSite() as site:
        yield site
