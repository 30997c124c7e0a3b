"""Issue 11's benchmarks, small: a fuzz run of 500 hostile cases beside good articles, and a
collect soak over misbehaving feeds on distinct loopback addresses (the full runs print figures
outside CI: benchmarks/fuzz.py --cases 100000, benchmarks/soak.py)."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parent.parent / "benchmarks"


def _run(script: str, *args: str, timeout: float) -> dict:
    done = subprocess.run([sys.executable, str(BENCH / script), *args], capture_output=True, text=True,
                          timeout=timeout)
    assert done.stdout.strip(), done.stderr[-2000:]
    return json.loads(done.stdout.strip().splitlines()[-1])


@pytest.mark.slow
def test_500_fuzzed_cases_crash_nothing_hang_nothing_and_lose_no_good_article(tmp_path):
    result = _run("fuzz.py", "--cases", "500", "--per-desk", "250", "--seed", "2", "--keep", str(tmp_path),
                  timeout=900)
    assert result["cases"] == 500
    assert (result["crashes"], result["hangs"], result["good_lost"], result["corrupt"]) == (0, 0, 0, 0), \
        result["failures"]
    assert result["good_total"] == 16 and result["peak_rss_mb"] < 1024
    assert sum(result["documents"].values()) > 500  # JSONL and WARC cases hold several documents


@pytest.mark.slow
def test_collect_over_misbehaving_feeds_ends_in_time_with_every_good_entry():
    result = _run("soak.py", "--feeds", "12", "--limit", "240", timeout=400)
    assert result["within_limit"] and result["misbehaving"] == 4
    assert result["good_entries"] == 8 * 5 + 3 * 2 and result["good_lost"] == 0  # no good entry of an unreadable feed
    assert result["sources"] == {"ok": 11, "failed": 1}  # the feed that only trickles
