"""The front page: stories with their lede, outlets, counts, trending searches; filters and pages.

Only the stories shown are read article by article. Ranking reads the articles
of the *active* stories (seen within ``active_hours`` of the desk's newest
sighting): older ones have no buzz left and follow, latest seen first.
"""
from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from ..display import outlet_name
from ..store import Store
from ..timeutil import to_iso

_SENTENCE_END = re.compile(r"(?<=[.!?…”\"])\s+(?=[A-Z0-9“\"‘'])")


@dataclass(frozen=True, slots=True)
class FrontFilters:
    """What the reader asked for: a text query, a period (ISO dates), conflicts only, a page."""

    q: str = ""
    since: str | None = None  # YYYY-MM-DD: stories seen on or after this day
    until: str | None = None  # YYYY-MM-DD: stories first seen on or before this day
    conflicts: bool = False
    page: int = 1

    def as_query(self, page: int | None = None) -> dict[str, Any]:
        """The URL parameters of this view (another page of it with ``page``)."""
        out = {"q": self.q, "from": self.since, "to": self.until, "conflicts": "1" if self.conflicts else None,
               "page": page or self.page}
        return {k: v for k, v in out.items() if v and not (k == "page" and v == 1)}


def first_sentence(text: str, limit: int = 320) -> str:
    """The opening sentence of a text (cut at a word past ``limit`` characters)."""
    para = next((p for p in (text or "").split("\n\n") if p.strip()), "")
    sentence = _SENTENCE_END.split(" ".join(para.split()), maxsplit=1)[0]
    return sentence if len(sentence) <= limit else sentence[:limit].rsplit(" ", 1)[0] + " …"


def ranked_page(store: Store, filters: FrontFilters, per_page: int, at_iso: str | None,
                active_hours: float, score: Callable[[list[Any]], Any]
                ) -> tuple[list[dict[str, Any]], int, dict[str, list[Any]]]:
    """(the page's story rows, the number of matching stories, story_times rows per shown story).

    ``score(rows)`` gives a story's rank value from its story_times rows.
    """
    from ..timeutil import from_iso

    base = _filter_args(store, filters)
    if base is None:
        return [], 0, {}
    total = store.count_filtered_stories(**base)
    at = from_iso(at_iso)
    cut = to_iso(at - timedelta(hours=active_hours)) if at else None
    active = [dict(r) for r in store.filtered_stories(**base, seen_after=cut)] if cut else []
    times: dict[str, list[Any]] = defaultdict(list)
    for row in store.times_of_stories([s["id"] for s in active]):
        times[row[0]].append(row)
    for s in active:
        s["rank"] = score(times[s["id"]])
    # highest rank, then latest seen, then id (stable sorts, last key first)
    active.sort(key=lambda s: s["id"])
    active.sort(key=lambda s: s["last_seen"] or "", reverse=True)
    active.sort(key=lambda s: s["rank"], reverse=True)
    start = (filters.page - 1) * per_page
    shown = active[start:start + per_page]
    if len(shown) < per_page:
        older = store.filtered_stories(**base, seen_before=cut, limit=per_page - len(shown),
                                       offset=max(0, start - len(active))) if cut else \
            store.filtered_stories(**base, limit=per_page, offset=start)
        shown += [dict(r) for r in older]
        for row in store.times_of_stories([r["id"] for r in older]):
            times[row[0]].append(row)
    return shown, total, {s["id"]: times[s["id"]] for s in shown}


def _filter_args(store: Store, filters: FrontFilters) -> dict[str, Any] | None:
    """The store's filter arguments; None when the text query matches nothing."""
    args: dict[str, Any] = {"since": filters.since, "until": (filters.until + "T23:59:59Z") if filters.until else None,
                            "conflicts_only": filters.conflicts}
    if filters.q:
        ids = [s["id"] for s in store.search_stories(filters.q, 1000)]
        if not ids:
            return None
        args["story_ids"] = ids
    return args


@dataclass(slots=True)
class StoryOutlets:
    """Of the shown stories: outlet names (first appearance first), earliest article, each article's outlet."""

    names: dict[str, list[str]]
    first: dict[str, dict[str, Any]]
    of_article: dict[str, str]


def outlets_by_story(store: Store, story_ids: list[str]) -> StoryOutlets:
    names: dict[str, dict[str, None]] = defaultdict(dict)
    first: dict[str, dict[str, Any]] = {}
    of_article: dict[str, str] = {}
    for row in store.story_sources(story_ids):
        name = outlet_name(source=row["source"], site=row["site"], url=row["url"], path=row["path"])
        names[row["story_id"]][name] = None
        of_article[row["id"]] = name
        first.setdefault(row["story_id"], dict(row))
    return StoryOutlets({sid: list(found) for sid, found in names.items()}, first, of_article)


def ledes(store: Store, reports: dict[str, dict[str, Any]], outlets: StoryOutlets) -> dict[str, dict[str, Any]]:
    """Each story's lede with its citation: its briefing's first sentence, else its first article's."""
    out: dict[str, dict[str, Any]] = {}
    first = outlets.first
    briefed = {sid: _report_lede(reports.get(sid), outlets.of_article) for sid in first}
    heads = store.article_heads([a["id"] for sid, a in first.items() if not briefed[sid]], 600)
    for sid, article in first.items():
        lede = briefed[sid]
        if lede:
            out[sid] = lede
            continue
        text = first_sentence(heads.get(article["id"], ""))
        if text:
            out[sid] = {"text": text, "from": "first-article", "status": None,
                        "sources": [{"article": article["id"], "outlet": outlets.of_article.get(article["id"]),
                                     "span": [0, len(text)] if heads.get(article["id"], "").startswith(text)
                                     else None}]}
    return out


def _report_lede(summary: dict[str, Any] | None, of_article: dict[str, str]) -> dict[str, Any] | None:
    sentence = (summary or {}).get("lede")
    if not isinstance(sentence, dict) or not sentence.get("text"):
        return None
    sources: list[dict[str, Any]] = [
               {"article": s["article"], "outlet": of_article.get(s["article"]),
                "span": [s["start"], s["end"]] if isinstance(s.get("start"), int) and isinstance(s.get("end"), int)
                else None} for s in sentence.get("sources") or [] if isinstance(s, dict) and s.get("article")]
    one_each: dict[str, dict[str, Any]] = {}
    for source in sources:  # one citation per outlet
        one_each.setdefault(source["outlet"] or source["article"], source)
    return {"text": str(sentence["text"]), "from": "briefing", "status": sentence.get("status"),
            "sources": list(one_each.values())}


