"""Read-only views of stories: when their articles appeared, their titles, sources, trend
cards and last report, and the filtered, paged story lists of the front page and feeds.

Nothing here writes. Lookups of many ids go through :func:`.core.in_chunks`.
"""
from __future__ import annotations

import json
import sqlite3
from typing import Any

from .core import StoreBase, in_chunks, placeholders
from .query import fts_query

# When an article appeared: its publish time; NULL when it is undated (the time the desk
# fetched or ingested it is no date of the news). The same rule as
# newsdesk.coverage.series.observation_from_row.
SEEN_SQL = "a.published"
BASIS_SQL = "CASE WHEN a.published IS NOT NULL THEN 'published' END"
_TIMES = (f"SELECT sa.story_id, a.id AS article_id, a.origin, {SEEN_SQL} AS seen, {BASIS_SQL} AS basis"
          " FROM articles a JOIN story_articles sa ON sa.article_id = a.id")


class StoryViewsMixin(StoreBase):
    """Per story: its articles' times, trend cards, titles, heads and last report; stories by search."""


    def story_times(self, story_id: str | None = None) -> list[sqlite3.Row]:
        """(story_id, article_id, origin, seen, basis) of every article of one story or of all.

        ``seen`` is the article's publish time (None when undated, see SEEN_SQL);
        ``basis`` is 'published' (None when undated).
        """
        if story_id is None:
            return self.conn.execute(_TIMES).fetchall()
        return self.conn.execute(_TIMES + " WHERE sa.story_id = ?", (story_id,)).fetchall()

    def latest_seen(self) -> str | None:
        """The newest time any story's article appeared (see SEEN_SQL), ISO UTC."""
        row = self.conn.execute(
            f"SELECT MAX({SEEN_SQL}) FROM articles a JOIN story_articles sa ON sa.article_id = a.id").fetchone()
        return row[0] if row else None

    def story_trend_cards(self, story_ids: list[str] | None = None) -> list[dict[str, Any]]:
        """Trend cards cleaning found on a story's articles, with the article's times."""
        sql = (f"SELECT sa.story_id, a.id AS article_id, a.origin, a.trend, {SEEN_SQL} AS seen,"
               f" {BASIS_SQL} AS basis FROM story_articles sa JOIN articles a ON a.id = sa.article_id"
               " WHERE a.trend IS NOT NULL")
        if story_ids is None:
            rows = self.conn.execute(sql).fetchall()
        else:
            rows = [row for chunk, marks in in_chunks(story_ids)
                    for row in self.conn.execute(sql + f" AND sa.story_id IN ({marks})", chunk)]
        out = []
        for row in rows:
            card = _json_or_none(row["trend"])
            if isinstance(card, dict) and card.get("query"):
                out.append({**dict(row), "trend": card})
        return out

    def origin_group(self, origin: str) -> list[dict[str, Any]]:
        """Every article of one near-duplicate group, with its story."""
        return [dict(r) for r in self.conn.execute(
            "SELECT a.id, a.title, a.site, a.source, a.path, a.url, a.published, sa.story_id"
            " FROM articles a LEFT JOIN story_articles sa ON sa.article_id = a.id"
            " WHERE a.origin = ? ORDER BY a.rowid", (origin,))]

    def article_heads(self, article_ids: list[str], length: int = 160) -> dict[str, str]:
        """The first characters of each article's text (to name untitled articles)."""
        out: dict[str, str] = {}
        for chunk, marks in in_chunks(article_ids):
            out.update((r[0], r[1]) for r in self.conn.execute(
                f"SELECT id, substr(text, 1, ?) FROM articles WHERE id IN ({marks})",
                [length, *chunk]))
        return out

    def story_titles(self, story_ids: list[str]) -> dict[str, str]:
        return {r[0]: r[1] for chunk, marks in in_chunks(story_ids)
                for r in self.conn.execute(f"SELECT id, title FROM stories WHERE id IN ({marks})", chunk)}

    def last_report(self, story_id: str) -> dict[str, Any] | None:
        """The last report built for a story (possibly stale), or None."""
        row = self.conn.execute("SELECT report FROM story_reports WHERE story_id = ?", (story_id,)).fetchone()
        report = _json_or_none(row[0]) if row else None
        return report if isinstance(report, dict) else None

    def search_stories(self, query: str, limit: int = 20) -> list[dict[str, Any]]:
        """Stories ranked by their best-matching article (FTS5 bm25), with the number of hits."""
        terms = fts_query(query)
        if not terms:
            return []
        return [dict(r) for r in self.conn.execute(
            "WITH h AS MATERIALIZED (SELECT sa.story_id, bm25(articles_fts) AS rank FROM articles_fts"
            " JOIN articles a ON a.rowid = articles_fts.rowid JOIN story_articles sa ON sa.article_id = a.id"
            " WHERE articles_fts MATCH ?)"
            " SELECT h.story_id AS id, s.title, COUNT(*) AS hits, MIN(h.rank) AS rank"
            " FROM h JOIN stories s ON s.id = h.story_id "
            "GROUP BY h.story_id ORDER BY rank LIMIT ?", (terms, limit))]


def _json_or_none(text: str | None) -> Any:
    if not text:
        return None
    try:
        return json.loads(text)
    except (TypeError, ValueError):
        return None


class StoryListsMixin(StoreBase):
    """Stories filtered, ordered and paged (the front page and the feeds), then the rows of only the
    stories shown: their articles' times and sources, their reports' summaries, the desk's outlets."""


    def desk_time(self) -> str | None:
        """The desk's clock: its stories' newest sighting (read from the stories, not the articles)."""
        newest: str | None = self.conn.execute("SELECT MAX(last_seen) FROM stories").fetchone()[0]
        return newest

    def filtered_stories(self, *, since: str | None = None, until: str | None = None,
                         story_ids: list[str] | None = None, conflicts_only: bool = False,
                         seen_after: str | None = None, seen_before: str | None = None,
                         limit: int | None = None, offset: int = 0) -> list[sqlite3.Row]:
        """id, title, first_seen, last_seen of the stories matching the filters, latest seen first.

        ``since``/``until`` keep stories seen in that period (ISO); ``story_ids``
        only those; ``seen_after``/``seen_before`` split active from older stories.
        """
        where, params = self._story_filters(since, until, story_ids, conflicts_only, seen_after, seen_before)
        sql = ("SELECT s.id, s.title, s.first_seen, s.last_seen FROM stories s" + where +
               " ORDER BY s.last_seen DESC, s.id" + (" LIMIT ? OFFSET ?" if limit is not None else ""))
        return self.conn.execute(sql, params + ([limit, offset] if limit is not None else [])).fetchall()

    def count_filtered_stories(self, **filters: Any) -> int:
        where, params = self._story_filters(filters.get("since"), filters.get("until"), filters.get("story_ids"),
                                            filters.get("conflicts_only", False), None, None)
        return int(self.conn.execute("SELECT COUNT(*) FROM stories s" + where, params).fetchone()[0])

    @staticmethod
    def _story_filters(since: str | None, until: str | None, story_ids: list[str] | None, conflicts_only: bool,
                       seen_after: str | None, seen_before: str | None) -> tuple[str, list[Any]]:
        clauses = ["EXISTS (SELECT 1 FROM story_articles sa WHERE sa.story_id = s.id)"]
        params: list[Any] = []
        for clause, value in (("s.last_seen >= ?", since), ("s.first_seen <= ?", until),
                              ("s.last_seen >= ?", seen_after), ("(s.last_seen < ? OR s.last_seen IS NULL)",
                                                                  seen_before)):
            if value is not None:
                clauses.append(clause)
                params.append(value)
        if story_ids is not None:  # one statement (it is ordered and paged), so not in chunks: callers
            # pass a search's hits, far fewer than SQLite's limit on bound variables
            clauses.append(f"s.id IN ({placeholders(story_ids) or 'NULL'})")
            params += list(story_ids)
        if conflicts_only:
            clauses.append("s.id IN (SELECT story_id FROM story_reports WHERE json_valid(report)"
                           " AND json_array_length(report, '$.conflicts') > 0)")
        return " WHERE " + " AND ".join(clauses), params

    def times_of_stories(self, story_ids: list[str]) -> list[sqlite3.Row]:
        """story_times rows of several stories (see story_times)."""
        out: list[sqlite3.Row] = []
        for chunk, marks in in_chunks(story_ids):
            out += self.conn.execute(_TIMES + f" WHERE sa.story_id IN ({marks})", chunk).fetchall()
        return out

    def story_sources(self, story_ids: list[str]) -> list[sqlite3.Row]:
        """story_id, article id, title, origin, site, source, url, path of the stories' articles, oldest first."""
        out: list[sqlite3.Row] = []
        for chunk, marks in in_chunks(story_ids):
            out += self.conn.execute(
                "SELECT sa.story_id, a.id, a.title, a.origin, a.site, a.source, a.url, a.path FROM story_articles sa"
                f" JOIN articles a ON a.id = sa.article_id WHERE sa.story_id IN ({marks}) ORDER BY a.rowid",
                chunk).fetchall()
        return out

    def report_summaries(self, story_ids: list[str]) -> dict[str, dict[str, Any]]:
        """Per briefed story: its conflict count, the lede sentence of its briefing and when it was built."""
        sql = ("SELECT story_id, built_at, CASE WHEN json_valid(report) THEN json_array_length(report, '$.conflicts')"
               " END, CASE WHEN json_valid(report) THEN json_extract(report, '$.briefing.sections[0].sentences[0]')"
               " END FROM story_reports WHERE story_id IN ({marks})")
        return {r[0]: {"built_at": r[1], "conflicts": r[2], "lede": _json_or_none(r[3])}
                for chunk, marks in in_chunks(story_ids) for r in self.conn.execute(sql.format(marks=marks), chunk)}

    def desk_outlets(self, recent_stories: int = 200) -> list[sqlite3.Row]:
        """site, source, url, path of the articles of the most recently seen stories, one row per distinct site."""
        return self.conn.execute(
            "SELECT a.site, a.source, MIN(a.url) AS url, MIN(a.path) AS path FROM articles a"
            " JOIN story_articles sa ON sa.article_id = a.id WHERE sa.story_id IN"
            " (SELECT id FROM stories ORDER BY last_seen DESC LIMIT ?) GROUP BY a.site, a.source",
            (recent_stories,)).fetchall()
