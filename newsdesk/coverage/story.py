"""A story's coverage over time, read from the store: the runner behind `newsdesk coverage` and the web pages.

The store gives dated sightings and trending searches; :mod:`.series` turns
observations into series, spikes and buzz (pure functions).
"""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from datetime import UTC, datetime
from typing import Any

from ..errors import NewsdeskError
from ..store import Store
from ..textutil import parse_traffic
from ..timeutil import from_iso
from .series import Observation, TrendOptions, TrendPoint, story_trend


def observations_by_story(rows: Iterable[Any]) -> dict[str, list[Observation]]:
    """Observations grouped by story, from :meth:`Store.story_times` rows."""
    grouped: dict[str, list[Observation]] = defaultdict(list)
    for row in rows:
        seen = stored_time(row["seen"])
        if seen:
            grouped[row["story_id"]].append(Observation(row["article_id"], row["origin"], seen, row["basis"]))
    return grouped


def stored_time(iso: str | None) -> datetime | None:
    """A stored ISO UTC time ("...Z": the fast path), or any ISO time via from_iso."""
    try:
        parsed = datetime.fromisoformat(iso)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return from_iso(iso)
    return parsed if parsed.tzinfo is UTC else from_iso(iso)


def reference_time(grouped: dict[str, list[Observation]]) -> datetime | None:
    """The desk's clock for buzz and spikes: its newest observation (replays rank as they did then)."""
    latest = [max(o.at for o in obs) for obs in grouped.values() if obs]
    return max(latest) if latest else None


def trend_points(store: Store, story_ids: list[str]) -> dict[str, list[TrendPoint]]:
    """Search traffic linked to each story: every sighting of its trending queries.

    Collected trends (``store.trend_queries_for_story``) come first; trend cards
    cleaning found on the story's articles fill in queries not collected.
    """
    found: dict[str, list[TrendPoint]] = defaultdict(list)
    for story_id in story_ids:
        for query in store.trend_queries_for_story(story_id):
            found[story_id].extend(_sightings(query))
    for card in store.story_trend_cards(story_ids):
        point = _card_point(card)
        known = {(p.query.casefold(), (p.geo or "").upper()) for p in found[card["story_id"]]}
        if (point.query.casefold(), (point.geo or "").upper()) not in known:
            found[card["story_id"]].append(point)
    return {k: _dedupe(v) for k, v in found.items()}


def _card_point(card: dict[str, Any]) -> TrendPoint:
    trend = card["trend"]
    return TrendPoint(str(trend["query"]), from_iso(card["seen"]), parse_traffic(trend.get("traffic")),
                      trend.get("traffic"), trend.get("geo"))


def _sightings(query: dict[str, Any]) -> list[TrendPoint]:
    """One point per time a collected query was seen (or one for the query when it has no history)."""
    history = query.get("history") or [{"seen_at": query.get("last_seen"), "traffic": query.get("traffic"),
                                         "traffic_n": query.get("traffic_n")}]
    return [TrendPoint(str(query.get("query") or ""), from_iso(h.get("seen_at")),
                       h.get("traffic_n") if h.get("traffic_n") is not None else parse_traffic(h.get("traffic")),
                       h.get("traffic"), query.get("geo") or None) for h in history]


def _dedupe(points: list[TrendPoint]) -> list[TrendPoint]:
    """One point per (query, region, time), highest traffic first."""
    best: dict[tuple[str, str, datetime | None], TrendPoint] = {}
    for p in points:
        key = (p.query.casefold(), (p.geo or "").upper(), p.at)
        if p.query and (key not in best or (p.traffic or 0) > (best[key].traffic or 0)):
            best[key] = p
    return sorted(best.values(), key=lambda p: (-(p.traffic or 0), p.query))


def desk_reference(store: Store, obs: list[Observation]) -> datetime | None:
    latest = from_iso(store.desk_time())
    own = max((o.at for o in obs), default=None)
    return max(t for t in (latest, own) if t) if (latest or own) else None


def story_coverage(store: Store, story_id: str, options: TrendOptions = TrendOptions()
                   ) -> tuple[dict[str, Any], dict[str, Any], list[TrendPoint]]:
    """A story (with ``n_undated``), its trend (series, spikes, buzz) and its trending searches."""
    story = store.story(story_id)
    obs = observations_by_story(store.story_times(story["id"])).get(story["id"], [])
    if not obs:
        raise NewsdeskError(f"story {story['id']} has no dated articles")
    trend = story_trend(obs, at=desk_reference(store, obs), options=options)
    story["n_undated"] = story["n_articles"] - len(obs)
    points = trend_points(store, [story["id"]]).get(story["id"], [])
    return story, trend, points
