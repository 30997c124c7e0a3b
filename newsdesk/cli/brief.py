"""Sub-command ``brief``: ingest (like ``ingest``) and write the cited briefings."""
from __future__ import annotations

import sys

from ..errors import NewsdeskError
from ..store import Store
from .common import add_ingest_options, ingest_paths
from .output import emit, printable

RENDERERS = {"md": "to_markdown", "html": "to_html", "json": "to_json"}  # in newsdesk.render


def register(sub) -> None:
    p = sub.add_parser("brief", help="ingest PATHs (optional) and write cited briefings of their stories")
    p.add_argument("paths", nargs="*", metavar="PATH", help="files, folders or globs to ingest first")
    p.add_argument("--story", action="append", metavar="ID", help="brief this stored story (repeatable)")
    p.add_argument("--format", choices=sorted(RENDERERS), default="md")
    p.add_argument("--output", "-o", metavar="FILE", help="write here instead of standard output")
    p.add_argument("--region", metavar="CC", help="add 'What it means for <country>' (ISO code, e.g. CA)")
    p.add_argument("--source", metavar="NAME", help="the outlet the PATHs come from (as for ingest)")
    add_ingest_options(p)
    p.set_defaults(handler=cmd_brief, writes=lambda args: bool(args.paths))


def _story_ids(store: Store, args) -> list[str]:
    if args.story:
        return [store.story(s)["id"] for s in args.story]
    if not args.paths:
        return [s["id"] for s in store.stories()]
    outcomes = ingest_paths(store, args.paths, max_bytes=args.max_bytes, quiet=args.quiet, source=args.source)
    # where each article is now: a story split during the run may have moved earlier ones
    touched = {(o.article_id and store.story_of(o.article_id)) or o.story_id for o in outcomes if o.story_id}
    if not touched:
        raise NewsdeskError("nothing from those paths is in the desk (all skipped): nothing to brief")
    return [s["id"] for s in store.stories() if s["id"] in touched]


def cmd_brief(args) -> int:
    from .. import render
    from ..report import build_report

    if args.region:
        from ..lexicon import region_terms

        try:
            region_terms(args.region)
        except ValueError as exc:
            raise NewsdeskError(str(exc)) from exc
    with Store(args.db) as store:
        ids = _story_ids(store, args)
        if not ids:
            print("no stories yet: run `newsdesk brief PATH...` or `newsdesk ingest PATH...` first", file=sys.stderr)
            return 1
        done: list[str] = []
        report = build_report(store, ids, region=args.region.upper() if args.region else None,
                              progress=lambda sid: _progress(done, sid, len(ids), args.quiet),
                              warn=lambda line: print(f"newsdesk: warning: {printable(line)}", file=sys.stderr))
    emit(getattr(render, RENDERERS[args.format])(report), args.output, f"wrote {len(report['stories'])} briefing(s)")
    return 0


def _progress(done: list, story_id: str, total: int, quiet: bool) -> None:
    """One line rewritten in place on a terminal; in a log, a line per tenth of the stories."""
    done.append(story_id)
    n = len(done)
    if quiet:
        return
    if sys.stderr.isatty():
        print(f"briefed {n}/{total} stories", file=sys.stderr, end="\r" if n < total else "\n")
    elif n == total or n % max(1, total // 10) == 0:
        print(f"briefed {n}/{total} stories", file=sys.stderr)
