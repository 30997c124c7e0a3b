"""Records of a briefing: sections of cited sentences."""
from __future__ import annotations

from dataclasses import dataclass, field

from ..crosscheck import Source

__all__ = ["Sentence", "Section", "Briefing"]


@dataclass(slots=True)
class Sentence:
    text: str
    status: str
    sources: list[Source]
    origins: int = 1
    label: str = ""  # conflict side value, speaker, date, figure or question this sentence answers
    notes: list[str] = field(default_factory=list)


@dataclass(slots=True)
class Section:
    id: str
    heading: str
    sentences: list[Sentence] = field(default_factory=list)
    note: str = ""  # one line about the section itself (e.g. no source covers the region)
    groups: list[dict] = field(default_factory=list)  # disputed: one entry per conflict


@dataclass(slots=True)
class Briefing:
    headline: str
    sections: list[Section]
