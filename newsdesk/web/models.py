"""Response models of the JSON API: they document it in the OpenAPI schema and validate it.

The report parts of a story (facts, conflicts, timeline, briefing) follow the
``newsdesk.report/1`` contract and are passed through as objects.
"""
from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


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


class FrontStory(StoryHead):
    buzz: Buzz | None
    sparkline: Sparkline
    spiking: list[Spike]
    trending: list[TrendingQuery]
    conflicts: int | None


class FrontPage(_Model):
    generated_at: str
    reference_time: str | None
    total_stories: int
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


class StoryPage(StoryHead):
    region: str | None
    reference_time: str | None
    basis: list[str]
    buzz: Buzz | None
    series: Series
    chart: Chart
    spikes: list[Spike]
    current_spikes: list[Spike]
    trending: list[TrendingQuery]
    origins: list[OriginGroup]
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
    published: str | None
    story_id: str | None
    url: str
    snippet: list[SnippetPiece]


class SearchPage(_Model):
    query: str
    stories: list[StoryHit]
    articles: list[ArticleHit]


class Problem(_Model):
    error: str
