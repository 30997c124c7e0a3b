"""Cached per-article analyses and per-story reports."""
from __future__ import annotations

import json
from typing import Any

from ..timeutil import to_iso, utcnow
from .core import StoreBase, in_chunks


class AnalysisMixin(StoreBase):
    def cached_analyses(self, article_ids: list[str], version: str) -> dict[str, tuple[dict[str, Any], bytes | None]]:
        """{article id: (analysis dict, vectors blob)} for the ids analysed with ``version``."""
        found = {}
        for chunk, marks in in_chunks(article_ids):
            for row in self.conn.execute(
                    "SELECT article_id, data, vectors FROM article_analysis"
                    f" WHERE version = ? AND article_id IN ({marks})",
                    [version, *chunk]):
                found[row[0]] = (json.loads(row[1]), row[2])
        return found

    def save_analysis(self, article_id: str, version: str, data: dict[str, Any], vectors: bytes | None) -> None:
        with self.transaction() as conn:
            conn.execute("INSERT OR REPLACE INTO article_analysis (article_id, version, data, vectors)"
                         " VALUES (?,?,?,?)", (article_id, version, json.dumps(data, ensure_ascii=False), vectors))

    def cached_report(self, story_id: str, cache_key: str) -> dict[str, Any] | None:
        row = self.conn.execute("SELECT report FROM story_reports WHERE story_id = ? AND cache_key = ?",
                                (story_id, cache_key)).fetchone()
        return json.loads(row[0]) if row else None

    def save_report(self, story_id: str, cache_key: str, report: dict[str, Any]) -> None:
        with self.transaction() as conn:
            conn.execute("INSERT OR REPLACE INTO story_reports (story_id, cache_key, report, built_at)"
                         " VALUES (?,?,?,?)",
                         (story_id, cache_key, json.dumps(report, ensure_ascii=False), to_iso(utcnow())))
