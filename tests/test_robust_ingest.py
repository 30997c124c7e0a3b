"""Issue 11: every crash trigger found by fuzzing, each beside good articles that must all arrive;
hangs and memory blow-ups bounded per document; a failure at any stage costs one document only."""
from __future__ import annotations

import json
import os
import sqlite3
import threading
import time
from pathlib import Path

import pytest
from test_ingest_robustness import snapshot, write_articles

from newsdesk.cli import main
from newsdesk.inputs import count_documents, expand_paths, read_inputs
from newsdesk.records import IngestOutcome, RawDoc

GOOD = 12


def _record(ident: str, **fields) -> str:
    base = {"id": ident, "title": f"Quarry museum {ident} opens to visitors",
            "text": f"The quarry museum {ident} opened on Thursday in Glenrath with a hall of old cutting tools, "
                    "the curator said, and school groups have already booked the first weeks."}
    return json.dumps({**base, **fields})


def _html(title: str, body: str, head: str = "") -> str:
    return (f"<html><head>{head}<title>{title}</title></head><body><article><h1>{title}</h1>"
            f"<p>{body}</p><p>{body} Officials expect the work to finish before the winter storms.</p>"
            "</article></body></html>")


def crash_triggers(folder: Path) -> dict[str, str]:
    """The eleven triggers of issue 11, one file each: name -> what must happen ('ingested' or a reason)."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "deep.jsonl").write_text("[" * 100_000 + "]" * 100_000 + "\n" + _record("d1") + "\n")
    (folder / "charset-undefined.jsonl").write_text(_record("c1", text=_html(
        "Ferry timetable changes", "The ferry timetable changes next month, the operator said on Monday.",
        "<meta charset=undefined>")) + "\n")
    (folder / "charset-punycode.jsonl").write_text(_record("c2", text=_html(
        "Reservoir levels fall", "Reservoir levels fell to a ten-year low in Dunmere, the water board said.",
        "<meta charset=punycode>")) + "\n")
    (folder / "long-word.txt").write_text("Tunnel works resume in Holmfirth\n\nThe tunnel works resumed on Monday. "
                                          + "x" * 1_100_000 + " The contractor expects to finish in May.\n")
    (folder / "long-title.jsonl").write_text(_record("t1", title="Brewery " * 140_000) + "\n")
    (folder / "surrogate-title.jsonl").write_text(_record("s1", title="Tram depot \udfff expands") + "\n")
    (folder / "surrogate-source.jsonl").write_text(_record("s2", source="Eastwick \udfff Courier") + "\n")
    (folder / "surrogate-text.jsonl").write_text(_record("s3", text="The glacier trail \udfff reopened on Sunday "
                                                         "after rangers cleared the rockfall near the old hut.") + "\n")
    (folder / "surrogate-url.jsonl").write_text(_record("s4", url="https://example.org/\udfffwharf") + "\n")
    (folder / "deep-json-ld.html").write_text(_html(
        "Wharf cranes replaced", "Two wharf cranes were replaced at Calder Bay over the weekend, the port said.",
        '<script type="application/ld+json">' + "[" * 50_000 + "]" * 50_000 + "</script>"))
    (folder / os.fsdecode(b"bad-\xff\xfe-name.txt")).write_text(
        "Mill fire contained in Ashford\n\nFirefighters contained a fire at the old mill in Ashford overnight, "
        "the brigade said, and no one was hurt.\n")
    return {"deep.jsonl:1": "not JSON: nested 100000 levels deep", **{
        name: "ingested" for name in ("deep.jsonl#d1", "charset-undefined.jsonl#c1", "charset-punycode.jsonl#c2",
                                      "long-word.txt", "long-title.jsonl#t1", "surrogate-title.jsonl#s1",
                                      "surrogate-source.jsonl#s2", "surrogate-text.jsonl#s3",
                                      "surrogate-url.jsonl#s4", "deep-json-ld.html", "bad-\\xff\\xfe-name.txt")}}


def _by_name(outcomes: list[IngestOutcome]) -> dict[str, IngestOutcome]:
    return {o.uri.rsplit("/", 1)[-1]: o for o in outcomes}


def test_each_crash_trigger_costs_at_most_itself_and_every_good_article_arrives(tmp_path, ingest, store):
    expected = crash_triggers(tmp_path / "in")
    write_articles(tmp_path / "in", GOOD)
    outcomes = _by_name(ingest(tmp_path / "in"))
    for name, want in expected.items():
        got = outcomes[name]
        if want == "ingested":
            assert got.status == "ingested", (name, got.reason)
        else:
            assert got.status == "skipped" and got.reason.startswith(want) and "\n" not in got.reason, got
    assert [outcomes[f"article-{i:04d}.txt"].status for i in range(GOOD)] == ["ingested"] * GOOD
    rows = {r["path"].rsplit("/", 1)[-1]: r for r in store.conn.execute("SELECT * FROM articles")}
    assert len(rows) == GOOD + len(expected) - 1
    assert "\ufffd" in store.conn.execute("SELECT title FROM articles WHERE title LIKE 'Tram depot%'").fetchone()[0]
    assert max(len(r["title"]) for r in rows.values()) <= 400
    assert "bounded" in json.loads(rows["long-word.txt"]["flags"])
    assert store.conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


def test_one_bad_file_among_twelve_good_ones_loses_none_of_them(tmp_path, capsys):
    write_articles(tmp_path / "in", GOOD)
    (tmp_path / "in" / "nested.jsonl").write_text("{" * 200_000 + "\n")
    code = main(["--db", str(tmp_path / "desk.db"), "ingest", str(tmp_path / "in"), "--quiet"])
    lines = capsys.readouterr().err.strip().splitlines()
    assert code == 0 and lines[-1].startswith(f"ingested {GOOD}, duplicates 0, skipped 1")
    assert len(lines) == 2 and "Traceback" not in "".join(lines)


# -- point 6: the smaller ones ----------------------------------------------------------------------
def _records(n: int, start: int = 0) -> str:
    return "".join(_record(f"r{i}") + "\n" for i in range(start, start + n))


@pytest.mark.parametrize("prefix", [b"\x00", b"\x00\x00\x00\n", b"\x00" * 5000 + b"\n"])
def test_nul_bytes_near_the_start_of_a_jsonl_file_cost_no_record(tmp_path, prefix):
    path = tmp_path / "export.jsonl"
    path.write_bytes(prefix + _records(40).encode())
    docs = [i for i in read_inputs([path], max_bytes=100_000) if isinstance(i, RawDoc)]
    assert len(docs) == 40


@pytest.mark.parametrize("codec", ["utf-16", "utf-16-le", "utf-16-be"])
def test_utf16_jsonl_loses_no_record(tmp_path, codec):
    path = tmp_path / "export.jsonl"
    text = _records(25) + _record("accent", title="Café owners celebrate") + "\n"
    path.write_bytes(text.encode(codec))
    items = list(read_inputs([path], max_bytes=100_000))
    assert [type(i).__name__ for i in items] == ["RawDoc"] * 26, [getattr(i, "reason", "") for i in items]
    assert items[-1].meta["title"] == "Café owners celebrate"


def test_a_jsonl_line_longer_than_the_cap_is_skipped_without_reading_it_whole(tmp_path):
    path = tmp_path / "export.jsonl"
    path.write_text(_records(1) + '{"id": "big", "text": "' + "z" * 300_000 + '"}\n' + _records(1, 1))
    items = list(read_inputs([path], max_bytes=10_000))
    assert [type(i).__name__ for i in items] == ["RawDoc", "IngestOutcome", "RawDoc"]
    assert items[1].reason.startswith("too large: 300,")


def test_plain_text_saved_as_html_is_read_as_text(tmp_path, ingest):
    path = tmp_path / "notes.html"
    path.write_text("Orchard rail link approved\n\nThe orchard rail link was approved by the council on Tuesday "
                    "after a two-hour debate, and building starts next spring.\n")
    [outcome] = ingest(path)
    assert outcome.status == "ingested", outcome.reason


def test_a_named_file_that_looks_like_a_glob_is_taken_as_it_is(tmp_path):
    (tmp_path / "a[1].txt").write_text("x")
    (tmp_path / "a1.txt").write_text("y")
    files, missing = expand_paths([str(tmp_path / "a[1].txt"), str(tmp_path / "a[0-9].txt")])
    assert [f.name for f in files] == ["a[1].txt", "a1.txt"] and missing == []


def _quickly(function, seconds: float = 10.0):
    """Run ``function`` in a thread; fail (instead of hanging the suite) when it takes too long."""
    result: list = []
    worker = threading.Thread(target=lambda: result.append(function()), daemon=True)
    worker.start()
    worker.join(seconds)
    assert not worker.is_alive(), "hung"
    return result[0]


def test_fifos_and_devices_are_refused_without_waiting_or_reading(tmp_path):
    fifo = tmp_path / "pipe.jsonl"
    os.mkfifo(fifo)
    zero = tmp_path / "zero.jsonl"
    zero.symlink_to("/dev/zero")
    page = tmp_path / "null.html"
    page.symlink_to("/dev/null")
    files, _ = _quickly(lambda: expand_paths([str(tmp_path)]))
    assert _quickly(lambda: count_documents(files)) == 3
    items = _quickly(lambda: list(read_inputs(sorted(files), max_bytes=10_000)))
    reasons = {Path(i.uri).name: i.reason for i in items}
    assert reasons == {"null.html": "not a regular file (a character device): only files are read",
                       "pipe.jsonl": "not a regular file (a FIFO): only files are read",
                       "zero.jsonl": "not a regular file (a character device): only files are read"}


def test_a_truncated_page_gives_one_line_not_a_traceback(tmp_path, capfd):
    page = tmp_path / "cut.html"
    page.write_text("<!DOCTYPE html><html><head><title>Bridge</title></head><body><nav><a href=/>Home</a>")
    code = main(["--db", str(tmp_path / "desk.db"), "ingest", str(page), "--quiet"])
    err = capfd.readouterr().err
    assert code == 1 and "Traceback" not in err and len(err.strip().splitlines()) == 2, err


# -- bounded work ---------------------------------------------------------------------------------
def test_pathological_markup_is_refused_before_parsing(tmp_path, ingest):
    (tmp_path / "attributes.html").write_text(
        "<html><body><div " + " ".join(f"a{i}=x" for i in range(200_000)) + "><p>Text.</p></div></body></html>")
    (tmp_path / "paragraphs.html").write_text("<html><body>" + "<p>x" * 1_000_000 + "</body></html>")
    write_articles(tmp_path, 2)
    started = time.monotonic()
    outcomes = _by_name(ingest(tmp_path))
    assert time.monotonic() - started < 120
    assert outcomes["attributes.html"].reason == "pathological markup: a tag with 200,000 attributes " \
                                                 "(more than 1,000)"
    assert outcomes["paragraphs.html"].reason.startswith("pathological markup: 1,000,0")
    assert [outcomes[f"article-000{i}.txt"].status for i in range(2)] == ["ingested"] * 2


def test_a_document_over_its_time_budget_is_abandoned_and_the_run_goes_on(tmp_path, store, embedder):
    from newsdesk.pipeline import IngestOptions, Ingestor

    # Just under the markup caps, but slow (about 4 s on an idle machine in Dec 2026, more on a busy
    # one): the worker reading it is killed at a 1 s limit, still far above what a good article
    # takes (milliseconds), so the test holds on a machine a few times faster.
    (tmp_path / "slow.html").write_text("<html><body>" + "".join(
        f"<p>word{i} and more words here.</p>" for i in range(49_000)) + "</body></html>")
    write_articles(tmp_path, 2)
    files, _ = expand_paths([str(tmp_path)])
    ingestor = Ingestor(store, IngestOptions(time_limit=1.0), embedder=embedder)
    outcomes = _by_name(ingestor.ingest(read_inputs(files, max_bytes=10_000_000)))
    assert outcomes["slow.html"].reason == "took longer than 1 s: abandoned"
    assert [outcomes[f"article-000{i}.txt"].status for i in range(2)] == ["ingested"] * 2


# -- a failure at a later stage ---------------------------------------------------------------------
def test_a_failure_while_embedding_or_storing_skips_that_document_alone(tmp_path, store, embedder, monkeypatch):
    from newsdesk.pipeline import Ingestor

    write_articles(tmp_path / "in", 6)
    files, _ = expand_paths([str(tmp_path / "in")])
    real_embed, real_add = embedder.embed, store.add_article

    def embed(texts):
        if any("number 1 " in t for t in texts):
            raise RuntimeError("tokenizer failed")
        return real_embed(texts)

    def add_article(article, **kwargs):
        real_add(article, **kwargs)  # written, then the store fails: the savepoint must undo it
        if "number 3 " in article.title + " ":
            raise sqlite3.OperationalError("disk I/O error")

    monkeypatch.setattr(embedder, "embed", embed)
    monkeypatch.setattr(store, "add_article", add_article)
    outcomes = _by_name(Ingestor(store, embedder=embedder).ingest(read_inputs(files, max_bytes=100_000)))
    status = {name: (o.status, o.reason.split(" (")[0]) for name, o in outcomes.items()}
    assert status["article-0001.txt"] == ("skipped", "could not be embedded")
    assert status["article-0003.txt"] == ("skipped", "could not be stored")
    assert [status[f"article-000{i}.txt"][0] for i in (0, 2, 4, 5)] == ["ingested"] * 4
    assert store.count_articles() == 4
    assert store.conn.execute("SELECT COUNT(*) FROM story_articles").fetchone()[0] == 4
    monkeypatch.undo()
    again = _by_name(Ingestor(store, embedder=embedder).ingest(read_inputs(files, max_bytes=100_000)))
    assert {n: o.status for n, o in again.items()} == {f"article-000{i}.txt": "ingested" if i in (1, 3) else "duplicate"
                                                        for i in range(6)}


def test_a_bad_run_never_changes_what_was_stored(tmp_path, capsys):
    db = tmp_path / "desk.db"
    write_articles(tmp_path / "good", 3)
    assert main(["--db", str(db), "ingest", str(tmp_path / "good"), "--quiet"]) == 0
    before = snapshot(db)
    crash_triggers(tmp_path / "bad")
    for path in (tmp_path / "bad").iterdir():
        if path.name != "deep.jsonl":
            path.unlink()
    (tmp_path / "bad" / "deep.jsonl").write_text("[" * 100_000 + "\n")
    assert main(["--db", str(db), "ingest", str(tmp_path / "bad"), "--quiet"]) == 1
    capsys.readouterr()
    assert snapshot(db) == before


# -- the brief runner ---------------------------------------------------------------------------------
def _write_two_events(folder: Path) -> None:
    """Three invented reports of a ferry strike and three of a chess final: two stories, whatever
    the clusterer (word-salad articles of one vocabulary may rightly be grouped as one)."""
    folder.mkdir(parents=True, exist_ok=True)
    strike = ("Ferry crews in Calder Bay walked out on {0} over pay, stranding {1} passengers. "
              "Union leader Mira Ostrand said the strike at the Calder Bay terminal would last until the operator "
              "Norvale Lines reopened talks. Norvale Lines said {1} travellers had been moved to buses.")
    chess = ("Grandmaster Tobias Lindqvist won the Glenrath chess final on {0} after a {1}-move endgame against "
             "Anouk Verbeek. Lindqvist said the rook ending was the hardest of his career; Verbeek resigned "
             "after the clock ran low in the Glenrath town hall, where {1} spectators watched.")
    for i, (template, when, count) in enumerate([(strike, "Monday", 1200), (strike, "Monday night", 1150),
                                                 (strike, "Tuesday", 1300), (chess, "Sunday", 64),
                                                 (chess, "Sunday evening", 71), (chess, "the weekend", 58)]):
        title = "Calder Bay ferry strike strands passengers" if template is strike else "Lindqvist wins Glenrath final"
        (folder / f"article-{i:04d}.txt").write_text(f"{title} ({i})\n\n{template.format(when, count)}\n", "utf-8")


def test_an_article_or_story_that_fails_in_the_brief_runner_costs_only_itself(tmp_path, store, embedder, monkeypatch):
    import newsdesk.report as report
    from newsdesk.pipeline import Ingestor

    _write_two_events(tmp_path / "in")
    files, _ = expand_paths([str(tmp_path / "in")])
    outcomes = list(Ingestor(store, embedder=embedder).ingest(read_inputs(files, max_bytes=100_000)))
    by_story: dict[str, list[str]] = {}
    for o in outcomes:
        by_story.setdefault(o.story_id, []).append(o.article_id)
    story_ids = sorted(by_story, key=lambda s: -len(by_story[s]))
    assert len(story_ids) >= 2
    victim = by_story[story_ids[0]][0]
    real_analyze, real_crosscheck = report.analyze, report.crosscheck

    def analyze(article):
        if article.id == victim:
            raise ValueError("[E088] Text of length 1100000 exceeds maximum")
        return real_analyze(article)

    def crosscheck(articles, analyses, vectors):
        if any(a.id in by_story[story_ids[-1]] for a in articles):
            raise RuntimeError("a bug in one story")
        return real_crosscheck(articles, analyses, vectors)

    monkeypatch.setattr(report, "analyze", analyze)
    monkeypatch.setattr(report, "crosscheck", crosscheck)
    warnings: list[str] = []
    built = report.build_report(store, story_ids, embedder=embedder, warn=warnings.append)
    first = next(s for s in built["stories"] if s["id"] == story_ids[0])
    assert "not-analysed" in first["article_flags"][victim]
    assert any(f"article {victim} could not be analysed (ValueError: [E088]" in w for w in warnings)
    assert story_ids[-1] not in [s["id"] for s in built["stories"]]
    assert any(w.startswith(f"story {story_ids[-1]} could not be briefed (RuntimeError") for w in warnings)
    assert len(built["stories"]) == len(story_ids) - 1
    monkeypatch.undo()
    again = report.story_report(store, story_ids[0], embedder=embedder)  # not cached while incomplete
    assert "not-analysed" not in again["article_flags"].get(victim, [])
