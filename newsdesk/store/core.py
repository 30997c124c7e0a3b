"""Connection, numbered migrations and the one-writer transaction discipline."""
from __future__ import annotations

import re
import sqlite3
from collections.abc import Iterator, Sequence
from contextlib import AbstractContextManager, contextmanager
from importlib import resources
from pathlib import Path
from typing import Self

from ..errors import StoreError
from ..timeutil import to_iso, utcnow

_MIGRATION_NAME = re.compile(r"^(\d{4})_([\w-]+)\.sql$")


def migrations() -> list[tuple[int, str, str]]:
    """(version, name, sql) of every migration shipped in the package, in order."""
    found = []
    for entry in resources.files("newsdesk.store").joinpath("migrations").iterdir():
        match = _MIGRATION_NAME.match(entry.name)
        if match:
            found.append((int(match.group(1)), match.group(2), entry.read_text("utf-8")))
    return sorted(found)


IN_CHUNK = 500  # values per `IN (...)`: far below SQLite's limit on bound variables


def placeholders(values: Sequence[object]) -> str:
    """``?,?,?``: one placeholder per value, for ``IN (...)``."""
    return ",".join("?" * len(values))


def in_chunks(values: Sequence[str]) -> Iterator[tuple[list[str], str]]:
    """``values`` in slices of :data:`IN_CHUNK`, each with its placeholders: ``... IN ({marks})``."""
    for start in range(0, len(values), IN_CHUNK):
        chunk = list(values[start:start + IN_CHUNK])
        yield chunk, placeholders(chunk)


class StoreBase:
    """What every mixin uses of :class:`StoreCore`, declared once for the type checker."""

    conn: sqlite3.Connection

    def transaction(self) -> AbstractContextManager[sqlite3.Connection]:
        raise NotImplementedError  # StoreCore.transaction


class StoreCore(StoreBase):
    """Owns the SQLite connection and the transactions (the rules: ``newsdesk.store``'s docstring)."""

    def __init__(self, path: str | Path = "newsdesk.db") -> None:
        self.path = str(path)
        if self.path != ":memory:":
            parent = Path(self.path).resolve().parent
            if not parent.is_dir():
                raise StoreError(f"cannot create desk {self.path}: folder {parent} does not exist")
        try:
            self.conn = sqlite3.connect(self.path, timeout=30, isolation_level=None,
                                        check_same_thread=False)
        except sqlite3.Error as exc:
            raise StoreError(f"cannot open desk {self.path}: {exc}") from exc
        self.conn.row_factory = sqlite3.Row
        self._depth = 0
        try:
            self.conn.execute("PRAGMA foreign_keys = ON")
            if self.path != ":memory:":
                self.conn.execute("PRAGMA journal_mode = WAL")
                self.conn.execute("PRAGMA synchronous = NORMAL")
            self._migrate()
        except sqlite3.DatabaseError as exc:
            self.conn.close()
            if "locked" in str(exc):
                raise StoreError(f"desk {self.path} is locked by another process: try again") from exc
            raise StoreError(f"{self.path} is not a newsdesk desk ({exc}): give another --db") from exc

    # -- transactions -------------------------------------------------------
    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """BEGIN IMMEDIATE ... COMMIT; rolled back on any exception (Ctrl-C included).

        Nested calls join the outer transaction.
        """
        if self._depth:
            self._depth += 1
            try:
                yield self.conn
            finally:
                self._depth -= 1
            return
        self.conn.execute("BEGIN IMMEDIATE")
        self._depth = 1
        try:
            yield self.conn
        except BaseException:
            self.conn.execute("ROLLBACK")
            raise
        else:
            self.conn.execute("COMMIT")
        finally:
            self._depth = 0

    @contextmanager
    def savepoint(self, name: str = "one_document") -> Iterator[sqlite3.Connection]:
        """A unit inside the open transaction: on an exception its writes alone are undone
        (the exception goes on); on success they stay part of the transaction."""
        if not self._depth:
            raise StoreError("a savepoint needs an open transaction")
        self.conn.execute(f"SAVEPOINT {name}")
        try:
            yield self.conn
        except BaseException:
            if self.conn.in_transaction:
                self.conn.execute(f"ROLLBACK TO {name}")
                self.conn.execute(f"RELEASE {name}")
            raise
        self.conn.execute(f"RELEASE {name}")

    def close(self) -> None:
        self.conn.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- migrations -----------------------------------------------------------
    def schema_version(self) -> int:
        row = self.conn.execute("SELECT MAX(version) FROM migrations").fetchone()
        return row[0] or 0

    def _migrate(self) -> None:
        self.conn.execute(
            "CREATE TABLE IF NOT EXISTS migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL,"
            " applied_at TEXT NOT NULL)")
        applied = {row[0] for row in self.conn.execute("SELECT version FROM migrations")}
        shipped = migrations()
        unknown = applied - {version for version, _, _ in shipped}
        if unknown:
            raise StoreError(f"desk {self.path} has schema version {max(unknown)}, newer than this "
                             f"newsdesk ({shipped[-1][0] if shipped else 0}): upgrade newsdesk to open it")
        # each missing migration, in order (numbers are reserved per change, so a lower one may land later)
        for version, name, sql in shipped:
            if version in applied:
                continue
            with self.transaction() as conn:
                for statement in _statements(sql):
                    conn.execute(statement)
                conn.execute("INSERT INTO migrations VALUES (?, ?, ?)", (version, name, to_iso(utcnow())))


def _statements(sql: str) -> list[str]:
    """Split a migration into statements (triggers keep their inner semicolons)."""
    out: list[str] = []
    buf: list[str] = []
    for line in sql.splitlines():
        if line.strip().startswith("--") and not buf:
            continue
        buf.append(line)
        chunk = "\n".join(buf)
        if sqlite3.complete_statement(chunk):
            out.append(chunk.strip())
            buf = []
    if "".join(buf).strip():
        out.append("\n".join(buf).strip())
    return out
