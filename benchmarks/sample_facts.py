"""A seeded random sample of corroborated facts, printed for checking by hand.

    python benchmarks/sample_facts.py [--report REPORT.json | --data FILE.jsonl] [--seed 0] [--n 50]

Reads a report (``newsdesk brief ... --format json``, or ``benchmarks/crosscheck.py
--report``), or briefs ``--data`` into a fresh desk first (default: all of
basil-dev). Draws ``--n`` facts with status ``corroborated`` from all stories
with ``random.Random(seed)`` and prints each with its reason and every cited
sentence, so a reader can judge whether each cited outlet really states it.
The last line is a JSON list of the sampled facts' ids and cited article ids.
"""
from __future__ import annotations

import argparse
import json
import random
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from crosscheck import DEFAULT_DATA, brief, load  # noqa: E402 -- the benchmark next to this file


def corroborated(report: dict) -> list[tuple[dict, dict]]:
    """(story, fact) for every corroborated fact, in report order."""
    return [(story, fact) for story in report.get("stories", []) for fact in story.get("facts", [])
            if fact.get("status") == "corroborated"]


def sample(report: dict, seed: int, n: int) -> list[tuple[dict, dict]]:
    facts = corroborated(report)
    return random.Random(seed).sample(facts, min(n, len(facts)))


def show(number: int, story: dict, fact: dict, articles: dict[str, dict]) -> None:
    print(f"\n[{number}] fact {fact['id']} in story {story['id']} ({story.get('title', '')[:60]})")
    print(f"    text:   {fact['text']}")
    print(f"    reason: {fact.get('reason', '')}")
    for src in fact.get("sources", []):
        article = articles.get(src["article"], {})
        name = article.get("external_id") or src["article"]
        print(f"    - {name} ({article.get('source') or article.get('site') or '?'}): {src['quote']}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--report", type=Path, help="a newsdesk.report/1 JSON file")
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="JSONL to brief when no --report is given")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--n", type=int, default=50)
    args = parser.parse_args(argv)
    if args.report:
        report = json.loads(args.report.read_text("utf-8"))
    elif args.data.exists():
        with tempfile.TemporaryDirectory(prefix="newsdesk-sample-") as tmp:
            out = Path(tmp) / "report.json"
            brief(load(args.data), Path(tmp), out)
            report = json.loads(out.read_text("utf-8"))
    else:
        print(f"sample_facts skipped: {args.data} is absent (pass --report or --data)")
        return 0
    articles = {a["id"]: a for a in report.get("articles", [])}
    chosen = sample(report, args.seed, args.n)
    print(f"{len(corroborated(report))} corroborated facts; {len(chosen)} drawn with seed {args.seed}")
    for i, (story, fact) in enumerate(chosen, 1):
        show(i, story, fact, articles)
    print(json.dumps([{"fact": f["id"], "articles": [articles.get(s["article"], {}).get("external_id") or s["article"]
                                                   for s in f["sources"]]} for _, f in chosen]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
