"""Records of a briefing: sections of cited sentences."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal, get_args

from ..crosscheck import Source

__all__ = ["Sentence", "Section", "Briefing", "Status", "SectionId", "STATUSES", "SECTION_ORDER"]

# A briefing sentence's status: the cross-check's verdict on the statement it shows (the values of
# `Fact.status`, written as they are into the report JSON, newsdesk.report/1).
Status = Literal["corroborated", "single-source", "disputed", "doubtful"]
STATUSES: tuple[Status, ...] = get_args(Status)
# A section's id (in the report JSON), in the order a briefing shows its sections.
SectionId = Literal["what-happened", "key-facts", "disputed", "unknowns", "timeline", "figures", "quotes",
                    "background", "next", "region", "questions"]
SECTION_ORDER: tuple[SectionId, ...] = get_args(SectionId)


@dataclass(slots=True)
class Sentence:
    text: str
    status: Status
    sources: list[Source]
    origins: int = 1
    label: str = ""  # conflict side value, speaker, date, figure or question this sentence answers
    notes: list[str] = field(default_factory=list)


@dataclass(slots=True)
class Section:
    id: SectionId
    heading: str
    sentences: list[Sentence] = field(default_factory=list)
    note: str = ""  # one line about the section itself (e.g. no source covers the region)
    groups: list[dict[str, Any]] = field(default_factory=list)  # disputed: one entry per conflict


@dataclass(slots=True)
class Briefing:
    headline: str
    sections: list[Section]
