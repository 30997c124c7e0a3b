"""Records of the sentence-level analysis (JSON-serialisable, cached per article)."""
from __future__ import annotations

from dataclasses import dataclass, field, fields
from typing import Any

from ..dates import DateParts


@dataclass(slots=True)
class PersonMention:
    start: int
    end: int
    name: str  # as written, honorifics and possessive stripped
    key: str  # lower-case surname, the matching key
    office: str = ""  # normalised office ("prime minister"), "" when none stated
    country: str | None = None  # ISO code of the office's country when stated
    status: str = ""  # "former" | "then" (then-: at the time described) | "current" | "" (not said)
    descriptor: str = ""  # appositive description ("New Zealand's first Maori prime minister")
    how: str = "name"  # where the office came from: "title" | "appositive" | "relative" | "as" | "name" | "title-only"
    role: str = ""  # the person noun attached ("press secretary", "spokeswoman", "daughter"), lower case
    gender: str = ""  # "f" | "m" only when the text states it (Ms., congresswoman), never from the name


@dataclass(slots=True)
class Figure:
    start: int
    end: int
    text: str
    value: float
    unit: str  # "USD", "NZD", "%", "troops", ...
    family: str  # "currency" | "percent" | "count"
    low: float | None = None  # bounds implied by "over", "nearly", "about" ...
    high: float | None = None
    year: int | None = None  # the year the figure refers to, when stated
    per_year: bool = False  # "annually", "a year"
    terms: list[str] = field(default_factory=list)  # what is measured ("bilateral", "trade")


@dataclass(slots=True)
class Quote:
    start: int  # span of the quoted words in the article text
    end: int
    text: str
    speaker: str = ""  # as resolved in the article: full name, organisation or description ("" = unattributed)
    speaker_key: str = ""  # the person's key (surname) when the speaker is a person
    speaker_kind: str = ""  # "person" | "organisation" | "description" | "" (unattributed)
    cue: str = ""  # how: "verb" | "according" | "pronoun" | "title" | "document" | "introduced" | "continued"


@dataclass(slots=True)
class Unit:
    """One sentence (or heading, list item, table row) of an article."""

    index: int
    start: int
    end: int
    kind: str
    paragraph: int
    text: str
    persons: list[PersonMention] = field(default_factory=list)
    names: list[str] = field(default_factory=list)  # capitalised names, lower case
    countries: list[str] = field(default_factory=list)
    dates: list[DateParts] = field(default_factory=list)  # as stated; offsets in the article text
    figures: list[Figure] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)
    terms: list[str] = field(default_factory=list)  # content words, lower case, crude stems
    question: bool = False
    hedge: str = ""  # the hedge / unknown cue found ("remain confidential")
    modality: str = ""  # "done" | "intent" | "expected" | "possible" | ""
    future: bool = False
    background: bool = False
    attribution: str = ""  # "according to sources", "reportedly" ...
    box: str = ""  # label of the filler box it came from ("Did you know")
    is_claim: bool = True  # a statement that can be a fact (not a heading, question, fragment)
    lead_in: str = ""  # words shown before the span when it is written out (the subject of a clause)


@dataclass(slots=True)
class ArticleAnalysis:
    article_id: str
    version: str
    units: list[Unit]


_NESTED = {"persons": PersonMention, "dates": DateParts, "figures": Figure, "quotes": Quote}


def _flat(record) -> dict[str, Any]:
    return {f.name: getattr(record, f.name) for f in fields(record)}


def analysis_to_dict(analysis: ArticleAnalysis) -> dict[str, Any]:
    """A JSON-ready dict (faster than dataclasses.asdict: the records are one level deep)."""
    units = []
    for unit in analysis.units:
        data = _flat(unit)
        for name in _NESTED:
            data[name] = [_flat(item) for item in data[name]]
        units.append(data)
    return {"article_id": analysis.article_id, "version": analysis.version, "units": units}


def analysis_from_dict(data: dict[str, Any]) -> ArticleAnalysis:
    units = []
    for raw in data["units"]:
        values = {f.name: raw[f.name] for f in fields(Unit) if f.name in raw}
        for name, cls in _NESTED.items():
            values[name] = [cls(**item) for item in raw.get(name, [])]
        units.append(Unit(**values))
    return ArticleAnalysis(data["article_id"], data["version"], units)
