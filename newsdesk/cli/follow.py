"""Sub-command ``follow``: saved searches and followed stories (each has an Atom feed)."""
from __future__ import annotations

import json

from ..errors import ConfigError
from ..follows import check_name
from ..store import Store
from ..timeutil import utcnow
from .output import printable, terminal_text


def register(sub) -> None:
    p = sub.add_parser("follow", help="saved searches and followed stories, with Atom feeds and new matches")
    fsub = p.add_subparsers(dest="follow_command", metavar="ACTION")
    fsub.required = True
    s = fsub.add_parser("search", help='save a search: follow search NAME "QUERY" (words, "phrases", AND/OR/NOT)')
    s.add_argument("name", help="letters, digits, . _ - (the feed is /feeds/search/NAME.atom)")
    s.add_argument("query")
    s.set_defaults(handler=cmd_follow_search, writes=True)
    t = fsub.add_parser("story", help="follow a story's new articles")
    t.add_argument("story", metavar="STORY", help="story id (a unique prefix is enough)")
    t.add_argument("--name", help="a name for it (default: the story id)")
    t.set_defaults(handler=cmd_follow_story, writes=True)
    ls = fsub.add_parser("list", help="what is followed, with its feed")
    ls.add_argument("--format", choices=["table", "json"], default="table")
    ls.set_defaults(handler=cmd_follow_list)
    r = fsub.add_parser("remove", help="stop following")
    r.add_argument("name")
    r.set_defaults(handler=cmd_follow_remove, writes=True)
    c = fsub.add_parser("check", help="articles new since the last check (then marked as seen)")
    c.add_argument("--format", choices=["table", "json"], default="table")
    c.set_defaults(handler=cmd_follow_check, writes=True)


def cmd_follow_search(args) -> int:
    from ..store.query import fts_query

    name = check_name(args.name)
    if not fts_query(args.query):
        raise ConfigError("the query has no words to search for")
    with Store(args.db) as store:
        store.add_follow("search", name, query=args.query, now=utcnow())
    print(f"following search {name!r}: {args.query}  (feed: /feeds/search/{name}.atom)")
    return 0


def cmd_follow_story(args) -> int:
    with Store(args.db) as store:
        story = store.story(args.story)
        name = check_name(args.name or story["id"])
        store.add_follow("story", name, story_id=story["id"], now=utcnow())
    print(f"following story {story['id']} as {name!r}: {printable(story['title'])}"
          f"  (feed: /feeds/story/{story['id']}.atom)")
    return 0


def feed_path(follow: dict) -> str:
    return (f"/feeds/search/{follow['name']}.atom" if follow["kind"] == "search"
            else f"/feeds/story/{follow['story_id']}.atom")


def cmd_follow_list(args) -> int:
    with Store(args.db) as store:
        follows = store.follows()
    if args.format == "json":
        print(terminal_text(json.dumps([{**f, "feed": feed_path(f)} for f in follows], indent=2, ensure_ascii=False)))
        return 0
    if not follows:
        print('nothing followed yet: newsdesk follow search NAME "QUERY", or newsdesk follow story STORY')
    for f in follows:
        what = f["query"] if f["kind"] == "search" else f"story {f['story_id']}"
        print(f"{f['name']:<24}  {f['kind']:<6}  {what}  feed {feed_path(f)}")
    return 0


def cmd_follow_remove(args) -> int:
    with Store(args.db) as store:
        removed = store.remove_follow(args.name)
    print(f"no longer following {args.name!r}" if removed else f"nothing followed as {args.name!r}")
    return 0 if removed else 1


def cmd_follow_check(args) -> int:
    from ..follows import check_follows

    with Store(args.db) as store:
        found = check_follows(store)
    if args.format == "json":
        print(terminal_text(json.dumps([{"name": f.name, "kind": f.kind, "what": f.what,
                                         "articles": [{k: a[k] for k in ("id", "title", "url", "story_id")}
                                                      for a in f.articles]} for f in found], indent=2,
                                        ensure_ascii=False)))
        return 0
    for f in found:
        print("\n".join(printable(line) for line in f.describe().split("\n")))
    if not found:
        print("nothing new since the last check")
    return 0
