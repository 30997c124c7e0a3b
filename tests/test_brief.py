"""The briefing on the bundled example corpus, checked against its answer key;
hostile text in HTML; the report schema; cheap and updating re-briefs."""
import json
from pathlib import Path

import jsonschema
import pytest
from corpus_key import Scored, load_key, matches

from newsdesk.cli import main
from newsdesk.render import to_markdown
from newsdesk.report import build_report, story_report

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "examples" / "corpus"
SCHEMA = json.loads((ROOT / "newsdesk" / "schema" / "report.schema.json").read_text())
WIRE = "pacific-wire-ferreyra-ridley.txt"


@pytest.fixture(scope="module")
def corpus_report(tmp_path_factory, embedder):
    from newsdesk.inputs import expand_paths, read_inputs
    from newsdesk.pipeline import Ingestor
    from newsdesk.store import Store

    path = tmp_path_factory.mktemp("corpus") / "desk.db"
    with Store(path) as store:
        files, _ = expand_paths([str(CORPUS)])
        list(Ingestor(store, embedder=embedder).ingest(read_inputs(files, max_bytes=20_000_000)))
        yield build_report(store, embedder=embedder), path


@pytest.fixture(scope="module")
def scored(corpus_report):
    return Scored(corpus_report[0]), load_key()


def _main_story(scored):
    sc, _ = scored
    story = sc.story_with(WIRE)
    assert story is not None, "the wire report is in no story"
    return story


def test_report_matches_the_schema(corpus_report):
    jsonschema.validate(corpus_report[0], SCHEMA)


def test_every_quote_is_a_verbatim_span_of_its_article(corpus_report):
    report = corpus_report[0]
    text = {a["id"]: a["text"] for a in report["articles"]}
    checked = 0
    for story in report["stories"]:
        groups = ([f["sources"] for f in story["facts"]] + [c["sources"] for x in story["conflicts"] for c in x["claims"]]
                  + [t["sources"] for t in story["timeline"]]
                  + [s["sources"] for sec in story["briefing"]["sections"] for s in sec["sentences"]])
        for sources in groups:
            for src in sources:
                assert text[src["article"]][src["start"]:src["end"]] == src["quote"]
                checked += 1
        for q in story["quotes"]:
            assert text[q["article"]][q["start"]:q["end"]] == q["text"]
    assert checked > 50


def test_nothing_unsourced_is_written(corpus_report):
    for story in corpus_report[0]["stories"]:
        for section in story["briefing"]["sections"]:
            assert section["sentences"] or section.get("note"), section["heading"]
            for sentence in section["sentences"]:
                assert sentence["sources"], (section["heading"], sentence["text"])


@pytest.mark.parametrize("severity", ["must", "should"])
def test_designed_conflicts_are_found_with_both_sides_cited(scored, severity):
    sc, key = scored
    story = _main_story(scored)
    for g in (c for c in key["conflicts"] if c["severity"] == severity):
        hits = [c for c in story["conflicts"] if matches(sc.conflict_text(c), g["match"])
                and len(c["claims"]) >= 2 and all(sc.docs(cl["sources"]) for cl in c["claims"])]
        assert hits, f"conflict {g['id']} not found with both sides cited"
        minority = {d for side in g["sides"] if side.get("exclusive") for d in side["docs"]}
        assert any(any(sc.docs(cl["sources"]) <= minority for cl in c["claims"]) for c in hits), g["id"]


def test_designed_corroborated_facts(scored):
    sc, key = scored
    story = _main_story(scored)
    missing = []
    for g in key["corroborated_facts"]:
        best = max((sc.origins(sc.docs(f["sources"]) & set(g["sources"]), key) for f in story["facts"]
                    if f["status"] == "corroborated" and matches(sc.fact_text(f), g["match"])), default=0)
        if best < g["min_origins"]:
            missing.append((g["id"], best))
    assert not missing


def test_syndicated_copies_never_make_a_fact_corroborated(scored):
    sc, key = scored
    for g in key["single_source_figures"]:
        story = sc.story_with(g["docs"][0])
        hits = [f for f in story["facts"] if matches(sc.fact_text(f), g["match"])]
        assert hits, f"{g['id']}: no fact states it"
        assert all(f["status"] != "corroborated" for f in hits), g["id"]


def test_doubtful_claims_are_not_corroborated_and_are_marked(scored):
    sc, key = scored
    story = _main_story(scored)
    sentences = [s for sec in story["briefing"]["sections"] for s in sec["sentences"]]
    for g in key["doubtful_claims"]:
        assert all(f["status"] != "corroborated" for f in story["facts"] if matches(sc.fact_text(f), g["match"]))
        assert all(s["status"] != "corroborated" for s in sentences if matches(s["text"], g["match"]))


def test_quotes_have_their_speakers(scored):
    sc, key = scored
    quotes = [q for s in sc.report["stories"] for q in s["quotes"]]
    wrong = []
    for g in key["quotes"]:
        same_origin = {g["doc"]} | {d for grp in key["origins"] if g["doc"] in grp for d in grp}
        found = [q for q in quotes if matches(q["text"], g["match"]) and sc.doc_of[q["article"]] in same_origin]
        last = g["speaker"].split()[-1].lower()
        speakers = [(q["speaker"] or "").lower() for q in found]  # null: unattributed
        if not any(s and (last in s or s in g["speaker"].lower()) for s in speakers):
            wrong.append((g["speaker"], [q["speaker"] for q in found]))
    assert len(wrong) <= 1, wrong


def test_timeline_dates(scored):
    sc, key = scored
    dates = {t["date"] for s in sc.report["stories"] for t in s["timeline"]}
    assert {t["date"] for t in key["timeline"]} <= dates


def test_markdown_marks_status(corpus_report):
    md = to_markdown(corpus_report[0])
    assert "⚠ single source" in md and "✔ corroborated" in md and "## What's disputed" in md
    assert "## Sources" in md


def test_region_section_only_from_sources_that_mention_it(corpus_report, scored):
    report, path = corpus_report
    sc, key = scored
    from newsdesk.store import Store

    with Store(path) as store:
        story = story_report(store, _main_story(scored)["id"], region="CA")
        unrelated = story_report(store, sc.story_with(key["stories"]["U"]["documents"][0])["id"], region="CA")
    region = next(s for s in story["briefing"]["sections"] if s["id"] == "region")
    assert region["heading"] == "What it means for Canada"
    assert region["sentences"] and all("canad" in s["text"].lower() or "quebec" in s["text"].lower()
                                       for s in region["sentences"])
    none = next(s for s in unrelated["briefing"]["sections"] if s["id"] == "region")
    assert none["sentences"] == [] and "No source" in none["note"]


HOSTILE = """Ferry strike <script>alert('title')</script> ends after deal

Harbour workers ended their strike on Monday after the port authority agreed to a new roster, union leader Mara Quill said at a press conference <script>alert('body')</script> in the city.

Quill said the deal <img src=x onerror="alert(1)"> covered 1,200 workers and would be reviewed in June, <a href="javascript:alert(2)">details here</a>.

“We got what we came for, and the ferries will run again tomorrow,” Quill said after the vote."""


@pytest.mark.parametrize("fmt", ["html", "md"])
def test_output_escapes_hostile_text(tmp_path, fmt):
    page = tmp_path / "hostile.txt"
    page.write_text(HOSTILE, encoding="utf-8")
    out = tmp_path / f"brief.{fmt}"
    assert main(["--db", str(tmp_path / "d.db"), "brief", str(page), "--format", fmt, "-o", str(out), "--quiet"]) == 0
    rendered = out.read_text(encoding="utf-8")
    assert "alert('title')" in rendered.replace("&#39;", "'")  # the text is kept ...
    raw_markup = ["<script", "<img", "<a href=\"javascript"] + (['href="javascript:'] if fmt == "html" else [])
    for raw in raw_markup:
        assert raw not in rendered  # ... but never as markup
    if fmt == "html":
        assert "onerror=\"" not in rendered
    if fmt == "html":
        assert "Content-Security-Policy" in rendered and "&lt;script&gt;" in rendered


def test_rebrief_is_cached_and_updates_when_articles_arrive(tmp_path, embedder):
    from newsdesk.inputs import expand_paths, read_inputs
    from newsdesk.pipeline import Ingestor
    from newsdesk.store import Store

    first = tmp_path / "one.txt"
    first.write_text("Dam opens on the Orava river\n\nThe new Orava dam opened on Monday, 2 February 2026, "
                     "after six years of work, the regional governor Petra Halas said.\n\n"
                     "The dam will supply power to 40,000 homes in the valley, officials said.", encoding="utf-8")
    second = tmp_path / "two.txt"
    second.write_text("Orava valley gets its dam\n\nRegional governor Petra Halas opened the Orava dam on Monday, "
                      "2 February 2026, ending six years of construction.\n\nAbout 40,000 homes in the valley will "
                      "get power from the dam, the operator said.", encoding="utf-8")
    with Store(tmp_path / "d.db") as store:
        ingest = Ingestor(store, embedder=embedder)
        list(ingest.ingest(read_inputs(expand_paths([str(first)])[0], max_bytes=10**6)))
        story_id = store.stories()[0]["id"]
        before = story_report(store, story_id, embedder=embedder)
        assert store.cached_report(story_id, _key_of(store, story_id)) is not None
        assert story_report(store, story_id, embedder=embedder) == before
        list(ingest.ingest(read_inputs(expand_paths([str(second)])[0], max_bytes=10**6)))
        assert store.story_of(store.story(story_id)["articles"][0]["id"]) == story_id
        after = story_report(store, store.stories()[0]["id"], embedder=embedder)
    homes = [f for f in after["facts"] if "40,000 homes" in " ".join(s["quote"] for s in f["sources"])]
    assert any(f["status"] == "corroborated" for f in homes)
    assert all(f["status"] != "corroborated" for f in before["facts"])


def _key_of(store, story_id):
    return store.conn.execute("SELECT cache_key FROM story_reports WHERE story_id = ?", (story_id,)).fetchone()[0]
