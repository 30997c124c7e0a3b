"""Sub-commands for the desk itself: ingest, stories, show, search."""
from __future__ import annotations

import argparse
import json
import sys
from collections import Counter

import itertools

from ..cluster import explain
from ..extract import DEFAULT_MAX_BYTES, ExtractOptions
from ..inputs import count_documents, expand_paths, read_inputs
from ..pipeline import IngestOptions, Ingestor
from ..records import IngestOutcome
from ..store import Store
from .output import printable, terminal_text


def register(sub) -> None:
    p = sub.add_parser("ingest", help="store article files (HTML, text, JSONL; folders and globs)")
    p.add_argument("paths", nargs="+", metavar="PATH")
    add_ingest_options(p)
    p.set_defaults(handler=cmd_ingest)

    p = sub.add_parser("stories", help="list stories")
    p.add_argument("--format", choices=["table", "json"], default="table")
    p.add_argument("--limit", type=int, default=None)
    p.set_defaults(handler=cmd_stories)

    p = sub.add_parser("show", help="a story's articles and why each joined")
    p.add_argument("story", metavar="STORY", help="story id (a unique prefix is enough)")
    p.add_argument("--format", choices=["table", "json"], default="table")
    p.set_defaults(handler=cmd_show)

    p = sub.add_parser("search", help="full-text search over article titles and texts")
    p.add_argument("query")
    p.add_argument("--limit", type=int, default=20)
    p.set_defaults(handler=cmd_search)


def add_ingest_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("--max-bytes", type=int, default=DEFAULT_MAX_BYTES,
                   help="skip files larger than this (default %(default)s)")
    p.add_argument("--quiet", action="store_true", help="no progress bar")


def ingest_paths(store: Store, paths: list[str], *, max_bytes: int, quiet: bool = False,
                 out=None) -> list[IngestOutcome]:
    """Ingest files with a progress bar; print skips as they happen and a summary line."""
    out = out or sys.stderr  # looked up per call, so a redirected stderr is honoured
    from tqdm import tqdm

    files, missing = expand_paths(paths)
    options = IngestOptions(extract=ExtractOptions(max_bytes=max_bytes))
    ingestor = Ingestor(store, options)
    counted = count_documents(files)
    bar = tqdm(total=None if counted is None else counted + len(missing), unit="doc", desc="ingest", file=out,
               disable=quiet or None, dynamic_ncols=True)
    outcomes: list[IngestOutcome] = []

    def progress(outcome: IngestOutcome) -> None:
        bar.update(1)
        if outcome.status == "skipped":
            bar.write(f"skipped {printable(outcome.uri)}: {printable(outcome.reason)}", file=out)

    try:
        items = itertools.chain(missing, read_inputs(files, max_bytes=max_bytes))
        outcomes = list(ingestor.ingest(items, progress))
    finally:
        bar.close()
    print(summary_line(outcomes), file=out)
    return outcomes


def summary_line(outcomes: list[IngestOutcome]) -> str:
    status = Counter(o.status for o in outcomes)
    reasons = Counter(o.reason for o in outcomes if o.status == "skipped")
    line = f"ingested {status['ingested']}, duplicates {status['duplicate']}, skipped {status['skipped']}"
    if reasons:
        line += " (" + "; ".join(f"{n} {r.split(':')[0]}" for r, n in reasons.most_common()) + ")"
    return line


def cmd_ingest(args) -> int:
    with Store(args.db) as store:
        outcomes = ingest_paths(store, args.paths, max_bytes=args.max_bytes, quiet=args.quiet)
    return 1 if outcomes and all(o.status == "skipped" for o in outcomes) else 0


def _date(value: str | None) -> str:
    return (value or "")[:16].replace("T", " ")


def cmd_stories(args) -> int:
    with Store(args.db) as store:
        stories = store.stories(limit=args.limit)
        if args.format == "json":
            out = []
            for s in stories:
                detail = store.story(s["id"])
                out.append({"id": s["id"], "title": s["title"], "n_articles": s["n_articles"],
                            "n_origins": s["n_origins"], "first_seen": s["first_seen"], "last_seen": s["last_seen"],
                            "articles": [{"id": a["id"], "title": a["title"], "path": a["path"], "url": a["url"],
                                          "origin": a["origin"]} for a in detail["articles"]]})
            print(terminal_text(json.dumps(out, indent=2, ensure_ascii=False)))
            return 0
    if not stories:
        print("no stories yet: run `newsdesk ingest PATH...` first")
        return 0
    print(f"{'story':<16}  {'art':>3}  {'orig':>4}  {'first seen':<16}  {'last seen':<16}  title")
    for s in stories:
        print(f"{s['id']:<16}  {s['n_articles']:>3}  {s['n_origins']:>4}  {_date(s['first_seen']):<16}  "
              f"{_date(s['last_seen']):<16}  {_clip(s['title'], 70)}")
    return 0


def _clip(text: str, width: int) -> str:
    text = " ".join(printable(text).split())
    return text if len(text) <= width else text[: width - 1] + "…"


def cmd_show(args) -> int:
    with Store(args.db) as store:
        story = store.story(args.story)
    if args.format == "json":
        print(terminal_text(json.dumps(story, indent=2, ensure_ascii=False, default=str)))
        return 0
    print(f"story {story['id']}: {printable(story['title'])}")
    print(f"{story['n_articles']} articles from {story['n_origins']} independent origins; "
          f"first seen {_date(story['first_seen'])}, last seen {_date(story['last_seen'])}\n")
    for a in story["articles"]:
        where = a["url"] or a["path"] or a["source"] or ""
        print(f"- {a['id']}  {_clip(a['title'] or '(no title)', 70)}\n    {printable(where)}")
        print(f"    {printable(_why(a))}")
        if a["flags"]:
            print(f"    flags: {printable(', '.join(map(str, a['flags'])))}")
    return 0


def _why(member: dict) -> str:
    return explain(member["reason"], member["score"], member["evidence"])


def cmd_search(args) -> int:
    with Store(args.db) as store:
        hits = store.search(args.query, limit=args.limit)
    if not hits:
        print(f"no article matches {printable(args.query)!r}")
        return 0
    for h in hits:
        print(f"{h['id']}  story {h['story_id'] or '-'}  {_clip(h['title'] or '(no title)', 60)}\n"
              f"    {printable(h['snippet'])}")
    return 0
