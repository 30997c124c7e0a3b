"""`newsdesk batch` on Spark in local mode: the same stories and origins as the desk fed in the
same order, planted copies, bad records skipped with reasons, a desk and reports that the desk's
own commands read, and a killed job that resumes to the same result.

Spark starts once for the in-process job (local[2]); the kill test runs the command in a
subprocess. Without pyspark or Java the tests are skipped, except in CI (CI=true), where the
spark extra is installed and a missing one must fail.
"""
from __future__ import annotations

import gzip
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import jsonschema
import pytest
from test_warc import http_response, warc_record

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "examples" / "corpus"
PAGES = Path(__file__).parent / "fixtures" / "collect" / "pages"
SCHEMA = json.loads((ROOT / "newsdesk" / "schema" / "report.schema.json").read_text())
TEST_CONF = {"spark.ui.enabled": "false", "spark.driver.host": "127.0.0.1",
             "spark.driver.bindAddress": "127.0.0.1", "spark.sql.shuffle.partitions": "4"}

if not os.environ.get("CI"):
    pytest.importorskip("pyspark", reason="the spark extra is not installed (bash scripts/test.sh installs it)")
    if not (os.environ.get("JAVA_HOME") or shutil.which("java")):
        pytest.skip("Java 17 is not installed (apt-get install openjdk-17-jre-headless)", allow_module_level=True)

# Three invented reports; each is planted again as light rewrites on later days (copies), once
# word for word under another address (an exact duplicate) and once with other text under its
# own address (same canonical URL: a duplicate by id).
ORIGINALS = {
    "ferry": ("Ferry Aurelia runs aground off Tallis Point",
              "The passenger ferry Aurelia ran aground on a sandbar off Tallis Point early on Tuesday, "
              "stranding 214 passengers for nine hours before the coastguard towed it free at high tide. "
              "Captain Ines Marwood told the harbour office that a failed depth sounder left the crew "
              "steering blind in thick fog. Nobody was hurt, the operator Bluewake Lines said, but two "
              "lifeboats were damaged and the Tallis crossing will stay closed until divers inspect the "
              "hull. Passengers were given blankets and hot soup while they waited, and several praised "
              "the crew for keeping them calm through the long night on the tilted deck."),
    "orchard": ("Frost wipes out half of Corvell valley apple crop",
                "A late frost destroyed about half of the apple blossom in the Corvell valley over the "
                "weekend, growers said, with temperatures falling to minus six degrees on Saturday night. "
                "Orchard owner Tobias Renfrew said he had lit 300 smudge pots and still lost most of his "
                "early varieties. The Corvell Growers Cooperative estimates losses of 18 million and will "
                "ask the regional council for emergency grants. Pickers who usually arrive in August may "
                "find little work this year, and cider makers warned that prices would rise."),
    "library": ("Old Mill library reopens after flood repairs",
                "The Old Mill public library in Hartsby reopened on Monday after eleven months of repairs "
                "following last spring's flood, which ruined 40,000 books and the ground-floor reading "
                "room. Head librarian Dalia Okonkwo-Reyes said volunteers had dried and saved about a "
                "third of the local history archive by hand. The rebuilt building stands on raised "
                "foundations and has a new children's wing paid for by a town fundraiser that collected "
                "more than 600,000 in small donations over the winter months."),
}


def _copy(text: str, n: int) -> str:
    """A light rewrite: one word changed and a syndication line added (Jaccard with the text ~0.85)."""
    words = text.split()
    words[20 + 7 * n] = "reportedly"
    return " ".join(words) + f"\n\nThis report first appeared in partner outlet number {n + 1}."


def _corpus_records() -> list[dict]:
    records = []
    for day, (key, (title, text)) in enumerate(ORIGINALS.items(), start=3):
        records.append({"id": key, "title": title, "text": text, "url": f"https://first.example/{key}",
                        "published": f"2026-05-{day:02d}T08:00:00Z"})
        for n in range(2):
            records.append({"id": f"{key}-copy{n}", "title": title, "text": _copy(text, n),
                            "url": f"https://partner{n}.example/{key}",
                            "published": f"2026-05-{day + n + 1:02d}T10:00:00Z"})
    records.append({"id": "ferry-again", "title": "Ferry aground", "text": ORIGINALS["ferry"][1],
                    "url": "https://mirror.example/ferry", "published": "2026-05-09T09:00:00Z"})
    records.append({"id": "orchard-url", "title": "Frost", "text": "Another page under the same address: " * 3,
                    "url": "https://first.example/orchard?utm_source=feed", "published": "2026-05-10T09:00:00Z"})
    return records


def _warc(path: Path) -> None:
    page = lambda name: (PAGES / f"{name}.html").read_bytes()  # noqa: E731
    records = [
        warc_record("response", "https://valley.example/bridge", http_response(200, "text/html", page("bridge-a"))),
        warc_record("response", "https://north.example/bridge", http_response(200, "text/html", page("bridge-b")),
                    date="2026-10-15T09:00:00Z"),
        warc_record("response", "https://valley.example/missing", http_response(404, "text/html", b"<p>no</p>")),
        warc_record("response", "https://valley.example/logo.png", http_response(200, "image/png", b"\x89PNG..")),
        warc_record("response", "https://valley.example/library", http_response(200, "text/html", page("library")),
                    date="2026-10-20T09:00:00Z"),
    ]
    path.write_bytes(b"".join(gzip.compress(r) for r in records))


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    """The example corpus, the planted copies (JSONL), a WARC.gz and broken files, in one folder."""
    folder = tmp_path_factory.mktemp("batch-corpus")
    shutil.copytree(CORPUS, folder / "examples")
    lines = [json.dumps(r) for r in _corpus_records()]
    lines[3:3] = ["{not json", json.dumps({"id": "no-text", "title": "nothing"})]
    (folder / "planted.jsonl").write_text("\n".join(lines) + "\n", "utf-8")
    _warc(folder / "pages.warc.gz")
    (folder / "logo.html").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)))
    (folder / "empty.txt").write_bytes(b"")
    return folder


@pytest.fixture(scope="module")
def spark():
    from newsdesk.batch.session import spark_session

    session = spark_session("local[2]", TEST_CONF, progress=False)
    yield session
    session.stop()


@pytest.fixture(scope="module")
def job(corpus, spark, tmp_path_factory, embedder):
    """The corpus through a batch job (reports for stories of 2+ origins) and through the desk."""
    from newsdesk.batch import BatchOptions, run_batch

    out = tmp_path_factory.mktemp("batch-out")
    lines: list[str] = []
    summary = run_batch([str(corpus)], str(out), BatchOptions(), log=lines.append, spark=spark)
    return {"out": out, "summary": summary, "log": lines, "desk": _desk_in_job_order(corpus, embedder, out)}


def _desk_in_job_order(corpus: Path, embedder, out: Path) -> dict:
    """{record uri: (article id, origin, story)} of the desk fed the records in the job's order."""
    from newsdesk.batch.sources import in_job_order
    from newsdesk.pipeline import Ingestor
    from newsdesk.store import Store

    with Store(out.parent / f"{out.name}-desk.db") as store:
        outcomes = list(Ingestor(store, embedder=embedder).ingest(in_job_order([str(corpus)], 20_000_000)))
        origin = dict(store.conn.execute("SELECT id, origin FROM articles").fetchall())
        return {o.uri: (o.article_id, origin.get(o.article_id), store.story_of(o.article_id))
                for o in outcomes if o.article_id}


def _job_articles(spark, out: Path) -> dict:
    """{record uri: (article id, origin, story)} of the batch job (a duplicate: the article it duplicates)."""
    read = lambda name: spark.read.parquet(str(out / name))  # noqa: E731
    origin = {r.id: r.origin for r in read("origins").collect()}
    story = {r.origin: r.story_id for r in read("story_of").collect()}
    rows = read("signals").join(read("duplicates").select("order_key", "duplicate_of"), "order_key", "left")
    out = {}
    for row in rows.collect():
        article = row.duplicate_of or row.id
        out[row.uri] = (article, origin[article], story[origin[article]])
    return out


def _partition(mapping: dict) -> set[frozenset]:
    groups: dict[str, set] = {}
    for uri, (_, _, story) in mapping.items():
        groups.setdefault(story, set()).add(uri)
    return {frozenset(g) for g in groups.values()}


# -- the same answers as the desk ------------------------------------------------------------------
def test_stories_and_origins_are_the_desks(job, spark):
    batch = _job_articles(spark, job["out"])
    desk = job["desk"]
    assert set(batch) == set(desk)  # the same records were read, and the same ones skipped
    assert {u: v[:2] for u, v in batch.items()} == {u: v[:2] for u, v in desk.items()}  # ids and origins
    assert _partition(batch) == _partition(desk)


def test_planted_copies_share_their_originals_origin_and_story(job, spark):
    batch = _job_articles(spark, job["out"])
    by_external = {uri.rsplit("#", 1)[1]: value for uri, value in batch.items() if "planted.jsonl#" in uri}
    for key in ORIGINALS:
        article, origin, story = by_external[key]
        assert origin == article  # the first report is its own origin
        for n in range(2):
            copy = by_external[f"{key}-copy{n}"]
            assert copy[0] != article and copy[1:] == (origin, story)
    assert by_external["ferry-again"][0] == by_external["ferry"][0]  # same text: a duplicate
    assert by_external["orchard-url"][0] == by_external["orchard"][0]  # same canonical URL: a duplicate
    assert len({v[1] for v in batch.values()}) == job["summary"].origins


def test_bad_records_are_counted_with_their_reasons(job):
    summary = job["summary"]
    assert summary.skipped["binary file"] == 1 and summary.skipped["empty file"] == 1
    assert summary.skipped["not JSON"] == 1 and summary.skipped["no 'text' field"] == 1
    assert summary.skipped["http status 404"] == 1 and summary.skipped["not HTML"] == 1
    assert summary.duplicates == 2
    assert summary.records == summary.articles + summary.duplicates + sum(summary.skipped.values())
    assert any(line.startswith("records ") for line in job["log"])


# -- outputs ------------------------------------------------------------------------------------------
def test_the_desk_opens_with_the_desks_own_commands(job, capsys):
    from newsdesk.cli import main
    from newsdesk.store import Store

    db = job["out"] / "newsdesk.db"
    with Store(db) as store:
        stories = store.stories()
        assert len(stories) == job["summary"].stories
        assert sum(s["n_articles"] for s in stories) == job["summary"].articles
        assert all(s["title"] for s in stories)
        copies = store.conn.execute("SELECT COUNT(*) FROM story_articles WHERE reason = 'copy-of'").fetchone()[0]
        assert copies == job["summary"].articles - job["summary"].origins
    assert main(["--db", str(db), "stories"]) == 0
    assert main(["--db", str(db), "show", stories[0]["id"]]) == 0
    assert "joined:" in capsys.readouterr().out or stories[0]["n_articles"] == 1


def test_reports_are_valid_and_serve_as_the_desks_briefing_cache(job, spark):
    from newsdesk.report import story_report
    from newsdesk.store import Store

    reports = spark.read.parquet(str(job["out"] / "reports")).collect()
    assert reports and len(reports) == job["summary"].reports
    with Store(job["out"] / "newsdesk.db") as store:
        multi = [s for s in store.stories() if s["n_origins"] >= 2]
        assert {r.story_id for r in reports} == {s["id"] for s in multi}
        for row in reports:
            report = json.loads(row.report)
            jsonschema.validate(report, SCHEMA)
            assert [s["id"] for s in report["stories"]] == [row.story_id]
            assert story_report(store, row.story_id) == report["stories"][0]  # a cache hit: same object


def test_stories_table_lists_every_article_once(job, spark):
    rows = spark.read.parquet(str(job["out"] / "stories")).collect()
    ids = [a for r in rows for a in r.article_ids]
    assert len(ids) == len(set(ids)) == job["summary"].articles
    assert all(r.n_origins <= r.n_articles for r in rows)


# -- restart --------------------------------------------------------------------------------------------
def _command(corpus: Path, out: Path) -> list[str]:
    conf = [arg for key, value in TEST_CONF.items() for arg in ("--conf", f"{key}={value}")]
    return [sys.executable, "-m", "newsdesk", "batch", str(corpus), "--out", str(out), "--master", "local[2]",
            "--reports", "0", "--no-desk", *conf]


def test_a_killed_job_resumes_and_finishes_with_the_same_result(job, corpus, tmp_path, spark):
    out = tmp_path / "killed"
    first_wave = out / "_batch" / "done" / "signals-00000.json"
    process = subprocess.Popen(_command(corpus, out), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                               start_new_session=True)
    deadline = time.monotonic() + 300
    while not first_wave.exists() and process.poll() is None and time.monotonic() < deadline:
        time.sleep(0.2)
    assert first_wave.exists(), process.stderr.read().decode()[-2000:] if process.poll() is not None else "timeout"
    os.killpg(process.pid, signal.SIGKILL)  # the driver, its JVM and its Python workers
    process.wait()
    assert not (out / "_batch" / "done" / "stories-table.json").exists()  # killed before the end
    done = subprocess.run(_command(corpus, out), capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr[-2000:]
    assert "wave 1/" in done.stderr and "done in an earlier run" in done.stderr
    resumed = _job_articles(spark, out)
    assert resumed == _job_articles(spark, job["out"])
