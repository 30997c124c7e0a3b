"""The clusterer's stored state: story summaries, the weeks each story spans, desk-wide counts."""
from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Iterator

from .core import StoreBase, in_chunks


class StateMixin(StoreBase):
    # -- story summaries ------------------------------------------------------------
    def save_story_states(self, rows: Iterable[tuple[str, int, bytes, bytes | None, set[tuple[str, int]]]]) -> None:
        """(story id, newest article rowid, state, head, weeks) per story; ``weeks`` replaces the story's
        (clock, week) rows."""
        with self.transaction() as conn:
            for story_id, last_rowid, state, head, weeks in rows:
                conn.execute("INSERT OR REPLACE INTO story_state (story_id, last_rowid, state, head)"
                             " VALUES (?,?,?,?)", (story_id, last_rowid, state, head))
                conn.execute("DELETE FROM story_weeks WHERE story_id = ?", (story_id,))
                conn.executemany("INSERT INTO story_weeks (clock, week, story_id) VALUES (?,?,?)",
                                 [(clock, week, story_id) for clock, week in sorted(weeks)])

    def story_states(self, story_ids: list[str]) -> list[sqlite3.Row]:
        """(story_id, last_rowid, state, head) of the stories stored (unknown ids left out)."""
        out: list[sqlite3.Row] = []
        for chunk, marks in in_chunks(story_ids):
            out += self.conn.execute(f"SELECT story_id, last_rowid, state, head FROM story_state"
                                     f" WHERE story_id IN ({marks})", chunk).fetchall()
        return out

    def stories_in_weeks(self, clock: str, first: int, last: int, limit: int | None = None) -> list[str]:
        """Stories with a row for ``clock`` in weeks ``first``..``last`` (the most recent weeks first
        when ``limit`` cuts them)."""
        sql = ("SELECT story_id, MAX(week) AS w FROM story_weeks WHERE clock = ? AND week BETWEEN ? AND ?"
               " GROUP BY story_id ORDER BY w DESC")
        if limit:
            sql += f" LIMIT {int(limit)}"
        return [r[0] for r in self.conn.execute(sql, (clock, first, last))]

    def drop_story(self, story_id: str) -> None:
        """Remove a story that has no articles left (merged into another)."""
        with self.transaction() as conn:
            for table in ("story_weeks", "story_state", "story_reports"):
                conn.execute(f"DELETE FROM {table} WHERE story_id = ?", (story_id,))
            conn.execute("DELETE FROM stories WHERE id = ? AND NOT EXISTS"
                         " (SELECT 1 FROM story_articles WHERE story_id = ?)", (story_id, story_id))

    # -- desk-wide counts -----------------------------------------------------------
    def cluster_value(self, key: str) -> bytes | None:
        row = self.conn.execute("SELECT value FROM cluster_state WHERE key = ?", (key,)).fetchone()
        value: bytes | None = row[0] if row else None
        return value

    def set_cluster_values(self, values: dict[str, bytes]) -> None:
        with self.transaction() as conn:
            conn.executemany("INSERT OR REPLACE INTO cluster_state (key, value) VALUES (?, ?)", values.items())

    # -- what rebuilding needs ---------------------------------------------------------
    def max_rowid(self) -> int:
        return int(self.conn.execute("SELECT COALESCE(MAX(rowid), 0) FROM articles").fetchone()[0])

    def recent_signatures(self, limit: int) -> list[sqlite3.Row]:
        """(id, origin, minhash) of the ``limit`` most recent articles, oldest first."""
        rows = self.conn.execute("SELECT a.id, a.origin, s.minhash FROM articles a JOIN article_signals s"
                                 " ON s.article_id = a.id WHERE s.minhash IS NOT NULL"
                                 " ORDER BY a.rowid DESC LIMIT ?", (limit,)).fetchall()
        return rows[::-1]

    def member_signals(self, story_id: str) -> list[sqlite3.Row]:
        """(id, rowid, embedding, features, ingested_at) of the story's clustered articles (not copies),
        in ingest order."""
        return self.conn.execute(
            "SELECT a.id, a.rowid AS rowid, s.embedding, s.features, a.ingested_at FROM story_articles sa"
            " JOIN articles a ON a.id = sa.article_id JOIN article_signals s ON s.article_id = a.id"
            " WHERE sa.story_id = ? AND a.origin = a.id AND s.embedding IS NOT NULL ORDER BY a.rowid",
            (story_id,)).fetchall()

    def member_heads(self, story_id: str) -> list[sqlite3.Row]:
        """(id, title, head, embedding, published, ingested_at) of every article of the story."""
        return self.conn.execute(
            "SELECT a.id, a.title, substr(a.text, 1, 400) AS head, s.embedding, a.published, a.ingested_at"
            " FROM story_articles sa JOIN articles a ON a.id = sa.article_id"
            " JOIN article_signals s ON s.article_id = a.id WHERE sa.story_id = ? ORDER BY a.rowid",
            (story_id,)).fetchall()

    def signals_after(self, rowid: int) -> Iterator[sqlite3.Row]:
        """Every article's signals with its story, newer than ``rowid``, in ingest order."""
        yield from self.conn.execute(
            "SELECT a.rowid AS rowid, a.id, a.origin, a.title, a.published, a.ingested_at,"
            " substr(a.text, 1, 400) AS head, s.minhash, s.embedding, s.features, sa.story_id"
            " FROM articles a JOIN article_signals s ON s.article_id = a.id"
            " LEFT JOIN story_articles sa ON sa.article_id = a.id WHERE a.rowid > ? ORDER BY a.rowid", (rowid,))
