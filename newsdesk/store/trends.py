"""Trending search queries: one row per query and region, a time-stamped sighting
each time it is seen (a Trends poll or a trend card on a page), the news items
it came with, and the articles (hence stories) it led to.

Query API (what the web pages use): :meth:`TrendsMixin.trend_queries`,
:meth:`TrendsMixin.trend_queries_for_story`, :meth:`TrendsMixin.trend_query`.
"""
from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Any

from ..records import TrendCard
from ..textutil import canonical_url, normalise, parse_traffic, stable_id
from ..timeutil import to_iso, utcnow
from .core import StoreBase, in_chunks


def trend_query_id(query: str, geo: str | None) -> str:
    return stable_id("trend", (geo or "").upper(), normalise(query))


class TrendsMixin(StoreBase):
    # -- writing ----------------------------------------------------------------------
    def record_trend_sighting(self, query: str, geo: str | None, *, seen_at: datetime, via: str,
                              traffic: str | None = None, traffic_n: int | None = None,
                              published: datetime | None = None, source_id: int | None = None,
                              article_id: str | None = None) -> str:
        """Store one sighting of a query; returns the query id."""
        qid = trend_query_id(query, geo)
        seen = to_iso(seen_at)
        with self.transaction() as conn:
            conn.execute(
                "INSERT INTO trend_queries (id, query, geo, first_seen, last_seen, traffic, traffic_n)"
                " VALUES (?,?,?,?,?,?,?) ON CONFLICT(id) DO UPDATE SET"
                " first_seen = MIN(first_seen, excluded.first_seen),"
                " traffic = CASE WHEN excluded.last_seen >= last_seen THEN excluded.traffic ELSE traffic END,"
                " traffic_n = CASE WHEN excluded.last_seen >= last_seen THEN excluded.traffic_n ELSE traffic_n END,"
                " last_seen = MAX(last_seen, excluded.last_seen)",
                (qid, " ".join(query.split()), (geo or "").upper(), seen, seen, traffic, traffic_n))
            conn.execute(
                "INSERT OR IGNORE INTO trend_sightings (query_id, seen_at, via, published, traffic, traffic_n,"
                " source_id, article_id) VALUES (?,?,?,?,?,?,?,?)",
                (qid, seen, via, to_iso(published), traffic, traffic_n, source_id, article_id))
        return qid

    def record_trend_news(self, query_id: str, items: Iterable[Any], *, now: datetime) -> None:
        """Store a query's news items (objects with url, title, snippet, source)."""
        rows = [(query_id, canonical_url(i.url), i.title, i.snippet, i.source, to_iso(now))
                for i in items if canonical_url(i.url)]
        with self.transaction() as conn:
            conn.executemany("INSERT OR IGNORE INTO trend_news (query_id, url, title, snippet, source, first_seen)"
                             " VALUES (?,?,?,?,?,?)", rows)

    def link_trend_url(self, url: str | None, article_id: str, *, now: datetime | None = None) -> int:
        """Link every query whose news items include ``url`` to the article; returns links added."""
        canon = canonical_url(url)
        if not canon:
            return 0
        with self.transaction() as conn:
            return conn.execute(
                "INSERT OR IGNORE INTO trend_articles (query_id, article_id, via, linked_at)"
                " SELECT query_id, ?, 'news-item', ? FROM trend_news WHERE url = ?",
                (article_id, to_iso(now or utcnow()), canon)).rowcount

    def record_trend_card(self, card: TrendCard, article_id: str, *, seen: datetime | None) -> str | None:
        """A trend card found on an ingested page: a sighting linked to that article."""
        if not card.query or not card.query.strip():
            return None
        when = seen or utcnow()
        with self.transaction() as conn:  # the sighting and its link land together
            qid = self.record_trend_sighting(card.query, card.geo, seen_at=when, via="card", traffic=card.traffic,
                                             traffic_n=parse_traffic(card.traffic), article_id=article_id)
            conn.execute("INSERT OR IGNORE INTO trend_articles (query_id, article_id, via, linked_at)"
                         " VALUES (?,?,?,?)", (qid, article_id, "card", to_iso(utcnow())))
        return qid

    # -- reading ----------------------------------------------------------------------
    def trend_queries(self, geo: str | None = None, limit: int | None = None,
                      since: datetime | None = None) -> list[dict[str, Any]]:
        """Queries, most recently seen first, each with its latest traffic and linked story ids.

        Keys: id, query, geo, traffic, traffic_n, first_seen, last_seen, n_sightings, story_ids.
        """
        sql = ("SELECT q.id, q.query, q.geo, q.traffic, q.traffic_n, q.first_seen, q.last_seen,"
               " (SELECT COUNT(*) FROM trend_sightings s WHERE s.query_id = q.id) AS n_sightings"
               " FROM trend_queries q WHERE 1 = 1")
        params: list[Any] = []
        if geo:
            sql += " AND q.geo = ?"
            params.append(geo.upper())
        if since is not None:
            sql += " AND q.last_seen >= ?"
            params.append(to_iso(since))
        sql += " ORDER BY q.last_seen DESC, COALESCE(q.traffic_n, 0) DESC, q.query"
        if limit:
            sql += " LIMIT ?"
            params.append(int(limit))
        rows = [dict(r) for r in self.conn.execute(sql, params)]
        stories = self._trend_stories([r["id"] for r in rows])
        for row in rows:
            row["story_ids"] = stories.get(row["id"], [])
        return rows

    def trend_queries_for_story(self, story_id: str) -> list[dict[str, Any]]:
        """Queries linked to a story, each with its traffic history (oldest point first).

        Keys: as :meth:`trend_queries`, plus ``history``: [{seen_at, traffic, traffic_n,
        published, via}].
        """
        ids = [r[0] for r in self.conn.execute(
            "SELECT DISTINCT ta.query_id FROM trend_articles ta JOIN story_articles sa"
            " ON sa.article_id = ta.article_id WHERE sa.story_id = ?", (story_id,))]
        return [query for qid in ids if qid and (query := self.trend_query(qid)) is not None]

    def trend_query(self, query_id: str) -> dict[str, Any] | None:
        """One query with its history, news items and linked story ids."""
        row = self.conn.execute("SELECT id, query, geo, traffic, traffic_n, first_seen, last_seen"
                                " FROM trend_queries WHERE id = ?", (query_id,)).fetchone()
        if row is None:
            return None
        out = dict(row)
        out["history"] = [dict(r) for r in self.conn.execute(
            "SELECT seen_at, traffic, traffic_n, published, via FROM trend_sightings WHERE query_id = ?"
            " ORDER BY seen_at, id", (query_id,))]
        out["n_sightings"] = len(out["history"])
        out["news"] = [dict(r) for r in self.conn.execute(
            "SELECT url, title, snippet, source, first_seen FROM trend_news WHERE query_id = ?"
            " ORDER BY first_seen, rowid", (query_id,))]
        out["story_ids"] = self._trend_stories([query_id]).get(query_id, [])
        return out

    def _trend_stories(self, query_ids: list[str]) -> dict[str, list[str]]:
        found: dict[str, list[str]] = {}
        for chunk, marks in in_chunks(query_ids):
            for qid, sid in self.conn.execute(
                    f"SELECT DISTINCT ta.query_id, sa.story_id FROM trend_articles ta JOIN story_articles sa"
                    f" ON sa.article_id = ta.article_id WHERE ta.query_id IN ({marks})"
                    f" ORDER BY ta.query_id, ta.linked_at", chunk):
                if sid not in found.setdefault(qid, []):
                    found[qid].append(sid)
        return found
