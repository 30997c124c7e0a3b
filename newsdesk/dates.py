"""Date expressions in text, resolved against the article's own date (its publish day).

Two views of one reading:

- :func:`resolve` — every expression as a :class:`ResolvedDate` (a day, a week, a
  month or a year), resolved against ``ref``;
- :func:`mentions` — what the text states (:class:`DateParts`, no year guessed),
  each with the tense of its clause; :func:`resolve_parts` resolves one later.

Tense decides the direction of what the text leaves open (see :mod:`newsdesk.tense`):
a weekday or a month-day without a year is, in the past tense, the most recent one
on or before ``ref``; in the future tense the next one on or after; when the tense
is unknown, the nearer one. 'last Friday' is always before ``ref`` and 'next
Friday' after it; 'last week', 'this month', 'next year', 'three days ago' count
from ``ref``.
"""
from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING, Literal

from .lexicon.calendar import MONTH_NAME, MONTHS, WEEKDAY_NAME, WEEKDAYS, month_number
from .lexicon.numbers import small_counts
from .tense import FUTURE, PAST, UNSURE, tense_at

if TYPE_CHECKING:
    from spacy.tokens import Doc

__all__ = ["Granularity", "ResolvedDate", "DateParts", "resolve", "mentions", "resolve_parts", "with_parse_tense",
           "WEEKDAYS", "MONTHS", "PAST", "FUTURE", "UNSURE"]

_MONTH = rf"({MONTH_NAME})\.?"
_DAY = r"(\d{1,2})(?:st|nd|rd|th)?"
_YEAR = r"((?:19|20)\d{2})"
_WD = rf"(?:({WEEKDAY_NAME}),?\s+)?"
_MDY = re.compile(rf"\b{_WD}{_MONTH}\s+{_DAY}(?:,?\s+{_YEAR})?\b(?!\s*%)", re.I)
_DMY = re.compile(rf"\b{_WD}(?:the\s+)?{_DAY}\s+(?:of\s+)?{_MONTH}(?:,?\s+{_YEAR})?\b", re.I)
_ISO = re.compile(r"\b((?:19|20)\d{2})-(\d{2})-(\d{2})\b")
_NUMERIC = re.compile(r"\b(\d{1,2})\s*/\s*(\d{1,2})\s*/\s*((?:19|20)\d{2})\b")
_MONTH_YEAR = re.compile(rf"\b{_MONTH}\s+{_YEAR}\b", re.I)
_WEEKDAY = rf"({WEEKDAY_NAME})"
_NUMBERS = small_counts()
_COUNT = r"(\d{1,2}|" + "|".join(sorted(_NUMBERS, key=len, reverse=True)) + ")"  # '3', 'three', 'a'
# The relative expressions of English date reference; each alternative is one grammatical form.
_RELATIVE = re.compile(
    r"\b(?:(?P<day>the\s+day\s+before\s+yesterday|the\s+day\s+after\s+tomorrow|today|tonight|yesterday|tomorrow"
    r"|this\s+(?:morning|afternoon|evening))"
    rf"|(?:(?P<wmod>last|this|next|past|previous|coming|on)\s+)?{_WEEKDAY.replace('(', '(?P<weekday>', 1)}"
    r"|(?P<pmod>last|this|next|earlier\s+this|later\s+this)\s+(?P<period>week|month|year)"
    rf"|{_COUNT.replace('(', '(?P<count>', 1)}\s+(?P<unit>day|week|month|year)s?\s+(?P<dir>ago|from\s+now))\b",
    re.I)
_NAMED_DAY = re.compile(r"[A-Z][a-z]+\s+$")  # 'Black Friday', 'Super Tuesday': a name, not a weekday reference
_RELATIVE_WORDS = {"last", "this", "next", "past", "previous", "coming", "on"}
# Function words that can start a sentence right before a weekday (closed classes: prepositions, determiners).
_BEFORE_WEEKDAY = {"by", "until", "till", "since", "from", "before", "after", "on", "every", "each", "that", "and",
                   "but", "or", "then", "through", "late", "early", "as", "of", "for", "at", "to", "over"}
TenseOf = Callable[[int, int], int]
# How much of the calendar a resolved date covers: its first day stands for the whole period.
Granularity = Literal["day", "week", "month", "year"]


@dataclass(frozen=True, slots=True)
class ResolvedDate:
    day: date  # the day; the first day of the week (Monday), month or year at those granularities
    granularity: Granularity
    text: str  # the expression as written
    start: int = 0  # char offsets in the text searched
    end: int = 0
    weekday_ok: bool | None = None  # a stated weekday matches the date (None: none stated)
    year_inferred: bool = False

    @property
    def iso(self) -> str:
        if self.granularity == "year":
            return f"{self.day.year:04d}"
        if self.granularity == "month":
            return f"{self.day.year:04d}-{self.day.month:02d}"
        if self.granularity == "week":
            year, week, _ = self.day.isocalendar()
            return f"{year:04d}-W{week:02d}"
        return self.day.isoformat()


@dataclass(frozen=True, slots=True)
class DateParts:
    """A date expression as written, before any year is guessed."""

    start: int
    end: int
    text: str
    year: int | None
    month: int | None
    day: int | None
    weekday: str | None = None
    relative: str | None = None  # normalised: "yesterday", "last friday", "friday", "last week", "3 days ago"
    tense: int = UNSURE  # of the clause: PAST (-1), FUTURE (+1) or UNSURE (0)


# -- entry points ----------------------------------------------------------------------------
def resolve(text: str, ref: datetime | date | None = None, *, relative: bool = True,
            doc: Doc | None = None) -> list[ResolvedDate]:
    """Every date expression in ``text``, resolved against ``ref`` (the publish date).

    A month-day without a year takes the year that fits a stated weekday, else the
    one the tense points to from ``ref``; relative expressions need ``ref``.
    ``doc``: a spaCy parse of ``text`` (the tense is read from it; otherwise from
    the words around the expression). An expression overlapping one found earlier
    (in the order below) is skipped.
    """
    ref_day = _ref_day(ref)
    tense_of: TenseOf = lambda s, e: tense_at(text, s, e, doc)  # noqa: E731
    readers = [_iso_dates(text), _written_dates(text, ref_day, tense_of), _numeric_dates(text), _month_years(text)]
    if relative and ref_day:
        readers.append(_relative_dates(text, ref_day, tense_of))
    return _without_overlaps(readers)


def mentions(text: str, doc: Doc | None = None) -> list[DateParts]:
    """Date expressions with only what the text states (no year inferred), each with its tense."""
    found = [DateParts(r.start, r.end, r.text, None if r.year_inferred else r.day.year,
                       r.day.month if r.granularity != "year" else None,
                       r.day.day if r.granularity == "day" else None, _stated_weekday(r.text))
             for r in resolve(text, date(2000, 1, 1), relative=False)]
    taken = [(d.start, d.end) for d in found]
    for m in _relative_matches(text):
        if not any(s < m.end() and m.start() < e for s, e in taken):
            found.append(DateParts(m.start(), m.end(), m.group(0), None, None, None, None, _normalise(m)))
    return sorted((replace(d, tense=tense_at(text, d.start, d.end, doc)) for d in found), key=lambda d: d.start)


def with_parse_tense(parts: list[DateParts], doc: Doc, offset: int = 0) -> list[DateParts]:
    """The same mentions with their tense read from a spaCy parse of the text they were found in
    (``offset``: where that text starts in the offsets of ``parts``)."""
    text = doc.text
    return [replace(p, tense=tense_at(text, p.start - offset, p.end - offset, doc)) for p in parts]


def resolve_parts(parts: DateParts, ref: date | None, direction: int | None = None) -> ResolvedDate | None:
    """A day, week, month or year for stated parts, the year taken from a stated weekday or ``ref``.

    ``direction`` orients what the text leaves open: -1 past, +1 future, 0 the
    nearer one; None (the default) uses the tense the mention was found with.
    """
    direction = parts.tense if direction is None else direction
    ref = _ref_day(ref)
    if parts.relative:
        found = _relative(parts.relative, ref, direction) if ref else None
        return ResolvedDate(found[0], found[1], parts.text, parts.start, parts.end) if found else None
    if parts.month is None:
        return None
    year, inferred = parts.year, False
    if year is None:
        if parts.day is None:
            return None
        year, inferred = _pick_year(parts.month, parts.day, parts.weekday, ref, direction)
        if year is None:
            return None
    day = _safe_date(year, parts.month, parts.day or 1)
    if day is None:
        return None
    return ResolvedDate(day, "day" if parts.day else "month", parts.text, parts.start, parts.end,
                        _weekday_ok(parts.weekday, day) if parts.day else None, inferred)


# -- helpers -----------------------------------------------------------------------------------
def _ref_day(ref: datetime | date | None) -> date | None:
    day = ref.date() if isinstance(ref, datetime) else ref
    if day is not None and not 1900 <= day.year <= 2200:
        return None  # a placeholder date ('0001-01-01') is no reference
    return day


def _without_overlaps(readers: list[Iterator[ResolvedDate]]) -> list[ResolvedDate]:
    found: list[ResolvedDate] = []
    taken: list[tuple[int, int]] = []
    for reader in readers:
        for item in reader:
            if not any(s < item.end and item.start < e for s, e in taken):
                taken.append((item.start, item.end))
                found.append(item)
    return sorted(found, key=lambda r: r.start)


def _month(token: str) -> int:
    return month_number(token.lower().rstrip("."))


def _safe_date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _weekday_ok(weekday: str | None, d: date) -> bool | None:
    return None if not weekday else WEEKDAYS[d.weekday()] == weekday.lower()


def _stated_weekday(expr: str) -> str | None:
    match = re.match(rf"\s*{_WEEKDAY}", expr, re.I)
    return match.group(1).lower() if match else None


SLACK = timedelta(days=2)  # a past date this far after ``ref`` is still this year's (time zones, late copy)


def _pick_year(month: int, day: int, weekday: str | None, ref: date | None,
               direction: int = UNSURE) -> tuple[int | None, bool]:
    """(year, inferred) for a month-day written without one.

    With ``ref``: among the dates from a year before to a year after it (those on
    a stated weekday, when any is), the latest on or before ``ref`` in the past
    tense, the first on or after it in the future tense, else the nearest.
    Without ``ref``: only a stated weekday can tell, the nearest such year to today.
    """
    if ref is None:
        return _year_of_weekday(month, day, weekday)
    pool = [d for y in (ref.year - 1, ref.year, ref.year + 1) if (d := _safe_date(y, month, day))]
    on_weekday = [d for d in pool if _weekday_ok(weekday, d)]
    pool = on_weekday or pool
    if not pool:
        return ref.year, False
    if direction == PAST and (before := [d for d in pool if d <= ref + SLACK]):
        return max(before).year, True
    if direction == FUTURE and (after := [d for d in pool if d >= ref - SLACK]):
        return min(after).year, True
    return min(pool, key=lambda d: abs((d - ref).days)).year, True


def _year_of_weekday(month: int, day: int, weekday: str | None) -> tuple[int | None, bool]:
    if weekday is None:
        return None, False
    today = date.today()
    candidates = [d for y in range(today.year - 6, today.year + 2)
                  if (d := _safe_date(y, month, day)) and _weekday_ok(weekday, d)]
    if not candidates:
        return None, False
    return min(candidates, key=lambda d: abs((d - today).days)).year, True


# -- readers -------------------------------------------------------------------------------------
def _iso_dates(text: str) -> Iterator[ResolvedDate]:
    for m in _ISO.finditer(text):
        d = _safe_date(int(m[1]), int(m[2]), int(m[3]))
        if d:
            yield ResolvedDate(d, "day", m[0], m.start(), m.end())


def _written_dates(text: str, ref_day: date | None, tense_of: TenseOf) -> Iterator[ResolvedDate]:
    """'Tuesday, March 10', '10 March 2026': the year stated, or taken from the weekday or ``ref_day``."""
    for regex, order in ((_MDY, "md"), (_DMY, "dm")):
        for m in regex.finditer(text):
            weekday = m.group(1)
            month_tok, day_tok = (m.group(2), m.group(3)) if order == "md" else (m.group(3), m.group(2))
            month, day_n = _month(month_tok), int(day_tok)
            year: int | None
            if m.group(4):
                year, inferred = int(m.group(4)), False
            else:
                direction = tense_of(m.start(), m.end()) if ref_day else UNSURE
                year, inferred = _pick_year(month, day_n, weekday, ref_day, direction)
            d = _safe_date(year, month, day_n) if year else None
            if d:
                yield ResolvedDate(d, "day", m[0], m.start(), m.end(), _weekday_ok(weekday, d), inferred)


def _numeric_dates(text: str) -> Iterator[ResolvedDate]:
    for m in _NUMERIC.finditer(text):
        a, b, year = int(m[1]), int(m[2]), int(m[3])
        month, day_n = (a, b) if a <= 12 else (b, a)
        d = _safe_date(year, month, day_n)
        if d:
            yield ResolvedDate(d, "day", m[0], m.start(), m.end())


def _month_years(text: str) -> Iterator[ResolvedDate]:
    for m in _MONTH_YEAR.finditer(text):
        yield ResolvedDate(date(int(m[2]), _month(m[1]), 1), "month", m[0], m.start(), m.end())


def _relative_matches(text: str) -> Iterator[re.Match[str]]:
    for m in _RELATIVE.finditer(text):
        if not (m.group("weekday") and not m.group("wmod") and _named_day(text, m.start())):
            yield m


def _named_day(text: str, start: int) -> bool:
    """'Black Friday', 'Super Tuesday': a capitalised word right before the weekday that is not
    a preposition or determiner ('By Friday', 'Every Monday')."""
    name = _NAMED_DAY.search(text[max(0, start - 30):start])
    return name is not None and name[0].split()[0].lower() not in _BEFORE_WEEKDAY


def _normalise(m: re.Match[str]) -> str:
    if m.group("day"):
        words = " ".join(m.group("day").lower().split())
        return "today" if words.startswith("this ") else words
    if m.group("weekday"):
        mod = (m.group("wmod") or "").lower()
        mod = {"past": "last", "previous": "last", "coming": "next", "this": "", "on": ""}.get(mod, mod)
        return f"{mod} {m.group('weekday').lower()}".strip()
    if m.group("period"):
        mod = m.group("pmod").lower().split()[-1]  # 'earlier this week' is this week
        return f"{mod} {m.group('period').lower()}"
    count = m.group("count").lower()
    n = int(count) if count.isdigit() else _NUMBERS[count]
    return f"{n} {m.group('unit').lower()}s {'ago' if m.group('dir').lower() == 'ago' else 'from now'}"


def _relative_dates(text: str, ref_day: date, tense_of: TenseOf) -> Iterator[ResolvedDate]:
    for m in _relative_matches(text):
        found = _relative(_normalise(m), ref_day, tense_of(m.start(), m.end()))
        if found:
            yield ResolvedDate(found[0], found[1], m[0], m.start(), m.end())


# -- relative expressions ---------------------------------------------------------------------------
_FIXED_DAYS = {"today": 0, "tonight": 0, "yesterday": -1, "tomorrow": 1, "the day before yesterday": -2,
               "the day after tomorrow": 2}


def _relative(expr: str, ref: date, direction: int = PAST) -> tuple[date, Granularity] | None:
    """(day, granularity) of a normalised relative expression (see :func:`_normalise`) against ``ref``."""
    words = expr.lower().split()
    if expr in _FIXED_DAYS:
        return ref + timedelta(days=_FIXED_DAYS[expr]), "day"
    if words[-1] in WEEKDAYS:
        return _weekday(WEEKDAYS.index(words[-1]), words[0] if len(words) > 1 else "", ref, direction), "day"
    if words[-1] in ("week", "month", "year") and words[0] in ("last", "this", "next"):
        return _period(words[-1], {"last": -1, "this": 0, "next": 1}[words[0]], ref)
    if len(words) == 3 and words[0].isdigit() and words[2] in ("ago", "now"):
        n = int(words[0]) * (-1 if words[2] == "ago" else 1)
        unit = words[1].rstrip("s")
        if unit == "day":
            return ref + timedelta(days=n), "day"
        return _period(unit, n, ref)
    return None


def _weekday(target: int, modifier: str, ref: date, direction: int) -> date:
    """'last Friday' strictly before ``ref``, 'next Friday' strictly after; a bare weekday
    on or before it in the past tense, on or after it in the future, else the nearer."""
    back = (ref.weekday() - target) % 7
    ahead = (target - ref.weekday()) % 7
    if modifier in _RELATIVE_WORDS - {"this", "on"}:
        return ref - timedelta(days=back or 7) if modifier in ("last", "past", "previous") \
            else ref + timedelta(days=ahead or 7)
    if direction == FUTURE or (direction == UNSURE and ahead < back):
        return ref + timedelta(days=ahead)
    return ref - timedelta(days=back)


def _period(unit: str, shift: int, ref: date) -> tuple[date, Granularity] | None:
    """The week (its Monday), month or year ``shift`` units from the one holding ``ref``."""
    if unit == "week":
        monday = ref - timedelta(days=ref.weekday())
        return monday + timedelta(weeks=shift), "week"
    if unit == "month":
        index = ref.year * 12 + ref.month - 1 + shift
        return date(index // 12, index % 12 + 1, 1), "month"
    if unit == "year":
        return date(ref.year + shift, 1, 1), "year"
    return None
