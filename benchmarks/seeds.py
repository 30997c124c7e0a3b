"""Briefing benchmark: the seeds' score, and the cost of briefing as a story grows.

    python benchmarks/seeds.py [--seeds DIR] [--sizes 10,50,200]

1. `newsdesk brief SEEDS --format json` into a temporary desk, then
   `../shared/tools/score_seeds.py` on the report (skipped with a message when
   ../shared is absent).
2. Time to brief one story of 10, 50 and 200 articles made from variations of
   the bundled example corpus, the first time and again unchanged (cached).

The LAST line is one JSON object with the figures.
"""
from __future__ import annotations

import argparse
import json
import random
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
sys.path.insert(0, str(ROOT))


def score_seeds(seeds: Path, workdir: Path) -> dict:
    scorer = SHARED / "tools" / "score_seeds.py"
    if not seeds.is_dir() or not scorer.exists():
        print(f"seeds: skipped ({seeds} or {scorer} is absent: ../shared is only on development machines)")
        return {"seeds_score": None}
    report = workdir / "seeds.json"
    start = time.perf_counter()
    subprocess.run([sys.executable, "-m", "newsdesk", "--db", str(workdir / "seeds.db"), "brief", str(seeds),
                    "--format", "json", "--output", str(report), "--quiet"], check=True, cwd=ROOT)
    elapsed = time.perf_counter() - start
    out = subprocess.run([sys.executable, str(scorer), str(report)], capture_output=True, text=True)
    print(out.stdout.rstrip())
    summary = out.stdout.strip().splitlines()[-1]
    (passed, total), (must_ok, must_total) = re.findall(r"(\d+)/(\d+)", summary)[:2]
    should = [line for line in out.stdout.splitlines() if "[should]" in line]
    return {"seeds_score": f"{passed}/{total}", "seeds_must": f"{must_ok}/{must_total}",
            "seeds_should": f"{sum(line.startswith('PASS') for line in should)}/{len(should)}",
            "seeds_brief_seconds": round(elapsed, 2)}


def variants(n: int, seed: int = 5) -> list[tuple[str, str]]:
    """n article texts about the example corpus's main event: rewordings and copies of its reports."""
    rng = random.Random(seed)
    corpus = ROOT / "examples" / "corpus"
    bases = [p.read_text(encoding="utf-8", errors="replace") for p in sorted(corpus.glob("*.txt"))
             if "santiago" not in p.name and "listicle" not in p.name]
    swaps = [("said", "told reporters"), ("signed", "agreed"), ("Thursday", "on Thursday"), ("visit", "trip"),
             ("leaders", "two leaders"), ("framework", "framework deal"), ("talks", "meeting")]
    out = []
    for i in range(n):
        paragraphs = [p for p in rng.choice(bases).split("\n\n") if p.strip()]
        head, body = paragraphs[0], paragraphs[1:]
        rng.shuffle(body)
        body = body[: max(3, len(body) - rng.randint(0, 2))]
        text = "\n\n".join([head] + body)
        for a, b in rng.sample(swaps, 3):
            text = text.replace(a, b, 1)
        text += f"\n\nThis report was filed by correspondent number {i} of the regional desk."
        out.append((f"https://variant{i}.example/news/{i}", text))
    return out


def brief_cost(sizes: list[int], workdir: Path) -> dict:
    from newsdesk.embed import Embedder
    from newsdesk.pipeline import Ingestor
    from newsdesk.records import RawDoc
    from newsdesk.report import story_report
    from newsdesk.store import Store

    embedder = Embedder()
    figures = {}
    for size in sizes:
        with Store(workdir / f"size{size}.db") as store:
            raws = [RawDoc(uri=url, content=text, url=url, content_type="text/plain") for url, text in variants(size)]
            list(Ingestor(store, embedder=embedder).ingest(raws))
            story_id = _one_story(store)
            n = len(store.story_article_ids(story_id))
            start = time.perf_counter()
            story_report(store, story_id, embedder=embedder)
            first = time.perf_counter() - start
            start = time.perf_counter()
            story_report(store, story_id, embedder=embedder)
            again = time.perf_counter() - start
        print(f"story of {n:>3} articles: brief {first:6.2f} s, again unchanged {again * 1000:7.1f} ms")
        figures[f"brief_{size}_seconds"] = round(first, 2)
        figures[f"rebrief_{size}_seconds"] = round(again, 4)
    return figures


def _one_story(store) -> str:
    """Put every article into the largest story, so the story has exactly the size asked for."""
    stories = store.stories()
    target = stories[0]["id"]
    with store.transaction():
        store.conn.execute("UPDATE story_articles SET story_id = ?", (target,))
        store.conn.execute("DELETE FROM stories WHERE id != ?", (target,))
    return target


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seeds", default=str(SHARED / "seeds"))
    parser.add_argument("--sizes", default="10,50,200")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="newsdesk-seeds-") as tmp:
        results = score_seeds(Path(args.seeds), Path(tmp))
        results.update(brief_cost([int(s) for s in args.sizes.split(",")], Path(tmp)))
    print(json.dumps(results))
    return 0


if __name__ == "__main__":
    sys.exit(main())
