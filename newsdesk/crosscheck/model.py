"""Records of the cross-check: facts, conflicts, quotes, timeline."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

import numpy as np

from ..analyze.model import Unit


@dataclass(slots=True)
class Source:
    article: str
    quote: str  # verbatim span of the article's cleaned text
    start: int
    end: int


@dataclass(slots=True)
class Claim:
    """One unit of one article as the cross-check sees it."""

    article: str
    origin: str
    unit: Unit
    vec: np.ndarray | None = None
    rvec: np.ndarray | None = None  # vec minus the story's mean direction, re-normalised
    days: list[date] = field(default_factory=list)  # resolved day-level dates
    day_of: dict[int, date] = field(default_factory=dict)  # start of a date mention -> its resolved day
    span_of: dict[int, tuple[date, date]] = field(default_factory=dict)  # mention -> first and last day it covers
    years: list[int] = field(default_factory=list)  # years the sentence names
    anchors: set[str] = field(default_factory=set)
    machine_written: bool = False
    lede: bool = False  # among the first sentences of its article
    published: date | None = None  # the article's publish day

    @property
    def key(self) -> tuple[str, int]:
        return self.article, self.unit.index

    def source(self) -> Source:
        return Source(self.article, self.unit.text, self.unit.start, self.unit.end)


@dataclass(slots=True)
class Fact:
    id: str
    text: str
    status: str  # corroborated | single-source | disputed | doubtful
    sources: list[Source]
    origins: list[str]
    kind: str = "statement"  # event | statement | figure | background | future | unknown
    centrality: float = 0.0
    claims: list[Claim] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    conflicts: list[str] = field(default_factory=list)
    reason: str = ""  # why the sources state one claim ("both report: Kim · resign · ministry")


@dataclass(slots=True)
class Side:
    value: str
    text: str
    sources: list[Source]
    origins: list[str]
    claims: list[Claim] = field(default_factory=list)
    support: list[str] = field(default_factory=list)  # origins confirming this side, compared or not


@dataclass(frozen=True, slots=True)
class Verdict:
    """One disagreement between two claims on one slot."""

    kind: str  # office-holder | title | role | name | date | figure | status
    slot: str  # identifies the disagreement: verdicts with one slot form one conflict
    about: str
    value_a: str
    value_b: str
    note: str = ""
    because: str = ""  # why the two claims are comparable


@dataclass(slots=True)
class Conflict:
    id: str
    kind: str  # office-holder | title | role | name | date | figure | status
    about: str
    sides: list[Side]  # written out as 'claims' in the report (newsdesk.report/1)
    note: str = ""
    comparable_because: str = ""  # why the sides are about one thing (same subject, measure, time, event)


@dataclass(slots=True)
class QuoteItem:
    speaker: str | None  # None: the text does not say who spoke
    text: str
    article: str
    start: int
    end: int
    sentence: Source


@dataclass(slots=True)
class TimelineEntry:
    day: date
    text: str
    status: str
    sources: list[Source]
    origins: list[str]
    kind: str = "event"  # "event", or "update": a later report changing what was reported before


@dataclass(slots=True)
class CrossCheck:
    facts: list[Fact]
    conflicts: list[Conflict]
    quotes: list[QuoteItem]
    timeline: list[TimelineEntry]
    people: dict[str, str]  # person key -> display name
    ref_date: date | None
    article_flags: dict[str, list[str]]
    claims: list[Claim]
