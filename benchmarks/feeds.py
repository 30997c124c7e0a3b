"""Feed ingestion over feedparser's own well-formed test feeds (parsing path, no network).

    pip download --no-binary :all: --no-deps feedparser==6.0.14 -d /tmp/fp
    tar xzf /tmp/fp/feedparser-6.0.14.tar.gz -C /tmp/fp
    python benchmarks/feeds.py --data /tmp/fp/feedparser-6.0.14

For every file under ``tests/wellformed`` of feedparser's source package it
runs what collect runs on a fetched feed: :func:`newsdesk.collect.feeds.parse_feed`
(with the HTTP headers the test declares in its comment), then turns every
entry into the document that would be ingested when its page cannot be fetched
(:func:`entry_doc`). It counts files that parse to at least one entry or to a
valid empty feed, feeds parsed with a warning, documents refused as "not a
feed", and crashes (any other exception: must be 0). The test files are read
where they are; nothing is copied into the repository. The last line is one
JSON object.
"""
from __future__ import annotations

import argparse
import json
import re
import sys
import time
import traceback
from pathlib import Path

from newsdesk.collect.feeds import entry_doc, parse_feed
from newsdesk.errors import UnsupportedInput

_HEADER = re.compile(rb"^\s*Header:\s*([\w-]+):\s*(.+?)\s*$", re.M)


def suite_dir(data: Path) -> Path | None:
    """The ``wellformed`` folder inside an unpacked feedparser source package (or given directly)."""
    for candidate in (data, data / "tests" / "wellformed", data / "wellformed"):
        if candidate.is_dir() and candidate.name == "wellformed":
            return candidate
    found = sorted(data.glob("*/tests/wellformed")) if data.is_dir() else []
    return found[0] if found else None


def declared_headers(content: bytes) -> dict[str, str]:
    """The HTTP headers a test file declares in its leading comment."""
    head = content[:2000]
    if b"-->" in head:
        head = head[: head.index(b"-->")]
    return {m.group(1).decode("ascii", "replace").lower(): m.group(2).decode("utf-8", "replace")
            for m in _HEADER.finditer(head)}


def run_one(path: Path) -> tuple[str, float, str]:
    """(outcome, seconds, detail): outcome is entries | empty | not-a-feed | crash."""
    content = path.read_bytes()
    headers = declared_headers(content)
    url = "http://127.0.0.1:8097/" + path.name
    location = headers.get("content-location")
    if location:
        url = location if location.startswith("http") else "http://127.0.0.1:8097" + "/" + location.lstrip("/")
    started = time.perf_counter()
    try:
        feed = parse_feed(content, url=url, content_type=headers.get("content-type", ""))
        docs = [entry_doc(e, feed_url=url, feed_title=feed.title) for e in feed.entries]
    except UnsupportedInput as exc:
        return "not-a-feed", time.perf_counter() - started, str(exc)
    except Exception:  # the benchmark's point: count every unexpected crash
        return "crash", time.perf_counter() - started, traceback.format_exc(limit=3)
    elapsed = time.perf_counter() - started
    if docs:
        return "entries", elapsed, ""
    return ("empty" if feed.warning is None else "warning-empty"), elapsed, feed.warning or ""


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=None,
                        help="unpacked feedparser-6.0.14 source package (or its tests/wellformed folder)")
    parser.add_argument("--show", type=int, default=5, help="list this many refused files")
    args = parser.parse_args(argv)
    suite = suite_dir(args.data) if args.data else None
    if suite is None:
        reason = ("no feedparser test suite found" + (f" under {args.data}" if args.data else "") +
                  ": pip download --no-binary :all: --no-deps feedparser==6.0.14, unpack it, pass --data")
        print(f"skipped: {reason}")
        print(json.dumps({"benchmark": "feeds", "skipped": reason}))
        return 0
    files = sorted(p for p in suite.rglob("*.xml") if p.is_file())
    outcomes: dict[str, list[tuple[Path, str]]] = {}
    total_time = 0.0
    for path in files:
        outcome, seconds, detail = run_one(path)
        total_time += seconds
        outcomes.setdefault(outcome, []).append((path, detail))
    report(outcomes, suite, args.show)
    parsed = len(outcomes.get("entries", [])) + len(outcomes.get("empty", []))
    summary = {"benchmark": "feeds", "suite": str(suite), "files": len(files), "parsed": parsed,
               "with_entries": len(outcomes.get("entries", [])), "valid_empty": len(outcomes.get("empty", [])),
               "empty_with_warning": len(outcomes.get("warning-empty", [])),
               "not_a_feed": len(outcomes.get("not-a-feed", [])), "crashes": len(outcomes.get("crash", [])),
               "ms_per_feed": round(1000 * total_time / max(1, len(files)), 3)}
    print(json.dumps(summary))
    return 1 if summary["crashes"] else 0


def report(outcomes: dict[str, list[tuple[Path, str]]], suite: Path, show: int) -> None:
    for outcome in ("entries", "empty", "warning-empty", "not-a-feed", "crash"):
        print(f"{outcome:>14}: {len(outcomes.get(outcome, []))}")
    for outcome in ("crash", "not-a-feed", "warning-empty"):
        for path, detail in outcomes.get(outcome, [])[:show]:
            print(f"  {outcome}: {path.relative_to(suite)}: {detail.strip().splitlines()[-1][:150] if detail else ''}")
    sys.stdout.flush()


if __name__ == "__main__":
    sys.exit(main())
