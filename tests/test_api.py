"""The package's public API: lazy names, one version, and ingest through newsdesk.ingest."""
from __future__ import annotations

import subprocess
import sys
import tomllib
from pathlib import Path

import newsdesk
from newsdesk import extract, ingestion, report, store

ROOT = Path(__file__).resolve().parent.parent

ARTICLE = """Ferry service to Gullholm resumes after storm repairs

GULLHOLM — The island ferry returned to service on Thursday after three weeks of repairs to the
storm-damaged pier, the harbour board said. The first crossing left at 7 a.m. with 140 passengers.
Harbour master Ines Calloway said the pier had been rebuilt with a higher deck to withstand future storms.
"""


def test_version_is_the_one_in_pyproject():
    declared = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["project"]["version"]
    assert newsdesk.__version__ == declared


def test_the_api_names_are_the_modules_own_objects():
    assert newsdesk.Store is store.Store
    assert newsdesk.ingest is ingestion.ingest
    assert newsdesk.build_report is report.build_report
    assert set(newsdesk.__all__) <= set(dir(newsdesk))


def test_unknown_names_raise_attribute_error():
    try:
        newsdesk.no_such_name  # noqa: B018
    except AttributeError as exc:
        assert "no_such_name" in str(exc)
    else:
        raise AssertionError("expected AttributeError")


def test_importing_the_package_imports_nothing_heavy():
    code = "import sys, newsdesk\nprint(sorted(m for m in sys.modules if m.startswith('newsdesk')))"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert done.stdout.strip() == "['newsdesk']", done.stderr


def test_ingestion_default_size_limit_is_extracts():
    assert ingestion.DEFAULT_MAX_BYTES == extract.DEFAULT_MAX_BYTES


def test_ingest_stores_files_and_reports_each_document(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "ferry.txt").write_text(ARTICLE, "utf-8")
    (folder / "empty.txt").write_text("", "utf-8")
    heard = []
    with newsdesk.Store(tmp_path / "desk.db") as desk:
        outcomes = newsdesk.ingest(desk, [str(folder), str(tmp_path / "missing.txt")], source="Harbour Gazette",
                                   progress=heard.append)
        stories = desk.stories()
        articles = desk.story(stories[0]["id"])["articles"]
    assert sorted(o.status for o in outcomes) == ["ingested", "skipped", "skipped"]
    assert heard == outcomes
    assert len(stories) == 1 and [a["source"] for a in articles] == ["Harbour Gazette"]
    assert ingestion.summary_line(outcomes).startswith("ingested 1, duplicates 0, skipped 2")


def test_deprecations_from_our_code_fail_the_tests_and_third_party_ones_do_not():
    import warnings

    import pytest

    with pytest.raises(DeprecationWarning):
        warnings.warn_explicit("old API", DeprecationWarning, "newsdesk/x.py", 1, module="newsdesk.x")
    with warnings.catch_warnings(record=True) as seen:
        warnings.warn_explicit("old API", DeprecationWarning, "lib/y.py", 1, module="somelib.y")
    assert [str(w.message) for w in seen] == ["old API"]
