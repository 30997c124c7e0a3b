"""Stage 3, stories: the desk's online clusterer, run over the signal table in time order.

Why one online pass and not a clusterer per time window with stitching: the
pass is the desk's own :class:`~newsdesk.cluster.StoryClusterer` (``assign``,
then ``split`` after a join), fed the same signals in the same order, so the
stories are the desk's by construction, splits included; windows would need
a second, approximate algorithm at their borders, where developing stories
are. It is cheap: only each origin's first article is clustered (copies
follow their origin, as in the desk), at about a millisecond per article
against 30-55 ms of stage 1, and the signals stream to the driver one
partition at a time (``toLocalIterator``), so the driver holds the
clusterer's state, not the table. ``docs/scale.md`` has the measured costs
and where this stops scaling.

Output: ``story_log`` (every assignment and split, in order: what the desk
would have stored, replayed into a desk by stage 4) and ``story_of`` (each
origin's final story).
"""
from __future__ import annotations

import json
import time
from dataclasses import asdict
from typing import TYPE_CHECKING, Any

import numpy as np

from ..cluster import ClusterOptions, StoryClusterer
from ..records import ArticleFeatures

if TYPE_CHECKING:
    from .job import Job

__all__ = ["OnlinePass", "LOG_FIELDS", "run"]

LOG_FIELDS = (("step", "long"), ("kind", "string"), ("article_id", "string"), ("story_id", "string"),
              ("data", "string"))
_CHUNK = 50_000  # log rows written to Parquet at a time

LogRow = tuple[int, str, str | None, str, str]  # step, kind, article_id, story_id, data (JSON)


class OnlinePass:
    """The desk's clustering steps for origin articles given in time order; no Spark inside."""

    def __init__(self, options: ClusterOptions = ClusterOptions()) -> None:
        self.clusterer = StoryClusterer(options)
        self.story_of: dict[str, str] = {}  # origin article -> its story now
        self.steps = 0
        self.splits = 0

    def add(self, article_id: str, vec: np.ndarray, feats: ArticleFeatures) -> list[LogRow]:
        """Assign one article (and split its story when it now holds two events); the log rows."""
        step = self.steps
        self.steps += 1
        assignment = self.clusterer.assign(vec, feats, key=article_id)
        self.story_of[article_id] = assignment.story_id
        rows: list[LogRow] = [(step, "assign", article_id, assignment.story_id, json.dumps(asdict(assignment)))]
        split = None if assignment.new_story else self.clusterer.split(assignment.story_id)
        if split is not None:
            self.splits += 1
            self.story_of.update(dict.fromkeys(split.moved, split.new_story))
            data = {"new_story": split.new_story, "moved": split.moved, "evidence": split.evidence()}
            rows.append((step, "split", None, split.story_id, json.dumps(data)))
            return rows
        merge = self.clusterer.merge(assignment.story_id, feats)  # as the desk does when no split
        if merge is not None:
            self.story_of.update(dict.fromkeys(merge.moved, merge.story_id))
            data = {"into": merge.story_id, "moved": merge.moved, "evidence": merge.evidence()}
            rows.append((step, "merge", None, merge.merged_story, json.dumps(data)))
        return rows


def run(job: Job) -> dict[str, Any]:
    return job.unit("stories", "stage 3: stories (online pass in time order)", lambda: _stories(job))


def _stories(job: Job) -> dict[str, Any]:
    spark = job.spark
    firsts = job.read("origins").filter("origin = id").select("order_key")
    ordered = (job.read("signals").select("order_key", "id", "embedding", "features")
               .join(firsts, "order_key", "left_semi").orderBy("order_key"))
    job.hadoop.delete(job.path("story_log"))
    online = OnlinePass(job.options.ingest.cluster)
    pending: list[LogRow] = []
    clustering = 0.0
    for row in ordered.toLocalIterator(prefetchPartitions=True):
        feats = ArticleFeatures(**json.loads(row.features))
        start = time.perf_counter()
        pending += online.add(row.id, np.frombuffer(row.embedding, dtype=np.float32), feats)
        clustering += time.perf_counter() - start
        if len(pending) >= _CHUNK:
            _append(job, pending)
            pending = []
    _append(job, pending)
    spark.createDataFrame(list(online.story_of.items()), "origin string, story_id string") \
        .write.mode("overwrite").parquet(job.path("story_of"))
    return {"clustered": online.steps, "stories": len(set(online.story_of.values())), "splits": online.splits,
            "clustering_seconds": round(clustering, 2)}


def _append(job: Job, rows: list[LogRow]) -> None:
    from .job import schema

    job.spark.createDataFrame(rows, schema(LOG_FIELDS)).write.mode("append").parquet(job.path("story_log"))
