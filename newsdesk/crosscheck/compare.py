"""Conflicts only between comparable claims, slot by slot, behind one small interface.

A :class:`Comparator` names the *blocks* a claim belongs to (only claims in the
same block are compared) and compares two claims, returning :class:`Verdict`s
(a disagreement on one slot, each side's value, and why the two are comparable).
No entailment model ships here (none is installable); the comparators read the
claims' structure (:mod:`newsdesk.analyze.claims`):

- figures (here): the same measure -- same counted noun and unit, same party, same
  year -- with values that differ beyond what 'about', 'more than' or a range allow;
- done vs planned (here): the same action reported done in one source and only
  planned in another, unless the plan was reported first (then it is an update);
- people (:mod:`.titles`): office holders, former vs sitting, positions, first names;
- dates (:mod:`.when`): only for one event, or one report.

A model-based comparator can be added to ``COMPARATORS`` without touching the rest.
"""
from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Protocol

from ..analyze import cues
from ..analyze.claims import DIRECTIVE, REPORTING, head_verb
from ..analyze.model import Figure
from .match import named, same_act, same_claim, shared_names
from .model import Claim, Verdict
from .titles import OfficeHolder, PersonName, PersonTitle, RoleTitle
from .values import describe_figure, figures_agree, figures_of, same_counted
from .when import EventDate, is_revision, participants

__all__ = ["Verdict", "Context", "Comparator", "COMPARATORS", "action_modality"]


@dataclass(slots=True)
class Context:
    person_name: callable
    person_country: callable
    canon: callable
    ref: date | None
    sole_country: dict[str, str] = field(default_factory=dict)  # office -> the one country stating it
    office_countries: dict[str, set[str]] = field(default_factory=dict)  # office -> countries with a holder
    together: set[frozenset] = field(default_factory=set)  # person pairs titled alike in one sentence
    published: dict[str, date | None] = field(default_factory=dict)
    aligned: set[frozenset] = field(default_factory=set)  # claim-key pairs the alignment matched
    keys: Any = None  # match.Keys: entity keys made one per person across the story
    roles: dict[str, dict[str, set[str]]] = field(default_factory=dict)  # person -> origin -> positions given
    updates: set[tuple[str, int]] = field(default_factory=set)  # claims that update an earlier report (filled here)


class Comparator(Protocol):
    kind: str

    def blocks(self, claim: Claim, ctx: Context) -> Iterable[str]: ...

    def compare(self, a: Claim, b: Claim, block: str, ctx: Context) -> list[Verdict]: ...


# -- figures ------------------------------------------------------------------------------
_SETTLED = ("done", "planned")  # what a source asserts; 'if', 'could', 'denied' state no value


def _asserted_figures(claim: Claim):
    """(clause, figure) for each figure the sentence asserts (not ruled out, denied or hypothetical)."""
    if claim.unit.question:
        return []
    return [(a, f) for a in claim.unit.assertions if not a.negated and a.modality in _SETTLED
            for f in figures_of(a, claim) if not f.negated]


def _parties(a, keys) -> set[str]:
    """The named parties a figure belongs to: who acts, and who says so."""
    return named({keys.canon(a.who), keys.canon(a.speaker)})


# Complements that make stating an amount a demand ('$5 billion is non-negotiable'): general English.
_DEMANDED = frozenset("be nonnegotiable|be non-negotiable|be necessary|be needed|be required|be essential|"
                      "be mandatory|be indispensable".split("|"))


def _frame(a) -> str:
    """'ask' for an amount asked for (any verb of asking, or called necessary), else the predicate."""
    asked = head_verb(a.predicate) in DIRECTIVE or a.reported_by in DIRECTIVE or a.predicate in _DEMANDED
    return "ask" if asked else a.predicate


MAX_REPORT_GAP_DAYS = 7  # figures with no stated year compare only between reports this close in time


def same_measure(pa, fa, a: Claim, pb, fb, b: Claim, ctx: Context) -> str:
    """Why two figures measure the same thing ('' when they do not): the same unit, the same thing measured
    (the counted noun, or the subject a value is given for: 'trade ... reached $5 billion'), no two parties,
    the same time frame. Money needs more: the same thing measured between the same named parties or
    places, or the same party's same act ('$2.5 billion' floated by one side disputes no '$5.6 billion'
    another side asks for)."""
    keys = ctx.keys
    if fa.family != fb.family or _unit(fa) != _unit(fb) or not _same_frame_of_time(fa, a, pa, fb, b, pb, ctx):
        return ""
    measure_a, measure_b = _measured(pa, fa), _measured(pb, fb)
    if not same_counted(measure_a, measure_b):
        return ""
    parties_a, parties_b = _parties(pa, keys), _parties(pb, keys)
    shared = parties_a & parties_b
    if parties_a and parties_b and not shared:
        return ""
    measure = measure_a if len(measure_a) >= len(measure_b) else measure_b
    measured = bool(measure_a and measure_b)
    places = named(_context_keys(pa, keys)) & named(_context_keys(pb, keys))
    same_frame = _frame(pa) == _frame(pb) or same_act(pa.predicate, pb.predicate)
    if fa.family == "currency" and not ((measured and places) or (shared and same_frame)):
        return ""
    if fa.family != "currency" and not measured and not (shared and same_frame):
        return ""
    if fa.family == "count" and not same_frame and (_changes(pa) or _changes(pb)):
        return ""  # 'has 1,200 employees' and 'hired 400 employees' count different things
    asked = _frame(pa) == "ask" == _frame(pb)
    return "both give " + _measure_words(fa, measure, asked, shared or places, keys)


# Verbs whose count is a change ('hired 400', 'killed 12'), not a state or total (general English): such a
# count only compares with the same change.
_CHANGES = frozenset("hire fire add lose cut gain kill injure wound arrest detain deport release free evacuate "
                     "displace sell buy create eliminate raise increase reduce drop rise fall grow shrink receive "
                     "donate spend save earn pay lay".split())


def _changes(a) -> bool:
    return head_verb(a.predicate) in _CHANGES


def _measured(a, f: Figure) -> str:
    """What the figure measures: its counted noun, else the noun it is the value of ('trade ... reached')."""
    return f.counted or (a.who[2:] if a.who.startswith("n:") else "")


def _context_keys(a, keys) -> set[str]:
    return {keys.canon(k) for k in [a.who, a.speaker, *a.args] if k}


def _same_frame_of_time(fa: Figure, a: Claim, pa, fb: Figure, b: Claim, pb, ctx: Context) -> bool:
    """Same year (a year stated on one side only must be recent), a yearly amount only against a
    yearly one or one a year is stated for, no clause dated to another time, reports close in time."""
    if fa.year and fb.year and fa.year != fb.year:
        return False
    year = fa.year or fb.year
    if year and ctx.ref and ctx.ref.year - year > 2:
        return False
    if fa.per_year != fb.per_year and not (fa.year or fb.year):
        return False
    return _same_time(pa, a, pb, b, year, ctx)


def _unit(f: Figure) -> str:
    """A count's unit is what it counts (compared through ``counted``); other figures keep theirs."""
    return "" if f.family == "count" else f.unit


def _same_time(pa, a: Claim, pb, b: Claim, year, ctx: Context) -> bool:
    """No clause dated to another time, and, with no year stated, reports close in time."""
    spans_a = [a.span_of[s] for s in pa.dates if s in a.span_of]
    spans_b = [b.span_of[s] for s in pb.dates if s in b.span_of]
    if spans_a and spans_b and not any(x[0] <= y[1] and y[0] <= x[1] for x in spans_a for y in spans_b):
        return False
    day_a, day_b = ctx.published.get(a.article), ctx.published.get(b.article)
    return bool(year) or not (day_a and day_b and abs((day_a - day_b).days) > MAX_REPORT_GAP_DAYS)


def _measure_words(f: Figure, counted: str, asked: bool, parties: set[str], keys) -> str:
    if f.family == "count":
        what = f"the number of {counted.replace(' of ', 's of ', 1) if ' of ' in counted else counted + 's'}"
    elif f.family == "currency":
        what = f"the amount ({f.unit})" + (f" for {counted}" if counted else "")
    elif f.family == "percent":
        what = "the percentage" + (f" of {counted}" if counted else "")
    else:
        what = f"the {f.family} in {f.unit}s" + (f" of {counted}" if counted else "")
    party = ", ".join(keys.name(k) for k in sorted(parties))
    return what + (" asked for" if asked else "") + (f" by {party}" if party else "") + (
        f" in {f.year}" if f.year else "")


class FigureSize:
    """Different values for one measure (see :func:`same_measure`)."""

    kind = "figure"

    def blocks(self, claim, ctx):
        return sorted({f"figure:{f.family}:{_unit(f)}" for _, f in _asserted_figures(claim)})

    def compare(self, a, b, block, ctx):
        if a.origin == b.origin:
            return []
        out = []
        for pa, fa in _asserted_figures(a):
            for pb, fb in _asserted_figures(b):
                if f"figure:{fa.family}:{_unit(fa)}" != block or f"figure:{fb.family}:{_unit(fb)}" != block:
                    continue
                because = "" if figures_agree(fa, fb) else same_measure(pa, fa, a, pb, fb, b, ctx)
                if because:
                    measure = because.removeprefix("both give ")
                    out.append(Verdict(self.kind, f"figure:{fa.unit}:{measure}", measure, describe_figure(fa),
                                       describe_figure(fb), _figure_note(fa, fb), because))
        return out


def _figure_note(fa: Figure, fb: Figure) -> str:
    notes = []
    years = sorted({str(f.year) for f in (fa, fb) if f.year})
    if years and fa.year != fb.year:
        notes.append(f"a year is stated for only one figure ({', '.join(years)}), which may explain part of the gap")
    if fa.per_year != fb.per_year:
        notes.append("one figure is given as an annual amount")
    bounded = [f.text for f in (fa, fb) if f.low != f.high]
    if bounded:
        notes.append(f"the gap is beyond the rounding or range stated ({'; '.join(bounded)})")
    return "; ".join(notes)


# -- status of an action ----------------------------------------------------------------------
_ACTION_VERB = re.compile(
    r"\b(?:has|have|had)\s+(?:already\s+|recently\s+|now\s+|officially\s+|formally\s+)*(?:been\s+)?(?P<done>[a-z]+ed)\b|"
    r"\b(?:to|will|would)\s+(?:be\s+)?(?P<intent>[a-z]{3,})\b", re.I)


def action_modality(claim: Claim, figure: Figure | None = None) -> str:
    """'done' or 'intent' for the clause around the figure (or the sentence's main action)."""
    text = claim.unit.text
    if figure is not None:
        text = cues.action_phrase(text, figure.start - claim.unit.start)
    else:
        verb = _ACTION_VERB.search(text)
        if verb:
            text = cues.action_phrase(text, verb.end())
    modality = cues.modality(text)
    return modality if modality in ("done", "intent") else ""


def action_verb(text: str) -> str:
    """Stem of the verb the modality applies to: 'has ratified' / 'pledged to ratify' -> 'ratif'."""
    match = _ACTION_VERB.search(text)
    if not match:
        return ""
    verb = (match.group("done") or match.group("intent") or "").lower()
    for suffix in ("ied", "ed", "es", "e", "y", "s"):
        if verb.endswith(suffix) and len(verb) - len(suffix) >= 4:
            return verb[: -len(suffix)]
    return verb


class ActionStatus:
    """The same action reported as done in one source and only promised or planned in another — unless the
    plan was reported first and the deed later (an update, shown in the timeline)."""

    kind = "status"

    def blocks(self, claim, ctx):
        keys = [f"status:{f.family}:{f.value:g}" for f in claim.unit.figures]
        keys += [f"status:act:{a.predicate}" for a in claim.unit.assertions
                 if a.checkable and a.modality in _SETTLED and not a.negated
                 and head_verb(a.predicate) not in REPORTING | DIRECTIVE]
        return keys

    def compare(self, a, b, block, ctx):
        if a.origin == b.origin:
            return []
        if block.startswith("status:act:"):
            return _act_status(a, b, ctx)
        pairs = [(fa, fb) for fa in a.unit.figures for fb in b.unit.figures
                 if f"status:{fa.family}:{fa.value:g}" == block == f"status:{fb.family}:{fb.value:g}"
                 and figure_terms_match(fa, fb)]
        out = []
        for fa, fb in pairs:
            ma, mb = action_modality(a, fa), action_modality(b, fb)
            planned, done = (a, b) if ma == "intent" else (b, a)
            if {ma, mb} == {"done", "intent"} and not _is_update(planned, done, ctx):
                what = _action_label(a, b, fa, fb)
                out.append(Verdict(self.kind, f"status:{fa.family}:{fa.value:g}",
                                   f"whether {what} is done or only promised",
                                   "done" if ma == "done" else "promised or planned",
                                   "done" if mb == "done" else "promised or planned",
                                   because=f"both report {what}, with the same figure"))
        return out


def _act_status(x: Claim, y: Claim, ctx: Context) -> list[Verdict]:
    for p in x.unit.assertions:
        for q in y.unit.assertions:
            if {p.modality, q.modality} != {"done", "planned"} or not p.checkable or p.negated or q.negated:
                continue
            if p.nominal or q.nominal:
                continue  # a meeting or a description named in passing is not reported as done or planned
            asked = any(c.reported_by in DIRECTIVE for c in (p, q) if c.modality == "planned")
            if head_verb(p.predicate) in DIRECTIVE or asked:
                continue  # what someone asks for is no plan of the one asked
            if any(c.forecast or (c.modality == "planned" and not c.main) for c in (p, q)):
                continue  # a forecast later reported done is fulfilled, not disputed; a side clause is no plan
            planned, done = (x, y) if p.modality == "planned" else (y, x)
            match = same_claim(p, x, q, y, ctx.keys, frozenset({"modality"}))
            if match is None or _is_update(planned, done, ctx):
                continue
            what = match.reason.split(": ", 1)[-1]
            return [Verdict("status", f"status:{what}", f"whether this is done or only planned: {what}",
                            "done" if p.modality == "done" else "planned",
                            "done" if q.modality == "done" else "planned",
                            because=f"both report the same action: {what}")]
    return []


def _is_update(planned: Claim, done: Claim, ctx: Context) -> bool:
    """A plan reported before the report of the deed: the later report updates the earlier one."""
    day_planned, day_done = ctx.published.get(planned.article), ctx.published.get(done.article)
    if bool(day_planned and day_done and day_planned < day_done) or is_revision(done):
        ctx.updates.add(done.key)
        return True
    return False


def figure_terms_match(fa: Figure, fb: Figure) -> bool:
    ta, tb = set(fa.terms), set(fb.terms)
    shared = ta & tb
    return len(shared) >= 2 or (len(shared) == 1 and min(len(ta), len(tb)) <= 2 and bool(ta and tb))


# -- one event told as two incompatible acts ------------------------------------------------------------
# Pairs of acts that cannot both describe one event (general English): a person fired did not resign.
# The first pair is done by two parties to one person (fired by someone / resigned); the others by one actor.
_OPPOSED = [(frozenset({"fire", "dismiss", "oust", "sack"}), frozenset({"resign", "quit", "step down"})),
            (frozenset({"win"}), frozenset({"lose"})),
            (frozenset({"accept"}), frozenset({"reject", "decline", "turn down"})),
            # leaving something presupposes being in it, not entering it that one is not
            (frozenset({"drop out", "withdraw", "pull out", "quit"}), frozenset({"not enter", "not join"}))]


def _opposed(a: str, b: str) -> bool:
    return any(a in x and b in y or a in y and b in x for x, y in _OPPOSED)


def _one_actor_pair(a: str, b: str) -> bool:
    """Acts that exclude each other only when one actor does them ('accepted' / 'rejected' the offer)."""
    first_x, first_y = _OPPOSED[0]
    return not ({a, b} & first_x and {a, b} & first_y)


class OpposedActs:
    """One person's part in one event reported as two acts that exclude each other ('fired' / 'stepped down'),
    both as done, with no dates that set them apart."""

    kind = "act"

    def blocks(self, claim, ctx):
        return ["act:opposed"] if any(_act(a) in _OPPOSED_WORDS for a in claim.unit.assertions) else []

    def compare(self, a, b, block, ctx):
        if a.origin == b.origin:
            return []
        keys = ctx.keys
        for p in a.unit.assertions:
            for q in b.unit.assertions:
                if not _opposed(_act(p), _act(q)) or (p.modality == "done") != (q.modality == "done"):
                    continue  # both done, or both what an offer or a plan was about
                if "denied" in (p.modality, q.modality) or _dated_apart(p, a, q, b):
                    continue
                if _one_actor_pair(_act(p), _act(q)) and not (named({keys.canon(p.who)}) and
                                                              keys.canon(p.who) == keys.canon(q.who)):
                    continue
                mine, theirs = shared_names(named(participants(p, a, keys)), named(participants(q, b, keys)))
                shared = {k for k in mine & theirs if k.startswith("p:")}
                others_p, others_q = mine - shared, theirs - shared
                if shared and not (others_p and others_q and not others_p & others_q):  # else two events
                    who = keys.name(sorted(shared)[0])
                    status = "as done" if p.modality == "done" else "as what was asked or offered"
                    return [Verdict(self.kind, f"act:{sorted(shared)[0]}:{'|'.join(sorted((_act(p), _act(q))))}",
                                    f"what happened to {who}", _act(p), _act(q),
                                    because=f"both report {who}'s part in one event, {status}, and the two acts "
                                            f"exclude each other")]
        return []


_OPPOSED_WORDS = frozenset(w for pair in _OPPOSED for side in pair for w in side)


def _act(a) -> str:
    return ("not " if a.negated else "") + a.predicate


def _dated_apart(p, a: Claim, q, b: Claim) -> bool:
    spans_a = [a.span_of[s] for s in p.dates if s in a.span_of]
    spans_b = [b.span_of[s] for s in q.dates if s in b.span_of]
    return bool(spans_a and spans_b) and not any(x[0] <= y[1] and y[0] <= x[1] for x in spans_a for y in spans_b)


_GDP = ("gross", "domestic", "product")


def _action_label(a: Claim, b: Claim, fa: Figure | None, fb: Figure | None) -> str:
    """'climate-finance contribution at 1% of GDP', or the action's verb when there is no figure."""
    if fa is not None and fb is not None:
        shared = [t for t in fa.terms if t in fb.terms]
        measure = " ".join(t for t in shared if t not in _GDP)
        base = " of GDP" if all(t in shared for t in _GDP) else ""
        return f"{measure} at {fa.text}{base}" if measure else f"{fa.text}{base}"
    return f"the step to {action_verb(a.unit.text)}…"


COMPARATORS: list[Comparator] = [OfficeHolder(), PersonTitle(), RoleTitle(), PersonName(), EventDate(), FigureSize(),
                                 ActionStatus(), OpposedActs()]
