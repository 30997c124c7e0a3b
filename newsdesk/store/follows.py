"""What a reader follows: saved searches and followed stories, and their new articles."""
from __future__ import annotations

from datetime import datetime
from typing import Any

from ..errors import ConfigError
from ..timeutil import to_iso
from .core import StoreBase
from .query import fts_query

_ARTICLE_COLUMNS = ("a.rowid AS rowid, a.id, a.title, a.site, a.source, a.url, a.path, a.published,"
                    " a.ingested_at, sa.story_id")


class FollowsMixin(StoreBase):
    def add_follow(self, kind: str, name: str, *, now: datetime, query: str | None = None,
                   story_id: str | None = None) -> int:
        """A new saved search or followed story; only articles arriving after now count as new."""
        with self.transaction() as conn:
            if conn.execute("SELECT 1 FROM follows WHERE name = ?", (name,)).fetchone():
                raise ConfigError(f"a follow named {name!r} exists: choose another name or remove it first")
            newest = conn.execute("SELECT COALESCE(MAX(rowid), 0) FROM articles").fetchone()[0]
            cur = conn.execute("INSERT INTO follows (kind, name, query, story_id, created_at, seen_rowid)"
                               " VALUES (?,?,?,?,?,?)", (kind, name, query, story_id, to_iso(now), newest))
            return int(cur.lastrowid or 0)  # always set after an INSERT

    def follows(self) -> list[dict[str, Any]]:
        return [dict(r) for r in self.conn.execute("SELECT * FROM follows ORDER BY id")]

    def follow(self, name: str) -> dict[str, Any] | None:
        row = self.conn.execute("SELECT * FROM follows WHERE name = ?", (name,)).fetchone()
        return dict(row) if row else None

    def remove_follow(self, name: str) -> bool:
        with self.transaction() as conn:
            return conn.execute("DELETE FROM follows WHERE name = ?", (name,)).rowcount > 0

    def follow_articles(self, follow: dict[str, Any], *, after_rowid: int = 0, limit: int = 50) -> list[dict[str, Any]]:
        """The follow's matching articles, newest first (only those after ``after_rowid``)."""
        if follow["kind"] == "story":
            sql = (f"SELECT {_ARTICLE_COLUMNS} FROM story_articles sa JOIN articles a ON a.id = sa.article_id"
                   " WHERE sa.story_id = ? AND a.rowid > ? ORDER BY a.rowid DESC LIMIT ?")
            return [dict(r) for r in self.conn.execute(sql, (follow["story_id"], after_rowid, limit))]
        terms = fts_query(follow["query"] or "")
        if not terms:
            return []
        sql = (f"SELECT {_ARTICLE_COLUMNS} FROM articles_fts JOIN articles a ON a.rowid = articles_fts.rowid"
               " LEFT JOIN story_articles sa ON sa.article_id = a.id"
               " WHERE articles_fts MATCH ? AND a.rowid > ? ORDER BY a.rowid DESC LIMIT ?")
        return [dict(r) for r in self.conn.execute(sql, (terms, after_rowid, limit))]

    def mark_follow_seen(self, follow_id: int, rowid: int, now: datetime) -> None:
        with self.transaction() as conn:
            conn.execute("UPDATE follows SET seen_rowid = MAX(seen_rowid, ?), checked_at = ? WHERE id = ?",
                         (rowid, to_iso(now), follow_id))
