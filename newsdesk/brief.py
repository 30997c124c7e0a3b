"""Brief: write a story's explainer from its cross-check, sentence by sentence.

Entry point: :func:`build_briefing` (pure). Every sentence is a statement
taken from a source (selected, not generated), carries its status
(corroborated / single-source / disputed / doubtful) and its sources as
verbatim quotes. What cannot be sourced is not written: a section with
nothing sourced is left out.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

import numpy as np

from .crosscheck import CrossCheck, Fact, Source, unit_text
from .crosscheck.model import Claim
from .lexicon import region_pattern, region_terms
from .records import Article

__all__ = ["BriefOptions", "Briefing", "Section", "Sentence", "build_briefing"]


@dataclass(frozen=True, slots=True)
class BriefOptions:
    region: str | None = None  # ISO country code for "What it means for <country>"
    what_happened: int = 4
    key_facts: int = 8
    per_section: int = 6
    redundancy: float = 0.80  # raw cosine above which a sentence repeats one already chosen


@dataclass(slots=True)
class Sentence:
    text: str
    status: str
    sources: list[Source]
    origins: int = 1
    label: str = ""  # conflict side value, speaker, date or question this sentence answers
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


def _sentence(fact: Fact, label: str = "") -> Sentence:
    return Sentence(fact.text, fact.status, fact.sources, len(fact.origins), label, list(fact.notes))


def _claim_sentence(claim: Claim, status: str, label: str = "") -> Sentence:
    return Sentence(unit_text(claim.unit), status, [claim.source()], 1, label)


class _Picker:
    """Extractive selection without redundancy (MMR-style) across the whole briefing: a sentence
    is left out when it reads like one already chosen or quotes the same words of an article."""

    def __init__(self, redundancy: float) -> None:
        self.redundancy = redundancy
        self.chosen: list[np.ndarray] = []
        self.used_facts: set[str] = set()
        self.spans: dict[str, list[tuple[int, int]]] = {}

    def fresh(self, vec: np.ndarray | None) -> bool:
        return vec is None or all(float(vec @ c) < self.redundancy for c in self.chosen)

    def overlaps(self, claim: Claim | None) -> bool:
        if claim is None:
            return False
        return any(s < claim.unit.end and claim.unit.start < e for s, e in self.spans.get(claim.article, []))

    def take(self, fact: Fact) -> bool:
        claim = _written_as(fact)
        vec = claim.vec if claim is not None else None
        if fact.id in self.used_facts or self.overlaps(claim) or not self.fresh(vec):
            return False
        self.used_facts.add(fact.id)
        if claim is not None:
            self.spans.setdefault(claim.article, []).append((claim.unit.start, claim.unit.end))
        if vec is not None:
            self.chosen.append(vec)
        return True


def _written_as(fact: Fact) -> Claim | None:
    """The claim whose words the fact is written in."""
    for claim in fact.claims:
        if unit_text(claim.unit) == fact.text:
            return claim
    return fact.claims[0] if fact.claims else None


def _rank(fact: Fact) -> float:
    penalty = 0.0
    units = [c.unit for c in fact.claims]
    if all(c.machine_written for c in fact.claims):
        penalty += 0.5
    if any(u.box for u in units):
        penalty += 0.5
    if any(u.attribution for u in units):
        penalty += 0.2
    if all(u.kind == "table-row" for u in units):
        penalty += 0.4
    bonus = (0.3 if fact.status == "corroborated" else 0.0) + (1.5 if any(c.lede for c in fact.claims) else 0.0)
    return len(fact.origins) + 2.0 * fact.centrality - penalty + bonus


def _happened(fact: Fact) -> bool:
    """A statement of what happened: plain, or an opening sentence carrying a figure."""
    lede = any(c.lede for c in fact.claims)
    return (fact.kind == "statement" or fact.kind == "figure" and lede) and fact.status in (
        "corroborated", "single-source")


# -- sections ------------------------------------------------------------------------
def _what_happened(cc: CrossCheck, picker: _Picker, opts: BriefOptions) -> Section:
    section = Section("what-happened", "What happened")
    pool = sorted((f for f in cc.facts if _happened(f) and not any(c.unit.question for c in f.claims)),
                  key=_rank, reverse=True)
    for fact in pool:
        if len(section.sentences) >= opts.what_happened:
            break
        if fact.status == "corroborated" or len(section.sentences) < 1:
            if picker.take(fact):
                section.sentences.append(_sentence(fact))
    return section


def _key_facts(cc: CrossCheck, picker: _Picker, opts: BriefOptions) -> Section:
    section = Section("key-facts", "Key facts")
    for fact in sorted((f for f in cc.facts if f.status == "corroborated"), key=_rank, reverse=True):
        if len(section.sentences) >= opts.key_facts:
            break
        if picker.take(fact):
            section.sentences.append(_sentence(fact, f"{len(fact.origins)} independent sources"))
    return section


def _disputed(cc: CrossCheck) -> Section:
    section = Section("disputed", "What's disputed")
    for conflict in cc.conflicts:
        sides = []
        for side in conflict.claims:
            sentence = Sentence(side.text, "disputed", side.sources, len(side.origins), side.value)
            section.sentences.append(sentence)
            sides.append(len(section.sentences) - 1)
        section.groups.append({"id": conflict.id, "about": conflict.about, "kind": conflict.kind,
                               "note": conflict.note, "sentences": sides})
    return section


def _by_kind(cc: CrossCheck, picker: _Picker, kind: str, section: Section, limit: int) -> Section:
    pool = sorted((f for f in cc.facts if f.kind == kind), key=_rank, reverse=True)
    for fact in pool:
        if len(section.sentences) >= limit:
            break
        if fact.status != "disputed" and picker.take(fact):
            section.sentences.append(_sentence(fact))
    return section


def _unknowns(cc: CrossCheck, picker: _Picker, opts: BriefOptions) -> Section:
    return _by_kind(cc, picker, "unknown", Section("unknowns", "What we don't know"), opts.per_section)


_KEY_FIGURES = ("currency", "percent", "count")  # durations and ages are details, not key figures


def _figures(cc: CrossCheck, picker: _Picker, opts: BriefOptions) -> Section:
    section = Section("figures", "Key figures")
    pool = sorted((f for f in cc.facts if f.kind == "figure" and f.status != "disputed"), key=_rank, reverse=True)
    for fact in pool:
        if len(section.sentences) >= opts.per_section:
            break
        figures = [fg.text for c in fact.claims[:1] for fg in c.unit.figures if fg.family in _KEY_FIGURES]
        if figures and fact.id not in picker.used_facts:
            picker.used_facts.add(fact.id)
            section.sentences.append(_sentence(fact, ", ".join(figures)))
    return section


def _timeline(cc: CrossCheck) -> Section:
    section = Section("timeline", "Timeline")
    for entry in cc.timeline:
        section.sentences.append(Sentence(entry.text, entry.status, entry.sources, len(entry.origins),
                                          entry.day.isoformat()))
    return section


def _quotes(cc: CrossCheck, opts: BriefOptions) -> Section:
    section = Section("quotes", "Who said what")
    for q in [q for q in cc.quotes if q.speaker][: opts.per_section * 2]:  # unattributed quotes say no "who"
        section.sentences.append(Sentence(f"“{q.text.strip()}”", "single-source",
                                          [Source(q.article, q.text, q.start, q.end)], 1, q.speaker))
    return section


def _region(cc: CrossCheck, region: str, picker: _Picker) -> Section:
    terms = region_terms(region)
    country = terms["name"][0]
    section = Section("region", f"What it means for {country}")
    pattern = region_pattern(region)
    status_of = {c.key: f.status for f in cc.facts for c in f.claims}
    seen = set()
    for claim in cc.claims:
        if not claim.unit.is_claim or claim.unit.kind == "clause" or not pattern.search(claim.unit.text):
            continue
        key = claim.unit.text.strip().lower()
        if key in seen:
            continue
        seen.add(key)
        section.sentences.append(_claim_sentence(claim, status_of.get(claim.key, "single-source")))
    if not section.sentences:
        section.note = f"No source in this story says what it means for {country}."
    return section


_QUESTIONS = [
    ("who", "Who is involved?"), ("what", "What happened?"), ("when", "When did it happen?"),
    ("where", "Where did it happen?"), ("next", "What happens next?"),
]


def _reader_questions(cc: CrossCheck, sections: dict[str, Section]) -> Section:
    section = Section("questions", "Questions readers ask")
    answers = {
        "who": _who_answer(cc),
        "what": sections["what-happened"].sentences[:1],
        "when": [s for s in sections["timeline"].sentences if s.status != "disputed"][:1],
        "where": _where_answer(cc),
        "next": sections["next"].sentences[:1],
    }
    for key, question in _QUESTIONS:
        for sentence in answers.get(key) or []:
            section.sentences.append(Sentence(sentence.text, sentence.status, sentence.sources,
                                              sentence.origins, question, sentence.notes))
    return section


def _who_answer(cc: CrossCheck) -> list[Sentence]:
    """The best-supported fact naming two or more people with their offices."""
    for fact in sorted(cc.facts, key=_rank, reverse=True):
        if fact.status == "corroborated" and any(
                sum(1 for p in c.unit.persons if p.name and p.office) >= 2 for c in fact.claims):
            return [_sentence(fact)]
    return []


_PLACE = re.compile(r"\b(in|at)\s+([A-Z][a-z]+(?:\s[A-Z][a-z]+)?)")


def _where_answer(cc: CrossCheck) -> list[Sentence]:
    for fact in sorted(cc.facts, key=_rank, reverse=True):
        if fact.status == "corroborated" and fact.kind == "statement" and any(
                _PLACE.search(c.unit.text) and c.unit.countries for c in fact.claims):
            return [_sentence(fact)]
    return []


def build_briefing(title: str, articles: list[Article], cc: CrossCheck,
                   options: BriefOptions = BriefOptions()) -> Briefing:
    """The explainer: sections of cited sentences; empty sections are left out."""
    picker = _Picker(options.redundancy)
    sections: dict[str, Section] = {}
    sections["what-happened"] = _what_happened(cc, picker, options)
    sections["key-facts"] = _key_facts(cc, picker, options)
    sections["disputed"] = _disputed(cc)
    sections["unknowns"] = _unknowns(cc, picker, options)
    sections["timeline"] = _timeline(cc)
    sections["figures"] = _figures(cc, picker, options)
    sections["quotes"] = _quotes(cc, options)
    sections["background"] = _by_kind(cc, picker, "background", Section("background", "Background"), options.per_section)
    sections["next"] = _by_kind(cc, picker, "future", Section("next", "What's next"), options.per_section)
    if options.region:
        sections["region"] = _region(cc, options.region, picker)
    sections["questions"] = _reader_questions(cc, sections)
    kept = [s for s in sections.values() if s.sentences or s.note]
    return Briefing(headline=title, sections=kept)
