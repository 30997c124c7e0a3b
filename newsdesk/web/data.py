"""One data function per page: the HTML page and its ``.json`` twin render the same dict.

Every function reads the store and returns plain JSON-ready data (strings,
numbers, lists, dicts); none of them writes.
"""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from ..coverage.series import (
    Observation,
    TrendOptions,
    TrendPoint,
    build_series,
    buzz,
    choose_unit,
    current_spikes,
    story_trend,
)
from ..coverage.story import desk_reference, observations_by_story, stored_time, trend_points
from ..display import outlet_name
from ..store import Store
from ..store.query import MATCH_END, MATCH_START
from ..timeutil import to_iso, utcnow
from .charts import chart_payload, sparkline, traffic_by_bucket
from .front import FrontFilters, ledes, outlets_by_story, ranked_page
from .labels import legend
from .perspectives import perspectives
from .text import locate_quote, parse_span, snippet_pieces


@dataclass(frozen=True, slots=True)
class WebOptions:
    """What the pages show."""

    front_limit: int = 50  # stories per front page
    front_outlets: int = 5  # outlet names listed per story card
    active_hours: float = 72.0  # stories seen this long before the desk's newest sighting are ranked by buzz
    sparkline_points: int = 48  # buckets per sparkline
    search_limit: int = 20
    story_origins_per_page: int = 40  # independent origins listed per page of a story's sources
    perspective_outlets: int = 12  # outlets side by side on a story page (the rest behind a link)
    trend: TrendOptions = field(default_factory=TrendOptions)


# -- shared pieces ------------------------------------------------------------------
def queries_summary(points: list[TrendPoint]) -> list[dict[str, Any]]:
    """Each query once (its highest traffic), for badges."""
    seen: dict[tuple[str, str], dict[str, Any]] = {}
    for p in points:
        key = (p.query.casefold(), (p.geo or "").upper())
        if key not in seen:
            seen[key] = p.to_dict()
    return list(seen.values())


# -- front page ---------------------------------------------------------------------
def front_page(store: Store, options: WebOptions = WebOptions(), filters: FrontFilters = FrontFilters()
               ) -> dict[str, Any]:
    """Stories ranked by current buzz: lede, outlets, counts, sparkline, queries, conflicts; filtered and paged."""
    at = stored_time(store.desk_time())

    def rank(rows: list[Any]) -> tuple[float, int]:
        firsts = _first_sightings(rows)
        return (buzz(firsts, at, options.trend).score if at and firsts else 0.0), len(firsts)

    shown, total, times = ranked_page(store, filters, options.front_limit, to_iso(at), options.active_hours, rank)
    ids = [s["id"] for s in shown]
    points = trend_points(store, ids)
    reports = store.report_summaries(ids)
    outlets = outlets_by_story(store, ids)
    leads = ledes(store, reports, outlets)
    cards = [_front_card(s, times[s["id"]], points.get(s["id"], []), reports.get(s["id"]),
                         outlets.names.get(s["id"], []), leads.get(s["id"]), at, options) for s in shown]
    pages = max(1, -(-total // options.front_limit))
    return {"generated_at": to_iso(utcnow()), "reference_time": to_iso(at), "total_stories": total,
            "filters": {"q": filters.q, "from": filters.since, "to": filters.until, "conflicts": filters.conflicts},
            "page": filters.page, "pages": pages,
            "newer": _page_url(filters, filters.page - 1) if filters.page > 1 else None,
            "older": _page_url(filters, filters.page + 1) if filters.page < pages else None,
            "stories": cards}


def _page_url(filters: FrontFilters, page: int) -> str:
    from urllib.parse import urlencode

    query = urlencode(filters.as_query(page))
    return "/" + ("?" + query if query else "")


def _first_sightings(rows: list[Any]) -> list[Observation]:
    """One observation per origin, at its first sighting: all that buzz and origin counts need."""
    first: dict[str, Any] = {}
    for row in rows:  # story_id, article_id, origin, seen, basis
        seen, origin = row[3], row[2]
        if seen and (origin not in first or seen < first[origin][3]):
            first[origin] = row
    out = []
    for row in first.values():
        moment = stored_time(row[3])
        if moment:
            out.append(Observation(row[1], row[2], moment, row[4]))
    return out


def _front_card(summary: dict[str, Any], rows: list[Any], points: list[TrendPoint], report: dict[str, Any] | None,
                outlets: list[str], lede: dict[str, Any] | None, at: datetime | None,
                options: WebOptions) -> dict[str, Any]:
    obs = observations_by_story(rows).get(summary["id"], [])
    firsts = _first_sightings(rows)
    unit = choose_unit(obs, options.trend)
    series = build_series(obs, unit, options=options.trend)  # the story's own days, not up to the desk's clock
    score = buzz(firsts, at, options.trend) if at and firsts else None
    return {
        "id": summary["id"], "title": summary["title"], "url": f"/story/{summary['id']}",
        "n_articles": len(rows), "n_origins": len({r[2] for r in rows}),
        "first_seen": summary["first_seen"], "last_seen": summary["last_seen"],
        "buzz": score.to_dict() if score else None,
        "sparkline": sparkline(series, options.sparkline_points),
        "spiking": [s.to_dict() for s in current_spikes(obs, at, options.trend, known=series)] if at and obs else [],
        "trending": queries_summary(points),
        "conflicts": report["conflicts"] if report else None,  # in the last built briefing; None when never briefed
        "briefed_at": report["built_at"] if report else None,
        "outlets": outlets[:options.front_outlets], "n_outlets": len(outlets),
        "lede": lede,
    }


# -- story page ---------------------------------------------------------------------
def story_page(store: Store, story_id: str, options: WebOptions = WebOptions(), *,
               region: str | None = None, can_build: bool = False, sources_page: int = 1,
               all_outlets: bool = False) -> dict[str, Any]:
    """One story: trend card, coverage series and spikes, briefing, conflicts, timeline, sources.

    The briefing is the story's last built report (``newsdesk brief`` builds and
    caches it); nothing is built here. ``can_build`` only tells the page to
    offer the server's explicit build endpoint.
    """
    story = store.story(story_id)
    obs = observations_by_story(store.story_times(story["id"]))[story["id"]]
    at = desk_reference(store, obs)
    trend = story_trend(obs, at=at, options=options.trend)
    points = trend_points(store, [story["id"]]).get(story["id"], [])
    series = trend["series"]
    report, state = briefing_state(store, story, region)
    groups = _origin_groups(story["articles"], obs, _heads(store, story["articles"]), report)
    per_page = options.story_origins_per_page
    pages = max(1, -(-len(groups) // per_page))
    sources_page = min(max(1, sources_page), pages)
    shown = groups[(sources_page - 1) * per_page:sources_page * per_page]
    return {
        "id": story["id"], "title": story["title"], "url": f"/story/{story['id']}",
        "n_articles": story["n_articles"], "n_origins": story["n_origins"],
        "first_seen": story["first_seen"], "last_seen": story["last_seen"], "region": region,
        "reference_time": to_iso(at), "basis": trend["basis"],
        "n_undated": story["n_articles"] - len(obs),  # in no series, spike or buzz
        "buzz": trend["buzz"].to_dict() if trend["buzz"] else None,
        "series": {**series.to_dict(), "traffic": traffic_by_bucket(series, points)},
        "chart": chart_payload(series, points),
        "spikes": [s.to_dict() for s in trend["spikes"]],
        "current_spikes": [s.to_dict() for s in trend["current_spikes"]],
        "trending": [p.to_dict() for p in points],
        "origins": shown, "n_origin_groups": len(groups), "sources_page": sources_page, "sources_pages": pages,
        "perspectives": perspectives(store, story["articles"], report,
                                     None if all_outlets else options.perspective_outlets),
        "legend": legend(_statuses(report), {f for g in shown for a in g["articles"] for f in a["flags"]}),
        "report": report, "report_state": state, "can_build": can_build,
        "brief_command": f"newsdesk brief --story {story['id']}" + (f" --region {region}" if region else ""),
    }


def briefing_state(store: Store, story: dict[str, Any], region: str | None) -> tuple[dict[str, Any] | None, str]:
    """The story's last built report with its citations located, and how it relates to the story now.

    States: ``current``; ``stale`` (built from another set of articles: shown,
    with a warning); ``other-region`` (built for another region: not shown);
    ``missing``.
    """
    report = store.last_report(story["id"])
    if report is None or not isinstance(report.get("articles"), list):
        return None, "missing"
    if (report.get("region") or None) != (region or None):
        return None, "other-region"
    current = sorted(report["articles"]) == sorted(a["id"] for a in story["articles"])
    return locate_citations(store, report), "current" if current else "stale"


def _statuses(report: dict[str, Any] | None) -> set[str]:
    """The statuses of the report's briefing sentences and timeline events."""
    sections = ((report or {}).get("briefing") or {}).get("sections") or []
    found = {sen.get("status") for sec in sections if isinstance(sec, dict) for sen in sec.get("sentences") or []
             if isinstance(sen, dict)}
    found |= {ev.get("status") for ev in (report or {}).get("timeline") or [] if isinstance(ev, dict)}
    return {s for s in found if isinstance(s, str)}


def locate_citations(store: Store, story: dict[str, Any]) -> dict[str, Any]:
    """Give every cited source a ``span`` [start, end] in its article's text (or None)."""
    sources = list(_walk_sources(story))
    texts = {a.id: a.text for a in store.articles(sorted({s["article"] for s in sources if s.get("article")}))}
    for source in sources:
        article = source.get("article")
        text = texts.get(article) if isinstance(article, str) else None
        found = locate_quote(text, source.get("quote") or "", source.get("start"), source.get("end")) if text else None
        source["span"] = list(found) if found else None
    return story


def _walk_sources(node: Any) -> Iterable[dict[str, Any]]:
    """Every ``sources`` entry anywhere in a report story (facts, conflicts, timeline, briefing)."""
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "sources" and isinstance(value, list):
                yield from (s for s in value if isinstance(s, dict))
            else:
                yield from _walk_sources(value)
    elif isinstance(node, list):
        for item in node:
            yield from _walk_sources(item)


def _heads(store: Store, members: list[dict[str, Any]]) -> dict[str, str]:
    """A short opening for each untitled article: its first words, cut at a word."""
    heads = store.article_heads([m["id"] for m in members if not m["title"]])
    out = {}
    for article_id, text in heads.items():
        line = " ".join(text.split())
        out[article_id] = line if len(line) < 100 else line[:100].rsplit(" ", 1)[0] + " …"
    return out


def _origin_groups(members: list[dict[str, Any]], obs: list[Observation], heads: dict[str, str],
                   report: dict[str, Any] | None) -> list[dict[str, Any]]:
    """The story's articles grouped by independent origin, earliest origin first.

    Flags include those the story's report adds (e.g. an internally inconsistent article).
    """
    extra = (report or {}).get("article_flags") or {}
    seen_at = {o.article_id: o for o in obs}
    groups: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for m in members:
        o = seen_at.get(m["id"])
        groups[m["origin"]].append({
            "id": m["id"], "title": m["title"], "head": heads.get(m["id"]), "site": m["site"], "source": m["source"],
            "path": m["path"],
            "url": m["url"], "published": m["published"], "published_source": m["published_source"],
            "seen": to_iso(o.at) if o else None,
            "seen_basis": o.basis if o else None, "kind": m["kind"],
            "flags": m["flags"] + [f for f in extra.get(m["id"], []) if f not in m["flags"]],
            "reason": m["reason"], "score": m["score"]})
    ordered = sorted(groups.items(), key=lambda kv: min(a["seen"] or "~" for a in kv[1]))
    return [{"origin": origin, "articles": arts} for origin, arts in ordered]


# -- article page -------------------------------------------------------------------
def article_page(store: Store, article_id: str, *, hl: str | None = None) -> dict[str, Any] | None:
    """One article: cleaned text, the spans its story's last report quotes, metadata, origin group.

    ``hl`` ("START-END", a citation's span) becomes the ``target`` span when it
    lies inside the text. None when there is no such article.
    """
    article = store.article(article_id)
    if article is None:
        return None
    target = parse_span(hl, len(article.text)) if hl else None
    story_id = store.story_of(article.id)
    group = [g for g in store.origin_group(article.origin or article.id) if g["id"] != article.id]
    titles = store.story_titles([story_id] if story_id else [])
    return {
        "id": article.id, "title": article.title, "url": article.url, "path": article.path,
        "source": article.source, "site": article.site, "author": article.author,
        "published": to_iso(article.published), "published_source": article.published_source,
        "updated": to_iso(article.updated),
        "fetched": to_iso(article.fetched), "language": article.language, "kind": article.kind,
        "flags": article.flags, "removed": [{"rule": r.rule, "text": r.text} for r in article.removed],
        "trend": ({"query": article.trend.query, "traffic": article.trend.traffic, "geo": article.trend.geo}
                  if article.trend else None),
        "origin": article.origin, "copies": group,
        "story": {"id": story_id, "title": titles.get(story_id, "")} if story_id else None,
        "text": article.text,
        "quoted": _quoted_spans(store, story_id, article.id, article.text),
        "target": list(target) if target else None,
    }


def _quoted_spans(store: Store, story_id: str | None, article_id: str, text: str) -> list[list[int]]:
    """Spans of this article quoted by its story's last built report (nothing is built here)."""
    report = store.last_report(story_id) if story_id else None
    if not report:
        return []
    spans = set()
    for source in _walk_sources(report):
        if source.get("article") == article_id:
            found = locate_quote(text, source.get("quote") or "", source.get("start"), source.get("end"))
            if found:
                spans.add(found)
    return [list(s) for s in sorted(spans)]


# -- search -------------------------------------------------------------------------
def search_page(store: Store, query: str, options: WebOptions = WebOptions()) -> dict[str, Any]:
    """FTS5 over articles (with snippets) and stories (ranked by their best article)."""
    query = (query or "").strip()[:200]
    articles = store.search(query, options.search_limit, marks=(MATCH_START, MATCH_END), context=14) if query else []
    stories = store.search_stories(query, options.search_limit) if query else []
    return {
        "query": query,
        "follows": [{"name": f["name"], "feed": f"/feeds/search/{f['name']}.atom"} for f in store.follows()
                    if f["kind"] == "search" and query and f["query"] == query],
        "stories": [{"id": s["id"], "title": s["title"], "hits": s["hits"], "url": f"/story/{s['id']}"}
                    for s in stories],
        "articles": [{"id": a["id"], "title": a["title"], "site": a["site"], "path": a["path"],
                      "outlet": outlet_name(site=a["site"], url=a["url"], path=a["path"]),
                      "published": a["published"], "story_id": a["story_id"], "url": f"/article/{a['id']}",
                      "snippet": snippet_pieces(a["snippet"])} for a in articles],
    }


# -- follows ------------------------------------------------------------------------
def follows_page(store: Store) -> dict[str, Any]:
    """Saved searches and followed stories, each with its page and its Atom feed."""
    from urllib.parse import quote

    out = []
    titles = store.story_titles([f["story_id"] for f in store.follows() if f["story_id"]])
    for f in store.follows():
        if f["kind"] == "search":
            page = f"/search?q={quote(f['query'] or '', safe='')}"
            feed, what = f"/feeds/search/{f['name']}.atom", f["query"]
        else:
            page, feed = f"/story/{f['story_id']}", f"/feeds/story/{f['story_id']}.atom"
            what = titles.get(f["story_id"]) or f["story_id"]
        out.append({"name": f["name"], "kind": f["kind"], "what": what or "", "url": page, "feed": feed,
                    "created_at": f["created_at"]})
    return {"follows": out}


def add_follow(store: Store, form: dict[str, str]) -> None:
    """Follow what a page's form names: a search (name, q) or a story (story)."""
    from ..errors import ConfigError
    from ..follows import check_name
    from ..store.query import fts_query

    kind = form.get("kind")
    if kind == "story":
        story = store.story(form.get("story", ""))
        name = form.get("name") or story["id"]
        query, story_id = None, story["id"]
    elif kind == "search":
        name, query, story_id = form.get("name", "").strip(), form.get("q", "").strip(), None
        if not fts_query(query):
            raise ConfigError("the search has no words to follow")
    else:
        raise ConfigError("say what to follow: a search or a story")
    store.add_follow(kind, check_name(name), query=query, story_id=story_id, now=utcnow())
