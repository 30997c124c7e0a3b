"""No ingest time is ever shown as a date of the news: briefings (md, html, json), `stories`,
`show`, the web pages; charts span only the days the articles cover; the store migration.

The articles are invented: a ferry strike at a made-up port (two undated reports and one
dated by its 'Published:' line) and an unrelated undated library story.
"""
from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import pytest
from conftest import EXAMPLES, desk_at_version
from fastapi.testclient import TestClient

from newsdesk.cli import main
from newsdesk.timeutil import utcnow

ARTICLES = {
    "strike-begins.txt": (
        "Ferry crews at Port Aldane walked off the job on Tuesday, halting crossings to the Marrow Islands.\n\n"
        "The Aldane Maritime Union said its members would stay out until the operator, Brightwater Lines, "
        "restored the night-shift allowance. About 3,000 islanders rely on the crossings each day."),
    "strike-talks.txt": (
        "Brightwater Lines said on Wednesday it would meet the Aldane Maritime Union to end the ferry strike "
        "that has halted crossings to the Marrow Islands since Tuesday.\n\n"
        "Islanders queued for the single private water taxi still running, and the union said the "
        "night-shift allowance was the only thing standing in the way of a deal."),
    "strike-ends.txt": (
        "Ferry strike at Port Aldane ends after two days\n\nPublished: 14 May 2026\n\n"
        "Ferry crews at Port Aldane returned to work on Thursday after Brightwater Lines agreed to restore "
        "the night-shift allowance, ending a strike that halted crossings to the Marrow Islands.\n\n"
        "The Aldane Maritime Union said its members were glad to be back on the water."),
    "library.txt": (
        "The Karst Valley library reopened its reading room after a roof repair, the council said.\n\n"
        "Volunteers carried some 20,000 books back onto the shelves over a weekend of work."),
}


def _without_generation_times(data):
    """Report/page JSON minus when it and its briefings were generated (times of the software,
    not of the news, and not shown as dates on the pages)."""
    if isinstance(data, dict):
        return {k: _without_generation_times(v) for k, v in data.items() if k not in ("generated_at", "briefed_at")}
    if isinstance(data, list):
        return [_without_generation_times(v) for v in data]
    return data


@pytest.fixture(scope="module")
def desk(tmp_path_factory):
    folder = tmp_path_factory.mktemp("undated")
    for name, body in ARTICLES.items():
        (folder / name).write_text(body, encoding="utf-8")
    db = folder / "desk.db"
    outputs = {}
    for fmt in ("md", "html", "json"):
        out = folder / f"brief.{fmt}"
        assert main(["--db", str(db), "brief", *map(str, sorted(folder.glob("*.txt"))), "--format", fmt,
                     "-o", str(out), "--quiet"]) == 0
        outputs[fmt] = out.read_text(encoding="utf-8")
    return db, outputs, utcnow().date().isoformat()


def test_the_briefing_shows_no_ingest_time(desk):
    _, outputs, today = desk
    report = json.loads(outputs["json"])
    assert today not in json.dumps(_without_generation_times(report))
    for fmt in ("md", "html"):
        assert today not in outputs[fmt], fmt
        assert "undated" in outputs[fmt], fmt
    by_path = {Path(a["path"]).name: a for a in report["articles"]}
    assert (by_path["strike-begins.txt"]["published"], by_path["strike-begins.txt"]["published_source"]) == (None, "none")
    assert by_path["strike-ends.txt"]["published"].startswith("2026-05-14")
    assert by_path["strike-ends.txt"]["published_source"] == "dateline"
    for story in report["stories"]:  # first and last seen: the range of publish dates, or none
        assert story["first_seen"] in (None, "2026-05-14T00:00:00Z") and story["last_seen"] == story["first_seen"]
    library = next(s for s in report["stories"] if by_path["library.txt"]["id"] in s["articles"])
    assert library["first_seen"] is None


def test_stories_and_show_show_no_ingest_time(desk, capsys):
    db, _, today = desk
    assert main(["--db", str(db), "stories"]) == 0
    listed = capsys.readouterr().out
    assert today not in listed and "undated" in listed
    assert main(["--db", str(db), "stories", "--format", "json"]) == 0
    stories = json.loads(capsys.readouterr().out)
    for story in stories:
        for fmt in ("table", "json"):
            assert main(["--db", str(db), "show", story["id"], "--format", fmt]) == 0
            shown = capsys.readouterr().out
            assert today not in shown, (story["id"], fmt)
    assert main(["--db", str(db), "show", stories[-1]["id"]]) == 0
    assert "undated" in capsys.readouterr().out


def test_the_web_pages_show_no_ingest_time(desk):
    from newsdesk.web import create_app

    db, _, today = desk
    with TestClient(create_app(db, report=None)) as client:
        front = client.get("/index.json").json()
        pages = [client.get("/").text, json.dumps(_without_generation_times(front))]
        for card in front["stories"]:
            story = client.get(f"/story/{card['id']}.json").json()
            pages += [client.get(f"/story/{card['id']}").text, json.dumps(_without_generation_times(story))]
            for group in story["origins"]:
                pages += [client.get(f"/article/{a['id']}").text for a in group["articles"]]
            dated = sorted(a["published"] for g in story["origins"] for a in g["articles"] if a["published"])
            assert story["series"]["starts"][:1] == [d[:10] + "T00:00:00Z" for d in dated[:1]]  # hourly, from 0:00
            assert all(s.startswith("2026-05-14") for s in story["series"]["starts"])
            assert sum(story["series"]["articles"]) == len(dated)  # undated articles are not counted
    for text in pages:
        assert today not in text
    assert any("undated" in text for text in pages)


def test_an_undated_story_has_no_buzz_and_no_spike(desk):
    from newsdesk.store import Store
    from newsdesk.web.data import front_page

    db, _, _ = desk
    with Store(db) as store:
        page = front_page(store)
    undated = [card for card in page["stories"] if card["first_seen"] is None]
    assert undated and all(card["buzz"] is None for card in undated)
    assert all(card["spiking"] == [] and card["sparkline"]["articles"] == [] for card in undated)
    assert all(card["n_origins"] >= 1 for card in undated)  # still counted as coverage


def test_the_example_corpus_chart_spans_only_the_days_its_articles_cover(tmp_path, embedder):
    from newsdesk.inputs import expand_paths, read_inputs
    from newsdesk.pipeline import Ingestor
    from newsdesk.store import Store
    from newsdesk.web.data import story_page

    with Store(tmp_path / "corpus.db") as store:
        files, _ = expand_paths([str(EXAMPLES)])
        list(Ingestor(store, embedder=embedder).ingest(read_inputs(files, max_bytes=20_000_000)))
        for story in store.stories():
            page = story_page(store, story["id"])
            published = sorted(a["published"] for g in page["origins"] for a in g["articles"] if a["published"])
            starts = page["series"]["starts"]
            assert starts[0][:10] == published[0][:10] and starts[-1][:10] == published[-1][:10], story["title"]
            assert page["first_seen"] == published[0] and page["last_seen"] == published[-1]
            days = {s[:10] for s in starts}
            assert len(days) <= 3, (story["title"], sorted(days))  # March 11-13 2026; one day for the others


def test_migration_0005_takes_ingest_times_out_of_an_older_desk(tmp_path):
    from newsdesk.store import Store

    path = tmp_path / "old.db"
    conn = desk_at_version(path, 4)
    ingested = "2026-11-30T10:00:00Z"  # what older versions showed as the story's dates
    conn.execute("INSERT INTO articles (id, title, text, ingested_at, origin, content_hash) VALUES"
                 " ('a1', 't', 'An undated report.', ?, 'a1', 'h1')", (ingested,))
    conn.execute("INSERT INTO articles (id, title, text, published, ingested_at, origin, content_hash) VALUES"
                 " ('a2', 't', 'A dated report.', '2026-05-14T00:00:00Z', ?, 'a2', 'h2')", (ingested,))
    conn.execute("INSERT INTO stories VALUES ('s1', 't', ?, ?, ?, ?)", (ingested, ingested, ingested, ingested))
    conn.execute("INSERT INTO stories VALUES ('s2', 't', ?, ?, '2026-05-14T00:00:00Z', ?)", (ingested, ingested, ingested))
    conn.execute("INSERT INTO story_articles VALUES ('a1', 's1', 1.0, 'new', '{}', ?)", (ingested,))
    conn.execute("INSERT INTO story_articles VALUES ('a2', 's2', 1.0, 'new', '{}', ?)", (ingested,))
    conn.commit()
    conn.close()
    with Store(path) as store:
        assert store.schema_version() >= 5
        seen = {s["id"]: (s["first_seen"], s["last_seen"]) for s in store.stories()}
        assert seen == {"s1": (None, None), "s2": ("2026-05-14T00:00:00Z", "2026-05-14T00:00:00Z")}
        assert store.article("a1").published_source == "none"
        assert store.article("a2").published_source is None  # dated before sources were recorded


def test_ingesting_never_sets_a_date_from_the_clock(store, ingest, tmp_path):
    path = tmp_path / "strike.txt"
    path.write_text(ARTICLES["strike-begins.txt"], encoding="utf-8")
    (outcome,) = ingest(path)
    story = store.story(outcome.story_id)
    assert (story["first_seen"], story["last_seen"]) == (None, None)
    assert story["articles"][0]["published"] is None and story["articles"][0]["published_source"] == "none"
    assert not {"created_at", "updated_at", "ingested_at", "joined_at"} & (set(story) | set(story["articles"][0]))
    assert store.latest_seen() is None
    assert datetime.now(UTC).date().isoformat() not in json.dumps(story)
