"""Event-clustering benchmark: B-cubed precision/recall/F1 of one online ingest pass.

    python benchmarks/clustering.py [--data FILE.jsonl] [--orders N --seed S] [--lead-words N]

Each JSONL line holds ``id``, ``text``, optional ``title``/``url``/``date``/
``source`` and the gold label ``event``. The gold label (and any other field
newsdesk does not read) is removed before ingest; the lines are then ingested
in file order into a fresh temporary desk through the same code path as
``newsdesk ingest``. Each line maps to the story its article is in at the end
of the pass (a story split moves articles that joined it; a duplicate maps to
the story of the article it duplicates; a skipped line is a story of its own).

``--orders N`` ingests the lines N times, each time in a shuffled order (seeds
S, S+1, ...; a fresh desk each time), and adds the mean, min and max F1 over the
orders and their spread (max - min): how much grouping depends on arrival order.
An article's embedding and features do not depend on the order, so they are
computed once, in this process, and reused by the later orders; extraction,
copies, clustering and the store run every time. ``articles_per_second`` is the
first pass's (nothing reused, but featurised in this process rather than in the
reading pool as ingest does: the file-order run measures the desk's speed).

``stage_seconds``: time this process spent per stage (``extract+clean``: waiting
for the reading pool's next document; ``featurise (waiting)``: for a batch's
embeddings and features), and ``embed`` and ``features`` as measured inside the
worker processes that run them (they overlap with the rest: the stages add up to
more than ``seconds``). ``--lead-words N`` embeds N words of the body with the
title instead of the desk's default. Prints human-readable figures, then, as its
LAST line, one JSON object.
"""
from __future__ import annotations

import argparse
import json
import random
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DATA = ROOT.parent / "shared" / "bench" / "ecbplus" / "ecbplus-dev.jsonl"
PASSED_FIELDS = ("id", "text", "title", "url", "date", "source")


def load(path: Path) -> tuple[list[dict], list[str]]:
    """(records with only the fields newsdesk may see, gold labels) in file order."""
    records, gold, seen = [], [], set()
    for number, line in enumerate(path.read_text("utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            rec = json.loads(line)
        except ValueError as exc:
            raise SystemExit(f"clustering benchmark: line {number} of {path} is not JSON ({exc})") from None
        if not isinstance(rec, dict) or "event" not in rec:
            raise SystemExit(f"clustering benchmark: line {number} of {path} has no gold `event` label")
        rec_id = str(rec.get("id") or number)
        if rec_id in seen:
            raise SystemExit(f"clustering benchmark: duplicate id {rec_id!r} on line {number}")
        seen.add(rec_id)
        records.append({k: rec[k] for k in PASSED_FIELDS if rec.get(k) is not None} | {"id": rec_id})
        gold.append(str(rec["event"]))
    return records, gold


def b_cubed(predicted: list[str], gold: list[str]) -> tuple[float, float, float]:
    """Item-averaged B-cubed precision, recall and F1."""
    by_pred, by_gold, both = Counter(predicted), Counter(gold), Counter(zip(predicted, gold))
    n = len(gold)
    precision = sum(both[(p, g)] / by_pred[p] for p, g in zip(predicted, gold)) / n
    recall = sum(both[(p, g)] / by_gold[g] for p, g in zip(predicted, gold)) / n
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


class _Reuse:
    """Embeddings and features computed once per text and reused by later orders."""

    def __init__(self) -> None:
        from newsdesk import pipeline
        from newsdesk.embed import Embedder

        self.pipeline, self.embedder = pipeline, Embedder()
        self.vectors: dict[str, object] = {}
        self.features: dict[str, object] = {}
        self._features_batch = pipeline.features_batch

    def embed(self, texts: list[str]):
        import numpy as np

        missing = [t for t in dict.fromkeys(texts) if t not in self.vectors]
        self.vectors.update(zip(missing, self.embedder.embed(missing)))
        return np.stack([self.vectors[t] for t in texts]) if texts else self.embedder.embed([])

    def features_batch(self, articles, options):
        missing = [a for a in articles if (a.title, a.text) not in self.features]
        self.features.update(((a.title, a.text), f) for a, f in zip(missing, self._features_batch(missing, options)))
        return [self.features[(a.title, a.text)] for a in articles]

    def __enter__(self):
        self.pipeline.features_batch = self.features_batch
        return self

    def __exit__(self, *exc) -> None:
        self.pipeline.features_batch = self._features_batch


OPTIONS: dict = {}  # IngestOptions fields set from the command line (--lead-words)


def run(records: list[dict], workdir: Path, reuse: _Reuse | None = None) -> tuple[list[str], float, dict]:
    """Ingest the records in one pass; (story per record, seconds, stage timings)."""
    from newsdesk.inputs import read_inputs
    from newsdesk.pipeline import IngestOptions, Ingestor
    from newsdesk.store import Store

    data = workdir / "articles.jsonl"
    data.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), "utf-8")
    start = time.perf_counter()
    with Store(workdir / "bench.db") as store:
        options = IngestOptions(**OPTIONS)
        ingestor = Ingestor(store, options, embedder=reuse) if reuse else Ingestor(store, options)  # as `ingest`
        outcomes = list(ingestor.ingest(read_inputs([data], max_bytes=data.stat().st_size + 1)))
        timings = dict(ingestor.timings)
        elapsed = time.perf_counter() - start
        # the story each article is in at the end: a split or merge after an article joined moves it
        story_of = {o.uri.rsplit("#", 1)[-1]: (o.article_id and store.story_of(o.article_id)) or o.story_id
                    for o in outcomes if o.story_id}
    return [story_of.get(r["id"]) or f"unassigned:{r['id']}" for r in records], elapsed, timings


def shuffled_runs(records: list[dict], gold: list[str], orders: int, seed: int, workdir: Path) -> dict:
    """F1 over ``orders`` shuffled arrival orders (mean, min, max, spread) and the first pass's speed."""
    scores, first = [], None
    with _Reuse() as reuse:
        for k in range(orders):
            order = list(range(len(records)))
            random.Random(seed + k).shuffle(order)
            run_dir = workdir / f"order{k}"
            run_dir.mkdir()
            predicted, elapsed, timings = run([records[i] for i in order], run_dir, reuse)
            f1 = b_cubed(predicted, [gold[i] for i in order])[2]
            print(f"order {k} (seed {seed + k}): b3_f1 {f1:.4f}, {len(set(predicted))} stories", flush=True)
            scores.append(round(f1, 4))
            first = first or (elapsed, timings)
    return {"b3_f1_mean": round(sum(scores) / len(scores), 4), "b3_f1_min": min(scores), "b3_f1_max": max(scores),
            "b3_f1_spread": round(max(scores) - min(scores), 4), "b3_f1_orders": scores, "n_orders": orders,
            "seed": seed, "articles_per_second": round(len(records) / first[0], 1), "seconds": round(first[0], 2),
            "stage_seconds": _stages(first[1])}


def _stages(timings: dict) -> dict:
    return {k: round(v, 2) for k, v in sorted(timings.items(), key=lambda kv: -kv[1])}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="JSONL with an `event` label per line")
    parser.add_argument("--orders", type=int, default=0, help="shuffled arrival orders to average over (0: file order)")
    parser.add_argument("--seed", type=int, default=0, help="seed of the first shuffled order")
    parser.add_argument("--lead-words", type=int, help="words of the body embedded with the title (default: "
                        "the desk's)")
    args = parser.parse_args(argv)
    if args.lead_words:
        OPTIONS["lead_words"] = args.lead_words
    if not args.data.exists():
        print(f"clustering benchmark skipped: {args.data} is absent (the ../shared folder is only on "
              "development machines; pass --data FILE.jsonl)")
        print(json.dumps({"skipped": True, "reason": f"{args.data} is absent"}))
        return 0
    records, gold = load(args.data)
    with tempfile.TemporaryDirectory(prefix="newsdesk-bench-") as tmp:
        if args.orders > 0:
            result = {"n_articles": len(records), "n_events_gold": len(set(gold))}
            result |= shuffled_runs(records, gold, args.orders, args.seed, Path(tmp))
        else:
            predicted, elapsed, timings = run(records, Path(tmp))
            result = _file_order_result(records, gold, predicted, elapsed, timings)
    for key, value in result.items():
        print(f"{key:>20}: {value}")
    print(json.dumps(result))
    return 0


def _file_order_result(records, gold, predicted, elapsed, timings) -> dict:
    precision, recall, f1 = b_cubed(predicted, gold)
    return {"b3_precision": round(precision, 4), "b3_recall": round(recall, 4), "b3_f1": round(f1, 4),
            "n_articles": len(records), "n_events_gold": len(set(gold)), "n_stories": len(set(predicted)),
            "articles_per_second": round(len(records) / elapsed, 1), "seconds": round(elapsed, 2),
            "stage_seconds": _stages(timings)}


if __name__ == "__main__":
    sys.exit(main())
