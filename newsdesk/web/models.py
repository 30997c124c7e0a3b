"""Response models of the JSON API: they document it in the OpenAPI schema and validate it.

The report parts of a story (facts, conflicts, timeline, briefing) follow the
``newsdesk.report/1`` contract and are passed through as objects.
"""
from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", populate_by_name=True, serialize_by_alias=True)


class Buzz(_Model):
    score: float
    at: str | None
    decayed_origins: float
    recent_origins: int
    previous_origins: int
    growth: float


class Spike(_Model):
    unit: str
    at: str
    metric: str
    value: int
    baseline: float
    threshold: float
    reference: int
    confirmed: bool


class TrendingQuery(_Model):
    query: str
    at: str | None
    traffic: int | None
    traffic_text: str | None
    geo: str | None


class Sparkline(_Model):
    unit: str
    starts: list[str]
    articles: list[int]
    origins: list[int]


class StoryHead(_Model):
    """What every page says of a story first."""

    id: str
    title: str
    url: str
    n_articles: int
    n_origins: int
    first_seen: str | None
    last_seen: str | None


class LedeSource(_Model):
    article: str
    outlet: str | None
    span: list[int] | None  # [start, end] of the quoted words in the article's text


class Lede(_Model):
    """A story's opening: its briefing's first sentence, else its first article's."""

    text: str
    #: "briefing" or "first-article"
    source_kind: str = Field(alias="from")
    status: str | None
    sources: list[LedeSource]


class FrontStory(StoryHead):
    buzz: Buzz | None
    sparkline: Sparkline
    spiking: list[Spike]
    trending: list[TrendingQuery]
    conflicts: int | None  # in the last built briefing; None when never briefed
    briefed_at: str | None
    outlets: list[str]  # the first outlets to cover it, by name
    n_outlets: int
    lede: Lede | None


class FrontFilters(_Model):
    q: str
    from_: str | None = Field(alias="from")
    to: str | None
    conflicts: bool


class FrontPage(_Model):
    generated_at: str
    reference_time: str | None
    total_stories: int  # matching the filters
    filters: FrontFilters
    page: int
    pages: int
    newer: str | None  # URL of the previous page
    older: str | None  # URL of the next page
    stories: list[FrontStory]


class Series(_Model):
    unit: str
    starts: list[str]
    articles: list[int]
    origins: list[int]
    new_origins: list[int]
    truncated: bool
    traffic: list[int | None]


class Chart(_Model):
    unit: str
    step: int  # seconds per bucket
    t: list[int]
    articles: list[int]
    origins: list[int]
    traffic: list[int | None]


class SourceArticle(_Model):
    id: str
    title: str
    head: str | None  # opening words of an untitled article
    site: str | None
    source: str | None
    path: str | None
    url: str | None
    published: str | None  # None: undated
    published_source: str | None  # where that date was found (newsdesk.pubdate.SOURCES)
    seen: str | None
    seen_basis: str | None
    kind: str
    flags: list[str]
    reason: str
    score: float | None


class OriginGroup(_Model):
    origin: str
    articles: list[SourceArticle]


class Perspective(_Model):
    outlet: str
    article: str  # the outlet's first article in the story
    title: str
    lede: str
    n_articles: int
    holds: list[dict[str, str]]  # {about, value}: the disputed claims its articles state


class Perspectives(_Model):
    outlets: list[Perspective]
    n_outlets: int
    covered_by: list[str]
    not_covered_by: list[str]  # outlets of the desk's recent stories that did not cover this one


class Label(_Model):
    key: str
    label: str
    tone: str  # good | warn | bad | info
    why: str


class StoryPage(StoryHead):
    region: str | None
    reference_time: str | None
    basis: list[str]
    n_undated: int  # articles with no publish date: not in the series, spikes or buzz
    buzz: Buzz | None
    series: Series
    chart: Chart
    spikes: list[Spike]
    current_spikes: list[Spike]
    trending: list[TrendingQuery]
    origins: list[OriginGroup]  # this page of them
    n_origin_groups: int
    sources_page: int
    sources_pages: int
    perspectives: Perspectives
    legend: list[Label]  # the trust labels the page uses, explained
    report: dict[str, Any] | None  # the last built report of the story (newsdesk.report/1 story)
    report_state: str  # current | stale | other-region | missing
    can_build: bool  # POST /story/{id}/brief is available (writable desk)
    brief_command: str  # the command that builds this briefing


class Removed(_Model):
    rule: str
    text: str


class TrendCard(_Model):
    query: str
    traffic: str | None
    geo: str | None


class Copy(_Model):
    id: str
    title: str
    site: str | None
    source: str | None
    path: str | None
    url: str | None
    published: str | None
    story_id: str | None


class StoryRef(_Model):
    id: str
    title: str


class ArticlePage(_Model):
    id: str
    title: str
    url: str | None
    path: str | None
    source: str | None
    site: str | None
    author: str | None
    published: str | None  # None: undated
    published_source: str | None
    updated: str | None
    fetched: str | None
    language: str | None
    kind: str
    flags: list[str]
    removed: list[Removed]
    trend: TrendCard | None
    origin: str | None
    copies: list[Copy]
    story: StoryRef | None
    text: str
    quoted: list[list[int]]
    target: list[int] | None


class SnippetPiece(_Model):
    text: str
    match: bool


class StoryHit(_Model):
    id: str
    title: str
    hits: int
    url: str


class ArticleHit(_Model):
    id: str
    title: str
    site: str | None
    path: str | None
    outlet: str
    published: str | None
    story_id: str | None
    url: str
    snippet: list[SnippetPiece]


class FollowRef(_Model):
    name: str
    feed: str


class SearchPage(_Model):
    query: str
    follows: list[FollowRef]  # saved searches of exactly this query
    stories: list[StoryHit]
    articles: list[ArticleHit]


class Problem(_Model):
    error: str
