"""The report runner: analyse a story's articles (cached per article), cross-check
them, write the briefing, and shape it all as the public JSON report
(schema ``newsdesk.report/1``, see ``newsdesk/schema/report.schema.json``).

Entry points: :func:`story_report` (one story, cached by the set of its
articles) and :func:`build_report` (the whole report).
"""
from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import asdict
from typing import Any

import numpy as np

from .analyze import ANALYSIS_VERSION, analysis_from_dict, analysis_to_dict, analyze
from .analyze.model import ArticleAnalysis
from .brief import Briefing, BriefOptions, build_briefing
from .crosscheck import CrossCheck, Source, crosscheck
from .embed import Embedder
from .records import Article
from .store import Store
from .textutil import stable_id
from .timeutil import to_iso, utcnow
from .versioning import code_version
from .workers import one_line

__all__ = ["SCHEMA", "story_report", "build_report", "article_json", "analyse_articles"]

SCHEMA = "newsdesk.report/1"
REPORT_VERSION = code_version("crosscheck", "brief", "report.py", "embed.py", "lexicon")


# -- analysis with its cache --------------------------------------------------------------
def analyse_articles(store: Store, articles: list[Article], embedder: Embedder | None = None,
                     failed: dict[str, str] | None = None
                     ) -> tuple[dict[str, ArticleAnalysis], dict[tuple[str, int], np.ndarray]]:
    """Analyses and sentence vectors of the articles, computing and caching what is missing.

    An article whose analysis or embedding fails gets an empty analysis (it is cited by
    nothing), is not cached, and its one-line reason goes into ``failed``.
    """
    failed = failed if failed is not None else {}
    cached = store.cached_analyses([a.id for a in articles], ANALYSIS_VERSION)
    analyses: dict[str, ArticleAnalysis] = {}
    vectors: dict[tuple[str, int], np.ndarray] = {}
    missing = []
    for article in articles:
        if article.id in cached:
            data, blob = cached[article.id]
            analyses[article.id] = analysis_from_dict(data)
            vectors.update(_unpack(article.id, data.get("vector_units", []), blob))
        else:
            missing.append(article)
    if missing:
        fresh = {a.id: _analyse_one(a, failed) for a in missing}
        fresh_vectors = _embed_each(fresh, embedder or Embedder(max_tokens=96), failed)
        with store.transaction():
            for article_id, analysis in fresh.items():
                if article_id in failed:
                    continue
                units = [u.index for u in analysis.units if u.is_claim]
                data = analysis_to_dict(analysis) | {"vector_units": units}
                store.save_analysis(article_id, ANALYSIS_VERSION, data,
                                    _pack([fresh_vectors[(article_id, i)] for i in units]))
        analyses.update(fresh)
        vectors.update(fresh_vectors)
    return analyses, vectors


def _analyse_one(article: Article, failed: dict[str, str]) -> ArticleAnalysis:
    try:
        return analyze(article)
    except Exception as exc:  # one odd article must not stop a story's briefing
        failed[article.id] = f"could not be analysed ({one_line(exc)})"
        return ArticleAnalysis(article.id, ANALYSIS_VERSION, [])


def _embed_each(analyses: dict[str, ArticleAnalysis], embedder: Embedder,
                failed: dict[str, str]) -> dict[tuple[str, int], np.ndarray]:
    """:func:`_embed` over all articles; if that fails, article by article (a failing one is emptied)."""
    try:
        return _embed(analyses, embedder)
    except Exception:
        vectors: dict[tuple[str, int], np.ndarray] = {}
        for article_id, analysis in analyses.items():
            try:
                vectors.update(_embed({article_id: analysis}, embedder))
            except Exception as exc:
                failed[article_id] = f"could not be embedded ({one_line(exc)})"
                analyses[article_id] = ArticleAnalysis(article_id, ANALYSIS_VERSION, [])
        return vectors


def _embed(analyses: dict[str, ArticleAnalysis], embedder: Embedder) -> dict[tuple[str, int], np.ndarray]:
    """Vectors of every claim unit; identical sentences (copies) are embedded once."""
    keys = [(aid, u.index, u.text) for aid, an in analyses.items() for u in an.units if u.is_claim]
    unique = list(dict.fromkeys(text for _, _, text in keys))
    matrix = embedder.embed(unique) if unique else np.zeros((0, 384), dtype=np.float32)
    row = {text: i for i, text in enumerate(unique)}
    return {(aid, index): matrix[row[text]] for aid, index, text in keys}


def _pack(vectors: list[np.ndarray]) -> bytes | None:
    if not vectors:
        return None
    return np.vstack(vectors).astype(np.float16).tobytes()


def _unpack(article_id: str, units: list[int], blob: bytes | None) -> dict[tuple[str, int], np.ndarray]:
    if not blob or not units:
        return {}
    matrix = np.frombuffer(blob, dtype=np.float16).reshape(len(units), -1).astype(np.float32)
    matrix /= np.clip(np.linalg.norm(matrix, axis=1, keepdims=True), 1e-9, None)
    return {(article_id, index): matrix[i] for i, index in enumerate(units)}


# -- JSON shapes ---------------------------------------------------------------------------
def article_json(article: Article, extra_flags: list[str] | None = None) -> dict[str, Any]:
    flags = list(article.flags) + [f for f in (extra_flags or []) if f not in article.flags]
    return {
        "id": article.id, "path": article.path, "url": article.url, "source": article.source or article.site,
        "site": article.site, "title": article.title, "author": article.author,
        "published": to_iso(article.published), "published_source": article.published_source,
        "updated": to_iso(article.updated), "fetched": to_iso(article.fetched),
        "language": article.language, "kind": article.kind, "origin": article.origin or article.id,
        "external_id": article.meta.get("external_id"), "flags": flags,
        "removed": [asdict(r) for r in article.removed], "trend": asdict(article.trend) if article.trend else None,
        "text": article.text,
    }


def _sources(sources: Iterable[Source]) -> list[dict[str, Any]]:
    return [{"article": s.article, "quote": s.quote, "start": s.start, "end": s.end} for s in sources]


def _facts_json(cc: CrossCheck, limit: int = 400) -> list[dict[str, Any]]:
    keep = [f for f in cc.facts if len(f.origins) >= 2 or f.status != "single-source" or f.kind != "statement"]
    keep += [f for f in cc.facts if f not in keep][: max(0, limit - len(keep))]
    return [{"id": f.id, "text": f.text, "status": f.status, "kind": f.kind, "origins": len(f.origins),
             "sources": _sources(f.sources), "notes": f.notes, "conflicts": f.conflicts, "reason": f.reason}
            for f in keep[:limit]]


def _conflicts_json(cc: CrossCheck) -> list[dict[str, Any]]:
    return [{"id": c.id, "kind": c.kind, "about": c.about, "note": c.note, "comparable_because": c.comparable_because,
             "claims": [{"value": s.value, "text": s.text, "origins": len(s.origins), "sources": _sources(s.sources)}
                        for s in c.sides]} for c in cc.conflicts]


def _briefing_json(briefing: Briefing, articles: list[Article], cc: CrossCheck) -> dict[str, Any]:
    sections = []
    for section in briefing.sections:
        entry = {"id": section.id, "heading": section.heading,
                 "sentences": [{"text": s.text, "status": s.status, "sources": _sources(s.sources),
                                "origins": s.origins, "label": s.label, "notes": s.notes} for s in section.sentences]}
        if section.note:
            entry["note"] = section.note
        if section.groups:
            entry["groups"] = section.groups
        sections.append(entry)
    copies: dict[str, int] = {}
    for a in articles:
        copies[a.origin or a.id] = copies.get(a.origin or a.id, 0) + 1
    sources = [{"n": i + 1, "article": a.id, "title": a.title, "site": a.site or a.source, "url": a.url,
                "path": a.path, "published": to_iso(a.published), "published_source": a.published_source,
                "updated": to_iso(a.updated),
                "origin": a.origin, "copies_in_story": copies.get(a.origin or a.id, 1),
                "flags": list(a.flags) + cc.article_flags.get(a.id, [])} for i, a in enumerate(articles)]
    return {"headline": briefing.headline, "sections": sections, "sources": sources}


# -- entry points -------------------------------------------------------------------------------
def story_report(store: Store, story_id: str, *, region: str | None = None,
                 embedder: Embedder | None = None, options: BriefOptions | None = None,
                 warn: Callable[[str], None] | None = None) -> dict[str, Any]:
    """One story in the report shape, rebuilt only when its articles (or the code) changed.

    An article that cannot be analysed is left out of the facts (flagged ``not-analysed``)
    and ``warn`` gets a line about it.
    """
    story = store.story(story_id)
    options = options or BriefOptions(region=region)
    ids = [a["id"] for a in story["articles"]]
    key = stable_id(REPORT_VERSION, ANALYSIS_VERSION, repr(options), *sorted(ids))
    cached = store.cached_report(story["id"], key)
    if cached is not None:
        return cached
    articles = store.articles(ids)
    failed: dict[str, str] = {}
    analyses, vectors = analyse_articles(store, articles, embedder, failed)
    if warn:
        for article_id, reason in failed.items():
            warn(f"story {story['id']}: article {article_id} {reason}; briefed without it")
    cc = crosscheck(articles, analyses, vectors)
    briefing = build_briefing(story["title"], articles, cc, options)
    report = {
        "id": story["id"], "title": story["title"], "articles": ids, "n_articles": len(ids),
        "n_origins": story["n_origins"], "first_seen": story["first_seen"], "last_seen": story["last_seen"],
        "reference_date": cc.ref_date.isoformat() if cc.ref_date else None, "region": options.region,
        "facts": _facts_json(cc), "conflicts": _conflicts_json(cc),
        "quotes": [{"speaker": q.speaker, "text": q.text, "article": q.article, "start": q.start, "end": q.end}
                   for q in cc.quotes],
        "timeline": [{"date": t.day.isoformat(), "text": t.text, "status": t.status, "kind": t.kind,
                      "sources": _sources(t.sources)} for t in cc.timeline],
        "article_flags": _with_failures(cc.article_flags, failed),
        "trend": next(({"query": a.trend.query, "traffic": a.trend.traffic, "geo": a.trend.geo, "article": a.id}
                       for a in articles if a.trend), None),
        "briefing": _briefing_json(briefing, articles, cc),
    }
    if not failed:  # a report missing an article's analysis is rebuilt next time
        with store.transaction():
            store.save_report(story["id"], key, report)
    return report


def _with_failures(flags: dict[str, list[str]], failed: dict[str, str]) -> dict[str, list[str]]:
    out = {aid: list(f) for aid, f in flags.items()}
    for article_id in failed:
        out.setdefault(article_id, []).append("not-analysed")
    return out


def build_report(store: Store, story_ids: list[str] | None = None, *, region: str | None = None,
                 embedder: Embedder | None = None, progress: Callable[[str], object] | None = None,
                 warn: Callable[[str], None] | None = None) -> dict[str, Any]:
    """The whole report: every (or the given) story and the articles they cite.

    A story whose briefing fails is left out with a line to ``warn``; the others go on.
    """
    ids = story_ids if story_ids is not None else [s["id"] for s in store.stories()]
    embedder = embedder or Embedder(max_tokens=96)
    stories = []
    for story_id in ids:
        try:
            stories.append(story_report(store, story_id, region=region, embedder=embedder, warn=warn))
        except Exception as exc:  # one story's failure is reported, not the run's end
            if store.conn.in_transaction:
                raise
            if warn:
                warn(f"story {story_id} could not be briefed ({one_line(exc)}); please report it")
        if progress:
            progress(story_id)
    flags: dict[str, list[str]] = {}
    for s in stories:
        for article_id, extra in s.get("article_flags", {}).items():
            flags.setdefault(article_id, []).extend(extra)
    article_ids = list(dict.fromkeys(a for s in stories for a in s["articles"]))
    articles = [article_json(a, flags.get(a.id)) for a in store.articles(article_ids)]
    return {"schema": SCHEMA, "generated_at": to_iso(utcnow()), "articles": articles, "stories": stories}
