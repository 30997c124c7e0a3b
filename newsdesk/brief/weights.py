"""The briefing's tuning numbers: the weights and thresholds of its choices, one frozen
dataclass per choice, each field saying what it tunes.

How they were chosen: set by hand when the briefing was written (with
``benchmarks/briefing.py`` and ``benchmarks/seeds.py``: lead, repeats, figures
twice, answers, word ratio), on the bundled example corpus, the seeds and
basil-dev; none was fitted by a search. Scores add points: one point is one
independent origin stating a statement, and the weights are read against that.
Change one only with those benchmarks' figures before and after.
"""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class ImportanceWeights:
    """How important a fact is (:func:`.pool.importance`): one point per independent origin, plus these."""
    centrality: float = 2.0  # times how central the statement is to the story (0..1): up to two origins' worth
    lede: float = 1.0  # some article opens with it: as much as one more origin
    corroborated: float = 0.3  # stated by 2+ independent origins: breaks ties among equals
    machine_written: float = 0.5  # minus, when every claim comes from machine-written text
    boxed: float = 0.5  # minus, when a claim sits in a boxed aside (filler box)
    attributed: float = 0.2  # minus, when a claim is only attributed ('according to ...'): a light doubt
    mostly_quoted: float = 0.5  # minus, when every claim is mostly a quotation (the quotes section shows those)


@dataclass(frozen=True, slots=True)
class LeadWeights:
    """How the main outcome is chosen among the origins' opening sentences (:mod:`.lead`)."""
    agree: float = 0.6  # raw cosine at which two opening sentences report the same thing
    headlines: float = 2.0  # times the share of the headlines' words a candidate lead says
    candidates: int = 12  # opening sentences parsed to choose the lead, best by agreement first
    event_pool: int = 30  # the most important statements "What happened" chooses from, with the openings
    per_origin: float = 0.5  # per independent origin the cross-check found stating it (an opening agreeing: 1)
    position: float = 0.3  # minus, per sentence later in its article
    machine_written: float = 1.0  # minus, for a machine-written opening: as much as one agreeing origin
    attributed: float = 0.3  # minus, for an attributed opening ('according to ...')
    not_yet: float = 0.3  # minus, for an intention, a possibility or a future event: the lead tells what happened
    dated: float = 0.3  # plus, for a sentence that names a day
    action: float = 0.5  # plus, for an action verb (someone did something)
    copular: float = 0.7  # minus, for a state of things ('X is Y')
    named_actor: float = 0.7  # plus, for a named subject doing the action
    pronoun_subject: float = 0.5  # minus, for 'he'/'it' as subject: it needs the sentence before it


@dataclass(frozen=True, slots=True)
class EventWeights:
    """Which other events "What happened" tells (:func:`.lead.what_happened`), added to importance."""
    relevance: float = 0.5  # times the likeness (raw cosine) to the main outcome
    happened: float = 0.8  # plus, for a statement with a day or an action verb
    named_actor: float = 0.4  # plus, for a named subject doing the action
    copular: float = 0.5  # minus, for a state of things
    opener: float = 0.8  # plus, for the opening sentence of a report a person wrote
    machine_written: float = 1.0  # minus, for machine-written text
    attributed: float = 0.5  # minus, for an attributed statement


@dataclass(frozen=True, slots=True)
class PickOptions:
    """What counts as saying a thing twice, and how candidates are ranked (:mod:`.pool`, :mod:`.view`)."""
    same_statement: float = 0.9  # raw cosine at which two sentences say the same thing in other words
    same_words: float = 0.7  # share of content words (Jaccard) at which two sentences say the same thing
    min_novelty: float = 0.3  # a sentence most of whose telling words the briefing has said already adds too little
    mostly_quoted: float = 0.5  # share of a sentence's characters inside quotation marks that makes it a quote
    diversity: float = 2.0  # times the likeness to what the briefing says already, taken from a candidate's score
    pool_size: int = 150  # statements considered, by importance: beyond these a briefing never reaches
    parsed_ahead: int = 30  # statements parsed in the first batch; the rest only when the briefing reaches them


@dataclass(frozen=True, slots=True)
class SectionOptions:
    """Thresholds of the sections after the lead (:mod:`.sections`, :mod:`.questions`, :mod:`.text`)."""
    same_day_event: float = 0.6  # raw cosine at which two sentences dated the same day tell of one event
    about_the_event: float = 0.4  # raw cosine to the main outcome above which a sentence is about that event
    considered: int = 15  # candidate answers read per question, best first
    event_days: int = 7  # a When answer's date lies this close to the story's date
    min_quote_words: int = 6  # shorter quoted words are a phrase the sentence around them explains
    question_relevance: float = 2.0  # times the likeness to the main outcome, added to importance for answers
    headline_case: float = 0.7  # share of capitalised long words that makes a line a headline, not a sentence


IMPORTANCE = ImportanceWeights()
LEAD = LeadWeights()
EVENTS = EventWeights()
PICK = PickOptions()
SECTIONS = SectionOptions()
