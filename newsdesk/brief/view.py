"""A story as the briefing reads it: its statements as items, each origin's opening
sentences, and the tools every section uses (sentences, maximal marginal relevance)."""
from __future__ import annotations

import math
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date

from ..crosscheck import CrossCheck, Fact
from ..crosscheck.model import Claim
from ..records import Article
from .model import Section, Sentence, Status
from .pool import Item, Picker, best_item, importance
from .text import Syntax, content_words, cut_after_title, is_credit, readable_shape, shown_span
from .weights import PICK

__all__ = ["StoryView", "sentence_of", "pick", "OPENING", "LEDE"]

OPENING = 6  # an article's opening sentences, where it says what happened ...
LEDE = 3  # ... and the first of them, where it says the main thing


@dataclass(slots=True)
class StoryView:
    """What the section builders read: the cross-check, its statements as items, and the lead."""

    cc: CrossCheck
    items: list[Item]  # the best readable wording of each fact, most important first
    fact_of: dict[tuple[str, int], Fact]
    openings: dict[str, list[Claim]]  # origin -> its opening sentences (of a human-written article if any)
    published: dict[str, date | None]  # article id -> publish day
    syntax: Syntax
    captions: set[tuple[str, int]]  # keys of units never shown (captions, sentences cut after a title)
    titles: list[frozenset[str]]  # content words of each origin's headline
    lead: Item | None = None
    place: str | None = None  # where the event happened, once worked out ("" when unknown)

    @classmethod
    def of(cls, articles: list[Article], cc: CrossCheck) -> StoryView:
        from .lead import main_outcome

        fact_of = {c.key: f for f in cc.facts for c in f.claims}
        ranked = sorted(cc.facts, key=lambda f: -importance(f))[:PICK.pool_size]
        items = sorted((i for f in ranked if (i := best_item(f)) is not None), key=lambda i: -i.importance)
        published = {a.id: a.published.date() if a.published else None for a in articles}
        captions = _unshowable(cc)
        items = [i for i in items if i.claim.key not in captions]
        titles = list({a.origin or a.id: content_words(a.title) for a in articles if a.title}.values())
        view = cls(cc, items, fact_of, _openings(articles, cc, captions), published, Syntax(), captions, titles)
        view.syntax.prepare([i.text for i in items[:PICK.parsed_ahead]])
        view.lead = main_outcome(view)
        return view

    def word_weights(self) -> dict[str, float]:
        """Inverse document frequency of each content word over the story's sentences."""
        counts: dict[str, int] = {}
        units = [c.unit for c in self.cc.claims if c.unit.kind != "clause"]
        for unit in units:
            for word in content_words(unit.text):
                counts[word] = counts.get(word, 0) + 1
        return {w: math.log((len(units) + 1) / n) for w, n in counts.items()}

    @property
    def ledes(self) -> dict[str, list[Claim]]:
        return {origin: claims[:LEDE] for origin, claims in self.openings.items()}

    def headline_share(self, text: str) -> float:
        """How much of the origins' headlines the sentence says (mean share of their words)."""
        words = content_words(text)
        shares = [len(t & words) / len(t) for t in self.titles if len(t) >= 2]
        return sum(shares) / len(shares) if shares else 0.0

    @property
    def openers(self) -> set[tuple[str, int]]:
        """Keys of the opening sentences of reports a person wrote."""
        return {c.key for claims in self.openings.values() for c in claims if not c.machine_written}

    def relevance(self, item: Item) -> float:
        """How close a statement is to the main outcome (raw cosine; 0 without vectors)."""
        if self.lead is None or item.vec is None or self.lead.vec is None:
            return 0.0
        return float(item.vec @ self.lead.vec)

    def when(self, item: Item) -> tuple[date, int]:
        """Sort key in time: the day its event happened, else the end of an earlier year it names,
        else the day it was reported; then its place in its article."""
        reported = self.published.get(item.claim.article) or self.cc.ref_date
        years = [y for y in item.claim.years + [f.year for f in item.claim.unit.figures if f.year]
                 if reported is None or y < reported.year]
        day = item.day or (date(min(years), 12, 31) if years else None) or reported or date.max
        return day, item.claim.unit.index


def _unshowable(cc: CrossCheck) -> set[tuple[str, int]]:
    """Units a briefing never shows: photo captions (followed in their paragraph by a credit line)
    and the two halves of a sentence cut after a title ('… civil rights leader Rev.' / 'Jesse …')."""
    units = {c.key: c.unit for c in cc.claims}
    out = set()
    for (article, index), unit in units.items():
        before = units.get((article, index - 1))
        if before is None or before.paragraph != unit.paragraph:
            continue
        if is_credit(unit.text):
            out.add((article, index - 1))
        elif cut_after_title(before.text):
            out |= {(article, index - 1), (article, index)}
    return out


def _openings(articles: list[Article], cc: CrossCheck, captions: set[tuple[str, int]]) -> dict[str, list[Claim]]:
    """Each origin's opening sentences, from its first article a person wrote when it has one."""
    by_article: dict[str, list[Claim]] = {}
    for claim in cc.claims:
        unit = claim.unit
        if claim.key in captions:
            continue
        if unit.kind in ("sentence", "list-item") and claim.vec is not None and readable_shape(unit, shown_span(unit)):
            by_article.setdefault(claim.article, []).append(claim)
    out: dict[str, list[Claim]] = {}
    for article in sorted(articles, key=lambda a: any(c.machine_written for c in by_article.get(a.id, [])[:1])):
        claims = sorted(by_article.get(article.id, []), key=lambda c: c.unit.index)
        if claims and (article.origin or article.id) not in out:
            out[article.origin or article.id] = claims[:OPENING]
    return out


def sentence_of(item: Item, label: str = "", status: Status | None = None) -> Sentence:
    return Sentence(item.text, status or item.status, list(item.sources), len(item.origins), label,
                    list(item.notes))


def pick(pool: Iterable[Item], picker: Picker, section: Section, limit: int,
         relevance: Callable[[Item], float] = lambda i: 0.0, diversity: float = PICK.diversity,
         label: Callable[[Item], str] = lambda i: "",
         allowed: Callable[[Item, list[Item]], bool] = lambda i, chosen: True) -> list[Item]:
    """Maximal marginal relevance: the most important statement, less its likeness to what the
    briefing already says, until ``limit`` sentences or the budget is reached (``allowed`` sees the
    statements this call chose so far)."""
    remaining = list(pool)
    chosen: list[Item] = []
    likely = sorted(remaining, key=lambda i: -(i.importance + relevance(i)))[:2 * limit + 4]
    picker.syntax.prepare(i.text for i in likely)  # one batch for the sentences most likely read
    while remaining and len(section.sentences) < limit and picker.left() > 0:
        best = max(remaining, key=lambda i: i.importance + relevance(i) - diversity * _likeness(i, picker))
        remaining.remove(best)
        if not allowed(best, chosen):
            continue
        sentence = sentence_of(best, label(best))
        if picker.take(best, sentence):
            section.sentences.append(sentence)
            chosen.append(best)
    return chosen


def _likeness(item: Item, picker: Picker) -> float:
    if item.vec is None:
        return 0.0
    return max((float(item.vec @ t.item.vec) for t in picker.taken if t.item.vec is not None), default=0.0)
