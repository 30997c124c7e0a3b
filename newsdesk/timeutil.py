"""UTC time helpers: every stored time is an ISO 8601 string in UTC."""
from __future__ import annotations

from datetime import UTC, date, datetime
from typing import overload


def utcnow() -> datetime:
    return datetime.now(UTC).replace(microsecond=0)


@overload
def as_utc(value: datetime) -> datetime: ...
@overload
def as_utc(value: None) -> None: ...
def as_utc(value: datetime | None) -> datetime | None:
    if value is None:
        return None
    if value.tzinfo is None:
        return value.replace(tzinfo=UTC)
    return value.astimezone(UTC)


def to_iso(value: datetime | date | None) -> str | None:
    if value is None:
        return None
    if isinstance(value, datetime):
        return as_utc(value).strftime("%Y-%m-%dT%H:%M:%SZ")
    return value.isoformat()


def from_iso(value: str | None) -> datetime | None:
    if not value:
        return None
    try:
        parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    return as_utc(parsed)


def parse_loose(value: str | None) -> datetime | None:
    """Parse a date string from metadata (ISO, RFC 2822, '3 May 2013'); None when unsure."""
    if not value or not isinstance(value, str):
        return None
    value = value.strip()
    parsed = from_iso(value)
    if parsed:
        return parsed
    from email.utils import parsedate_to_datetime

    try:
        return as_utc(parsedate_to_datetime(value))
    except (TypeError, ValueError, IndexError):
        pass
    from dateutil import parser as dateutil_parser

    try:
        fuzzy_free: datetime = dateutil_parser.parse(value, fuzzy=False)
        return as_utc(fuzzy_free)
    except (ValueError, OverflowError, TypeError):
        return None


def stated_day(value: str | None) -> str | None:
    """The calendar day a timestamp names where it was written ('2026-03-13T07:30+13:00' ->
    '2026-03-13'), which can differ from its UTC day; 'today' in the article means this day."""
    if not value or not isinstance(value, str):
        return None
    value = value.strip()
    try:
        return datetime.fromisoformat(value.replace("Z", "+00:00")).date().isoformat()
    except ValueError:
        pass
    from email.utils import parsedate_to_datetime

    try:
        return parsedate_to_datetime(value).date().isoformat()
    except (TypeError, ValueError, IndexError):
        return None
