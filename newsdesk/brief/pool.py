"""The statements a briefing may show, and the picker that keeps it short and free of repeats.

An :class:`Item` is one statement as the briefing would show it: the words of one
claim (a verbatim span) with the sources of every independent origin that states
it. The :class:`Picker` admits an item only when it says something not yet said
(no shared span, no near-duplicate, no key figure stated twice) and fits the word
budget; a near-identical statement from another origin is merged into the one
shown, which then cites both.
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import date
from typing import cast

import numpy as np

from ..analyze.model import Figure, Unit
from ..crosscheck import Fact, Source
from ..crosscheck.model import Claim
from ..lexicon.stopwords import NOT_COUNTED_WORDS
from .model import Sentence, Status
from .text import Shown, Syntax, content_words, readable_shape, shown_span, words_in
from .weights import IMPORTANCE, PICK

__all__ = ["Item", "Picker", "best_item", "item_of", "importance", "key_figures", "same_figure", "mostly_quoted"]

KEY_FAMILIES = ("currency", "percent", "count")  # durations and ages are details, not key figures
CLEAN: tuple[Status, ...] = ("corroborated", "single-source")  # statuses a briefing states as fact


@dataclass(slots=True)
class Item:
    """One statement as a briefing would show it."""

    text: str
    status: Status
    sources: list[Source]  # the shown span first, then one per other origin
    origins: list[str]
    claim: Claim
    source_origins: list[str] = field(default_factory=list)  # the origin of each source, in order
    fact: Fact | None = None
    importance: float = 0.0
    day: date | None = None
    notes: list[str] = field(default_factory=list)
    update: bool = False  # a timeline entry that changes what was reported before (a moved date, a plan done)

    @property
    def words(self) -> int:
        return words_in(self.text)

    @property
    def vec(self) -> np.ndarray | None:
        return self.claim.vec

    @property
    def kind(self) -> str:
        return self.fact.kind if self.fact else "statement"

    @property
    def figures(self) -> list[Figure]:
        return key_figures(self.claim.unit, self.sources[0])


def key_figures(unit: Unit, shown: Source) -> list[Figure]:
    """Money, percentages and counts inside the shown words of a unit."""
    return [f for f in unit.figures if f.family in KEY_FAMILIES and shown.start <= f.start and f.end <= shown.end
            and not (f.family == "count" and f.unit.lower() in NOT_COUNTED_WORDS)]


def same_figure(a: Figure, b: Figure) -> bool:
    """Same value of the same measure: equal value, family and unit (a count's noun may differ
    when one names what the other counts: '18,000 police' and '18,000 personnel')."""
    if a.family != b.family or abs(a.value - b.value) > 1e-6 * max(abs(a.value), 1.0):
        return False
    if a.unit == b.unit:
        return True
    return a.family == "count" and (a.unit in b.terms or b.unit in a.terms or bool(set(a.terms) & set(b.terms)))


def mostly_quoted(unit: Unit) -> bool:
    return bool(sum(q.end - q.start for q in unit.quotes) > PICK.mostly_quoted * max(unit.end - unit.start, 1))


def shown_source(claim: Claim, shown: Shown) -> Source:
    unit = claim.unit
    if shown.start == unit.start:
        return Source(claim.article, unit.text, unit.start, unit.end)
    return Source(claim.article, shown.text, shown.start, shown.end)


# -- items of a fact -----------------------------------------------------------------------
def _options(fact: Fact, limit: int = 4) -> list[tuple[Claim, Shown]]:
    """Readable claims of a fact, best first: the representative wording, then wordings from
    articles a person wrote (not a machine-written page), then the shorter."""
    seen, options = set(), []
    for claim in fact.claims:
        if claim.origin in seen:
            continue
        shown = shown_span(claim.unit)
        if readable_shape(claim.unit, shown):
            seen.add(claim.origin)
            options.append((claim, shown))
    options.sort(key=lambda o: (o[0].machine_written, o[1].text != fact.text, words_in(o[1].text)))
    return options[:limit]


def item_of(fact: Fact, claim: Claim, shown: Shown) -> Item:
    """The fact written in this claim's words, citing every origin that states it."""
    per_origin: dict[str, Claim] = {}
    cited = {(s.article, s.start) for s in fact.sources}
    for c in sorted(fact.claims, key=lambda c: (c.article, c.unit.start) not in cited):
        per_origin.setdefault(c.origin, c)
    per_origin.pop(claim.origin, None)
    sources = [shown_source(claim, shown)] + [c.source() for c in per_origin.values()]
    day = min(claim.days) if claim.days else None
    return Item(shown.text, cast(Status, fact.status), sources, sorted({claim.origin, *per_origin}), claim,
                [claim.origin, *per_origin], fact, importance(fact), day, notes=list(fact.notes))


def best_item(fact: Fact) -> Item | None:
    """The fact in its best readable wording (None when it has none)."""
    options = _options(fact, limit=1)
    return item_of(fact, *options[0]) if options else None


def importance(fact: Fact) -> float:
    """Independent origins first, then how central the statement is to the story; machine-written,
    boxed, attributed-only and mostly-quoted statements count for less."""
    units = [c.unit for c in fact.claims]
    score = len(fact.origins) + IMPORTANCE.centrality * fact.centrality
    score += IMPORTANCE.lede if any(c.lede for c in fact.claims) else 0.0
    score += IMPORTANCE.corroborated if fact.status == "corroborated" else 0.0
    if all(c.machine_written for c in fact.claims):
        score -= IMPORTANCE.machine_written
    if any(u.box for u in units):
        score -= IMPORTANCE.boxed
    if any(u.attribution for u in units):
        score -= IMPORTANCE.attributed
    if all(mostly_quoted(u) for u in units):
        score -= IMPORTANCE.mostly_quoted
    return score


# -- the picker ----------------------------------------------------------------------------------
@dataclass(slots=True)
class _Taken:
    item: Item
    sentence: Sentence | None  # the briefing Sentence it became (updated when a near-duplicate merges in)
    words: frozenset[str]


class Picker:
    """Admits statements to the briefing: nothing said twice, no key figure twice, within budget."""

    def __init__(self, budget: int, syntax: Syntax, redundancy: float = 0.8,
                 excluded: set[tuple[str, int]] | None = None, weights: dict[str, float] | None = None) -> None:
        self.budget = budget
        self.syntax = syntax
        self.excluded = excluded or set()  # claim keys never shown (captions)
        self.weights = weights or {}  # how telling each word is in this story (rare words more)
        self.said: set[str] = set()  # content words of everything shown
        self.redundancy = redundancy
        self.spent = 0
        self.taken: list[_Taken] = []
        self.shown: dict[str, list[tuple[int, int]]] = {}  # spans shown as a briefing sentence
        self.cited: dict[str, list[tuple[int, int]]] = {}  # spans cited (shown or not)
        self.stated: list[Figure] = []

    def left(self) -> int:
        return self.budget - self.spent

    def shown_overlaps(self, source: Source, cited: bool = True) -> bool:
        """The span is shown already (or, with ``cited``, cited as a source of something shown)."""
        spans = (self.cited if cited else self.shown).get(source.article, [])
        return any(s < source.end and source.start < e for s, e in spans)

    def repeats(self, item: Item) -> _Taken | None:
        """The statement already in the briefing that this one repeats, if any."""
        words = content_words(item.text)
        for taken in self.taken:
            other = taken.words
            if words and other and len(words & other) / len(words | other) >= PICK.same_words:
                return taken
            if (item.vec is not None and taken.item.vec is not None
                    and float(item.vec @ taken.item.vec) >= self.redundancy):
                return taken
            if _inside(item.text, taken.item.text):
                return taken
        return None

    def states_known_figure(self, item: Item) -> bool:
        return any(same_figure(f, g) for f in item.figures for g in self.stated)

    def admissible(self, item: Item, *, figures: bool = True, whole: bool = True, novel: bool = True) -> bool:
        """Says something new (``novel``: mostly words not said yet), fits the budget and (``whole``)
        stands alone as a sentence."""
        if item.words > self.left() or self.shown_overlaps(item.sources[0]) or item.claim.key in self.excluded:
            return False
        if figures and self.states_known_figure(item):
            return False
        twin = self.repeats(item)
        if twin is not None:
            _merge(twin, item)
            return False
        if novel and self.novelty(item) < PICK.min_novelty:
            return False
        return not whole or self.stands_alone(item.text)

    def stands_alone(self, text: str) -> bool:
        """A whole sentence a reader can take in without the one before it: not a fragment, and
        not about 'he', 'she' or 'it' (whom the briefing may not have named just before)."""
        return self.syntax.is_sentence(text) and not self.syntax.pronoun_subject(text)

    def novelty(self, item: Item) -> float:
        """Share of what the sentence says (its words weighted by how telling they are in the story)
        that the briefing has not said yet."""
        words = content_words(item.text)
        if not words:
            return 0.0
        top = max(self.weights.values(), default=1.0)
        weight = {w: self.weights.get(w, top) for w in words}
        # fsum: exact, so the set's (hash) order of the words cannot move the last digit
        return math.fsum(v for w, v in weight.items() if w not in self.said) / (math.fsum(weight.values()) or 1.0)

    def take(self, item: Item, sentence: Sentence | None, *, figures: bool = True, whole: bool = True,
             novel: bool = True, force: bool = False) -> bool:
        """Record the item as shown (as ``sentence``) when admissible (or ``force``d)."""
        if not force and not self.admissible(item, figures=figures, whole=whole, novel=novel):
            return False
        self.spent += item.words
        self.taken.append(_Taken(item, sentence, content_words(item.text)))
        self.said |= content_words(item.text)
        first = item.sources[0]
        self.shown.setdefault(first.article, []).append((first.start, first.end))
        for source in item.sources:
            self.cited.setdefault(source.article, []).append((source.start, source.end))
        self.stated.extend(item.figures)
        return True

    def block(self, source: Source) -> None:
        """Keep a span from being shown later (a quote's sentence once the quote is shown)."""
        self.cited.setdefault(source.article, []).append((source.start, source.end))


def _inside(a: str, b: str) -> bool:
    short, long = (a, b) if len(a) <= len(b) else (b, a)
    return len(short.split()) >= 6 and short.strip(" .”\"") in long


def _merge(twin: _Taken, item: Item) -> None:
    """A near-identical statement from another origin (the same words, or sentence vectors this
    close, and the same figures): the one shown cites it too."""
    sentence = twin.sentence
    if sentence is None or item.status not in CLEAN or twin.item.status not in CLEAN:
        return
    words = content_words(item.text)
    same_words = len(words & twin.words) / max(len(words | twin.words), 1) >= PICK.same_words
    close = (item.vec is not None and twin.item.vec is not None
             and float(item.vec @ twin.item.vec) >= PICK.same_statement)
    if not (same_words or close) or {f.value for f in item.figures} != {f.value for f in twin.item.figures}:
        return
    known = set(twin.item.origins)
    fresh = [o for o in item.origins if o not in known]
    if not fresh:
        return
    sentence.sources.extend(s for s, o in zip(item.sources, item.source_origins) if o in fresh)
    twin.item.origins = sorted(known | set(fresh))
    sentence.origins = len(twin.item.origins)
    sentence.status = "corroborated"
