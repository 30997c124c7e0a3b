"""The publish date of an article, and where it was found (``Article.published_source``).

The first source that gives a plausible date wins:

============  =======================================================================
``input``     the input's own field: a JSONL record's ``published``/``date``, a feed entry's date
``meta``      the page's meta tags (``article:published_time``, ``itemprop=datePublished`` ...)
``json-ld``   the page's JSON-LD ``datePublished``
``url``       a full date in the URL (``/2019/11/18/``, ``-2019-11-18``)
``page``      the date htmldate finds in the page: a ``<time>`` or date-classed element, a
              'published on ...' line
``dateline``  a 'Published: ...' line or masthead (found by cleaning), or a news dateline
              ('WELLINGTON, March 12 –') at the start of the text
``text``      inferred from the text: the latest day its opening paragraphs report in the past tense
``none``      undated: ``published`` stays None and the article is shown as undated
============  =======================================================================

A date later than when the article was fetched (or, for a local file, than now)
is no publish date. The year of a date written without one comes from a fully
stated date in the same text, from a stated weekday together with the years the
text names (the nearest such year), or, for a page fetched from the web, from the
fetch (the latest such day in the year before it); never from the clock alone.
Only the opening paragraphs are read for a date: later ones tell the background
(a hearing years before, an earlier attack). The first five sources are read by
:mod:`newsdesk.extract`; :func:`settle` adds the rest after cleaning.
"""
from __future__ import annotations

import re
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from typing import Literal, get_args

from .dates import PAST, WEEKDAYS, DateParts, mentions
from .records import Article
from .timeutil import utcnow

__all__ = ["DateSource", "SOURCES", "url_date", "dateline_date", "text_date", "settle", "how_found", "FUTURE_SLACK"]

# Where a publish date was found (the table above), in the order they are tried.
DateSource = Literal["input", "meta", "json-ld", "url", "page", "dateline", "text", "none"]
SOURCES: tuple[DateSource, ...] = get_args(DateSource)
FUTURE_SLACK = timedelta(hours=14)  # the widest time-zone offset: a stated time this far past the fetch is a zone slip
_URL_DATE = re.compile(r"(?<!\d)((?:19|20)\d{2})([/_-]?)(0?[1-9]|1[0-2])\2(0?[1-9]|[12]\d|3[01])(?!\d)")
_YEAR_WORD = re.compile(r"(?<![\d$£€.,/-])((?:19|20)\d{2})(?![\d%])")
_DATELINE_HEAD = re.compile(r"^(?P<head>[^\n]{3,90}?)\s*(?:[–—]|\s-{1,2}\s|:)\s*\S")
MAX_WEEKDAY_YEARS = 15  # how far back a weekday-checked month-day may place its year
LEDE_PARAGRAPHS, LEDE_CHARS = 3, 1500  # the opening a text date is read from
RECENT = timedelta(days=366)  # a page fetched from the web was published within a year before the fetch


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
    finders: tuple[tuple[DateSource, Callable[..., date | None]], ...] = (("dateline", dateline_date),
                                                                        ("text", text_date))
    for source, finder in finders:
        found = finder(article.text, not_after, fetched=article.fetched is not None)
        if found is not None:
            article.published = datetime(found.year, found.month, found.day, tzinfo=UTC)
            article.published_source = source
            article.meta["published_day"] = found.isoformat()
            return article
    article.published_source = "none"
    return article


def how_found(source: DateSource | str | None) -> str:
    """A reader's note on how a shown publish date was found ('' for the page's or input's own)."""
    return {"url": "from the URL", "page": "from the page", "dateline": "from the dateline",
            "text": "inferred from the text"}.get(source or "", "")


# -- datelines ------------------------------------------------------------------------------------
def dateline_date(text: str, not_after: datetime, *, fetched: bool = False) -> date | None:
    """The date of a news dateline opening the text ('SANTIAGO, March 18 (Agency) – ...');
    ``fetched``: ``not_after`` is when the page was fetched from the web (else: now)."""
    head = _DATELINE_HEAD.match(text.lstrip()[:120])
    if not head or not _looks_like_dateline(head.group("head")):
        return None
    parts = [p for p in mentions(head.group("head")) if p.month and p.day]
    if not parts:
        return None
    context = _context(text, not_after, fetched=fetched)
    first = parts[0]
    return (_dated(first, context, not_after) or _near_anchor(first, context.anchors)
            or _in_year(first, context, not_after))


def _looks_like_dateline(head: str) -> bool:
    """Few words, mostly capitalised (places, agency names) or dates: no sentence."""
    words = re.findall(r"[A-Za-z]+", head)
    lower = [w for w in words if w.islower() and w not in ("de", "la", "el", "of", "the", "and")]
    return 0 < len(words) <= 12 and len(lower) <= 1


# -- the text -------------------------------------------------------------------------------------
class _Context:
    """What the whole text says about years (the latest year it names, its fully dated days),
    and whether the reference time is a fetch."""

    def __init__(self, year: int | None, anchors: list[date], fetched: bool) -> None:
        self.year = year
        self.anchors = anchors
        self.fetched = fetched


def _context(text: str, not_after: datetime, parts: list[DateParts] | None = None, *,
             fetched: bool = False) -> _Context:
    years = [int(y) for y in _YEAR_WORD.findall(text) if int(y) <= not_after.year]
    context = _Context(max(years) if years else None, [], fetched)
    parts = parts if parts is not None else [p for p in mentions(text) if p.month and p.day]
    context.anchors = [d for p in parts if (d := _dated(p, context, not_after))]
    return context


def text_date(text: str, not_after: datetime, *, fetched: bool = False) -> date | None:
    """The latest day the opening paragraphs report in the past tense (its year stated, fixed by
    a stated weekday, or taken from a fully dated day of the text); None when they state none,
    or when that day is older than the year before the latest year the text names."""
    parts = [p for p in mentions(text) if p.month and p.day]
    context = _context(text, not_after, parts, fetched=fetched)
    limit = not_after.date() + timedelta(days=1)
    opening = _lede_end(text)
    days = [d for p in parts if p.tense == PAST and p.start < opening
            and (d := _dated(p, context, not_after) or _near_anchor(p, context.anchors)) and d <= limit]
    if not days:
        return None
    best = max(days)
    if context.year is not None and best.year < context.year - 1:
        return None
    return best


def _lede_end(text: str) -> int:
    """Where the opening paragraphs end (at most LEDE_CHARS in)."""
    end = 0
    for _ in range(LEDE_PARAGRAPHS):
        found = text.find("\n\n", end + 1)
        end = len(text) if found < 0 else found
    return min(end, LEDE_CHARS)


def _dated(parts: DateParts, context: _Context, not_after: datetime) -> date | None:
    """The day when its year is stated (and a stated weekday agrees), or when a stated weekday fixes
    it: the nearest such year to the years the text names or, fetched pages, the latest before the fetch."""
    if parts.year:
        day = _safe(parts.year, parts.month, parts.day)
        return day if day and (not parts.weekday or WEEKDAYS[day.weekday()] == parts.weekday) else None
    if not parts.weekday or (context.year is None and not context.fetched):
        return None
    latest = not_after.year
    candidates = [d for y in range(latest - MAX_WEEKDAY_YEARS, latest + 1)
                  if (d := _safe(y, parts.month, parts.day)) and WEEKDAYS[d.weekday()] == parts.weekday
                  and d <= not_after.date() + timedelta(days=1)]
    year = context.year
    if year is None:
        recent = [d for d in candidates if d >= (not_after - RECENT).date()]
        return max(recent) if recent else None
    return min(candidates, key=lambda d: (abs(d.year - year), -d.year)) if candidates else None


def _near_anchor(parts: DateParts, anchors: list[date]) -> date | None:
    """A month-day in the year that puts it nearest to a fully dated day of the same text."""
    options = [d for a in anchors for y in (a.year - 1, a.year, a.year + 1) if (d := _safe(y, parts.month, parts.day))]
    if not options:
        return None
    return min(options, key=lambda d: min(abs((d - a).days) for a in anchors))


def _in_year(parts: DateParts, context: _Context, not_after: datetime) -> date | None:
    """A dateline's month-day in the latest year the text names or, fetched pages, the latest
    such day before the fetch."""
    limit = not_after.date() + timedelta(days=1)
    if context.year is not None:
        day = _safe(context.year, parts.month, parts.day)
        return day if day and day <= limit else None
    if not context.fetched:
        return None
    options = [d for y in (not_after.year - 1, not_after.year)
               if (d := _safe(y, parts.month, parts.day)) and d <= limit]
    return max(options) if options else None


def _safe(year: int, month: int | None, day: int | None) -> date | None:
    try:
        return date(year, month, day)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None
