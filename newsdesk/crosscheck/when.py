"""Conflicts about when something happened — only between reports of one event.

- **Same event, another day**: two clauses that state one claim in everything but
  its date (same act, same named actor, two or more shared participants, both
  reported as done) whose resolved dates do not overlap ('passed Tuesday' /
  'voted on Wednesday'; a weekday is resolved against its article's own date, so
  'Thursday' against a date that is a Friday disagrees too).
- **Reported at another time**: the same reported claim, said to have been made at
  times that do not overlap ('warned last week' / 'issued last month').
- **A visit over too early**: a visit said to have ended before events other
  sources date later.

A later report that moves a date ('moved the vote up to January 1') is an update
for the timeline, never a dispute (see :func:`is_revision`).
"""
from __future__ import annotations

import re
from datetime import date
from typing import TYPE_CHECKING

from ..analyze.claims import REPORTING, head_verb
from ..analyze.model import Assertion
from .match import named, same_act, same_claim, same_person
from .model import Claim, Verdict

if TYPE_CHECKING:
    from .compare import Context

__all__ = ["EventDate", "is_revision", "participants", "event_type"]

# Verbs that change a date or plan that was reported before (general English).
_REVISION = frozenset("move postpone delay reschedule advance push bring cancel revise change update "
                      "extend shorten".split())
# Acts that are one event when their participants are the same: a chamber's vote on a bill is its passage.
_SAME_EVENT = [frozenset({"vote", "pass", "approve", "adopt"})]


def is_revision(claim: Claim) -> bool:
    """The sentence reports a changed date or plan ('moved the vote up', 'postponed the meeting')."""
    return any(a.predicate.split()[0] in _REVISION for a in claim.unit.assertions if a.modality == "done")


def participants(a: Assertion, claim: Claim, keys) -> set[str]:
    """Who and what the clause concerns, with what its descriptions add ('a bill that reaffirmed the motto')."""
    own = {keys.canon(k) for k in [a.who, *a.args] if k}
    for other in claim.unit.assertions:
        if other.describes and keys.canon(other.describes) in own:
            own |= {keys.canon(k) for k in [other.who, *other.args] if k}
    return own


def _event_act(a: Assertion) -> str:
    lemma = a.predicate
    for group in _SAME_EVENT:
        if lemma in group:
            return sorted(group)[0]
    return lemma


def _same_event(pa: str, pb: str) -> bool:
    return same_act(pa, pb) or any(pa in g and pb in g for g in _SAME_EVENT)


def _dated(claim: Claim, modality: str = "done") -> list[tuple[Assertion, tuple[date, date]]]:
    """Clauses reported as done (or planned), with the span of their own stated date."""
    out = []
    for a in claim.unit.assertions:
        spans = [claim.span_of[s] for s in a.dates if s in claim.span_of]
        if spans and a.modality == modality and not a.negated and head_verb(a.predicate) not in REPORTING:
            out.append((a, (min(s[0] for s in spans), max(s[1] for s in spans))))
    return out


def _reported_at(claim: Claim, a: Assertion) -> tuple[date, date] | None:
    spans = [claim.span_of[s] for s in a.report_dates if s in claim.span_of]
    return (min(s[0] for s in spans), max(s[1] for s in spans)) if spans else None


def _disjoint(x: tuple[date, date], y: tuple[date, date]) -> bool:
    return x[1] < y[0] or y[1] < x[0]


def _when(span: tuple[date, date]) -> str:
    first, last = span
    if first == last:
        return f"{first:%A}, {first:%B} {first.day}, {first.year}"
    return f"between {first:%B} {first.day} and {last:%B} {last.day}, {last.year}"


class EventDate:
    """The same event, or the same report, dated differently by two sources."""

    kind = "date"

    def blocks(self, claim, ctx):
        if is_revision(claim):
            return []
        keys = [f"event:{_event_act(a)}" for a, _ in _dated(claim) + _dated(claim, "planned")]
        keys += ["report:when" for a in claim.unit.assertions if a.report_dates and a.checkable]
        keys += ["visit:end"] if _visit_dates(claim, ctx) else []
        return sorted(set(keys))

    def compare(self, a, b, block, ctx):
        if a.origin == b.origin:
            return []
        if block == "visit:end":
            return _visit_end(a, b)
        if block == "report:when":
            return _report_times(a, b, ctx)
        _rescheduled(a, b, ctx)
        return _event_days(a, b, ctx)


def _one_event(p: Assertion, x: Claim, q: Assertion, y: Claim, keys) -> set[str]:
    """The participants two dated clauses share when they report one event (empty when they do not)."""
    if not _same_event(p.predicate, q.predicate):
        return set()
    who_p, who_q = keys.canon(p.who), keys.canon(q.who)
    if named({who_p}) and named({who_q}) and who_p != who_q or not same_person(x, y, who_p, keys):
        return set()
    shared = _fold(participants(p, x, keys), participants(q, y, keys))
    return shared if len(shared) >= 2 and named(shared) else set()


def _rescheduled(x: Claim, y: Claim, ctx: Context) -> None:
    """A planned event given another date by a later report: the later one is an update."""
    day_x, day_y = ctx.published.get(x.article), ctx.published.get(y.article)
    if not (day_x and day_y) or day_x == day_y:
        return
    later = x if day_x > day_y else y
    for p, span_p in _dated(x, "planned"):
        for q, span_q in _dated(y, "planned") + _dated(y):
            if _disjoint(span_p, span_q) and _one_event(p, x, q, y, ctx.keys):
                ctx.updates.add(later.key)


def _event_days(x: Claim, y: Claim, ctx: Context) -> list[Verdict]:
    keys = ctx.keys
    for p, span_p in _dated(x):
        for q, span_q in _dated(y):
            if not _disjoint(span_p, span_q):
                continue
            shared = _one_event(p, x, q, y, keys)
            if not shared:
                continue
            what = " · ".join(keys.name(k) for k in sorted(shared, key=lambda k: (k[:2] == "n:", k)))
            return [Verdict("date", f"date:{_event_act(p)}:{'|'.join(sorted(named(shared)))}",
                            f"when it happened: {what} ({p.predicate})", f"{p.predicate} {_when(span_p)}",
                            f"{q.predicate} {_when(span_q)}",
                            because=f"both report the same event as done: {what} ({p.predicate}"
                                    f"{'' if p.predicate == q.predicate else ' / ' + q.predicate})")]
    return []


def _fold(a: set[str], b: set[str]) -> set[str]:
    """Shared keys, a named key written out more fully on one side counting as shared ('house' / 'house gop')."""
    shared = a & b
    for k in a - b:
        if k.startswith("e:") and any(o.startswith("e:") and set(k[2:].split()) < set(o[2:].split()) for o in b):
            shared.add(k)
    for k in b - a:
        if k.startswith("e:") and any(o.startswith("e:") and set(k[2:].split()) < set(o[2:].split()) for o in a):
            shared.add(k)
    return shared


def _report_times(x: Claim, y: Claim, ctx: Context) -> list[Verdict]:
    for p in x.unit.assertions:
        when_p = _reported_at(x, p)
        if when_p is None or not p.checkable:
            continue
        for q in y.unit.assertions:
            when_q = _reported_at(y, q)
            if when_q is None or not _disjoint(when_p, when_q):
                continue
            match = same_claim(p, x, q, y, ctx.keys, frozenset({"source"}))
            if match is not None:
                what = match.reason.split(": ", 1)[-1]
                return [Verdict("date", f"reported:{what}", f"when this was reported: {what}",
                                f"reported {_when(when_p)}", f"reported {_when(when_q)}",
                                because=f"both report the same claim ({what}) and date the report")]
    return []


# -- a visit said to be over before other sources' events ------------------------------------------------
_END = re.compile(r"\b(conclud\w*|ended|ending|ends|wrapp\w* up|wrap up|depart\w*|left|leaving|leaves|"
                  r"finish\w*|closing|closed)\b", re.I)
_START = re.compile(r"\b(arriv\w*|began|begins|beginning|commenc\w*|started|starting|landed|opened)\b", re.I)
_MEET = re.compile(r"\b(met|meet|meets|meeting|talks|summit|discussions|held talks|sat down)\b", re.I)
_TRIP = re.compile(r"\b(visit|trip|tour|summit|talks|meeting|stay|journey|leg)\b", re.I)


def event_type(text: str) -> str | None:
    if _END.search(text):
        return "end"
    if _START.search(text):
        return "start"
    if _MEET.search(text):
        return "meeting"
    return None


def _visit_dates(claim: Claim, ctx: Context) -> bool:
    if not claim.days or not _TRIP.search(claim.unit.text) or event_type(claim.unit.text) is None:
        return False
    return not (ctx.ref and all(abs((d - ctx.ref).days) > 45 for d in claim.days))


def _reported(claim: Claim) -> bool:
    """A reported event, not a plan: only reported events can contradict an end date."""
    return not (claim.unit.future or claim.unit.modality == "intent")


def _visit_end(a: Claim, b: Claim) -> list[Verdict]:
    ta, tb = event_type(a.unit.text), event_type(b.unit.text)
    for x, tx, y, ty, swapped in ((a, ta, b, tb, False), (b, tb, a, ta, True)):
        if tx == "end" and ty in ("meeting", "start", "end") and _reported(y):
            end_day, later = min(x.days), max(y.days)
            if later > end_day and not (ty == "end" and min(y.days) <= end_day):
                values = (f"ended {end_day.isoformat()}", f"still under way after {end_day.isoformat()}")
                return [Verdict("date", "date:when", "when the visit took place and ended",
                                *(values[::-1] if swapped else values),
                                "one source has the visit over before events other sources date later",
                                because="both date the same visit: one its end, the other events during it")]
    return []
