"""Cross-check benchmark: brief real coverage and score the report against an editor's answer key.

    python benchmarks/crosscheck.py [--data FILE.jsonl] [--key KEY.yaml] [--report OUT.json]

The JSONL lines (``id``, ``text``, optional ``title``/``url``/``date``/``source``;
any gold label such as ``event`` is removed first) are ingested into one fresh
temporary desk and every story is briefed, as ``newsdesk brief FILE --format
json`` does. The report is scored by ``../shared/tools/score_crosscheck.py``
(facts, conflicts, traps, quotes, citations). The scorer exits 1 when any single
check fails (an inexact event, a trap fired, ...): that is a score, not a crash.
Prints the scorer's checks, the time per story, and as its LAST line one JSON
object with the figures. Skips with a message when the data or scorer is absent.
"""
from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# ../shared next to the checkout (or next to the folder of git worktrees)
SHARED = next((p for p in (ROOT.parent / "shared", ROOT.parent.parent / "shared") if p.is_dir()), ROOT.parent / "shared")
DEFAULT_DATA = SHARED / "bench" / "basil-dev" / "basil-dev.jsonl"
DEFAULT_KEY = SHARED / "bench" / "basil-dev" / "crosscheck-dev.yaml"
SCORER = SHARED / "tools" / "score_crosscheck.py"
PASSED_FIELDS = ("id", "text", "title", "url", "date", "source")
sys.path.insert(0, str(ROOT))


def load(path: Path) -> list[dict]:
    """Records with only the fields newsdesk may see, in file order."""
    records = []
    for number, line in enumerate(path.read_text("utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            rec = json.loads(line)
        except ValueError as exc:
            raise SystemExit(f"crosscheck benchmark: line {number} of {path} is not JSON ({exc})") from None
        records.append({k: rec[k] for k in PASSED_FIELDS if rec.get(k) is not None})
    return records


def brief(records: list[dict], workdir: Path, out: Path) -> dict:
    """Ingest the records into a fresh desk, brief every story into ``out``; timings."""
    from newsdesk.inputs import read_inputs
    from newsdesk.pipeline import Ingestor
    from newsdesk.render import to_json
    from newsdesk.report import build_report
    from newsdesk.store import Store

    data = workdir / "articles.jsonl"
    data.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), "utf-8")
    with Store(workdir / "bench.db") as store:
        start = time.perf_counter()
        list(Ingestor(store).ingest(read_inputs([data], max_bytes=data.stat().st_size + 1)))
        ingested = time.perf_counter()
        ids = [s["id"] for s in store.stories()]
        per_story: list[float] = []
        clock = [time.perf_counter()]

        def tick(_story_id: str) -> None:
            now = time.perf_counter()
            per_story.append(now - clock[0])
            clock[0] = now
            print(f"briefed {len(per_story)}/{len(ids)} stories", file=sys.stderr, end="\r")

        report = build_report(store, ids, progress=tick)
        print(file=sys.stderr)
        done = time.perf_counter()
    out.write_text(to_json(report), "utf-8")
    per_story.sort()
    return {"n_articles": len(records), "n_stories": len(ids), "ingest_seconds": round(ingested - start, 2),
            "brief_seconds": round(done - ingested, 2),
            "seconds_per_story": round((done - ingested) / max(1, len(ids)), 3),
            "slowest_story_seconds": round(per_story[-1], 3) if per_story else None}


def score(report: Path, key: Path) -> dict:
    """The scorer's figures (its checks are printed); exit 1 means a check failed, not a crash."""
    run = subprocess.run([sys.executable, str(SCORER), str(report), str(key)], capture_output=True, text=True)
    lines = run.stdout.strip().splitlines()
    if run.returncode not in (0, 1) or not lines:
        raise SystemExit(f"crosscheck benchmark: the scorer failed (exit {run.returncode}): {run.stderr.strip()}")
    print("\n".join(lines[:-1]))
    return json.loads(lines[-1]) | {"all_checks_pass": run.returncode == 0}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="JSONL of articles")
    parser.add_argument("--key", type=Path, default=DEFAULT_KEY, help="answer key (YAML) for the scorer")
    parser.add_argument("--report", type=Path, help="also keep the JSON report here")
    args = parser.parse_args(argv)
    missing = [p for p in (args.data, args.key, SCORER) if not p.exists()]
    if missing:
        print(f"crosscheck benchmark skipped: {', '.join(map(str, missing))} absent (the ../shared folder is "
              "only on development machines; pass --data FILE.jsonl --key KEY.yaml)")
        print(json.dumps({"skipped": True, "reason": f"{missing[0]} is absent"}))
        return 0
    try:
        import yaml  # noqa: F401 -- the scorer reads the key with PyYAML
    except ImportError:
        raise SystemExit("crosscheck benchmark: PyYAML is missing; run `bash scripts/install.sh test`") from None
    records = load(args.data)
    with tempfile.TemporaryDirectory(prefix="newsdesk-xcheck-") as tmp:
        report = args.report or Path(tmp) / "report.json"
        timings = brief(records, Path(tmp), report)
        figures = score(report, args.key)
    for name, value in timings.items():
        print(f"{name:>22}: {value}")
    print(json.dumps(figures | timings))
    return 0


if __name__ == "__main__":
    sys.exit(main())
