"""Scale benchmark: cost per article and memory as one desk grows, and the time to reopen it.

    python benchmarks/scale.py --articles 20000 [--days 60] [--seed 0] [--every 1000]

Builds a synthetic stream (benchmarks/synthetic.py: invented events, people,
places and outlets), writes it as one JSONL file and ingests it in one run, the
way ``newsdesk ingest`` does. Every ``--every`` articles it prints a row: ms per
article over that block, the resident memory of this process and its children
(MB), stories in memory and in the desk, candidate stories scored per article,
and ms per article spent embedding, on features and clustering. Then it closes
the desk, reopens it for ingest (``reopen_seconds``: store and state ready) and
ingests 200 more articles of the same stream. The LAST line is one JSON object.
"""
from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from synthetic import generate  # noqa: E402


def rss_mb() -> float:
    """Resident memory of this process and all its descendants, in MB (Linux /proc)."""
    total, todo, seen = 0, [os.getpid()], set()
    while todo:
        pid = todo.pop()
        if pid in seen:
            continue
        seen.add(pid)
        try:
            with open(f"/proc/{pid}/status") as handle:
                total += next(int(line.split()[1]) for line in handle if line.startswith("VmRSS:"))
            for task in os.listdir(f"/proc/{pid}/task"):
                with open(f"/proc/{pid}/task/{task}/children") as handle:
                    todo += [int(child) for child in handle.read().split()]
        except (OSError, StopIteration):
            continue
    return total / 1024


def write_jsonl(records: list[dict], path: Path) -> Path:
    keep = ("id", "title", "text", "date", "source", "url")
    path.write_text("".join(json.dumps({k: r[k] for k in keep}) + "\n" for r in records), "utf-8")
    return path


class _Meter:
    """Per-block figures while the run goes on."""

    STAGES = ("embed", "features", "cluster")

    def __init__(self, ingestor, every: int) -> None:
        self.ingestor, self.every = ingestor, every
        self.rows: list[dict] = []
        self._start, self._count, self._scored, self._scanned, self._windowed = time.perf_counter(), 0, 0, 0, 0
        self._stages = {k: 0.0 for k in self.STAGES}

    def __call__(self, outcome) -> None:
        self._count += 1
        if self._count % self.every == 0:
            self.row()

    def row(self) -> None:
        now, timings = time.perf_counter(), self.ingestor.timings
        clusterer = self.ingestor.clusterer
        block = self.every
        scored, scanned = _scored(clusterer, self._scored, block), _scanned(clusterer, self._scanned, block)
        windowed = _windowed(clusterer, self._windowed, block)
        row = {"articles": self._count, "ms_per_article": round(1000 * (now - self._start) / block, 2),
               "rss_mb": round(rss_mb(), 1), "stories_in_memory": len(clusterer.stories),
               "stories_total": getattr(clusterer, "n_stories", len(clusterer.stories)),
               "window_per_article": round((windowed - self._windowed) / block, 1),
               "scanned_per_article": round((scanned - self._scanned) / block, 1),
               "candidates_per_article": round((scored - self._scored) / block, 2)}
        for stage in self.STAGES:
            row[f"{stage}_ms"] = round(1000 * (timings.get(stage, 0.0) - self._stages[stage]) / block, 2)
            self._stages[stage] = timings.get(stage, 0.0)
        self.rows.append(row)
        print("  ".join(f"{k} {v}" for k, v in row.items()), flush=True)
        self._start, self._scored, self._scanned, self._windowed = time.perf_counter(), scored, scanned, windowed


def _scored(clusterer, before: int, block: int) -> int:
    """Candidate stories scored in full so far (a clusterer without the count scores its 10
    nearest: counted as that times the block)."""
    if hasattr(clusterer, "scored"):
        return clusterer.scored
    return before + min(10, len(clusterer.stories)) * block


def _scanned(clusterer, before: int, block: int) -> int:
    """Story centroids the candidate search went over so far (a clusterer without an index scans
    every story for every article: counted as the stories now times the block)."""
    index = getattr(clusterer, "_index", None)
    return index.scanned if index is not None else before + len(clusterer.stories) * block


def _windowed(clusterer, before: int, block: int) -> int:
    """Stories in the candidate searches' time windows so far (without the count: as scanned)."""
    index = getattr(clusterer, "_index", None)
    return index.windowed if index is not None and hasattr(index, "windowed") else _scanned(clusterer, before, block)


def b_cubed_scores(predicted: list[str], gold: list[str]) -> tuple[float, float, float]:
    """B-cubed (precision, recall, F1), rounded."""
    from clustering import b_cubed

    precision, recall, f1 = b_cubed(predicted, gold)[:3]
    return round(precision, 4), round(recall, 4), round(f1, 4)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=20000)
    parser.add_argument("--days", type=int, default=60)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--every", type=int, default=1000, help="articles per printed row")
    args = parser.parse_args(argv)
    from newsdesk.inputs import read_inputs
    from newsdesk.pipeline import Ingestor
    from newsdesk.store import Store

    extra = 200
    records = generate(args.articles + extra, args.days, args.seed)
    main_part, tail = records[:args.articles], records[args.articles:]
    print(f"scale: {len(main_part)} synthetic articles over {args.days} days, then {extra} after reopening",
          flush=True)
    with tempfile.TemporaryDirectory(prefix="newsdesk-scale-") as tmp:
        data = write_jsonl(main_part, Path(tmp) / "stream.jsonl")
        desk = Path(tmp) / "desk.db"
        start = time.perf_counter()
        with Store(desk) as store:
            ingestor = Ingestor(store)
            meter = _Meter(ingestor, args.every)
            article_of = {}  # record id -> article id (not the outcomes: their memory is the benchmark's, not the desk's)
            for outcome in ingestor.ingest(read_inputs([data], max_bytes=data.stat().st_size + 1), progress=meter):
                if outcome.article_id:
                    article_of[outcome.uri.rsplit("#", 1)[-1]] = outcome.article_id
            elapsed = time.perf_counter() - start
            peak = _peak_mb()
            story_of = {key: store.story_of(article_id) for key, article_id in article_of.items()}
        precision, recall, f1 = b_cubed_scores([story_of.get(r["id"]) or r["id"] for r in main_part],
                                               [r["event"] for r in main_part])
        del ingestor
        reopen, after = _reopen(desk, write_jsonl(tail, Path(tmp) / "tail.jsonl"))
    rows = meter.rows
    result = {"articles": len(main_part), "days": args.days,
              "ms_per_article_first_1k": rows[0]["ms_per_article"], "ms_per_article_last_1k": rows[-1]["ms_per_article"],
              "ratio_last_first": round(rows[-1]["ms_per_article"] / rows[0]["ms_per_article"], 3),
              "rss_mb_first_1k": rows[0]["rss_mb"], "rss_mb_last_1k": rows[-1]["rss_mb"],
              "rss_growth_mb": round(rows[-1]["rss_mb"] - rows[0]["rss_mb"], 1), "peak_rss_mb": peak,
              "articles_per_second": round(len(main_part) / elapsed, 1),
              "window_first_1k": rows[0]["window_per_article"], "window_last_1k": rows[-1]["window_per_article"],
              "scanned_first_1k": rows[0]["scanned_per_article"], "scanned_last_1k": rows[-1]["scanned_per_article"],
              "candidates_first_1k": rows[0]["candidates_per_article"],
              "candidates_last_1k": rows[-1]["candidates_per_article"],
              "stories_in_memory_last": rows[-1]["stories_in_memory"], "stories_total": rows[-1]["stories_total"],
              "reopen_seconds": reopen, "ms_per_article_after_reopen": after, "b3_f1_synthetic": f1,
              "b3_precision_synthetic": precision, "b3_recall_synthetic": recall}
    print(json.dumps(result))
    return 0


def _reopen(desk: Path, tail: Path) -> tuple[float, float]:
    """(seconds to open the desk for ingest, ms per article of the next articles)."""
    from newsdesk.inputs import read_inputs
    from newsdesk.pipeline import Ingestor
    from newsdesk.store import Store

    start = time.perf_counter()
    with Store(desk) as store:
        ingestor = Ingestor(store)
        reopen = time.perf_counter() - start
        start = time.perf_counter()
        outcomes = list(ingestor.ingest(read_inputs([tail], max_bytes=tail.stat().st_size + 1)))
        after = 1000 * (time.perf_counter() - start) / max(1, len(outcomes))
    print(f"reopened in {reopen:.2f} s; {len(outcomes)} more articles at {after:.1f} ms each", flush=True)
    return round(reopen, 2), round(after, 2)


def _peak_mb() -> float:
    import resource

    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return round(own + children, 1)


if __name__ == "__main__":
    sys.exit(main())
