"""Sources (feeds, Trends feeds), their entries, the fetch log and crawler settings."""
from __future__ import annotations

import json
from collections.abc import Iterable
from datetime import datetime
from typing import Any

from ..textutil import canonical_url
from ..timeutil import to_iso
from .core import StoreBase

_SOURCE_COLUMNS = ("id, url, kind, title, category, added_at, interval_s, enabled, etag, last_modified,"
                   " last_fetched, last_ok, next_due, failures, last_status, last_reason")


class SourcesMixin(StoreBase):
    # -- sources ------------------------------------------------------------------------
    def add_source(self, url: str, kind: str, *, interval_s: int, title: str = "", category: str = "",
                   now: datetime) -> tuple[int, bool]:
        """(id, created): a source already listed keeps its id and state."""
        with self.transaction() as conn:
            row = conn.execute("SELECT id FROM sources WHERE url = ?", (url,)).fetchone()
            if row:
                conn.execute("UPDATE sources SET enabled = 1 WHERE id = ?", (row[0],))
                return row[0], False
            cur = conn.execute(
                "INSERT INTO sources (url, kind, title, category, added_at, interval_s) VALUES (?,?,?,?,?,?)",
                (url, kind, title, category, to_iso(now), int(interval_s)))
            return int(cur.lastrowid or 0), True  # always set after an INSERT

    def remove_source(self, ref: str | int) -> dict[str, Any] | None:
        source = self.source(ref)
        if source is None:
            return None
        with self.transaction() as conn:
            conn.execute("DELETE FROM sources WHERE id = ?", (source["id"],))
        return source

    def source(self, ref: str | int) -> dict[str, Any] | None:
        """A source by id (number) or URL."""
        text = str(ref).strip()
        if text.isdigit():
            row = self.conn.execute(f"SELECT {_SOURCE_COLUMNS} FROM sources WHERE id = ?", (int(text),)).fetchone()
        else:
            row = self.conn.execute(f"SELECT {_SOURCE_COLUMNS} FROM sources WHERE url = ?", (text,)).fetchone()
        return dict(row) if row else None

    def sources(self, *, enabled_only: bool = False) -> list[dict[str, Any]]:
        sql = f"SELECT {_SOURCE_COLUMNS} FROM sources"
        if enabled_only:
            sql += " WHERE enabled = 1"
        return [dict(r) for r in self.conn.execute(sql + " ORDER BY id")]

    def source_stats(self) -> dict[int, dict[str, int]]:
        """Per source: entries by status."""
        out: dict[int, dict[str, int]] = {}
        for row in self.conn.execute("SELECT source_id, status, COUNT(*) FROM feed_entries GROUP BY 1, 2"):
            out.setdefault(row[0], {})[row[1]] = row[2]
        return out

    def due_sources(self, now: datetime, *, ids: Iterable[int] | None = None,
                    force: bool = False) -> list[dict[str, Any]]:
        """Enabled sources whose next poll is due (all enabled ones with ``force``)."""
        sql = f"SELECT {_SOURCE_COLUMNS} FROM sources WHERE enabled = 1"
        params: list[Any] = []
        if not force:
            sql += " AND (next_due IS NULL OR next_due <= ?)"
            params.append(to_iso(now))
        rows = [dict(r) for r in self.conn.execute(sql + " ORDER BY id", params)]
        if ids is not None:
            wanted = set(ids)
            rows = [r for r in rows if r["id"] in wanted]
        return rows

    def next_due(self) -> str | None:
        """The earliest next poll time over enabled sources (None when one is due now or none exist)."""
        row = self.conn.execute("SELECT COUNT(*), SUM(next_due IS NULL), MIN(next_due) FROM sources"
                                " WHERE enabled = 1").fetchone()
        if not row[0] or row[1]:
            return None
        earliest: str = row[2]
        return earliest

    def source_polled(self, source_id: int, *, now: datetime, status: int | None, reason: str, ok: bool,
                      next_due: datetime, etag: str | None = None, last_modified: str | None = None,
                      disable: bool = False) -> None:
        """Record one poll: conditional-GET validators on success, the failure count otherwise."""
        with self.transaction() as conn:
            if ok:
                conn.execute(
                    "UPDATE sources SET last_fetched = ?, last_ok = ?, next_due = ?, failures = 0, last_status = ?,"
                    " last_reason = ?, etag = COALESCE(?, etag), last_modified = COALESCE(?, last_modified)"
                    " WHERE id = ?", (to_iso(now), to_iso(now), to_iso(next_due), status, reason, etag,
                                      last_modified, source_id))
            else:
                conn.execute(
                    "UPDATE sources SET last_fetched = ?, next_due = ?, failures = failures + 1, last_status = ?,"
                    " last_reason = ?, enabled = CASE WHEN ? THEN 0 ELSE enabled END WHERE id = ?",
                    (to_iso(now), to_iso(next_due), status, reason, disable, source_id))

    def release_blocked_sources(self) -> int:
        """Sources last refused by a crawler setting become due now (the setting may have changed)."""
        with self.transaction() as conn:
            return conn.execute("UPDATE sources SET next_due = NULL WHERE enabled = 1"
                                " AND last_reason LIKE 'blocked:%'").rowcount

    def set_source_title(self, source_id: int, title: str) -> None:
        with self.transaction() as conn:
            conn.execute("UPDATE sources SET title = ? WHERE id = ? AND title = ''", (title, source_id))

    # -- entries ------------------------------------------------------------------------
    def add_entries(self, source_id: int, entries: Iterable[dict[str, Any]], now: datetime) -> int:
        """Insert entries not seen before (by key); returns how many were new."""
        new = 0
        with self.transaction() as conn:
            for e in entries:
                cur = conn.execute(
                    "INSERT OR IGNORE INTO feed_entries (source_id, key, url, title, feed_published, first_seen,"
                    " fallback) VALUES (?,?,?,?,?,?,?)",
                    (source_id, e["key"], e.get("url"), e.get("title") or "", e.get("feed_published"),
                     to_iso(now), json.dumps(e["fallback"]) if e.get("fallback") else None))
                new += cur.rowcount
        return new

    def pending_entries(self, source_id: int, *, limit: int, max_attempts: int) -> list[dict[str, Any]]:
        """Entries still to fetch, oldest first (ones that failed too often are left out)."""
        rows = self.conn.execute(
            "SELECT source_id, key, url, title, feed_published, attempts, fallback FROM feed_entries"
            " WHERE source_id = ? AND status = 'pending' AND attempts < ? ORDER BY rowid LIMIT ?",
            (source_id, max_attempts, limit))
        out = []
        for row in rows:
            entry = dict(row)
            entry["fallback"] = json.loads(entry["fallback"]) if entry["fallback"] else None
            out.append(entry)
        return out

    def settle_entry(self, source_id: int, key: str, *, status: str, reason: str, now: datetime,
                     article_id: str | None = None) -> None:
        """An entry's final outcome (its stored fallback text is dropped)."""
        with self.transaction() as conn:
            conn.execute(
                "UPDATE feed_entries SET status = ?, reason = ?, article_id = ?, last_attempt = ?,"
                " attempts = attempts + 1, fallback = NULL WHERE source_id = ? AND key = ?",
                (status, reason, article_id, to_iso(now), source_id, key))

    def entry_failed(self, source_id: int, key: str, *, reason: str, now: datetime, max_attempts: int) -> bool:
        """Count a failed attempt; True when the entry has now failed for good."""
        with self.transaction() as conn:
            conn.execute(
                "UPDATE feed_entries SET attempts = attempts + 1, reason = ?, last_attempt = ?,"
                " status = CASE WHEN attempts + 1 >= ? THEN 'failed' ELSE status END,"
                " fallback = CASE WHEN attempts + 1 >= ? THEN NULL ELSE fallback END"
                " WHERE source_id = ? AND key = ?",
                (reason, to_iso(now), max_attempts, max_attempts, source_id, key))
            row = conn.execute("SELECT status FROM feed_entries WHERE source_id = ? AND key = ?",
                               (source_id, key)).fetchone()
        return bool(row) and row[0] == "failed"

    def entries(self, source_id: int, *, status: str | None = None) -> list[dict[str, Any]]:
        sql = ("SELECT source_id, key, url, title, feed_published, first_seen, last_attempt, attempts, status,"
               " reason, article_id FROM feed_entries WHERE source_id = ?")
        params: list[Any] = [source_id]
        if status:
            sql += " AND status = ?"
            params.append(status)
        return [dict(r) for r in self.conn.execute(sql + " ORDER BY rowid", params)]

    def article_for_url(self, url: str | None) -> tuple[str, str | None] | None:
        """(article id, story id) of the article stored under this URL (canonical form), if any."""
        canon = canonical_url(url)
        if not canon:
            return None
        row = self.conn.execute(
            "SELECT a.id, sa.story_id FROM articles a LEFT JOIN story_articles sa ON sa.article_id = a.id"
            " WHERE a.canonical_url = ? LIMIT 1", (canon,)).fetchone()
        return (row[0], row[1]) if row else None

    # -- fetch log --------------------------------------------------------------------
    def log_fetches(self, results: Iterable[Any], *, source_id: int | None = None) -> None:
        """Store fetch outcomes (objects shaped like ``collect.http.FetchResult``)."""
        rows = [(source_id, r.purpose, r.url, r.final_url, r.status, int(r.ok or r.not_modified), r.reason,
                 r.n_bytes, int(r.elapsed * 1000), r.attempts, to_iso(r.fetched_at)) for r in results]
        if not rows:
            return
        with self.transaction() as conn:
            conn.executemany(
                "INSERT INTO fetch_log (source_id, purpose, url, final_url, status, ok, reason, n_bytes,"
                " elapsed_ms, attempts, fetched_at) VALUES (?,?,?,?,?,?,?,?,?,?,?)", rows)

    def fetch_log(self, *, source_id: int | None = None, failures_only: bool = False,
                  limit: int = 50) -> list[dict[str, Any]]:
        """Recent fetch outcomes, newest first."""
        sql = "SELECT * FROM fetch_log WHERE 1 = 1"
        params: list[Any] = []
        if source_id is not None:
            sql += " AND source_id = ?"
            params.append(source_id)
        if failures_only:
            sql += " AND ok = 0"
        return [dict(r) for r in self.conn.execute(sql + " ORDER BY id DESC LIMIT ?", params + [limit])]

    def prune_fetch_log(self, before: datetime) -> int:
        with self.transaction() as conn:
            return conn.execute("DELETE FROM fetch_log WHERE fetched_at < ?", (to_iso(before),)).rowcount

    # -- crawler settings ---------------------------------------------------------------
    def collect_settings(self) -> dict[str, str]:
        return {r[0]: r[1] for r in self.conn.execute("SELECT key, value FROM collect_settings")}

    def set_collect_setting(self, key: str, value: str | None) -> None:
        """Store a crawler setting (None removes it)."""
        with self.transaction() as conn:
            if value is None:
                conn.execute("DELETE FROM collect_settings WHERE key = ?", (key,))
            else:
                conn.execute("INSERT INTO collect_settings (key, value) VALUES (?, ?) ON CONFLICT(key)"
                             " DO UPDATE SET value = excluded.value", (key, value))
