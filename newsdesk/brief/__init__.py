"""Brief: write a story's explainer from its cross-check, sentence by sentence.

Entry point: :func:`build_briefing` (pure). Every sentence is a statement taken
from a source (selected, not generated), carries its status (corroborated /
single-source / disputed / doubtful) and its sources as verbatim quotes. What
cannot be sourced is not written: a section with nothing sourced is left out.

The main outcome comes first (the action the most independent origins open
with), then what happened in time order; nothing is said twice, no key figure
is listed twice, and the whole briefing stays within a share of the words its
independent origins wrote (``BriefOptions.length``).
"""
from __future__ import annotations

from dataclasses import dataclass

from ..crosscheck import CrossCheck
from ..records import Article
from . import sections as S
from .lead import what_happened
from .model import SECTION_ORDER, Briefing, Section, SectionId, Sentence
from .pool import Picker
from .questions import reader_questions
from .view import StoryView

__all__ = ["BriefOptions", "Briefing", "Section", "Sentence", "build_briefing", "origin_words"]


@dataclass(frozen=True, slots=True)
class BriefOptions:
    region: str | None = None  # ISO country code for "What it means for <country>"
    what_happened: int = 5
    key_facts: int = 5
    per_section: int = 4
    redundancy: float = 0.80  # raw cosine above which a sentence repeats one already chosen
    length: float = 0.38  # at most this share of the words of the story's independent origins ...
    min_words: int = 120  # ... but never fewer words than this for a story of one or two origins




def origin_words(articles: list[Article]) -> int:
    """Words the story's independent origins wrote: the longest article of each origin."""
    longest: dict[str, int] = {}
    for a in articles:
        origin = a.origin or a.id
        longest[origin] = max(longest.get(origin, 0), len(a.text.split()))
    return sum(longest.values())


def word_budget(articles: list[Article], options: BriefOptions) -> int:
    n_origins = len({a.origin or a.id for a in articles})
    budget = int(options.length * origin_words(articles))
    return budget if n_origins >= 3 else max(budget, options.min_words)


def build_briefing(title: str, articles: list[Article], cc: CrossCheck,
                   options: BriefOptions = BriefOptions()) -> Briefing:
    """The explainer: sections of cited sentences, most important first within a word budget;
    empty sections are left out."""
    story = StoryView.of(articles, cc)
    picker = Picker(word_budget(articles, options), story.syntax, options.redundancy, story.captions,
                    story.word_weights())
    built: dict[SectionId, Section] = {}
    built["what-happened"] = what_happened(story, picker, options.what_happened)
    built["disputed"] = S.disputed(story, picker)
    if options.region:
        built["region"] = S.region(story, picker, options.region, options.per_section)
    built["key-facts"] = S.key_facts(story, picker, options.key_facts)
    built["timeline"] = S.timeline(story, picker, options.per_section + 2)
    built["questions"] = reader_questions(story, picker)
    built["figures"] = S.figures(story, picker, options.per_section)
    built["quotes"] = S.quotes(story, picker, options.per_section)
    built["unknowns"] = S.by_kind(story, picker, "unknown", options.per_section)
    built["next"] = S.by_kind(story, picker, "future", options.per_section)
    built["background"] = S.by_kind(story, picker, "background", options.per_section)
    kept = [built[i] for i in SECTION_ORDER if i in built and (built[i].sentences or built[i].note)]
    return Briefing(headline=title, sections=kept)
