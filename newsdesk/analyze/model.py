"""Records of the sentence-level analysis (JSON-serialisable, cached per article)."""
from __future__ import annotations

from dataclasses import dataclass, field, fields
from typing import TYPE_CHECKING, Any

from ..dates import DateParts

if TYPE_CHECKING:
    from _typeshed import DataclassInstance


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
    counted: str = ""  # the noun the figure quantifies, from the parse ("member", "page", "wall"); "" unknown
    negated: bool = False  # 'not $2.5 billion': a value the sentence rules out


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
class Assertion:
    """What one clause asserts (see analyze/claims.py). Entity keys: ``p:`` a person (surname key),
    ``e:`` another named entity (organisation, place, group), ``n:`` a common noun (lemma)."""

    start: int  # span of the clause's own words in the article text
    end: int
    head: int  # offset of the predicate word
    predicate: str  # lemma with its particle: "step down", "vote", "be"
    who: str = ""  # who acts: the subject (or a passive's agent), "" when unknown
    co_actors: list[str] = field(default_factory=list)  # other people or bodies named in the subject ('X and Y')
    args: list[str] = field(default_factory=list)  # what/whom: objects, complements, prepositional objects
    object: str = ""  # the direct object's key ('n:mistrust' in 'understands the mistrust'), 'c:' + the verb of a
    # clausal complement ('c:distrust' in 'understands why they distrust'), "" when none
    figures: list[int] = field(default_factory=list)  # starts of the unit's figures inside the clause
    dates: list[int] = field(default_factory=list)  # starts of the unit's date mentions inside the clause
    years: list[int] = field(default_factory=list)  # years the clause is set in ('in 2036', 'by 2020'), not '2014 ban'
    negated: bool = False
    modality: str = "done"  # done | planned | conditional | denied | hypothetical
    forecast: bool = False  # planned only as a forecast ('talks will focus on X'), no one's intent or demand
    speaker: str = ""  # who says so: "" the outlet itself, else the attributed party's key
    reported_by: str = ""  # the verb that attributes it ('say', 'insist', 'deny'), "" when none
    quoted: bool = False  # inside a direct quotation
    main: bool = True  # the sentence's main clause (or what its main reporting verb reports)
    describes: str = ""  # a relative or participle clause: the key of the noun it describes
    nominal: bool = False  # said by a noun phrase ('the meeting between X and Y', 'X, a former pilot'), not a verb
    setting: bool = False  # an event named only as when the clause happened ('before his meeting with X')
    report_dates: list[int] = field(default_factory=list)  # date mentions of the act that reports it
    checkable: bool = False  # names an entity, a figure, a date or a concrete action
    words: list[str] = field(default_factory=list)  # stems of the content words of the clause and what it embeds
    core: list[str] = field(default_factory=list)  # stems of the clause's own content words
    qualifiers: list[str] = field(default_factory=list)  # ordinals and superlatives singling its thing out ('first')


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
    assertions: list[Assertion] = field(default_factory=list)  # what the unit asserts, clause by clause


@dataclass(slots=True)
class ArticleAnalysis:
    article_id: str
    version: str
    units: list[Unit]


_NESTED = {"persons": PersonMention, "dates": DateParts, "figures": Figure, "quotes": Quote,
           "assertions": Assertion}


def _flat(record: DataclassInstance) -> dict[str, Any]:
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
