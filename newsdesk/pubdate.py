"""The publish date of an article, and where it was found (``Article.published_source``).

The first source that gives a plausible date wins:

============  =======================================================================
``input``     the input's own field: a JSONL record's ``published``/``date``, a feed entry's date
``meta``      the page's meta tags (``article:published_time``, ``itemprop=datePublished`` ...)
``json-ld``   the page's JSON-LD ``datePublished``
``url``       a full date in the URL (``/2019/11/18/``, ``-2019-11-18``)
``markup``    a date htmldate finds in the page's markup (``<time>``, date-classed elements)
``dateline``  a 'Published: ...' line or masthead (found by cleaning), or a news dateline
              ('WELLINGTON, March 12 –') at the start of the text
``text``      inferred from the text: the latest day it reports in the past tense
``none``      undated: ``published`` stays None and the article is shown as undated
============  =======================================================================

A date later than when the article was fetched (or, for a local file, than now)
is no publish date. The year of a date written without one comes from a stated
weekday, from a fully stated date in the same text, or (datelines) from the
latest year the text names; never from the clock. The first four sources are
read by :mod:`newsdesk.extract`; :func:`settle` adds the rest after cleaning.
"""
from __future__ import annotations

import re
from datetime import date, datetime, timedelta, timezone

from .dates import PAST, DateParts, mentions, WEEKDAYS
from .records import Article
from .timeutil import utcnow

__all__ = ["SOURCES", "url_date", "dateline_date", "text_date", "settle", "how_found", "FUTURE_SLACK"]

SOURCES = ("input", "meta", "json-ld", "url", "markup", "dateline", "text", "none")
FUTURE_SLACK = timedelta(hours=14)  # the widest time-zone offset: a stated time this far past the fetch is a zone slip
_URL_DATE = re.compile(r"(?<!\d)((?:19|20)\d{2})([/_-]?)(0?[1-9]|1[0-2])\2(0?[1-9]|[12]\d|3[01])(?!\d)")
_YEAR_WORD = re.compile(r"(?<![\d$£€.,/-])((?:19|20)\d{2})(?![\d%])")
_DATELINE_HEAD = re.compile(r"^(?P<head>[^\n]{3,90}?)\s*(?:[–—]|\s-{1,2}\s|:)\s*\S")
MAX_WEEKDAY_YEARS = 15  # how far back a weekday-checked month-day may place its year


def url_date(url: str | None) -> date | None:
    """A full date in a URL's path ('/2019/11/18/', '/story-2019-11-18', '/20191118/'), else None."""
    if not url:
        return None
    path = re.sub(r"^[a-z]+://[^/]+", "", url, flags=re.I).split("?")[0]
    for m in _URL_DATE.finditer(path):
        if not m.group(2) and len(m.group(0)) != 8:
            continue  # undelimited digits must be exactly YYYYMMDD
        try:
            return date(int(m.group(1)), int(m.group(3)), int(m.group(4)))
        except ValueError:
            continue
    return None


def settle(article: Article) -> Article:
    """Give a cleaned article its publish date from the text when none was found before, and
    record where its date came from ('dateline' when cleaning found it, 'none' when undated)."""
    if article.published is not None:
        article.published_source = article.published_source or "dateline"
        return article
    not_after = article.fetched or utcnow()
    for source, finder in (("dateline", dateline_date), ("text", text_date)):
        found = finder(article.text, not_after)
        if found is not None:
            article.published = datetime(found.year, found.month, found.day, tzinfo=timezone.utc)
            article.published_source = source
            article.meta["published_day"] = found.isoformat()
            return article
    article.published_source = "none"
    return article


def how_found(source: str | None) -> str:
    """A reader's note on how a shown publish date was found ('' for the page's or input's own)."""
    return {"url": "from the URL", "markup": "from the page", "dateline": "from the dateline",
            "text": "inferred from the text"}.get(source or "", "")


# -- datelines ------------------------------------------------------------------------------------
def dateline_date(text: str, not_after: datetime) -> date | None:
    """The date of a news dateline opening the text ('SANTIAGO, March 18 (Agency) – ...')."""
    head = _DATELINE_HEAD.match(text.lstrip()[:120])
    if not head or not _looks_like_dateline(head.group("head")):
        return None
    parts = [p for p in mentions(head.group("head")) if p.month and p.day]
    if not parts:
        return None
    context = _context(text, not_after)
    first = parts[0]
    return (_dated(first, context, not_after) or _near_anchor(first, context.anchors)
            or _in_year(first, context.year, not_after))


def _looks_like_dateline(head: str) -> bool:
    """Few words, mostly capitalised (places, agency names) or dates: no sentence."""
    words = re.findall(r"[A-Za-z]+", head)
    lower = [w for w in words if w.islower() and w not in ("de", "la", "el", "of", "the", "and")]
    return 0 < len(words) <= 12 and len(lower) <= 1


# -- the text -------------------------------------------------------------------------------------
class _Context:
    """What the whole text says about years: the latest year it names, and its fully dated days."""

    def __init__(self, year: int | None, anchors: list[date]) -> None:
        self.year = year
        self.anchors = anchors


def _context(text: str, not_after: datetime, parts: list[DateParts] | None = None) -> _Context:
    years = [int(y) for y in _YEAR_WORD.findall(text) if int(y) <= not_after.year]
    context = _Context(max(years) if years else None, [])
    parts = parts if parts is not None else [p for p in mentions(text) if p.month and p.day]
    context.anchors = [d for p in parts if (d := _dated(p, context, not_after))]
    return context


def text_date(text: str, not_after: datetime) -> date | None:
    """The latest day the text reports in the past tense (its year stated, fixed by a stated
    weekday, or taken from a fully dated day nearby); None when it states none, or when that
    day is older than the year before the latest year the text names (background history)."""
    parts = [p for p in mentions(text) if p.month and p.day]
    context = _context(text, not_after, parts)
    limit = not_after.date() + timedelta(days=1)
    days = [d for p in parts if p.tense == PAST
            and (d := _dated(p, context, not_after) or _near_anchor(p, context.anchors)) and d <= limit]
    if not days:
        return None
    best = max(days)
    if context.year is not None and best.year < context.year - 1:
        return None
    return best


def _dated(parts: DateParts, context: _Context, not_after: datetime) -> date | None:
    """The day when its year is stated (and a stated weekday agrees) or a stated weekday fixes it."""
    if parts.year:
        day = _safe(parts.year, parts.month, parts.day)
        return day if day and (not parts.weekday or WEEKDAYS[day.weekday()] == parts.weekday) else None
    if not parts.weekday:
        return None
    latest = not_after.year
    candidates = [d for y in range(latest - MAX_WEEKDAY_YEARS, latest + 1)
                  if (d := _safe(y, parts.month, parts.day)) and WEEKDAYS[d.weekday()] == parts.weekday
                  and d <= not_after.date() + timedelta(days=1)]
    if not candidates:
        return None
    target = context.year if context.year is not None else latest
    return min(candidates, key=lambda d: (abs(d.year - target), -d.year))


def _near_anchor(parts: DateParts, anchors: list[date]) -> date | None:
    """A month-day in the year that puts it nearest to a fully dated day of the same text."""
    options = [d for a in anchors for y in (a.year - 1, a.year, a.year + 1) if (d := _safe(y, parts.month, parts.day))]
    if not options:
        return None
    return min(options, key=lambda d: min(abs((d - a).days) for a in anchors))


def _in_year(parts: DateParts, year: int | None, not_after: datetime) -> date | None:
    day = _safe(year, parts.month, parts.day) if year else None
    return day if day and day <= not_after.date() + timedelta(days=1) else None


def _safe(year: int, month: int | None, day: int | None) -> date | None:
    try:
        return date(year, month, day)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None
