"""Turn analysed units into claims: resolved dates, named years, anchors."""
from __future__ import annotations

import re
from datetime import date, timedelta

from ..analyze.model import ArticleAnalysis
from ..dates import MONTHS, WEEKDAYS, resolve_parts
from ..lexicon import OFFICES, country_of
from ..lexicon.stopwords import CLAIM_STOP_WORDS as _STOP
from ..records import Article
from .model import Claim

_YEAR = re.compile(r"(?<![\d$£€.,])((?:19|20)\d{2})(?![\d%])")
_TOKEN = re.compile(r"[a-z][a-z'-]+")
_MACHINE_FLAGS = {"toc-removed", "reader-prompts-removed", "filler-marked", "filler-removed", "trend-card-removed"}
_NAME_NOISE = set(MONTHS) | set(WEEKDAYS) | {w for o in OFFICES for w in o.split()} | {
    "former", "new", "newly", "the", "according", "frequently", "asked", "questions", "mr", "mrs", "ms", "dr"}


def story_ref_date(articles: list[Article], analyses: dict[str, ArticleAnalysis]) -> date | None:
    """When the story happens: median publish date, else the latest fully stated date in its texts."""
    published = sorted(d for a in articles if (d := publish_day(a)))
    if published:
        return published[len(published) // 2]
    stated = [date(d.year, d.month, d.day) for an in analyses.values() for u in an.units for d in u.dates
              if d.year and d.month and d.day and _valid(d.year, d.month, d.day)]
    if not stated:
        return None
    return max(stated) if len(stated) < 3 else sorted(stated)[int(len(stated) * 0.75)]


def publish_day(article: Article) -> date | None:
    """The day the article was published where it was written (its local calendar day)."""
    local = article.meta.get("published_day")
    if local:
        try:
            return date.fromisoformat(local)
        except ValueError:
            pass
    return article.published.date() if article.published else None


def _years_outside_dates(unit) -> list[int]:
    """Years the sentence names on their own ('a 2024 run'), not inside a full date and not the
    year a figure refers to ('NZ$4.2 billion in 2025': compared with the figure)."""
    spans = [(d.start - unit.start, d.end - unit.start) for d in unit.dates]
    figure_years = {f.year for f in unit.figures if f.year}
    return [int(m.group(1)) for m in _YEAR.finditer(unit.text)
            if not any(s <= m.start() < e for s, e in spans) and int(m.group(1)) not in figure_years]


def _valid(y: int, m: int, d: int) -> bool:
    try:
        date(y, m, d)
        return True
    except ValueError:
        return False


def build_claims(articles: list[Article], analyses: dict[str, ArticleAnalysis], ref: date | None) -> list[Claim]:
    claims = []
    for article in articles:
        analysis = analyses.get(article.id)
        if analysis is None:
            continue
        article_ref = publish_day(article)
        machine = len(_MACHINE_FLAGS & set(article.flags)) >= 2
        ledes = {u.index for u in analysis.units if u.is_claim and u.kind == "sentence"}
        ledes = set(sorted(ledes)[:2])
        for unit in analysis.units:
            if unit.kind == "heading":
                continue
            claim = Claim(article.id, article.origin or article.id, unit, machine_written=machine,
                          lede=unit.index in ledes, published=article_ref)
            spans = _spans(unit, article_ref, ref)
            claim.span_of = {start: (first, last) for start, (first, last, _) in spans.items()}
            claim.day_of = {start: first for start, (first, _, grain) in spans.items() if grain == "day"}
            claim.days = list(dict.fromkeys(claim.day_of.values()))
            claim.years = _years_outside_dates(unit)
            claim.anchors = anchors_of(unit)
            claims.append(claim)
    return claims


def _spans(unit, article_ref: date | None, story_ref: date | None) -> dict[int, tuple[date, date, str]]:
    """Resolved dates by the start of their mention: (first day, last day, granularity). A stated
    date wins over 'today'/'yesterday' in the same sentence."""
    spans = {}
    explicit = any(d.day and d.month for d in unit.dates)
    for d in unit.dates:
        if d.relative in ("today", "yesterday", "tomorrow") and explicit:
            continue
        if d.relative and not article_ref:
            continue  # 'on Monday' means nothing without the article's own date
        if d.relative == "today" and d.start == unit.start and unit.text[d.end - unit.start:].startswith(","):
            continue  # 'Today, most containers ...' means nowadays
        resolved = resolve_parts(d, article_ref or story_ref)  # by the tense the analysis read (dates.py)
        if resolved:
            spans[d.start] = (resolved.day, _last_day(resolved.day, resolved.granularity), resolved.granularity)
    return spans


def _last_day(first: date, granularity: str) -> date:
    if granularity == "week":
        return first + timedelta(days=6)
    if granularity == "month":
        following = date(first.year + first.month // 12, first.month % 12 + 1, 1)
        return following - timedelta(days=1)
    if granularity == "year":
        return date(first.year, 12, 31)
    return first


def anchors_of(unit) -> set[str]:
    """Names and two-word content phrases: what two statements of one fact tend to share."""
    out = set()
    for name in unit.names:
        words = [w for w in name.split() if w not in _NAME_NOISE and not country_of(w)]
        if words and not country_of(" ".join(words)) and len(" ".join(words)) > 2:
            out.add("name:" + " ".join(words))
    for p in unit.persons:
        if p.key:
            out.add("person:" + p.key)
    tokens = _TOKEN.findall(unit.text.lower().replace("’", "'"))
    for a, b in zip(tokens, tokens[1:]):
        if a not in _STOP and b not in _STOP and len(a) > 2 and len(b) > 2 and not country_of(a):
            out.add("phrase:" + _stem(a) + " " + _stem(b))
    return out


def _stem(word: str) -> str:
    word = word.strip("'-")
    for suffix in ("ies", "es", "s"):
        if word.endswith(suffix) and len(word) > len(suffix) + 3:
            return word[: -len(suffix)] + ("y" if suffix == "ies" else "")
    return word

