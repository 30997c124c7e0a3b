"""Articles, their signals, stories and story membership."""
from __future__ import annotations

import json
import re
import sqlite3
from collections.abc import Mapping
from dataclasses import asdict
from typing import Any

from ..errors import StoryNotFound
from ..records import Article, Assignment, Removed, TrendCard
from ..textutil import canonical_url
from ..timeutil import from_iso, to_iso, utcnow
from .core import StoreBase, in_chunks
from .query import fts_query

_ID_PREFIX = re.compile(r"[0-9A-Za-z-]{1,64}")


def article_from_row(row: sqlite3.Row | Mapping[str, Any]) -> Article:
    trend = json.loads(row["trend"]) if row["trend"] else None
    return Article(
        id=row["id"], text=row["text"], title=row["title"], url=row["url"], path=row["path"],
        source=row["source"], site=row["site"], author=row["author"],
        published=from_iso(row["published"]), updated=from_iso(row["updated"]),
        fetched=from_iso(row["fetched"]), published_source=row["published_source"], language=row["language"],
        kind=row["kind"],
        flags=json.loads(row["flags"]), removed=[Removed(**r) for r in json.loads(row["removed"])],
        trend=TrendCard(**trend) if trend else None, origin=row["origin"], meta=json.loads(row["meta"]),
    )


def _insert_article(conn: sqlite3.Connection, article: Article, content_hash: str) -> None:
    conn.execute(
        "INSERT INTO articles (id, url, canonical_url, path, source, site, title, author, published,"
        " updated, fetched, published_source, ingested_at, language, kind, text, flags, removed, trend, meta,"
        " origin, content_hash) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
        (article.id, article.url, canonical_url(article.url), article.path, article.source,
         article.site, article.title, article.author, to_iso(article.published),
         to_iso(article.updated), to_iso(article.fetched), _source_of(article), to_iso(utcnow()),
         article.language,
         article.kind, article.text, json.dumps(article.flags),
         json.dumps([asdict(r) for r in article.removed]),
         json.dumps(asdict(article.trend)) if article.trend else None,
         json.dumps(article.meta, default=str), article.origin or article.id, content_hash))


def _move_member(conn: sqlite3.Connection, row: sqlite3.Row, new_story: str, reason: str,
                 evidence: dict[str, Any]) -> None:
    """One article into ``new_story``: a clustered one (its origin's own) with ``reason`` and
    ``evidence``, its earlier evidence kept under ``before``; a copy keeps its evidence."""
    if row["article_id"] != row["origin"]:
        conn.execute("UPDATE story_articles SET story_id = ? WHERE article_id = ?", (new_story, row["article_id"]))
        return
    before = {"reason": row["reason"], "score": row["score"], "evidence": json.loads(row["evidence"])}
    conn.execute("UPDATE story_articles SET story_id = ?, reason = ?, evidence = ? WHERE article_id = ?",
                 (new_story, reason, json.dumps({"detail": {**evidence, "before": before}}), row["article_id"]))


def _source_of(article: Article) -> str:
    """Where the article's publish date came from ('none' when undated; 'unknown' when a
    caller set a date without saying where it found it)."""
    if article.published is None:
        return "none"
    return article.published_source or "unknown"


class ArticlesMixin(StoreBase):
    # -- articles ---------------------------------------------------------------
    def has_article(self, article_id: str) -> bool:
        return self.conn.execute("SELECT 1 FROM articles WHERE id = ?", (article_id,)).fetchone() is not None

    def article_id_by_hash(self, content_hash: str) -> str | None:
        row = self.conn.execute("SELECT id FROM articles WHERE content_hash = ? LIMIT 1", (content_hash,)).fetchone()
        return row[0] if row else None

    def add_article(self, article: Article, *, content_hash: str, minhash: bytes | None,
                    embedding: bytes | None, features: dict[str, Any]) -> None:
        """Insert one article and its signals (together: in one transaction, the caller's when open)."""
        with self.transaction() as conn:
            _insert_article(conn, article, content_hash)
            conn.execute(
                "INSERT INTO article_signals (article_id, minhash, embedding, features) VALUES (?,?,?,?)",
                (article.id, minhash, embedding, json.dumps(features)))

    def article(self, article_id: str) -> Article | None:
        row = self.conn.execute("SELECT * FROM articles WHERE id = ?", (article_id,)).fetchone()
        return article_from_row(row) if row else None

    def articles(self, article_ids: list[str]) -> list[Article]:
        """Articles in the order of the ids given (unknown ids are left out)."""
        found: dict[str, Article] = {}
        for chunk, marks in in_chunks(article_ids):
            for row in self.conn.execute(f"SELECT * FROM articles WHERE id IN ({marks})", chunk):
                found[row["id"]] = article_from_row(row)
        return [found[i] for i in article_ids if i in found]

    def count_articles(self) -> int:
        return int(self.conn.execute("SELECT COUNT(*) FROM articles").fetchone()[0])

    # -- stories ----------------------------------------------------------------
    def save_story(self, story_id: str, title: str, first_seen: str | None, last_seen: str | None) -> None:
        now = to_iso(utcnow())
        with self.transaction() as conn:
            conn.execute(
                "INSERT INTO stories (id, title, created_at, updated_at, first_seen, last_seen)"
                " VALUES (?,?,?,?,?,?) ON CONFLICT(id) DO UPDATE SET title = excluded.title,"
                " updated_at = excluded.updated_at, first_seen = excluded.first_seen,"
                " last_seen = excluded.last_seen", (story_id, title, now, now, first_seen, last_seen))

    def assign(self, article_id: str, assignment: Assignment) -> None:
        evidence = {k: v for k, v in asdict(assignment).items() if k not in ("story_id", "score", "reason")}
        with self.transaction() as conn:
            conn.execute(
                "INSERT OR REPLACE INTO story_articles (article_id, story_id, score, reason, evidence, joined_at)"
                " VALUES (?,?,?,?,?,?)", (article_id, assignment.story_id, assignment.score,
                                          assignment.reason, json.dumps(evidence), to_iso(utcnow())))

    def move_origins(self, story_id: str, new_story: str, origins: list[str], evidence: dict[str, Any],
                     reason: str = "split") -> list[str]:
        """Move the articles of these origin groups from one story to another (a split or a merge).

        The articles that were clustered (each origin's own) get ``reason``
        with ``evidence`` and their earlier evidence kept under ``before``;
        copies keep theirs. Both stories' stored briefings are dropped.
        Returns the ids of every article moved.
        """
        moved: list[str] = []
        with self.transaction() as conn:
            for chunk, marks in in_chunks(origins):
                rows = conn.execute(
                    "SELECT sa.article_id, a.origin, sa.score, sa.reason, sa.evidence FROM story_articles sa"
                    f" JOIN articles a ON a.id = sa.article_id WHERE sa.story_id = ? AND a.origin IN ({marks})",
                    [story_id, *chunk]).fetchall()
                for row in rows:
                    moved.append(row["article_id"])
                    _move_member(conn, row, new_story, reason, evidence)
            conn.execute("DELETE FROM story_reports WHERE story_id IN (?, ?)", (story_id, new_story))
        return moved

    def stories(self, limit: int | None = None) -> list[dict[str, Any]]:
        """Stories, largest and most recent first, with article and origin counts (first and last
        seen: the range of their articles' publish dates, None when none is dated)."""
        sql = ("SELECT s.id, s.title, s.first_seen, s.last_seen,"
               " COUNT(sa.article_id) AS n_articles, COUNT(DISTINCT a.origin) AS n_origins"
               " FROM stories s JOIN story_articles sa ON sa.story_id = s.id"
               " JOIN articles a ON a.id = sa.article_id GROUP BY s.id"
               " ORDER BY n_origins DESC, s.last_seen DESC, s.id")
        if limit:
            sql += f" LIMIT {int(limit)}"
        return [dict(r) for r in self.conn.execute(sql)]

    def story(self, story_id: str) -> dict[str, Any]:
        """One story with its article rows (id, title, url, path, published and where that date was
        found, origin, evidence ...). No desk bookkeeping times: they are not dates of the news."""
        columns = "id, title, first_seen, last_seen"
        row = self.conn.execute(f"SELECT {columns} FROM stories WHERE id = ?", (story_id,)).fetchone()
        if row is None:
            prefix = story_id if _ID_PREFIX.fullmatch(story_id) else ""  # no LIKE wildcards, no giant patterns
            row = self.conn.execute(f"SELECT {columns} FROM stories WHERE id LIKE ? || '%'",
                                    (prefix,)).fetchall() if prefix else []
            if len(row) != 1:
                raise StoryNotFound(f"no story {story_id!r}: run `newsdesk stories` to list story ids")
            row = row[0]
        members = [dict(r) for r in self.conn.execute(
            "SELECT a.id, a.title, a.url, a.path, a.source, a.site, a.published, a.published_source,"
            " a.origin, a.kind, a.flags, sa.score, sa.reason, sa.evidence"
            " FROM story_articles sa JOIN articles a ON a.id = sa.article_id"
            " WHERE sa.story_id = ? ORDER BY a.rowid", (row["id"],))]
        for m in members:
            m["evidence"] = json.loads(m["evidence"])
            m["flags"] = json.loads(m["flags"])
        story = dict(row)
        story["articles"] = members
        story["n_articles"] = len(members)
        story["n_origins"] = len({m["origin"] for m in members})
        return story

    def story_article_ids(self, story_id: str) -> list[str]:
        return [r[0] for r in self.conn.execute(
            "SELECT sa.article_id FROM story_articles sa JOIN articles a ON a.id = sa.article_id"
            " WHERE sa.story_id = ? ORDER BY a.rowid", (story_id,))]

    def story_of(self, article_id: str) -> str | None:
        row = self.conn.execute("SELECT story_id FROM story_articles WHERE article_id = ?", (article_id,)).fetchone()
        return row[0] if row else None

    # -- search -----------------------------------------------------------------
    def search(self, query: str, limit: int = 20, *, marks: tuple[str, str] = ("[", "]"),
               context: int = 12) -> list[dict[str, Any]]:
        """Full-text search over titles and texts (FTS5 bm25); each hit's snippet of about
        ``context`` words has its matches between ``marks`` and no HTML."""
        terms = fts_query(query)
        if not terms:
            return []
        rows = self.conn.execute(
            "SELECT a.id, a.title, a.site, a.path, a.url, a.published, sa.story_id,"
            " snippet(articles_fts, 1, ?, ?, ' … ', ?) AS snippet, bm25(articles_fts) AS rank"
            " FROM articles_fts JOIN articles a ON a.rowid = articles_fts.rowid"
            " LEFT JOIN story_articles sa ON sa.article_id = a.id"
            " WHERE articles_fts MATCH ? ORDER BY rank LIMIT ?", (*marks, context, terms, limit))
        return [dict(r) for r in rows]
