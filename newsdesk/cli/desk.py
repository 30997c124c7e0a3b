"""Sub-commands for the desk itself: ingest, stories, show, search.

Heavy modules (the pipeline, its models, clustering) are imported inside the
handlers that use them, so listing and showing stories start fast.
"""
from __future__ import annotations

import json

from ..display import dated, outlet_name, when
from ..store import Store
from .common import add_ingest_options, ingest_paths, non_negative
from .output import clip, print_table, printable, terminal_text

STORY_COLUMNS = (("story", "<16"), ("art", ">3"), ("orig", ">4"), ("first seen", "<16"), ("last seen", "<16"),
                 ("title", ""))


def register(sub) -> None:
    p = sub.add_parser("ingest", help="store article files (HTML, text, JSONL; folders and globs)")
    p.add_argument("paths", nargs="+", metavar="PATH")
    p.add_argument("--source", metavar="NAME",
                   help="the outlet these files come from (default: the page's site name, else the folder)")
    add_ingest_options(p)
    p.set_defaults(handler=cmd_ingest, writes=True)

    p = sub.add_parser("stories", help="list stories")
    p.add_argument("--format", choices=["table", "json"], default="table")
    p.add_argument("--limit", type=non_negative, default=None, help="at most this many (0 or more)")
    p.set_defaults(handler=cmd_stories)

    p = sub.add_parser("show", help="a story's articles and why each joined")
    p.add_argument("story", metavar="STORY", help="story id (a unique prefix is enough)")
    p.add_argument("--format", choices=["table", "json"], default="table")
    p.set_defaults(handler=cmd_show)

    p = sub.add_parser("search", help='full-text search: words, "quoted phrases", AND, OR, NOT')
    p.add_argument("query")
    p.add_argument("--limit", type=non_negative, default=20, help="at most this many hits (default 20)")
    p.add_argument("--format", choices=["table", "json"], default="table")
    p.set_defaults(handler=cmd_search)


def cmd_ingest(args) -> int:
    with Store(args.db) as store:
        outcomes = ingest_paths(store, args.paths, max_bytes=args.max_bytes, quiet=args.quiet, source=args.source)
    return 1 if outcomes and all(o.status == "skipped" for o in outcomes) else 0


def _article_json(a: dict) -> dict:
    return {"id": a["id"], "title": a["title"], "outlet": outlet_name(source=a["source"], site=a["site"],
                                                                      url=a["url"], path=a["path"]),
            "path": a["path"], "url": a["url"], "origin": a["origin"]}


def cmd_stories(args) -> int:
    with Store(args.db) as store:
        stories = store.stories(limit=args.limit)
        if args.format == "json":
            out = []
            for s in stories:
                detail = store.story(s["id"])
                out.append({"id": s["id"], "title": s["title"], "n_articles": s["n_articles"],
                            "n_origins": s["n_origins"], "first_seen": s["first_seen"], "last_seen": s["last_seen"],
                            "articles": [_article_json(a) for a in detail["articles"]]})
            print(terminal_text(json.dumps(out, indent=2, ensure_ascii=False)))
            return 0
    if not stories:
        print("no stories yet: run `newsdesk ingest PATH...` first")
        return 0
    print_table(STORY_COLUMNS, ((s["id"], s["n_articles"], s["n_origins"], dated(s["first_seen"]),
                                 dated(s["last_seen"]), clip(s["title"], 70)) for s in stories))
    return 0


def cmd_show(args) -> int:
    with Store(args.db) as store:
        story = store.story(args.story)
    if args.format == "json":
        print(terminal_text(json.dumps(story, indent=2, ensure_ascii=False, default=str)))
        return 0
    from ..explain import explain
    from ..render import published_label

    print(f"story {story['id']}: {printable(story['title'])}")
    seen = (f"first seen {when(story['first_seen'])}, last seen {when(story['last_seen'])}"
            if story["first_seen"] else "undated")  # a range of publish dates, never an ingest time
    print(f"{story['n_articles']} articles from {story['n_origins']} independent origins; {seen}\n")
    for a in story["articles"]:
        outlet = outlet_name(source=a["source"], site=a["site"], url=a["url"], path=a["path"])
        print(f"- {a['id']}  {clip(a['title'] or '(no title)', 70)}\n    {printable(outlet)}  "
              f"{printable(a['url'] or '')}".rstrip())
        print(f"    {printable(published_label(a))}")
        print(f"    {printable(explain(a['reason'], a['score'], a['evidence']))}")
        if a["flags"]:
            print(f"    flags: {printable(', '.join(map(str, a['flags'])))}")
    return 0


def cmd_search(args) -> int:
    with Store(args.db) as store:
        hits = store.search(args.query, limit=args.limit)
    for h in hits:
        h["snippet"] = " ".join((h["snippet"] or "").split())  # one line, whatever the text held
        h["outlet"] = outlet_name(source=None, site=h["site"], url=h["url"], path=h["path"])
    if args.format == "json":
        keys = ("id", "story_id", "title", "outlet", "url", "published", "snippet")
        print(terminal_text(json.dumps({"query": args.query, "hits": [{k: h[k] for k in keys} for h in hits]},
                                       indent=2, ensure_ascii=False)))
        return 0
    if not hits:
        print(f"no article matches {printable(args.query)!r}")
        return 0
    for h in hits:
        print(f"{h['id']}  story {h['story_id'] or '-'}  {clip(h['title'] or '(no title)', 60)}  "
              f"({printable(h['outlet'])})\n    {printable(h['snippet'])}")
    return 0
