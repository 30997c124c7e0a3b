"""Batch benchmark: `newsdesk batch` against the desk — same stories, same origins — and its speed.

    python benchmarks/batch.py [--data FILE.jsonl | FILE.warc.gz] [--speed-articles N] [--repeat R]
    python benchmarks/batch.py --make-warc OUT.warc.gz [--pages DIR]

**Quality** on ``--data`` (default: ECB+ dev): the desk ingests the records in
the batch job's order (publish time, undated last, then file order: see
``newsdesk.batch.signals.order_key``), and a batch job (local[2]) reads the
same file. Each record maps to the story its article is in at the end (a
duplicate: the story of the article it duplicates; a skipped record: a story
of its own). With gold ``event`` labels: B-cubed F1 of both. Always:
``pairwise_agreement`` (the share of record pairs that both put together or
both apart) and ``origin_agreement`` (the share of articles with the same origin).

**Speed** on a synthetic corpus of N distinct articles (``benchmarks/synthetic.py``,
the generator of ``benchmarks/scale.py``): the desk's ingest (models loaded
before the clock starts), then whole batch jobs (stages 1-4 with the desk
written, no reports; the Spark session started before the clock) with
local[1] and local[2]. The machine is shared: each run reports the CPU its
own processes used and how busy the machine was (``/proc/stat``), and
``--repeat`` runs the three in turn R times (medians reported).

``--make-warc`` writes the extraction benchmark's pages as a WARC.gz archive
(one gzip member per record, as CC-NEWS), to run the quality part on.
Human-readable lines come first; the LAST line is one JSON object.
"""
from __future__ import annotations

import argparse
import gzip
import json
import os
import statistics
import sys
import tempfile
import time
import uuid
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from clustering import b_cubed, load  # noqa: E402  (the clustering benchmark's loader and metric)
from synthetic import generate  # noqa: E402

from newsdesk.batch.job import process_tree_cpu  # noqa: E402

ROOT = HERE.parent
DEFAULT_DATA = ROOT.parent / "shared" / "bench" / "ecbplus" / "ecbplus-dev.jsonl"
DEFAULT_PAGES = ROOT.parent / "shared" / "bench" / "extraction"
MAX_BYTES = 20_000_000


# -- machine accounting ---------------------------------------------------------------------------------
def _machine() -> tuple[float, float]:
    """(busy, total) CPU seconds of the whole machine so far."""
    values = [int(v) for v in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    tick = os.sysconf("SC_CLK_TCK")
    idle = values[3] + values[4]
    return (sum(values) - idle) / tick, sum(values) / tick


class Meter:
    """Wall time, this process tree's CPU, and the whole machine's busy cores over a block."""

    def __enter__(self):
        self.wall, self.cpu, self.mach = time.perf_counter(), process_tree_cpu(os.getpid()), _machine()
        return self

    def stop(self) -> dict:
        wall = time.perf_counter() - self.wall
        cpu = process_tree_cpu(os.getpid()) - self.cpu
        busy, total = (a - b for a, b in zip(_machine(), self.mach))
        cores = total / wall if wall else 0.0
        return {"seconds": round(wall, 2), "cpu_seconds": round(cpu, 2),
                "machine_busy_cores": round(busy / wall, 2), "others_busy_cores": round(max(0.0, busy - cpu) / wall, 2),
                "machine_cores": round(cores, 1), "load1": round(os.getloadavg()[0], 2)}

    def __exit__(self, *exc):
        return False


# -- the desk, in the job's order -------------------------------------------------------------------------
def run_desk(data: Path, db: Path) -> tuple[dict, dict, dict]:
    """({record uri: story}, {article id: origin}, meter) of the desk fed in the batch job's order."""
    from newsdesk.batch.sources import in_job_order
    from newsdesk.features import features_batch
    from newsdesk.pipeline import Ingestor, prepare
    from newsdesk.store import Store

    ordered = in_job_order([str(data)], MAX_BYTES)
    with Store(db) as store:
        ingestor = Ingestor(store)
        warm = [prepare(r) for r in ordered[:1] if hasattr(r, "content")]
        ingestor.embedder.embed(["warm up"])  # models loaded before the clock
        features_batch(warm)
        with Meter() as meter:
            outcomes = list(ingestor.ingest(ordered))
            measured = meter.stop()
        story = {o.uri: store.story_of(o.article_id) for o in outcomes if o.article_id}
        origin = {r[0]: r[1] for r in store.conn.execute("SELECT id, origin FROM articles")}
    measured["articles"] = sum(o.status == "ingested" for o in outcomes)
    return story, origin, measured


# -- the batch job -------------------------------------------------------------------------------------------
def run_job(data: Path, out: Path, cores: int, *, desk: bool = False) -> tuple[dict, dict, dict]:
    """({record uri: story}, {article id: origin}, meter) of a batch job on local[cores]."""
    from newsdesk.batch import BatchOptions, run_batch
    from newsdesk.batch.session import spark_session

    spark = spark_session(f"local[{cores}]", progress=False)
    try:
        options = BatchOptions(reports_min_origins=0, write_desk=desk)
        with Meter() as meter:
            summary = run_batch([str(data)], str(out), options, log=lambda line: None, spark=spark)
            measured = meter.stop()
        story, origin = _job_result(spark, out)
    finally:
        spark.stop()
    measured.update(articles=summary.articles, stage_seconds={k: round(v, 2) for k, v in summary.seconds.items()})
    return story, origin, measured


def _job_result(spark, out: Path) -> tuple[dict, dict]:
    read = lambda name: spark.read.parquet(str(out / name))  # noqa: E731
    signals = read("signals").select("order_key", "id", "uri")
    origins = read("origins").select("id", "origin")
    story_of = {r.origin: r.story_id for r in read("story_of").collect()}
    origin = {r.id: r.origin for r in origins.collect()}
    story = {}
    for row in signals.join(read("duplicates").select("order_key", "duplicate_of"), "order_key", "left").collect():
        story[row.uri] = story_of.get(origin.get(row.duplicate_of or row.id))
    return story, origin


# -- comparisons ---------------------------------------------------------------------------------------------
def agreement(first: list[str], second: list[str]) -> float:
    """Share of item pairs that both partitions put together, or both apart (Rand index)."""
    def together(labels):
        return sum(c * (c - 1) // 2 for c in Counter(labels).values())

    n = len(first)
    pairs = n * (n - 1) // 2
    both = together(list(zip(first, second)))
    return (pairs - together(first) - together(second) + 2 * both) / pairs if pairs else 1.0


def quality(data: Path, work: Path) -> dict:
    gold_records, gold = load(data) if data.suffix in (".jsonl", ".ndjson") else ([], [])
    source = data
    if gold_records:  # the records without their labels, as the clustering benchmark passes them
        source = work / "articles.jsonl"
        source.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in gold_records), "utf-8")
    desk_story, desk_origin, desk_meter = run_desk(source, work / "desk.db")
    job_story, job_origin, job_meter = run_job(source, work / "quality-job", 2)
    uris = [f"{source}#{r['id']}" for r in gold_records] if gold_records else sorted(set(desk_story) | set(job_story))
    desk = [desk_story.get(u) or f"unassigned:{u}" for u in uris]
    job = [job_story.get(u) or f"unassigned:{u}" for u in uris]
    shared = set(desk_origin) & set(job_origin)
    result = {"records": len(uris), "desk_stories": len(set(desk)), "batch_stories": len(set(job)),
              "pairwise_agreement": round(agreement(desk, job), 4),
              "origin_agreement": round(sum(desk_origin[a] == job_origin[a] for a in shared) / max(1, len(shared)), 4),
              "articles_desk": len(desk_origin), "articles_batch": len(job_origin),
              "quality_desk_seconds": desk_meter["seconds"], "quality_batch_seconds": job_meter["seconds"]}
    if gold:
        result["desk_b3_f1"] = round(b_cubed(desk, gold)[2], 4)
        result["batch_b3_f1"] = round(b_cubed(job, gold)[2], 4)
    return result


def speed(n: int, work: Path, repeat: int) -> dict:
    corpus = work / "synthetic.jsonl"
    corpus.write_text("".join(json.dumps({k: v for k, v in r.items() if k != "event"}) + "\n"
                              for r in generate(n, days=60, seed=1)), "utf-8")
    runs: dict[str, list[dict]] = {"desk": [], "batch_1": [], "batch_2": []}
    for attempt in range(repeat):
        runs["desk"].append(run_desk(corpus, work / f"speed-{attempt}.db")[2])
        for cores in (1, 2):
            runs[f"batch_{cores}"].append(run_job(corpus, work / f"speed-{attempt}-{cores}", cores, desk=True)[2])
        for name, measured in runs.items():
            print(f"  run {attempt + 1} {name}: {json.dumps(measured[-1])}", flush=True)
    rate = {name: statistics.median(m["articles"] / m["seconds"] for m in ms) for name, ms in runs.items()}
    per_cpu = {name: statistics.median(m["articles"] / m["cpu_seconds"] for m in ms) for name, ms in runs.items()}
    others = statistics.median(m["others_busy_cores"] for ms in runs.values() for m in ms)
    return {"speed_articles": n, "desk_articles_per_second": round(rate["desk"], 2),
            "batch_articles_per_second_1": round(rate["batch_1"], 2),
            "batch_articles_per_second_2": round(rate["batch_2"], 2),
            "speedup_2_over_1": round(rate["batch_2"] / rate["batch_1"], 3),
            "desk_articles_per_cpu_second": round(per_cpu["desk"], 2),
            "batch_articles_per_cpu_second_1": round(per_cpu["batch_1"], 2),
            "batch_articles_per_cpu_second_2": round(per_cpu["batch_2"], 2),
            "others_busy_cores_median": others, "repeat": repeat}


# -- a WARC of the extraction benchmark's pages ---------------------------------------------------------
def make_warc(pages: Path, out: Path) -> int:
    """Write every page of the extraction benchmark as a response record of a WARC.gz; how many."""
    truth = json.loads((pages / "ground-truth.json").read_text("utf-8"))
    with open(out, "wb") as handle:
        for n, (key, entry) in enumerate(sorted(truth.items())):
            body = gzip.decompress((pages / "html" / f"{key}.html.gz").read_bytes())
            http = (b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: "
                    + str(len(body)).encode() + b"\r\n\r\n" + body)
            head = (f"WARC/1.0\r\nWARC-Type: response\r\nWARC-Record-ID: <urn:uuid:{uuid.UUID(int=n)}>\r\n"
                    f"WARC-Date: 2026-11-{1 + n % 28:02d}T12:00:00Z\r\nWARC-Target-URI: {entry.get('url') or key}\r\n"
                    f"Content-Type: application/http; msgtype=response\r\nContent-Length: {len(http)}\r\n\r\n")
            handle.write(gzip.compress(head.encode() + http + b"\r\n\r\n"))
    return len(truth)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="JSONL (with `event` labels) or WARC")
    parser.add_argument("--speed-articles", type=int, default=5000, help="synthetic articles for speed (0: none)")
    parser.add_argument("--repeat", type=int, default=1, help="speed runs of each kind (medians reported)")
    parser.add_argument("--make-warc", type=Path, metavar="OUT", help="write the extraction pages as a WARC.gz")
    parser.add_argument("--pages", type=Path, default=DEFAULT_PAGES, help="the extraction benchmark's folder")
    args = parser.parse_args(argv)
    if args.make_warc:
        if not args.pages.exists():
            print(json.dumps({"skipped": True, "reason": f"{args.pages} is absent"}))
            return 0
        print(json.dumps({"warc": str(args.make_warc), "pages": make_warc(args.pages, args.make_warc)}))
        return 0
    result: dict = {}
    with tempfile.TemporaryDirectory(prefix="newsdesk-batch-bench-") as tmp:
        if args.data.exists():
            result.update(quality(args.data, Path(tmp)))
        else:
            print(f"quality part skipped: {args.data} is absent (pass --data FILE.jsonl)")
            result["quality_skipped"] = True
        if args.speed_articles > 0:
            result.update(speed(args.speed_articles, Path(tmp), max(1, args.repeat)))
    for key, value in result.items():
        print(f"{key:>32}: {value}")
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
