"""Explicit comparison of claims, slot by slot, behind one small interface.

A :class:`Comparator` names the *blocks* a claim belongs to (only claims in the
same block are compared) and compares two claims, returning :class:`Verdict`s
(a disagreement on one slot, with each side's value). No entailment model ships
here (none is installable), so the comparators below look at offices, titles,
dates, figures and modality; a model-backed comparator can be added to
``COMPARATORS`` later without touching the rest.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from typing import Iterable, Protocol

from ..analyze import cues
from ..analyze.model import Figure
from .model import Claim

__all__ = ["Verdict", "Context", "Comparator", "COMPARATORS", "figures_agree", "figure_terms_match", "figure_kind"]


@dataclass(frozen=True, slots=True)
class Verdict:
    kind: str  # office-holder | title | date | figure | status
    slot: str  # identifies the disagreement: verdicts with one slot form one conflict
    about: str
    value_a: str
    value_b: str
    note: str = ""


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


class Comparator(Protocol):
    kind: str

    def blocks(self, claim: Claim, ctx: Context) -> Iterable[str]: ...

    def compare(self, a: Claim, b: Claim, block: str, ctx: Context) -> list[Verdict]: ...


# -- helpers ----------------------------------------------------------------------
def _is_old(claim: Claim, ctx: Context) -> bool:
    """A sentence about an earlier time (names only years before the story's)."""
    if not ctx.ref or not claim.years:
        return claim.unit.background
    return max(claim.years) < ctx.ref.year - 1 or claim.unit.background


def _holders(claim: Claim, ctx: Context, *, sitting: bool) -> list[tuple[str, str, str | None]]:
    out = []
    for p in claim.unit.persons:
        if not p.name or not p.office or p.how == "title-only":
            continue
        if sitting and p.status not in ("", "current"):
            continue
        key = ctx.canon(p.key)
        country = p.country or ctx.person_country(key) or ctx.sole_country.get(p.office) or _country_in_sentence(
            claim, p.office, ctx)
        out.append((key, p.office, country))
    return out


def _country_in_sentence(claim: Claim, office: str, ctx: Context) -> str | None:
    """The one country named in the sentence that has a holder of this office elsewhere in the story."""
    fitting = set(claim.unit.countries) & ctx.office_countries.get(office, set())
    return next(iter(fitting)) if len(fitting) == 1 else None


_COUNTRY_NAMES = {"US": "the United States", "GB": "the United Kingdom"}


def _office_label(office: str, country: str | None) -> str:
    import pycountry

    if not country:
        return office
    entry = pycountry.countries.get(alpha_2=country)
    name = _COUNTRY_NAMES.get(country, getattr(entry, "common_name", None) or (entry.name if entry else country))
    return f"{office} of {name}"


# -- office holder ------------------------------------------------------------------
class OfficeHolder:
    """Two different people named as the sitting holder of one office of one country."""

    kind = "office-holder"

    def blocks(self, claim, ctx):
        if _is_old(claim, ctx):
            return []
        return [f"office:{office}:{country}" for _, office, country in _holders(claim, ctx, sitting=True) if country]

    def compare(self, a, b, block, ctx):
        _, office, country = block.split(":", 2)
        pa = {k for k, o, c in _holders(a, ctx, sitting=True) if o == office and c == country}
        pb = {k for k, o, c in _holders(b, ctx, sitting=True) if o == office and c == country}
        out = []
        for x in pa - pb:
            for y in pb - pa:
                if frozenset((x, y)) in ctx.together:
                    continue
                out.append(Verdict(self.kind, block, f"who is the {_office_label(office, country)}",
                                   ctx.person_name(x), ctx.person_name(y)))
        return out


# -- title / status of a person ----------------------------------------------------------
class PersonTitle:
    """'Former X' in one source, sitting X in another, at about the same time."""

    kind = "title"

    def blocks(self, claim, ctx):
        out = []
        for p in claim.unit.persons:
            if p.name and p.office and p.status in ("", "current", "former"):
                if p.status != "former" and _is_old(claim, ctx):
                    continue
                out.append(f"title:{ctx.canon(p.key)}:{p.office}")
        return out

    def compare(self, a, b, block, ctx):
        _, key, office = block.split(":", 2)
        sa, sb = _statuses(a, key, office, ctx), _statuses(b, key, office, ctx)
        if "former" in sa and "former" not in sb and sb:
            former, sitting, flip = a, b, False
        elif "former" in sb and "former" not in sa and sa:
            former, sitting, flip = b, a, True
        else:
            return []
        if _changed_since(sitting, former, ctx):
            return []
        name = ctx.person_name(key)
        value_former, value_sitting = f"former {office}", f"{office} (sitting)"
        values = (value_sitting, value_former) if flip else (value_former, value_sitting)
        return [Verdict(self.kind, block, f"{name}'s current office", *values)]


def _statuses(claim: Claim, key: str, office: str, ctx: Context) -> set[str]:
    return {p.status or "current" for p in claim.unit.persons
            if p.name and ctx.canon(p.key) == key and p.office == office and p.status in ("", "current", "former")}


def _changed_since(sitting: Claim, former: Claim, ctx: Context) -> bool:
    """The 'former' report came well after the 'sitting' one: the office changed hands, no conflict."""
    ds, df = ctx.published.get(sitting.article), ctx.published.get(former.article)
    return bool(ds and df and (df - ds).days > 45)


# -- dates -----------------------------------------------------------------------------
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


def _reported(claim: Claim) -> bool:
    """A reported event, not a plan: only reported events can contradict an end date."""
    return not (claim.unit.future or claim.unit.modality == "intent")


class EventDate:
    """When the story's event happened: an end date earlier than events others date later,
    or one kind of event (meeting, arrival, end) on different days."""

    kind = "date"

    def blocks(self, claim, ctx):
        if not claim.days or not _TRIP.search(claim.unit.text) or event_type(claim.unit.text) is None:
            return []
        if ctx.ref and all(abs((d - ctx.ref).days) > 45 for d in claim.days):
            return []
        return ["date:event"]

    def compare(self, a, b, block, ctx):
        ta, tb = event_type(a.unit.text), event_type(b.unit.text)
        out = []
        for x, tx, y, ty, swapped in ((a, ta, b, tb, False), (b, tb, a, ta, True)):
            if tx == "end" and ty in ("meeting", "start", "end") and _reported(y):
                end_day, later = min(x.days), max(y.days)
                if later > end_day and not (ty == "end" and min(y.days) <= end_day):
                    values = (f"ended {end_day.isoformat()}", f"still under way after {end_day.isoformat()}")
                    out.append(Verdict(self.kind, "date:when", "when the visit took place and ended",
                                       *(values[::-1] if swapped else values),
                                       "one source has the visit over before events other sources date later"))
                    return out
        if ta == tb and ta != "end" and not set(a.days) & set(b.days) and frozenset((a.key, b.key)) in ctx.aligned:
            out.append(Verdict(self.kind, f"date:{ta}", f"when the {ta} happened",
                               f"{ta} on {min(a.days).isoformat()}", f"{tb} on {min(b.days).isoformat()}"))
        return out


# -- figures ------------------------------------------------------------------------------
def figure_terms_match(fa: Figure, fb: Figure) -> bool:
    ta, tb = set(fa.terms), set(fb.terms)
    shared = ta & tb
    return len(shared) >= 2 or (len(shared) == 1 and min(len(ta), len(tb)) <= 2 and bool(ta and tb))


def figures_agree(fa: Figure, fb: Figure, tolerance: float = 0.02) -> bool:
    lo_a, hi_a = _interval(fa, tolerance)
    lo_b, hi_b = _interval(fb, tolerance)
    return lo_a <= hi_b and lo_b <= hi_a


def _interval(f: Figure, tol: float) -> tuple[float, float]:
    low = f.low if f.low is not None else float("-inf")
    high = f.high if f.high is not None else float("inf")
    return low * (1 - tol) if low != float("-inf") else low, high * (1 + tol) if high != float("inf") else high


def figure_kind(f: Figure) -> tuple[str, str]:
    """What a figure can be compared with: same family and unit (any counted noun for counts)."""
    return f.family, (f.unit if f.family != "count" else "count")


def _unit_key(f: Figure) -> str:
    return figure_kind(f)[1]


_SYMBOL = {"USD": "$", "NZD": "NZ$", "AUD": "A$", "CAD": "C$", "EUR": "€", "GBP": "£", "JPY": "¥"}
_SCALE_WORDS = [(1e12, "trillion"), (1e9, "billion"), (1e6, "million")]


def describe_figure(f: Figure) -> str:
    """A figure in one canonical wording: 'more than NZ$6 billion a year', '2%', '2,400 police'."""
    qualifier = ""
    if f.low is not None and f.high is None:
        qualifier = "more than "
    elif f.high is not None and f.low is None:
        qualifier = "up to "
    elif f.low is not None and f.high is not None and f.low != f.high:
        qualifier = "about "
    number = _number_words(f.value)
    if f.family == "currency":
        body = f"{_SYMBOL.get(f.unit, f.unit + ' ')}{number}"
    elif f.family == "percent":
        body = f"{number}%" + (" change" if f.unit == "% change" else "")
    else:
        body = f"{number} {f.unit}"
    return qualifier + body + (" a year" if f.per_year else "")


def _number_words(value: float) -> str:
    for size, word in _SCALE_WORDS:
        if value >= size:
            return f"{value / size:g} {word}"
    return f"{value:,.0f}" if value == int(value) else f"{value:g}"


class FigureSize:
    """Different values for one measure (same unit, same measured words)."""

    kind = "figure"

    def blocks(self, claim, ctx):
        return sorted({f"figure:{f.family}:{_unit_key(f)}" for f in claim.unit.figures})

    def compare(self, a, b, block, ctx):
        _, family, unit = block.split(":", 2)
        out = []
        for fa in (f for f in a.unit.figures if f.family == family and _unit_key(f) == unit):
            for fb in (f for f in b.unit.figures if f.family == family and _unit_key(f) == unit):
                if figure_terms_match(fa, fb) and not figures_agree(fa, fb):
                    shared = [t for t in fa.terms if t in fb.terms]
                    measure = " ".join(shared)
                    out.append(Verdict(self.kind, f"figure:{family}:{unit}:{shared[-1]}", f"the size of {measure}",
                                       describe_figure(fa), describe_figure(fb), _figure_note(fa, fb)))
        return out


def _figure_note(fa: Figure, fb: Figure) -> str:
    notes = []
    years = sorted({str(f.year) for f in (fa, fb) if f.year})
    if years and fa.year != fb.year:
        notes.append(f"a year is stated for only some figures ({', '.join(years)}), which may explain part of the gap")
    if fa.per_year != fb.per_year:
        notes.append("one figure is given as an annual amount")
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
    """The same action reported as done in one source and only promised or planned in another."""

    kind = "status"

    def blocks(self, claim, ctx):
        keys = [f"status:{f.family}:{f.value:g}" for f in claim.unit.figures]
        if action_modality(claim) and action_verb(claim.unit.text):
            keys.append("status:aligned")
        return keys

    def compare(self, a, b, block, ctx):
        if block == "status:aligned":
            same_action = action_verb(a.unit.text) == action_verb(b.unit.text)
            if frozenset((a.key, b.key)) not in ctx.aligned or not same_action:
                return []
            pairs = [(None, None)]
        else:
            pairs = [(fa, fb) for fa in a.unit.figures for fb in b.unit.figures
                     if f"status:{fa.family}:{fa.value:g}" == block == f"status:{fb.family}:{fb.value:g}"
                     and figure_terms_match(fa, fb)]
        out = []
        for fa, fb in pairs:
            ma, mb = action_modality(a, fa), action_modality(b, fb)
            if {ma, mb} == {"done", "intent"}:
                what = _action_label(a, b, fa, fb)
                slot = f"status:{fa.family}:{fa.value:g}" if fa else f"status:{action_verb(a.unit.text)}"
                out.append(Verdict(self.kind, slot, f"whether {what} is done or only promised",
                                   "done" if ma == "done" else "promised or planned",
                                   "done" if mb == "done" else "promised or planned"))
        return out


_GDP = ("gross", "domestic", "product")


def _action_label(a: Claim, b: Claim, fa: Figure | None, fb: Figure | None) -> str:
    """'climate-finance contribution at 1% of GDP', or the action's verb when there is no figure."""
    if fa is not None and fb is not None:
        shared = [t for t in fa.terms if t in fb.terms]
        measure = " ".join(t for t in shared if t not in _GDP)
        base = " of GDP" if all(t in shared for t in _GDP) else ""
        return f"{measure} at {fa.text}{base}" if measure else f"{fa.text}{base}"
    return f"the step to {action_verb(a.unit.text)}…"


COMPARATORS: list[Comparator] = [OfficeHolder(), PersonTitle(), EventDate(), FigureSize(), ActionStatus()]
