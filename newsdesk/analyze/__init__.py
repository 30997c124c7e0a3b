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
from functools import lru_cache

from ..dates import mentions, with_parse_tense
from ..versioning import code_version
from ..lexicon import countries_in
from ..records import Article
from . import cues
from .figures import find_figures
from .parse import parse_units
from .model import ArticleAnalysis, PersonMention, Unit, analysis_from_dict, analysis_to_dict
from .people import NAME, find_people
from .quotes import find_quotes, resolve_speakers
from .sentences import Span as _Span, split_units

__all__ = ["AnalyzeOptions", "analyze", "ANALYSIS_VERSION", "analysis_to_dict", "analysis_from_dict",
           "ArticleAnalysis", "Unit"]

ANALYSIS_VERSION = code_version("analyze", "dates.py", "lexicon.py")
_NAME_RE = re.compile(NAME)
_WORD = re.compile(r"[a-z][a-z'-]{2,}")
_STOP = frozenset("""the and for with that this from have has had was were are been being will would could
should into about after before over under than then them they their there these those which while where
when what who whom whose also just more most much many some such only very said says according its his
her our your one two three also both each other another between among during through against upon""".split())


@dataclass(frozen=True, slots=True)
class AnalyzeOptions:
    min_claim_words: int = 5


def analyze(article: Article, options: AnalyzeOptions = AnalyzeOptions()) -> ArticleAnalysis:
    """Sentence-level analysis of one cleaned article."""
    text = article.text
    boxes = [b["text"] for b in article.meta.get("filler_boxes", [])]
    units = [_unit(i, span, text, boxes, options) for i, span in enumerate(split_units(text))]
    docs = parse_units([u.text for u in units])  # the syntax people, quotes, claims and date tenses read
    for unit, doc in zip(units, docs):
        unit.dates = with_parse_tense(unit.dates, doc, unit.start)
    people_by_unit = _people_with_names(units)
    for unit, people in zip(units, people_by_unit):
        unit.persons = people
    quotes_by_unit = [find_quotes(u.text, u.start) for u in units]
    resolve_speakers(units, people_by_unit, quotes_by_unit)
    for unit, pairs in zip(units, quotes_by_unit):
        unit.quotes = [q for q, _ in pairs]
    units += _clause_units(units, text, boxes, options)
    return ArticleAnalysis(article.id, ANALYSIS_VERSION, units)


_DESCRIBED = re.compile(r"^(?P<head>(?:[A-Z][\w'’.-]+\s){0,3}[A-Z][\w'’.-]+),\s(?:who|whose|the|a|an|[A-Z][\w-]+['’]s)\s"
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
    extra = []
    for unit in units:
        if unit.kind != "sentence" or not unit.is_claim:
            continue
        for start, end, lead_in in _clauses(unit.text):
            if len(unit.text[start:end].split()) < options.min_claim_words + 1:
                continue
            span = _Span(unit.start + start, unit.start + end, "clause", unit.paragraph)
            clause = _unit(len(units) + len(extra), span, text, boxes, options)
            clause.lead_in = lead_in
            clause.persons = [p for p in unit.persons if p.end <= span.end and (p.start >= span.start or
                                                                                 p.start < unit.start + 40)]
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


def _unit(index: int, span, text: str, boxes: list[str], options: AnalyzeOptions) -> Unit:
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
        while words and words[0].lower() in _STOP | {"a", "an", "in", "on", "at", "as", "but", "if", "it", "he", "she"}:
            words = words[1:]
        name = " ".join(words).strip(".,")
        if len(name) > 2:
            out.append(re.sub(r"['’]s$", "", name).lower())
    return list(dict.fromkeys(out))


def _terms(body: str) -> list[str]:
    words = [w.strip("'-") for w in _WORD.findall(body.lower())]
    return list(dict.fromkeys(_stem(w) for w in words if w not in _STOP and len(w) > 2))


def _stem(word: str) -> str:
    for suffix in ("ies", "es", "s"):
        if word.endswith(suffix) and len(word) > len(suffix) + 3:
            return word[: -len(suffix)] + ("y" if suffix == "ies" else "")
    return word


def _people_with_names(units: list[Unit]) -> list[list[PersonMention]]:
    """Titled people per unit, plus plain mentions of the same people by name."""
    titled = [find_people(u.text, u.start) for u in units]
    registry = _registry(titled)
    out = []
    for unit, people in zip(units, titled):
        taken = [(p.start, p.end) for p in people]
        for person in registry.values():
            for m in _mention_regex(person).finditer(unit.text):
                s, e = unit.start + m.start(), unit.start + m.end()
                if not any(a <= s < b or s <= a < e for a, b in taken):
                    people.append(PersonMention(s, e, person.name, person.key, how="name"))
                    taken.append((s, e))
        out.append(sorted(people, key=lambda p: p.start))
    return out


def _registry(titled: list[list[PersonMention]]) -> dict[str, PersonMention]:
    """One entry per surname key, with the longest name seen."""
    registry: dict[str, PersonMention] = {}
    for people in titled:
        for p in people:
            if p.name and (p.key not in registry or len(p.name) > len(registry[p.key].name)):
                registry[p.key] = p
    return registry


def _mention_regex(person: PersonMention) -> re.Pattern:
    return _name_regex(person.name)


@lru_cache(maxsize=4096)
def _name_regex(name: str) -> re.Pattern:
    tokens = [t for t in name.split() if len(t) > 2]
    alternatives = sorted({name, *tokens[-1:]}, key=len, reverse=True)
    return re.compile(r"(?<![\w])(" + "|".join(re.escape(a) for a in alternatives) + r")(?:['’]s)?(?![\w])", re.I)
