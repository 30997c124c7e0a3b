"""Start-up time of the command line: `--help`, `stories` and `show` (median of 5 runs each).

    python benchmarks/cli.py [--runs 5] [--articles 2000]

Each command runs as a fresh process on a generated desk (benchmarks/web.py's
invented articles), so the time includes the interpreter, the imports and
the query. Target: each under 0.5 s on a quiet machine. It also prints the
slowest imports of `stories` (`python -X importtime`), and, as its last line,
one JSON object.
"""
from __future__ import annotations

import argparse
import importlib.util
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

TARGET_S = 0.5
HERE = Path(__file__).resolve().parent


def generated_desk(path: Path, articles: int) -> str:
    """A desk from benchmarks/web.py's generator; returns its largest story's id."""
    spec = importlib.util.spec_from_file_location("web_bench", HERE / "web.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.build(path, articles)[0]


def timed(argv: list[str], runs: int) -> dict[str, float]:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        done = subprocess.run([sys.executable, "-m", "newsdesk", *argv], capture_output=True)
        times.append(time.perf_counter() - start)
        if done.returncode != 0:
            raise SystemExit(f"newsdesk {' '.join(argv)} failed: {done.stderr.decode()[-300:]}")
    return {"median_s": round(statistics.median(times), 3), "min_s": round(min(times), 3)}


def import_breakdown(argv: list[str], top: int = 12) -> list[tuple[str, float]]:
    """The modules with the largest cumulative import time (ms), top-level packages first."""
    done = subprocess.run([sys.executable, "-X", "importtime", "-m", "newsdesk", *argv], capture_output=True, text=True)
    rows = []
    for line in done.stderr.splitlines():
        parts = line.split("|")
        if len(parts) == 3 and parts[1].strip().isdigit():
            name = parts[2].rstrip()
            if len(name) - len(name.lstrip()) <= 2:  # top-level imports only (nested ones are inside them)
                rows.append((name.strip(), int(parts[1]) / 1000))
    return sorted(rows, key=lambda r: -r[1])[:top]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--articles", type=int, default=2000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        db = str(Path(tmp) / "cli.db")
        story = generated_desk(Path(db), args.articles)
        commands = {"help": ["--help"], "stories": ["--db", db, "stories"], "show": ["--db", db, "show", story]}
        results = {name: timed(argv, args.runs) for name, argv in commands.items()}
        breakdown = import_breakdown(commands["stories"])
        python_only = timed(["--version"], args.runs)
    for name, r in results.items():
        print(f"{name:<8} median {r['median_s']:.3f} s  min {r['min_s']:.3f} s")
    print(f"--version (interpreter + newsdesk.cli alone): median {python_only['median_s']:.3f} s")
    print("slowest top-level imports of `stories` (cumulative ms, python -X importtime):")
    for name, ms in breakdown:
        print(f"  {ms:8.1f}  {name}")
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    ok = all(r["median_s"] < TARGET_S for r in results.values())
    print(f"load average {load:.2f} on {os.cpu_count()} cores; target < {TARGET_S} s each: {'met' if ok else 'MISSED'}")
    print(json.dumps({"benchmark": "cli", **{f"{k}_s": v["median_s"] for k, v in results.items()},
                      "version_s": python_only["median_s"], "load_average": round(load, 2),
                      "target_s": TARGET_S, "met": ok}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
