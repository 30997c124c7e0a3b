"""``newsdesk batch``: the desk's pipeline over a whole archive, on Apache Spark.

    stage 1  records → signals          map, in waves of input files    signals/day=D/wave=W, skipped/
    stage 2  duplicates and origins     LSH banding over the MinHashes  duplicates/, origins/
    stage 3  stories                    the desk's online pass, in time order, on the driver   story_log/, story_of/
    stage 4  output                     stories/, reports/ (parallel), the desk (newsdesk.db)

Every stage calls the desk's own stage functions; this package only moves
rows between them. A job is restartable: run it again with the same ``--out``
and it goes on from the last finished unit of work (see :mod:`.job`).
Entry point: :func:`run_batch`. Needs the ``spark`` extra and Java 17.
"""
from __future__ import annotations

import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field

from ..records import IngestOutcome
from .job import BatchOptions, Checkpoints, Job, identity
from .session import Spark
from .signals import order_key, time_key

__all__ = ["BatchOptions", "BatchSummary", "order_key", "run_batch", "time_key"]


@dataclass
class BatchSummary:
    """What a job did: counts, skip reasons, seconds per stage, units resumed from an earlier run."""

    records: int = 0
    skipped: Counter[str] = field(default_factory=Counter)  # reason -> count
    duplicates: int = 0
    articles: int = 0
    origins: int = 0
    stories: int = 0
    splits: int = 0
    reports: int = 0
    desk: str | None = None
    seconds: dict[str, float] = field(default_factory=dict)
    resumed: list[str] = field(default_factory=list)

    def lines(self) -> list[str]:
        skipped = sum(self.skipped.values())
        out = [f"records {self.records:,}: articles {self.articles:,}, duplicates {self.duplicates:,}, "
               f"skipped {skipped:,}" + (" (" + "; ".join(f"{n} {r}" for r, n in self.skipped.most_common(8)) + ")"
                                         if skipped else ""),
               f"origins {self.origins:,}, stories {self.stories:,} ({self.splits} splits), "
               f"reports {self.reports:,}" + (f", desk {self.desk}" if self.desk else ""),
               "seconds: " + ", ".join(f"{k} {v:.1f}" for k, v in self.seconds.items())]
        if self.resumed:
            out.append(f"resumed: {len(self.resumed)} unit(s) done in an earlier run were kept")
        return out


def run_batch(inputs: list[str], out: str, options: BatchOptions = BatchOptions(),
              log: Callable[[str], None] = print, spark: Spark | None = None) -> BatchSummary:
    """Run (or resume) the job that reads ``inputs`` into the folder ``out``."""
    from . import origins, output, signals, stories
    from .session import spark_session
    from .sources import HadoopFiles, list_inputs

    spark = spark or spark_session(options.master, options.conf)
    hadoop = HadoopFiles(spark)
    files, missing = list_inputs(inputs, hadoop)
    checkpoints = Checkpoints(hadoop, out)
    if checkpoints.open(identity(inputs, files, options), options.fresh):
        log(f"resuming the job in {out}")
    log(f"{len(files)} input file(s); Spark UI: {spark.sparkContext.uiWebUrl or 'off'}")
    job = Job(spark, out, options, files, checkpoints, hadoop, log)
    summary = BatchSummary(skipped=Counter(_short(o.reason) for o in missing))
    start = time.perf_counter()
    for name, stage in (("signals", signals.run), ("origins", origins.run), ("stories", stories.run),
                        ("output", output.run)):
        summary.seconds[name] = stage(job).get("seconds", 0.0)
    summary.seconds["total (this run)"] = time.perf_counter() - start
    _fill(summary, job, missing)
    for line in summary.lines():
        log(line)
    return summary


def _short(reason: str) -> str:
    """A skip reason without its particulars, for counting ('too large: 3 bytes > 2' -> 'too large')."""
    return reason.split(":")[0].split(" (")[0]


def _fill(summary: BatchSummary, job: Job, missing: list[IngestOutcome]) -> None:
    from .output import desk_path

    done = job.checkpoints.finished()
    waves = [v for k, v in done.items() if k.startswith("signals-")]
    skipped = job.read("skipped").groupBy("reason").count().collect()
    for row in skipped:
        summary.skipped[_short(row.reason)] += row["count"]
    summary.records = sum(w["signal"] + w["skipped"] for w in waves) + len(missing)
    summary.duplicates = done["origins"]["duplicates"]
    summary.articles = done["origins"]["articles"]
    summary.origins = done["origins"]["origins"]
    summary.stories = done["stories-table"]["stories"]
    summary.splits = done["stories"]["splits"]
    summary.reports = done.get("reports", {}).get("reports", 0)
    summary.desk = desk_path(job)
    summary.resumed = list(job.resumed)
