"""Resolve date expressions in text against a reference time (the publish date).

Used by clustering (which dates an article is about) and by analysis
(timeline, weekday checks). Returns ``ResolvedDate`` with a granularity so a
bare month or year is never mistaken for a day.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Iterator

__all__ = ["ResolvedDate", "resolve", "WEEKDAYS", "MONTHS"]

WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
MONTHS = ["january", "february", "march", "april", "may", "june", "july", "august", "september",
          "october", "november", "december"]
_MONTH_ABBR = {m[:3]: i + 1 for i, m in enumerate(MONTHS)} | {"sept": 9}
_MONTH = r"(jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
_DAY = r"(\d{1,2})(?:st|nd|rd|th)?"
_YEAR = r"((?:19|20)\d{2})"
_WD = r"(?:(monday|tuesday|wednesday|thursday|friday|saturday|sunday),?\s+)?"
_MDY = re.compile(rf"\b{_WD}{_MONTH}\s+{_DAY}(?:,?\s+{_YEAR})?\b", re.I)
_DMY = re.compile(rf"\b{_WD}(?:the\s+)?{_DAY}\s+(?:of\s+)?{_MONTH}(?:,?\s+{_YEAR})?\b", re.I)
_ISO = re.compile(r"\b((?:19|20)\d{2})-(\d{2})-(\d{2})\b")
_NUMERIC = re.compile(r"\b(\d{1,2})\s*/\s*(\d{1,2})\s*/\s*((?:19|20)\d{2})\b")
_MONTH_YEAR = re.compile(rf"\b{_MONTH}\s+{_YEAR}\b", re.I)
_RELATIVE_DAY = re.compile(r"\b(today|yesterday|tomorrow|(last|this|next|on|past)?\s*(monday|tuesday|wednesday|thursday|friday|saturday|sunday))\b", re.I)


@dataclass(frozen=True, slots=True)
class ResolvedDate:
    day: date
    granularity: str  # "day" | "month" | "year"
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
        return self.day.isoformat()


def _month(token: str) -> int:
    return _MONTH_ABBR[token.lower().rstrip(".")[:4] if token.lower().startswith("sept") else token.lower()[:3]]


def _pick_year(month: int, day: int, weekday: str | None, ref: date | None) -> tuple[int | None, bool]:
    """(year, inferred) for a month/day written without one: among the years around ``ref``
    (or today, when only a weekday is stated) the nearest whose date falls on the stated weekday."""
    if ref is None and weekday is None:
        return None, False
    anchor = ref or date.today()
    candidates = [d for year in range(anchor.year - 6, anchor.year + 2) if (d := _safe_date(year, month, day))
                  and (not weekday or WEEKDAYS[d.weekday()] == weekday.lower())]
    if not candidates:
        return (anchor.year if ref else None), False
    return min(candidates, key=lambda d: abs((d - anchor).days)).year, True


def _weekday_ok(weekday: str | None, d: date) -> bool | None:
    return None if not weekday else WEEKDAYS[d.weekday()] == weekday.lower()


def resolve(text: str, ref: datetime | date | None = None, *, relative: bool = True) -> list[ResolvedDate]:
    """Every date expression in ``text``, resolved against ``ref`` (publish date).

    Month-day without a year takes the year that fits a stated weekday, else
    the year nearest ``ref``; relative days ('Tuesday', 'yesterday') need ``ref``.
    An expression overlapping one found earlier (in the order below) is skipped.
    """
    ref_day = ref.date() if isinstance(ref, datetime) else ref
    if ref_day is not None and not 1900 <= ref_day.year <= 2200:
        ref_day = None  # a placeholder date ('0001-01-01') is no reference
    found: list[ResolvedDate] = []
    taken: list[tuple[int, int]] = []
    readers = [_iso_dates(text), _written_dates(text, ref_day), _numeric_dates(text), _month_years(text)]
    if relative and ref_day:
        readers.append(_relative_dates(text, ref_day))
    for reader in readers:
        for item in reader:
            if not any(s < item.end and item.start < e for s, e in taken):
                taken.append((item.start, item.end))
                found.append(item)
    found.sort(key=lambda r: r.start)
    return found


def _safe_date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _iso_dates(text: str) -> Iterator[ResolvedDate]:
    for m in _ISO.finditer(text):
        d = _safe_date(int(m[1]), int(m[2]), int(m[3]))
        if d:
            yield ResolvedDate(d, "day", m[0], m.start(), m.end())


def _written_dates(text: str, ref_day: date | None) -> Iterator[ResolvedDate]:
    """'Tuesday, March 10', '10 March 2026': the year stated, or taken from the weekday or ``ref_day``."""
    for regex, order in ((_MDY, "md"), (_DMY, "dm")):
        for m in regex.finditer(text):
            weekday = m.group(1)
            month_tok, day_tok = (m.group(2), m.group(3)) if order == "md" else (m.group(3), m.group(2))
            month, day_n = _month(month_tok), int(day_tok)
            year, year_inferred = (int(m.group(4)), False) if m.group(4) else _pick_year(month, day_n, weekday, ref_day)
            d = _safe_date(year, month, day_n) if year else None
            if d:
                yield ResolvedDate(d, "day", m[0], m.start(), m.end(), _weekday_ok(weekday, d), year_inferred)


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


def _relative_dates(text: str, ref_day: date) -> Iterator[ResolvedDate]:
    for m in _RELATIVE_DAY.finditer(text):
        d = _relative(m.group(0).lower(), ref_day)
        if d:
            yield ResolvedDate(d, "day", m[0], m.start(), m.end())


def _relative(expr: str, ref: date, direction: int = -1) -> date | None:
    """'yesterday', 'last Friday', 'on Monday' against ``ref``.

    A bare weekday goes back to the most recent one (``direction`` -1), forward
    to the next (+1), or to whichever is nearer (0).
    """
    words = expr.split()
    if words[-1] in ("today",):
        return ref
    if words[-1] == "yesterday":
        return ref - timedelta(days=1)
    if words[-1] == "tomorrow":
        return ref + timedelta(days=1)
    target = WEEKDAYS.index(words[-1])
    modifier = words[0] if len(words) > 1 else ""
    back = (ref.weekday() - target) % 7
    ahead = (target - ref.weekday()) % 7
    if modifier == "next" or (modifier != "last" and direction > 0):
        return ref + timedelta(days=ahead or 7) if modifier == "next" else ref + timedelta(days=ahead)
    if modifier in ("last", "past"):
        return ref - timedelta(days=back or 7)
    if direction == 0 and ahead < back:
        return ref + timedelta(days=ahead)
    return ref - timedelta(days=back)


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
    relative: str | None = None  # "yesterday", "last friday", "monday" ...


def mentions(text: str) -> list[DateParts]:
    """Date expressions with only what the text states (no year inferred)."""
    found = [DateParts(r.start, r.end, r.text, None if r.year_inferred else r.day.year,
                       r.day.month if r.granularity != "year" else None,
                       r.day.day if r.granularity == "day" else None,
                       _stated_weekday(r.text))
             for r in resolve(text, date(2000, 1, 1), relative=False)]
    taken = [(d.start, d.end) for d in found]
    for m in _RELATIVE_DAY.finditer(text):
        if not any(s < m.end() and m.start() < e for s, e in taken):
            found.append(DateParts(m.start(), m.end(), m.group(0), None, None, None, None, m.group(0).lower().strip()))
    return sorted(found, key=lambda d: d.start)


def _stated_weekday(expr: str) -> str | None:
    match = re.match(r"\s*(monday|tuesday|wednesday|thursday|friday|saturday|sunday)", expr, re.I)
    return match.group(1).lower() if match else None


def resolve_parts(parts: DateParts, ref: date | None, direction: int = 0) -> ResolvedDate | None:
    """A day (or month) for stated parts, the year taken from a stated weekday or ``ref``.

    ``direction`` orients a bare weekday: -1 past, +1 future, 0 the nearer one.
    """
    if parts.relative:
        day = _relative(parts.relative, ref, direction) if ref else None
        return ResolvedDate(day, "day", parts.text, parts.start, parts.end) if day else None
    if parts.month is None:
        return None
    year, inferred = parts.year, False
    if year is None:
        if parts.day is None:
            return None
        year, inferred = _pick_year(parts.month, parts.day, parts.weekday, ref)
        if year is None:
            return None
    try:
        day = date(year, parts.month, parts.day or 1)
    except ValueError:
        return None
    return ResolvedDate(day, "day" if parts.day else "month", parts.text, parts.start, parts.end,
                        _weekday_ok(parts.weekday, day) if parts.day else None, inferred)
