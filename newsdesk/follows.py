"""Checking what a reader follows: the articles new since the last check."""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from .errors import ConfigError
from .timeutil import utcnow

# What a follow follows: a search (new articles matching a query) or one story (its new articles).
FollowKind = Literal["search", "story"]
NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,59}$")  # a follow's name is part of its feed's URL


def check_name(name: str) -> str:
    """The name when it can name a feed, else a ConfigError saying what is allowed."""
    if not NAME.match(name or ""):
        raise ConfigError(f"bad follow name {name!r}: use up to 60 letters, digits, '.', '_' or '-'")
    return name


@dataclass(frozen=True, slots=True)
class NewMatches:
    """Articles that arrived for one follow since it was last checked (newest first)."""

    name: str
    kind: FollowKind
    what: str  # the query, or the story id
    articles: list[dict]

    def describe(self) -> str:
        titles = "; ".join((a["title"] or "(untitled)")[:60] for a in self.articles[:3])
        more = f" (+{len(self.articles) - 3} more)" if len(self.articles) > 3 else ""
        noun = "article" if len(self.articles) == 1 else "articles"
        return f"{self.kind} {self.name!r} ({self.what}): {len(self.articles)} new {noun}: {titles}{more}"


def check_follows(store, *, mark: bool = True) -> list[NewMatches]:
    """Every follow with articles newer than its last check; ``mark`` records them as reported."""
    found = []
    now = utcnow()
    for follow in store.follows():
        articles = store.follow_articles(follow, after_rowid=follow["seen_rowid"], limit=500)
        if mark:
            newest = max((a["rowid"] for a in articles), default=follow["seen_rowid"])
            store.mark_follow_seen(follow["id"], newest, now)
        if articles:
            what = follow["query"] if follow["kind"] == "search" else follow["story_id"]
            found.append(NewMatches(follow["name"], follow["kind"], what, articles))
    return found
