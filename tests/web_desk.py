"""A small invented desk for the web and browser tests, written straight through the store.

Three stories: one growing now, one large but days old, and one whose article is
hostile (script tags, a javascript: link, event-handler attributes).
"""
from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

from newsdesk.records import Article, Assignment, Removed, TrendCard
from newsdesk.store import Store
from newsdesk.textutil import stable_id
from newsdesk.timeutil import to_iso

END = datetime(2030, 5, 1, 12, 0, tzinfo=UTC)
HOSTILE_TITLE = '<script>alert("title")</script> Ferry <b onmouseover="alert(1)">strike</b>'
HOSTILE_BODY = ('Crews walked out at dawn. <script>document.title="owned"</script>\n\n'
                '<img src=x onerror="alert(2)"> Talks resume <a href="javascript:alert(3)">tomorrow</a>.')
HOSTILE_QUERY = '"><script>alert(4)</script>'


def _article(key: str, title: str, text: str, hours_before_end: float, origin: str | None = None,
             **extra) -> Article:
    article_id = stable_id("test", key)
    published = END - timedelta(hours=hours_before_end)
    return Article(id=article_id, text=text, title=title, origin=origin or article_id, published=published,
                   fetched=published + timedelta(minutes=10), site=f"{key.split('-')[0]}.example",
                   path=f"/desk/{key}.txt", **extra)


def _growing() -> list[Article]:
    lead = _article("harbour-0", "Harbour bridge reopens after six-week repair",
                    "The harbour bridge reopened on Thursday morning after six weeks of repairs.\n\n"
                    "The city engineer said the deck now carries 20 tonnes per axle.", 2.5,
                    trend=TrendCard("harbour bridge", "5K+", "NZ"),
                    removed=[Removed("reader-prompt", "Share your thoughts below!")],
                    flags=["reader-prompts-removed"])
    copy = _article("harbourcopy-0", "Harbour bridge reopens after six-week repair (copy)", lead.text, 2.0,
                    origin=lead.id)
    others = [_article(f"harbour{n}-1", f"Bridge traffic returns, outlet {n}",
                       f"Outlet {n} reports the harbour bridge carried its first commuters in weeks. "
                       f"The city engineer said the deck carries {18 + n} tonnes per axle.", 2.0 - n * 0.2)
              for n in range(1, 6)]
    return [lead, copy, *others]


def _stale() -> list[Article]:
    return [_article(f"budget{n}-0", f"Regional budget vote, report {n}",
                     f"Report {n}: the regional council passed its budget by seven votes to four.", 120 + n)
            for n in range(10)]


def _hostile() -> list[Article]:
    return [_article("ferry-0", HOSTILE_TITLE, HOSTILE_BODY, 30, url="javascript:alert(5)",
                     trend=TrendCard(HOSTILE_QUERY, "1,000+", "AU"))]


STORIES = {"growing": _growing, "stale": _stale, "hostile": _hostile}


def build_desk(path: Path) -> dict[str, dict]:
    """Write the desk; returns {name: {"story": id, "articles": [Article...]}}."""
    out = {}
    with Store(path) as store, store.transaction():
        for name, make in STORIES.items():
            articles = make()
            story_id = stable_id("story", name)
            times = sorted(to_iso(a.published) for a in articles)
            store.save_story(story_id, articles[0].title, times[0], times[-1])
            for index, article in enumerate(articles):
                store.add_article(article, content_hash=stable_id("hash", article.id), minhash=None,
                                  embedding=None, features={})
                reason = "new" if index == 0 else ("copy-of" if article.origin != article.id else "similar")
                store.assign(article.id, Assignment(story_id, 0.9, index == 0, reason))
            out[name] = {"story": story_id, "articles": articles}
    return out


def quoted(article: Article, phrase: str) -> dict:
    """A report source quoting ``phrase`` of an article, with its char offsets."""
    start = article.text.index(phrase)
    return {"article": article.id, "quote": phrase, "start": start, "end": start + len(phrase)}


def save_report(store: Store, story_id: str, report: dict) -> None:
    """Cache a report as newsdesk.report does (one row per story in story_reports)."""
    with store.transaction():
        store.conn.execute("INSERT OR REPLACE INTO story_reports (story_id, cache_key, report, built_at)"
                           " VALUES (?, 'test', ?, ?)", (story_id, json.dumps(report), to_iso(END)))


def save_fake_reports(path: Path, desk: dict[str, dict]) -> None:
    """Briefings for the growing and the hostile story, as `newsdesk brief` would leave them."""
    build = fake_report_builder(desk)
    with Store(path) as store:
        for name in ("growing", "hostile"):
            build(store, desk[name]["story"])


def fake_report_builder(desk: dict[str, dict]):
    """A report builder shaped like newsdesk.report.story_report (it caches what it builds),
    quoting the desk's real text."""
    growing = desk["growing"]["articles"]
    hostile = desk["hostile"]["articles"][0]

    def build(store, story_id, *, region=None):
        report = make(story_id, region)
        save_report(store, story_id, report)
        return report

    def make(story_id, region):
        if story_id == desk["hostile"]["story"]:
            sentence = {"text": HOSTILE_BODY.splitlines()[0], "status": "single-source",
                        "sources": [quoted(hostile, "Crews walked out at dawn.")]}
            return {"id": story_id, "title": HOSTILE_TITLE, "articles": [hostile.id], "facts": [],
                    "conflicts": [], "quotes": [], "timeline": [], "region": region,
                    "article_flags": {hostile.id: ["internally-inconsistent"]},
                    "briefing": {"sections": [{"heading": "What happened <i>now</i>", "sentences": [sentence]}]}}
        opening = quoted(growing[0], "The harbour bridge reopened on Thursday morning after six weeks of repairs.")
        low = quoted(growing[2], f"The city engineer said the deck carries {19} tonnes per axle.")
        high = quoted(growing[0], "The city engineer said the deck now carries 20 tonnes per axle.")
        sections = [{"heading": "What happened", "sentences": [
            {"text": opening["quote"], "status": "corroborated", "sources": [opening]}]},
            {"heading": "Key figures", "sentences": [
                {"text": "The deck's load limit is reported as 19 or 20 tonnes per axle.", "status": "disputed",
                 "sources": [low, high]}]}]
        if region:
            sections.append({"id": "region", "heading": f"What it means for {region}", "sentences": [],
                             "note": f"No source says what the story means for {region}."})
        return {"id": story_id, "title": growing[0].title, "articles": [a.id for a in growing], "facts": [],
                "region": region,
                "conflicts": [{"id": "c1", "about": "size of the load limit (tonnes per axle)", "claims": [
                    {"value": "19 tonnes", "text": low["quote"], "sources": [low]},
                    {"value": "20 tonnes", "text": high["quote"], "sources": [high]}]}],
                "quotes": [], "timeline": [{"date": "2030-05-01", "text": opening["quote"], "sources": [opening]}],
                "briefing": {"sections": sections}}

    return build
