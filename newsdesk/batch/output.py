"""Stage 4, output: stories and per-story reports as Parquet (in parallel), and a desk.

* ``stories`` — one row per story: title (the desk's :func:`~newsdesk.pipeline.story_title`
  over its members), first and last seen, article and origin counts, article ids in time order.
* ``reports`` — one ``newsdesk.report/1`` JSON document per story with at least
  ``--reports`` independent origins, built on the executors by the desk's own
  :func:`~newsdesk.report.build_report` over a throw-away in-memory desk holding
  only that story.
* the desk — the SQLite file ``newsdesk serve``, ``brief`` and ``ingest`` open:
  articles and signals in time order, then the assignments and splits of
  stage 3 replayed through the store's own methods, copies with their origin's
  story, story titles, and the reports above as its briefing cache. It is
  written beside its final name and renamed when complete.
"""
from __future__ import annotations

import json
import os
from collections.abc import Callable, Iterable
from functools import partial
from typing import TYPE_CHECKING, Any

import numpy as np

from ..grouping import TitleCandidate, lede_of, story_title
from ..records import Assignment
from ..store import Store, article_from_row
from .session import Frame

if TYPE_CHECKING:
    from ..embed import Embedder
    from .job import Job

__all__ = ["STORY_FIELDS", "copy_assignment", "run", "story_row", "report_row"]

STORY_FIELDS = (("story_id", "string"), ("title", "string"), ("first_seen", "string"), ("last_seen", "string"),
                ("n_articles", "int"), ("n_origins", "int"), ("article_ids", "array<string>"))
REPORT_FIELDS = (("story_id", "string"), ("n_origins", "int"), ("cache_key", "string"), ("report", "string"))
_TRANSACTION = 500  # desk rows written per transaction

_report_embedder: Embedder | None = None  # one per Python worker


# A member as story_row reads it: (order key, id, origin, title, text, embedding, published).
MemberRow = tuple[str, str, str, str | None, str, bytes, str | None]
StoryRow = tuple[str, str, str | None, str | None, int, int, list[str]]
ReportRow = tuple[str, int, str, str]  # story id, origins, cache key, report JSON


def run(job: Job) -> dict[str, Any]:
    """Every output not written yet; the seconds of all of them."""
    units = [job.unit("stories-table", "stage 4: stories table", lambda: _stories_table(job))]
    if job.options.reports_min_origins > 0:
        units.append(job.unit("reports", f"stage 4: reports of stories with {job.options.reports_min_origins}+ "
                                         "independent origins", lambda: _reports(job)))
    desk = desk_path(job)
    if desk:
        units.append(job.unit("desk", f"stage 4: desk {desk}", lambda: write_desk(job, desk)))
    return {"seconds": sum(u["seconds"] for u in units)}


def desk_path(job: Job) -> str | None:
    """Where the desk goes: --desk, else OUT/newsdesk.db when OUT is a local folder."""
    from .sources import is_remote

    if not job.options.write_desk:
        return None
    if job.options.desk:
        return job.options.desk
    return None if is_remote(job.out) else os.path.join(job.out.removeprefix("file://"), "newsdesk.db")


def _members(job: Job, columns: list[str]) -> Frame:
    """Every kept article with its origin and final story."""
    origins = job.read("origins").select("order_key", "origin", "copy_of", "jaccard")
    story_of = job.read("story_of")
    return (job.read("signals").select(*columns)
            .join(origins, "order_key").join(story_of, "origin"))


# -- stories --------------------------------------------------------------------------------------
def _stories_table(job: Job) -> dict[str, Any]:
    from .job import schema

    members = _members(job, ["order_key", "id", "title", "text", "embedding", "published"])
    rows = (members.rdd.map(lambda r: (r.story_id, (r.order_key, r.id, r.origin, r.title, r.text, r.embedding,
                                                    r.published)))
            .groupByKey().map(lambda kv: story_row(kv[0], kv[1])))
    job.spark.createDataFrame(rows, schema(STORY_FIELDS)).write.mode("overwrite").parquet(job.path("stories"))
    return {"stories": job.read("stories").count()}


def story_row(story_id: str, members: Iterable[MemberRow]) -> StoryRow:
    """A story's row from its members (order key, id, origin, title, text, embedding, published), as the
    desk keeps it: the title of its most central member, first and last seen its publish dates' range."""
    ordered = sorted(members)
    title = story_title([TitleCandidate(m[3] or "", lede_of(m[4]), np.frombuffer(m[5], dtype=np.float32))
                         for m in ordered])
    seen = sorted(m[6] for m in ordered if m[6])
    return (story_id, title, seen[0] if seen else None, seen[-1] if seen else None, len(ordered),
            len({m[2] for m in ordered}), [m[1] for m in ordered])


# -- reports --------------------------------------------------------------------------------------
def _reports(job: Job) -> dict[str, Any]:
    from .job import schema

    stories = (job.read("stories")
               .filter(f"n_origins >= {int(job.options.reports_min_origins)}")
               .select("story_id", "title", "first_seen", "last_seen", "n_origins"))
    members = _members(job, ["*"]).join(stories.select("story_id"), "story_id", "left_semi")
    grouped = members.rdd.map(lambda r: (r.story_id, r.asDict())).groupByKey()
    joined = stories.rdd.map(lambda r: (r.story_id, r.asDict())).join(grouped)
    rows = joined.map(lambda kv: report_row(kv[1][0], list(kv[1][1])))
    job.spark.createDataFrame(rows, schema(REPORT_FIELDS)).write.mode("overwrite").parquet(job.path("reports"))
    return {"reports": job.read("reports").count()}


def report_row(story: dict[str, Any], members: list[dict[str, Any]]) -> ReportRow:
    """(story id, origins, cache key, newsdesk.report/1 JSON) of one story, by the desk's own report code
    over an in-memory desk that holds only this story."""
    from ..report import build_report

    with Store(":memory:") as store:
        with store.transaction():
            for member in sorted(members, key=lambda m: m["order_key"]):
                _add_article(store, member)
            store.save_story(story["story_id"], story["title"], story["first_seen"], story["last_seen"])
            for member in members:
                store.assign(member["id"], Assignment(story["story_id"], 1.0, False, "batch"))
        report = build_report(store, [story["story_id"]], embedder=_embedder_for_reports())
        key = store.conn.execute("SELECT cache_key FROM story_reports WHERE story_id = ?",
                                 (story["story_id"],)).fetchone()[0]
    return story["story_id"], story["n_origins"], key, json.dumps(report, ensure_ascii=False)


def _embedder_for_reports() -> Embedder:
    global _report_embedder
    if _report_embedder is None:
        from ..embed import Embedder

        _report_embedder = Embedder(max_tokens=96, threads=1)  # what build_report uses, one thread per task
    return _report_embedder


# -- the desk -------------------------------------------------------------------------------------
def _add_article(store: Store, row: dict[str, Any]) -> None:
    """One article and its signals, as the desk stores them (row: signal columns and its origin)."""
    article = article_from_row(row)
    store.add_article(article, content_hash=row["content_hash"], minhash=bytes(row["minhash"]),
                      embedding=bytes(row["embedding"]), features=json.loads(row["features"]))
    seen = article.published or article.fetched
    if article.trend is not None and seen:  # a trend card on the page: a time-stamped sighting of its query
        store.record_trend_card(article.trend, article.id, seen=seen)


def copy_assignment(story_id: str, copy_of: str, jaccard: float) -> Assignment:
    """How the desk assigns a copy: to the story of the article it copies."""
    return Assignment(story_id, round(jaccard, 4), False, "copy-of",
                      detail={"copy_of": copy_of, "jaccard": round(jaccard, 3)})


def write_desk(job: Job, path: str) -> dict[str, Any]:
    """Write the desk beside ``path`` and rename it into place when complete."""
    partial_path = path + ".partial"
    for suffix in ("", "-wal", "-shm"):
        if os.path.exists(partial_path + suffix):
            os.remove(partial_path + suffix)
    with Store(partial_path) as store:
        counts = {"desk_articles": _desk_articles(job, store)}
        _replay(job, store)
        _desk_copies(job, store)
        counts["desk_stories"] = _desk_stories(job, store)
    os.replace(partial_path, path)
    return counts


def _in_transactions(store: Store, rows: Iterable[Any], write: Callable[[Any], object]) -> int:
    """Apply ``write`` to every row, committing every few hundred rows; how many rows."""
    count = 0
    rows = iter(rows)
    while True:
        with store.transaction():
            for row in rows:
                write(row)
                count += 1
                if count % _TRANSACTION == 0:
                    break
            else:
                return count


def _desk_articles(job: Job, store: Store) -> int:
    members = _members(job, ["*"]).orderBy("order_key")
    return _in_transactions(store, members.toLocalIterator(prefetchPartitions=True),
                            lambda row: _add_article(store, row.asDict()))


def _replay(job: Job, store: Store) -> None:
    """Stage 3's assignments and splits, in order, through the store's own methods."""
    known: set[str] = set()
    log = job.read("story_log").orderBy("step", "kind")
    _in_transactions(store, log.toLocalIterator(prefetchPartitions=True),
                     partial(_replay_one, store, known))


def _replay_one(store: Store, known: set[str], row: Any) -> None:  # row: a story_log Row
    data = json.loads(row.data)
    if row.kind == "assign":
        if row.story_id not in known:
            store.save_story(row.story_id, "", None, None)
            known.add(row.story_id)
        store.assign(row.article_id, Assignment(**data))
        return
    if row.kind == "merge":
        store.move_origins(row.story_id, data["into"], data["moved"], data["evidence"], "merge")
        store.drop_story(row.story_id)
        known.discard(row.story_id)
        return
    store.save_story(data["new_story"], "", None, None)
    known.add(data["new_story"])
    store.move_origins(row.story_id, data["new_story"], data["moved"], data["evidence"])


def _desk_copies(job: Job, store: Store) -> None:
    copies = _members(job, ["order_key", "id"]).filter("origin != id")
    _in_transactions(store, copies.toLocalIterator(prefetchPartitions=True),
                     lambda r: store.assign(r.id, copy_assignment(r.story_id, r.copy_of, r.jaccard)))


def _desk_stories(job: Job, store: Store) -> int:
    stories = job.read("stories").select("story_id", "title", "first_seen", "last_seen")
    count = _in_transactions(store, stories.toLocalIterator(prefetchPartitions=True),
                             lambda r: store.save_story(r.story_id, r.title, r.first_seen, r.last_seen))
    if job.options.reports_min_origins > 0:
        reports = job.read("reports").select("story_id", "cache_key", "report")
        _in_transactions(store, reports.toLocalIterator(prefetchPartitions=True),
                         lambda r: store.save_report(r.story_id, r.cache_key, json.loads(r.report)["stories"][0]))
    return count
