"""Analyze: one article, sentence by sentence, keeping char spans into its
cleaned text — people with their offices, dates as stated, figures, direct
quotes with speakers, hedges, modality, future and background cues.

Entry point: :func:`analyze` (pure; cached per article id by the runner).
Rule-based on purpose: it is fast enough for 200-article stories and every
finding can be traced to the words that produced it.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, replace

from ..dates import mentions, with_parse_tense
from ..lexicon import countries_in
from ..lexicon.stopwords import KEYWORD_STOP_WORDS
from ..records import Article
from ..versioning import code_version
from . import cues
from .claims import find_assertions
from .coref import Cast, known_names
from .figures import find_figures
from .model import ArticleAnalysis, PersonMention, Unit, analysis_from_dict, analysis_to_dict
from .parse import parse_units
from .people import NAME, find_people, proper_names
from .quotes import attribute_quotes
from .sentences import Span as _Span
from .sentences import split_units

__all__ = ["AnalyzeOptions", "analyze", "ANALYSIS_VERSION", "analysis_to_dict", "analysis_from_dict",
           "ArticleAnalysis", "Unit"]

ANALYSIS_VERSION = code_version("analyze", "dates.py", "lexicon")
_NAME_RE = re.compile(NAME)
_WORD = re.compile(r"[a-z][a-z'-]{2,}")
# A capitalised word a name cannot start with: a keyword stop word, or a short function word or
# pronoun that opens a sentence (the keyword list leaves out words under three letters).
_NOT_NAME_START = KEYWORD_STOP_WORDS | {"a", "an", "in", "on", "at", "as", "but", "if", "it", "he", "she"}


@dataclass(frozen=True, slots=True)
class AnalyzeOptions:
    min_claim_words: int = 5  # a sentence or clause shorter than this is no claim (a fragment, a label)
    subject_reach: int = 40  # a person named in a sentence's first characters may be a split-off clause's
    #                          subject ('Ridley, 47, who ...'); set by hand to a name and an apposition's length


def analyze(article: Article, options: AnalyzeOptions = AnalyzeOptions()) -> ArticleAnalysis:
    """Sentence-level analysis of one cleaned article."""
    text = article.text
    boxes = [b["text"] for b in article.meta.get("filler_boxes", [])]
    units = [_unit(i, span, text, boxes, options) for i, span in enumerate(split_units(text))]
    docs = parse_units([u.text for u in units])  # the syntax people, quotes, claims and date tenses read
    for unit, doc in zip(units, docs):
        unit.dates = with_parse_tense(unit.dates, doc, unit.start)
    year = article.published.year if article.published else None
    people_by_unit = [find_people(u.text, u.start, doc, year) for u, doc in zip(units, docs)]
    cast = _cast(units, people_by_unit)
    cast.complete_names([doc[s:e].text for u, doc in zip(units, docs) if u.kind != "heading"
                         for s, e in proper_names(doc) if doc[e - 1].ent_type_ not in ("GPE", "NORP", "FAC")])
    for unit, doc, people in zip(units, docs, people_by_unit):
        people[:] = sorted(people + known_names(doc, unit.start, cast, people), key=lambda p: p.start)
    for unit, people in zip(units, people_by_unit):
        unit.persons = people
    for unit, quotes in zip(units, attribute_quotes(text, units, docs, people_by_unit, cast)):
        unit.quotes = quotes
    find_assertions(units, docs)
    units += _clause_units(units, text, boxes, options)
    return ArticleAnalysis(article.id, ANALYSIS_VERSION, units)


_DESCRIBED = re.compile(r"^(?P<head>(?:[A-Z][\w'’.-]+\s){0,3}[A-Z][\w'’.-]+),\s"
                        r"(?:who|whose|the|a|an|[A-Z][\w-]+['’]s)\s"
                        r"[^,;:“”\"]{12,160}(?=,)")


_APPOSITIVE_THEN_PREDICATE = re.compile(
    r"^(?P<subj>(?:[A-Z][\w'’.-]+\s){0,3}[A-Z][\w'’.-]+),\s[^,;:“”\"]{1,80},\s"
    r"(?P<rest>(?:is|was|are|were|has|had|have|will|would|became|becomes|remains|remained|[a-z]{3,}(?:ed|s))\b"
    r"[^;“”\"]*?)(?=,\s(?:and|but|while)\s|;|[.!?]?$)")


def _clause_units(units: list[Unit], text: str, boxes: list[str], options: AnalyzeOptions) -> list[Unit]:
    """Extra units for the claims one sentence packs together.

    'Ridley, who became the first ..., said ...' also yields the description of its
    subject; 'Ridley, 47, is a former protégé of ...' also yields its predicate without
    the aside (written out with its subject). A source that states only one of the
    claims can then corroborate it, and the aside stays with the sentence alone.
    """
    extra: list[Unit] = []
    for unit in units:
        if unit.kind != "sentence" or not unit.is_claim:
            continue
        for start, end, lead_in in _clauses(unit.text):
            if len(unit.text[start:end].split()) < options.min_claim_words + 1:
                continue
            span = _Span(unit.start + start, unit.start + end, "clause", unit.paragraph)
            clause = _unit(len(units) + len(extra), span, text, boxes, options)
            clause.lead_in = lead_in
            reach = unit.start + options.subject_reach
            clause.persons = [p for p in unit.persons
                              if p.end <= span.end and (p.start >= span.start or p.start < reach)]
            # what the clause says of its subject is its main point ('Ridley, who became the first ...'), not
            # an event it names in passing ('Lee, who requested the meeting with Kim')
            clause.assertions = [replace(a, main=a.main or bool(a.describes) or (a.nominal and a.predicate == "be"))
                                 for a in unit.assertions if span.start <= a.head < span.end]
            extra.append(clause)
    return extra


def _clauses(sentence: str) -> list[tuple[int, int, str]]:
    out = []
    described = _DESCRIBED.match(sentence)
    if described:
        out.append((0, described.end(), ""))
    predicate = _APPOSITIVE_THEN_PREDICATE.match(sentence)
    if predicate:
        out.append((predicate.start("rest"), predicate.end("rest"), predicate.group("subj")))
    return out


def _unit(index: int, span: _Span, text: str, boxes: list[str], options: AnalyzeOptions) -> Unit:
    body = text[span.start:span.end]
    unit = Unit(index=index, start=span.start, end=span.end, kind=span.kind, paragraph=span.paragraph, text=body)
    unit.dates = [replace(d, start=span.start + d.start, end=span.start + d.end) for d in mentions(body)]
    unit.figures = find_figures(body, span.start)
    unit.countries = sorted(countries_in(body))
    unit.names = _names(body)
    unit.terms = _terms(body)
    unit.question = cues.is_question(body)
    unit.hedge = cues.hedge(body)
    unit.modality = cues.modality(body)
    unit.future = cues.is_future(body)
    unit.background = cues.is_background(body)
    unit.attribution = cues.attribution(body)
    unit.box = next(("filler" for b in boxes if body in b or b in body), "")
    unit.is_claim = (span.kind != "heading" and not unit.question and not body.rstrip().endswith(":")
                     and len(body.split()) >= options.min_claim_words)
    return unit


def _names(body: str) -> list[str]:
    """Capitalised name sequences (not sentence-initial function words), lower case."""
    out = []
    for m in _NAME_RE.finditer(body):
        words = m.group(0).split()
        while words and words[0].lower() in _NOT_NAME_START:
            words = words[1:]
        name = " ".join(words).strip(".,")
        if len(name) > 2:
            out.append(re.sub(r"['’]s$", "", name).lower())
    return list(dict.fromkeys(out))


def _terms(body: str) -> list[str]:
    words = [w.strip("'-") for w in _WORD.findall(body.lower())]
    return list(dict.fromkeys(_stem(w) for w in words if w not in KEYWORD_STOP_WORDS and len(w) > 2))


def _stem(word: str) -> str:
    for suffix in ("ies", "es", "s"):
        if word.endswith(suffix) and len(word) > len(suffix) + 3:
            return word[: -len(suffix)] + ("y" if suffix == "ies" else "")
    return word


def _cast(units: list[Unit], people_by_unit: list[list[PersonMention]]) -> Cast:
    """The article's people, from its body; each mention takes its person's key ('Mr. Roe' -> the Roe
    of 'Kay Roe'). A capitalised headline word counts as a name only when the body names that person."""
    cast = Cast([p for u, people in zip(units, people_by_unit) if u.kind != "heading" for p in people])
    for unit, people in zip(units, people_by_unit):
        if unit.kind == "heading":
            people[:] = [p for p in people if not p.name or cast.adopt(p)]
        for p in people:
            person = cast.person_of(p) if p.name else None
            if person is not None:
                p.key = person.key
    return cast
