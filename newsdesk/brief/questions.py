"""Questions readers ask, each answered by a sentence that holds what is asked.

A question is answered only by a sentence about the main event that is not
already in the briefing, is corroborated (or opens a report a person wrote), and
carries the asked-for element: a Who answer has a
person or organisation as its subject, a When answer a date or time of the
event, a Where answer a place, a How much answer a key figure, a What next
answer a look ahead. A question nothing answers is left out; no sentence
answers two questions.
"""
from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

from .model import Section, Sentence
from .pool import Item, Picker, mostly_quoted
from .view import StoryView, sentence_of
from .weights import SECTIONS

__all__ = ["reader_questions", "QUESTIONS"]



def _who(view: StoryView, item: Item) -> bool:
    return view.syntax.actor_subject(item.text, named=True)


def _when(view: StoryView, item: Item) -> bool:
    ref = view.cc.ref_date
    return item.day is not None and (ref is None or abs(item.day - ref) <= timedelta(days=SECTIONS.event_days))


def _where(view: StoryView, item: Item) -> bool:
    place = main_place(view)
    return place is not None and place in view.syntax.places(item.text)


def main_place(view: StoryView) -> str | None:
    """Where the event happened: the place most origins' opening sentences put it ('in X', 'at X')."""
    if view.place is None:
        origins: dict[str, set[str]] = {}
        for origin, claims in view.ledes.items():
            for claim in claims:
                for place in view.syntax.places(claim.unit.text):
                    origins.setdefault(place, set()).add(origin)
        ranked = sorted(origins.items(), key=lambda kv: -len(kv[1]))
        view.place = ranked[0][0] if ranked and (len(ranked[0][1]) >= 2 or len(view.ledes) == 1) else ""
    return view.place or None


def _how_much(view: StoryView, item: Item) -> bool:
    return bool(item.figures)


def _next(view: StoryView, item: Item) -> bool:
    return item.kind == "future" or item.claim.unit.future


QUESTIONS: list[tuple[str, Callable[[StoryView, Item], bool], bool]] = [
    # (question, does the sentence hold the answer, must it be about the main event)
    ("Who is involved?", _who, True),
    ("When did it happen?", _when, True),
    ("Where did it happen?", _where, True),
    ("How much is involved?", _how_much, True),
    ("What happens next?", _next, False),
]


ANSWER_ORDER = ["When did it happen?", "Where did it happen?", "How much is involved?", "Who is involved?",
                "What happens next?"]  # the scarcest answers are found first


def reader_questions(view: StoryView, picker: Picker) -> Section:
    section = Section("questions", "Questions readers ask")
    openers = view.openers  # one origin's word is an answer only where a reporter opens with it
    pool = [i for i in view.items if (i.status == "corroborated" or i.status == "single-source"
                                      and i.claim.key in openers) and not mostly_quoted(i.claim.unit)]
    pool.sort(key=lambda i: -(i.importance + SECTIONS.question_relevance * view.relevance(i)))
    found: dict[str, Sentence] = {}
    for question, answers, about_event in sorted(QUESTIONS, key=lambda q: ANSWER_ORDER.index(q[0])):
        ranked = [i for i in pool
                  if not about_event or view.relevance(i) >= SECTIONS.about_the_event][:SECTIONS.considered]
        if answers is _who:  # the sentence naming the most of the people and organisations involved
            ranked.sort(key=lambda i: -min(view.syntax.actors(i.text), 3))
        for item in ranked:
            if not answers(view, item):
                continue
            sentence = sentence_of(item, question)
            if picker.take(item, sentence, novel=False):
                found[question] = sentence
                break
    section.sentences = [found[q] for q, _, _ in QUESTIONS if q in found]
    return section
