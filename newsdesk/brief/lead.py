"""The main outcome and "What happened".

The main outcome is the action the most independent origins open with: an
opening sentence whose fact the most origins state and that the opening
sentences of other origins agree with (close sentence vectors), preferring an
action someone took (a named subject, a past or dated verb) over a state of
things, and a report a person wrote over a machine-written page. "What happened"
follows it with the other things that happened, told in time order.
"""
from __future__ import annotations

from ..crosscheck import Fact
from ..crosscheck.model import Claim
from .model import Section
from .pool import CLEAN, Item, Picker, item_of, mostly_quoted
from .text import shown_span
from .view import StoryView, pick, sentence_of
from .weights import EVENTS, LEAD

__all__ = ["main_outcome", "what_happened", "checkable"]



def checkable(view: StoryView, item: Item) -> bool:
    """Names someone or something, states a figure or a date, or tells of an action done: a reader
    could check it."""
    unit = item.claim.unit
    return bool(unit.persons or unit.names or unit.figures or unit.dates) or view.syntax.action(item.text)


def main_outcome(view: StoryView) -> Item | None:
    candidates = []
    for claims in view.ledes.values():
        for position, claim in enumerate(claims):
            fact = view.fact_of.get(claim.key)
            if fact is not None and _outcome_like(fact, claim):
                candidates.append((_agreement(view, fact, claim, position), fact, claim))
    candidates.sort(key=lambda c: -c[0])
    candidates = candidates[:LEAD.candidates]
    view.syntax.prepare(shown_span(claim.unit).text for _, _, claim in candidates)
    best, best_score = None, float("-inf")
    for score, fact, claim in candidates:
        shown = shown_span(claim.unit)
        if view.syntax.is_sentence(shown.text):
            score += _shape(view, claim, shown.text)
            if score > best_score:
                best, best_score = item_of(fact, claim, shown), score
    if best is None:
        return next((i for i in view.items if i.status in CLEAN and not mostly_quoted(i.claim.unit)), None)
    best.importance = best_score
    return best


def _outcome_like(fact: Fact, claim: Claim) -> bool:
    unit = claim.unit
    return (fact.status in CLEAN and fact.kind in ("statement", "figure") and not mostly_quoted(unit)
            and not unit.hedge and not unit.question)


def _close(a: Claim, b: Claim) -> bool:
    """Sentence vectors this close say the same (the openings hold only claims with a vector)."""
    return a.vec is not None and b.vec is not None and float(a.vec @ b.vec) >= LEAD.agree


def _agreement(view: StoryView, fact: Fact, claim: Claim, position: int) -> float:
    """Origins whose openings agree with it count most, then what the headlines say and the
    origins the cross-check found stating it; the earlier in its article, the better."""
    agree = {o for o, ledes in view.ledes.items() if o != claim.origin
             and any(_close(claim, other) for other in ledes)}
    score = 1 + len(agree) + LEAD.per_origin * len(fact.origins) - LEAD.position * position
    score += LEAD.headlines * view.headline_share(claim.unit.text)
    if claim.machine_written:
        score -= LEAD.machine_written
    if claim.unit.attribution:
        score -= LEAD.attributed
    if claim.unit.modality in ("intent", "possible") or claim.unit.future:
        score -= LEAD.not_yet
    return score


def _shape(view: StoryView, claim: Claim, text: str) -> float:
    """An action done by someone (a named subject, a verb in the past, a day) beats a state of
    things; a sentence about 'he' or 'it' needs the sentence before it."""
    syntax = view.syntax
    bonus = LEAD.dated if claim.days else 0.0
    if syntax.action(text):
        bonus += LEAD.action
    if syntax.copular(text):
        bonus -= LEAD.copular
    if syntax.actor_subject(text, named=True):
        bonus += LEAD.named_actor
    if syntax.pronoun_subject(text):
        bonus -= LEAD.pronoun_subject
    return bonus


# -- what happened ---------------------------------------------------------------------------
def what_happened(view: StoryView, picker: Picker, limit: int) -> Section:
    """The main outcome, then the other things that happened, in time order."""
    section = Section("what-happened", "What happened")
    if view.lead is None:
        return section
    lead = sentence_of(view.lead)
    picker.take(view.lead, lead, force=True)
    pool = _event_pool(view)
    view.syntax.prepare(i.text for i in pool)
    openers = view.openers
    chosen = pick(pool, picker, section, limit - 1, relevance=lambda i: _event_bonus(view, i, i.claim.key in openers))
    ordered = sorted(zip(chosen, section.sentences), key=lambda pair: view.when(pair[0]))
    section.sentences = [lead] + [s for _, s in ordered]
    return section


def _event_pool(view: StoryView) -> list[Item]:
    """The most important statements, and the opening sentences of reports people wrote (in
    their own words), that tell of something that happened."""
    by_fact = {i.fact.id: i for i in view.items[:LEAD.event_pool] if i.fact is not None}
    for claims in view.openings.values():
        for claim in claims:
            fact = view.fact_of.get(claim.key)
            if fact is None or claim.machine_written:
                continue
            current = by_fact.get(fact.id)
            if current is None or current.claim.machine_written:
                by_fact[fact.id] = item_of(fact, claim, shown_span(claim.unit))
    openers = view.openers
    return [i for i in by_fact.values() if _event_like(i, i.claim.key in openers) and checkable(view, i)]


def _event_like(item: Item, opener: bool) -> bool:
    """A checkable statement of something that happened (not a quote, a guess or an unknown);
    told by one origin only when it opens a report a person wrote."""
    unit = item.claim.unit
    if item.kind not in ("statement", "figure") or mostly_quoted(unit) or unit.hedge:
        return False
    if unit.modality == "possible" or item.status not in CLEAN:
        return False
    return item.status == "corroborated" or opener


def _event_bonus(view: StoryView, item: Item, opener: bool) -> float:
    """An action someone took, on a day, told early in a report a person wrote, near the main outcome."""
    unit = item.claim.unit
    bonus = EVENTS.relevance * view.relevance(item)
    if item.day is not None or view.syntax.action(item.text):
        bonus += EVENTS.happened
    if view.syntax.actor_subject(item.text, named=True):
        bonus += EVENTS.named_actor
    if view.syntax.copular(item.text):
        bonus -= EVENTS.copular
    if opener:
        bonus += EVENTS.opener
    if item.claim.machine_written:
        bonus -= EVENTS.machine_written
    if unit.attribution:
        bonus -= EVENTS.attributed
    return bonus
