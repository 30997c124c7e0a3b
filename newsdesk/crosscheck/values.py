"""Figures and days as the cross-check compares them: agreement within stated
bounds, one wording per figure, the figures and resolved days of a clause."""
from __future__ import annotations

import re
from datetime import date

from ..analyze.model import Assertion, Figure
from .model import Claim

__all__ = ["figures_agree", "describe_figure", "figures_of", "assertion_days", "comparable_figures", "same_counted"]

_SYMBOL = {"USD": "$", "NZD": "NZ$", "AUD": "A$", "CAD": "C$", "EUR": "€", "GBP": "£", "JPY": "¥"}
_SCALE_WORDS = [(1e12, "trillion"), (1e9, "billion"), (1e6, "million")]


def figures_agree(fa: Figure, fb: Figure, tolerance: float = 0.005) -> bool:
    """The two figures' stated ranges ('about', 'more than', '40 to 60') overlap; tallies are equal."""
    if fa.family == fb.family == "tally":
        return tally(fa) == tally(fb)
    lo_a, hi_a = _interval(fa, tolerance)
    lo_b, hi_b = _interval(fb, tolerance)
    return lo_a <= hi_b and lo_b <= hi_a


def tally(f: Figure) -> tuple[int, ...]:
    """The counts of a tally ('396-9' -> (396, 9))."""
    return tuple(int(n) for n in re.findall(r"\d+", f.text))


def _interval(f: Figure, tol: float) -> tuple[float, float]:
    low = f.low if f.low is not None else float("-inf")
    high = f.high if f.high is not None else float("inf")
    return low * (1 - tol) if low != float("-inf") else low, high * (1 + tol) if high != float("inf") else high


def comparable_figures(f: Figure, g: Figure) -> bool:
    """Same family and unit, and the same counted noun where both say what they count."""
    return f.family == g.family and f.unit == g.unit and same_counted(f.counted, g.counted)


# Nouns that count the same things (general English): a bill is a measure, a person one of the people.
_SAME_THING = {"measure": "bill", "legislation": "bill", "person": "people", "individual": "people",
               "kid": "child", "youngster": "child", "dollar": "dollar", "employee": "worker", "staffer": "worker"}


def same_counted(a: str, b: str) -> bool:
    """'page' and 'page of document' count the same; 'page of document' and 'page of email' do not."""
    if not a or not b or a == b:
        return True
    head_a, _, of_a = a.partition(" of ")
    head_b, _, of_b = b.partition(" of ")
    same_head = _SAME_THING.get(head_a, head_a) == _SAME_THING.get(head_b, head_b)
    return same_head and (not of_a or not of_b or _SAME_THING.get(of_a, of_a) == _SAME_THING.get(of_b, of_b))


def describe_figure(f: Figure) -> str:
    """A figure in one canonical wording: 'more than NZ$6 billion a year', '2%', '40 to 60 hour'."""
    number = _number_words(f.value)
    if f.low is not None and f.high is not None and f.low == f.value < f.high:
        number = f"{number} to {_number_words(f.high)}"
        qualifier = ""
    elif f.low is not None and f.high is None:
        qualifier = "more than "
    elif f.high is not None and f.low is None:
        qualifier = "up to "
    elif f.low is not None and f.high is not None and f.low != f.high:
        qualifier = "about "
    else:
        qualifier = ""
    if f.family == "tally":
        return "-".join(str(n) for n in tally(f))
    if f.family == "currency":
        body = f"{_SYMBOL.get(f.unit, f.unit + ' ')}{number}"
    elif f.family == "percent":
        body = f"{number}%" + (" change" if f.unit == "% change" else "")
    else:
        body = f"{number} {f.counted if f.family == 'count' and f.counted else f.unit}"
    return qualifier + body + (" a year" if f.per_year else "")


def _number_words(value: float) -> str:
    for size, word in _SCALE_WORDS:
        if value >= size:
            return f"{value / size:g} {word}"
    return f"{value:,.0f}" if value == int(value) else f"{value:g}"


def figures_of(a: Assertion, claim: Claim) -> list[Figure]:
    return [f for f in claim.unit.figures if f.start in a.figures]


def assertion_days(a: Assertion, claim: Claim) -> set[date]:
    return {claim.day_of[s] for s in a.dates if s in claim.day_of}
