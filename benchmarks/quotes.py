"""Quote-attribution benchmark: brief a set of real articles into a fresh desk and
score the report's quotes against human attributions.

    python benchmarks/quotes.py [--data FILE.jsonl] [--gold QUOTES.jsonl] [--key KEY.yaml]

Runs what a user runs (``newsdesk --db X brief DATA --format json --output R``),
then ``../shared/tools/score_quotes.py R GOLD``: found (gold quotes among the
report's), speaker_accuracy (of those found, right speaker) and not_a_person
(report speakers that name nobody). With ``--key``, also the quote figures of
``score_crosscheck.py`` on an editor's answer key. Prints the time to brief, the
scorer's misses and errors, and as its LAST line the scorer's JSON figures.
Skipped with a message when ../shared (data and scorers) is absent.
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
SHARED = ROOT.parent / "shared"
BASIL = SHARED / "bench" / "basil-dev"


def brief(data: Path, workdir: Path) -> tuple[Path, float]:
    """The JSON report of briefing ``data`` into a fresh desk, and the seconds it took."""
    report = workdir / "report.json"
    start = time.perf_counter()
    subprocess.run([sys.executable, "-m", "newsdesk", "--db", str(workdir / "desk.db"), "brief", str(data),
                    "--format", "json", "--output", str(report), "--quiet"], check=True, cwd=ROOT)
    return report, time.perf_counter() - start


def crosscheck_quote_figures(report: Path, key: Path) -> dict:
    """quotes_found and speaker_accuracy of score_crosscheck.py (which exits 1 when any check fails)."""
    out = subprocess.run([sys.executable, str(SHARED / "tools" / "score_crosscheck.py"), str(report), str(key),
                          "--json"], capture_output=True, text=True)
    if not out.stdout.strip():
        return {"error": out.stderr.strip()[-300:]}
    figures = json.loads(out.stdout.strip().splitlines()[-1])
    return {k: figures.get(k) for k in ("quotes_found", "speaker_accuracy")}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=BASIL / "basil-dev.jsonl")
    parser.add_argument("--gold", type=Path, default=BASIL / "quotes.jsonl")
    parser.add_argument("--key", type=Path, default=None, help="an answer key for score_crosscheck.py")
    args = parser.parse_args(argv)
    scorer = SHARED / "tools" / "score_quotes.py"
    missing = [p for p in (args.data, args.gold, scorer) if not p.exists()]
    if missing:
        print(f"quotes: skipped ({', '.join(map(str, missing))} absent: ../shared is only on development machines)")
        print(json.dumps({"found": None}))
        return 0
    with tempfile.TemporaryDirectory(prefix="newsdesk-quotes-") as tmp:
        report, seconds = brief(args.data, Path(tmp))
        print(f"briefed {args.data.name} in {seconds:.1f} s")
        if args.key:
            print("crosscheck key quotes:", json.dumps(crosscheck_quote_figures(report, args.key)))
        out = subprocess.run([sys.executable, str(scorer), str(report), str(args.gold)], capture_output=True,
                             text=True, check=True)
    print(out.stdout.rstrip())
    return 0


if __name__ == "__main__":
    sys.exit(main())
