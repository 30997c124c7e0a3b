"""Plain records that flow between the pipeline stages.

Stages take and return these dataclasses; none of them touches the database.
Times are timezone-aware UTC ``datetime`` objects or ``None``; ids are short
hex strings derived from content (see :func:`newsdesk.textutil.stable_id`).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from .evidence import Evidence


@dataclass(slots=True)
class RawDoc:
    """Bytes or text as they arrived, before extraction."""

    uri: str  # file path or URL it came from
    content: bytes | str
    content_type: str = ""  # "text/html", "text/plain", ... ("" = sniff)
    url: str | None = None  # the page's own URL when known (may differ from uri)
    path: str | None = None  # file path when read from disk
    fetched_at: datetime | None = None
    source: str | None = None  # label of the source (outlet, feed, export)
    meta: dict[str, Any] = field(default_factory=dict)  # e.g. title/published from JSONL or a feed


@dataclass(slots=True)
class Removed:
    """One piece of text that cleaning removed, and the rule that removed it."""

    rule: str
    text: str


@dataclass(slots=True)
class TrendCard:
    """A trending-search card found at the top of a page (query, traffic, region)."""

    query: str
    traffic: str | None = None
    geo: str | None = None


@dataclass(slots=True)
class Article:
    """One cleaned article, ready to fingerprint, embed and cluster."""

    id: str
    text: str  # cleaned body; paragraphs separated by a blank line
    title: str = ""
    url: str | None = None
    path: str | None = None
    source: str | None = None
    site: str | None = None
    author: str | None = None
    published: datetime | None = None  # None: undated (never the time it was fetched or ingested)
    updated: datetime | None = None
    fetched: datetime | None = None
    published_source: str | None = None  # where the publish date was found (see newsdesk.pubdate.SOURCES)
    language: str | None = None
    kind: str = "article"  # article | link-list | paywall-stub | empty
    flags: list[str] = field(default_factory=list)
    removed: list[Removed] = field(default_factory=list)
    trend: TrendCard | None = None
    origin: str | None = None  # id of the near-duplicate group's first article
    meta: dict[str, Any] = field(default_factory=dict)

    @property
    def paragraphs(self) -> list[str]:
        return [p for p in self.text.split("\n\n") if p.strip()]

    def lead(self, max_words: int = 60) -> str:
        """Title plus the first words of the body: what clustering embeds."""
        words: list[str] = []
        for para in self.paragraphs:
            words.extend(para.split())
            if len(words) >= max_words:
                break
        body = " ".join(words[:max_words])
        return f"{self.title}. {body}" if self.title else body


@dataclass(slots=True)
class ArticleFeatures:
    """What distinguishes one real-world event from another, per article."""

    participants: list[str] = field(default_factory=list)  # person keys
    organisations: list[str] = field(default_factory=list)
    places: list[str] = field(default_factory=list)  # place keys
    dates: list[str] = field(default_factory=list)  # ISO dates the text refers to
    terms: dict[str, int] = field(default_factory=dict)  # content words of the whole text -> count
    names: dict[str, int] = field(default_factory=dict)  # names and figures of the text -> count
    lede_names: list[str] = field(default_factory=list)  # names in the title and first sentence
    published: str | None = None  # ISO day the article was published
    seen: str | None = None  # ISO day the desk first saw it (the time of an undated article)


@dataclass(slots=True)
class Assignment:
    """Why an article joined a story (or started one)."""

    story_id: str
    score: float
    new_story: bool
    reason: str  # "copy-of", "similar", "new"
    shared_participants: list[str] = field(default_factory=list)
    shared_places: list[str] = field(default_factory=list)
    shared_dates: list[str] = field(default_factory=list)
    similarity: float | None = None
    detail: Evidence = field(default_factory=dict)  # type: ignore[assignment]  # why, typed (newsdesk.evidence)


@dataclass(slots=True)
class IngestOutcome:
    """What happened to one input: stored, duplicate, or skipped with a reason."""

    uri: str
    status: str  # "ingested" | "duplicate" | "skipped"
    reason: str = ""
    article_id: str | None = None
    story_id: str | None = None
