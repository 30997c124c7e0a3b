"""The bundled example corpus against its answer key, examples/corpus/expected.yaml.

Two groups of tests:

- *key* tests read the corpus files directly (no newsdesk code) and check that the
  answer key describes them truthfully, so the corpus and the key cannot drift apart
  and no removal check below is vacuous;
- *desk* tests ingest the whole corpus into a fresh desk and check what the key says
  about stories, origins, titles, dates, kinds and cleaning. Each desk test looks at
  every document and reports all failing documents in one message.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path

import pytest

yaml = pytest.importorskip("yaml")

CORPUS = Path(__file__).resolve().parent.parent / "examples" / "corpus"
KEY = yaml.safe_load((CORPUS / "expected.yaml").read_text(encoding="utf-8"))
DOCS: dict[str, dict] = KEY["documents"]
ARTICLE_SUFFIXES = {".txt", ".html", ".jsonl"}


def norm(text: str) -> str:
    """Lower-cased, whitespace collapsed: how the key's phrases are compared."""
    return " ".join(text.lower().split())


def matches(text: str, alternatives: list[list[str]]) -> bool:
    """True when ``text`` contains every phrase of at least one alternative."""
    flat = norm(text)
    return any(all(norm(p) in flat for p in alt) for alt in alternatives)


# -- reading the corpus files directly (for the key tests) ------------------------------
def _decode(data: bytes) -> str:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("cp1252")


def _html_blocks(html: str) -> list[str]:
    from lxml import html as lxml_html

    tree = lxml_html.fromstring(html)
    blocks = [el.get("content") for el in tree.iter("meta") if el.get("content")]
    tags = ("title", "h1", "h2", "h3", "p", "li", "a", "span", "button", "time", "figcaption")
    blocks += [el.text_content() for el in tree.iter(*tags)]
    return [b for b in blocks if b and b.strip()]


def _raw_blocks() -> dict[str, list[str]]:
    """Document name -> its raw paragraphs (title and metadata included)."""
    found: dict[str, list[str]] = {}
    for path in sorted(CORPUS.iterdir()):
        if path.suffix == ".jsonl":
            for line in path.read_text(encoding="utf-8").splitlines():
                if line.strip():
                    rec = json.loads(line)
                    found[f"{path.name}#{rec['id']}"] = [rec["title"], *re.split(r"\n\s*\n", rec["text"])]
        elif path.suffix == ".html":
            found[path.name] = _html_blocks(path.read_text(encoding="utf-8"))
        elif path.suffix == ".txt":
            found[path.name] = re.split(r"\n\s*\n", _decode(path.read_bytes()))
    return found


RAW = _raw_blocks()


def _in_raw(doc: str, alternatives: list[list[str]]) -> bool:
    return any(matches(block, alternatives) for block in RAW[doc])


def _attributed_phrases() -> list[tuple[str, str, list[list[str]]]]:
    """(where in the key, document, match alternatives) for every attribution the key makes."""
    out = []
    for name, doc in DOCS.items():
        out += [(f"{name} must_keep", name, [[p]]) for p in doc["must_keep"]]
        out += [(f"{name} must_remove", name, [[p]]) for p in doc["must_remove"]]
        if doc.get("title"):
            out.append((f"{name} title", name, [[doc["title"]]]))
        if doc.get("wrong_title"):
            out.append((f"{name} wrong_title", name, [[doc["wrong_title"]]]))
    for fact in KEY["corroborated_facts"]:
        out += [(f"fact {fact['id']}", d, fact["match"]) for d in fact["sources"]]
    for conflict in KEY["conflicts"]:
        for side in conflict["sides"]:
            out += [(f"conflict {conflict['id']} / {side['value']}", d, side["match"]) for d in side["docs"]]
    for section in ("single_source_figures", "unknowns"):
        for item in KEY[section]:
            out += [(f"{section} {item['id']}", d, item["match"]) for d in item["docs"]]
    for item in KEY["doubtful_claims"]:
        out.append((f"doubtful {item['id']}", item["doc"], item["match"]))
    for item in KEY["quotes"] + KEY["canada_mentions"]:
        out.append((f"quote/mention {item['match']}", item["doc"], item["match"]))
    return out


# -- key tests --------------------------------------------------------------------------
def test_key_names_every_document_of_the_corpus():
    files = {p.name for p in CORPUS.iterdir() if p.suffix in ARTICLE_SUFFIXES}
    keyed_files = {name.split("#")[0] for name in DOCS}
    assert files == keyed_files
    assert set(RAW) == set(DOCS)


def test_key_stories_partition_the_documents():
    listed = [d for story in KEY["stories"].values() for d in story["documents"]]
    assert sorted(listed) == sorted(DOCS), "every document belongs to exactly one story"
    for name, story in KEY["stories"].items():
        assert {DOCS[d]["story"] for d in story["documents"]} == {name}
        grouped = [g for g in KEY["origins"] if set(g) <= set(story["documents"])]
        n_origins = len(story["documents"]) - sum(len(g) - 1 for g in grouped)
        assert n_origins == story["independent_origins"], name


def test_every_attribution_in_the_key_is_in_that_document():
    missing = [f"{where}: {doc}" for where, doc, alts in _attributed_phrases() if not _in_raw(doc, alts)]
    assert not missing, "the key attributes text the document does not contain:\n" + "\n".join(missing)


def test_exclusive_conflict_sides_appear_nowhere_else():
    """The machine-written errors are stated only where the key says: honest sources agree."""
    leaks = []
    for conflict in KEY["conflicts"]:
        for side in (s for s in conflict["sides"] if s.get("exclusive")):
            leaks += [f"{conflict['id']}: {doc}" for doc in DOCS
                      if doc not in side["docs"] and _in_raw(doc, side["match"])]
    assert not leaks


def test_canada_is_mentioned_only_where_the_key_says():
    allowed = {m["doc"] for m in KEY["canada_mentions"]}
    mentions = {doc for doc in DOCS if _in_raw(doc, [["canada"], ["canadian"], ["quebec"]])}
    assert mentions == allowed


# -- the desk ---------------------------------------------------------------------------
@dataclass
class Desk:
    store: object
    outcomes: list
    articles: dict  # document name -> stored Article

    def story_of(self, doc: str) -> str | None:
        article = self.articles.get(doc)
        return self.store.story_of(article.id) if article else None


def _doc_name(article) -> str:
    name = Path(article.path or "").name
    external = article.meta.get("external_id")
    return f"{name}#{external}" if name.endswith(".jsonl") and external else name


@pytest.fixture
def desk(ingest, store) -> Desk:
    outcomes = ingest(CORPUS)
    ids = [o.article_id for o in outcomes if o.status == "ingested"]
    return Desk(store, outcomes, {_doc_name(a): a for a in store.articles(ids)})


def _absent(desk: Desk) -> list[str]:
    return [f"{doc}: not stored" for doc in DOCS if doc not in desk.articles]


def _report(failures: list[str]) -> str:
    return f"{len(failures)} failing:\n" + "\n".join(failures)


def _stored(desk: Desk):
    """(document name, stored article) for every document of the key that was stored."""
    return [(doc, desk.articles[doc]) for doc in DOCS if doc in desk.articles]


def test_every_document_is_stored_once(desk):
    failures = [f"{o.uri}: {o.status} ({o.reason})" for o in desk.outcomes if o.status != "ingested"]
    failures += [f"{doc}: stored, but not an article of the corpus" for doc in desk.articles if doc not in DOCS]
    assert not failures, _report(failures + _absent(desk))
    assert sorted(desk.articles) == sorted(DOCS)


@pytest.mark.parametrize("story", sorted(KEY["stories"]))
def test_each_story_holds_exactly_its_documents(desk, story):
    expected = KEY["stories"][story]["documents"]
    assert not _absent(desk), _report(_absent(desk))
    stories = {doc: desk.story_of(doc) for doc in expected}
    assert len(set(stories.values())) == 1, f"{story} is split: {stories}"
    story_id = next(iter(stories.values()))
    members = sorted(_doc_name(a) for a in desk.store.articles(desk.store.story_article_ids(story_id)))
    assert members == sorted(expected), f"{story}'s story also holds other documents"


def test_syndicated_copies_share_an_origin_and_nothing_else_does(desk):
    assert not _absent(desk), _report(_absent(desk))
    origin = {doc: a.origin for doc, a in _stored(desk)}
    failures = [f"group {group} has origins {[origin[d] for d in group]}"
                for group in KEY["origins"] if len({origin[d] for d in group}) != 1]
    grouped = {d for group in KEY["origins"] for d in group}
    expected_count = len(DOCS) - sum(len(g) - 1 for g in KEY["origins"])
    if len(set(origin.values())) != expected_count:
        shared = {o: [d for d in origin if origin[d] == o] for o in set(origin.values())}
        failures += [f"unexpected shared origin: {docs}" for docs in shared.values()
                     if len(docs) > 1 and not set(docs) <= grouped]
    assert not failures, _report(failures)


def _title_failure(doc: str, title: str) -> str | None:
    spec = DOCS[doc]
    if spec.get("wrong_title") and norm(spec["wrong_title"]) in norm(title):
        return f"{doc}: kept the wrong title {title!r}"
    if spec["title"] is None:
        return None if title == "" else f"{doc}: expected no title, got {title!r}"
    return None if norm(title) == norm(spec["title"]) else f"{doc}: title {title!r}, expected {spec['title']!r}"


def test_titles(desk):
    failures = _absent(desk)
    failures += [f for doc, a in _stored(desk) if (f := _title_failure(doc, a.title))]
    assert not failures, _report(failures)


def test_page_furniture_is_removed(desk):
    failures = _absent(desk)
    for doc, article in _stored(desk):
        text = norm(article.text)
        failures += [f"{doc}: still has {p!r}" for p in DOCS[doc]["must_remove"] if norm(p) in text]
    assert not failures, _report(failures)


def test_article_text_is_kept(desk):
    failures = _absent(desk)
    for doc, article in _stored(desk):
        text = norm(article.text)
        failures += [f"{doc}: lost {p!r}" for p in DOCS[doc]["must_keep"] if norm(p) not in text]
    assert not failures, _report(failures)


def test_cleaning_flags(desk):
    failures = _absent(desk)
    for doc, article in _stored(desk):
        missing = [f for f in DOCS[doc]["flags"] if f not in article.flags]
        if missing:
            failures.append(f"{doc}: flags {article.flags}, missing {missing}")
    assert not failures, _report(failures)


def test_trend_card_is_recorded(desk):
    assert not _absent(desk), _report(_absent(desk))
    for doc, spec in DOCS.items():
        trend = desk.articles[doc].trend
        if spec.get("trend"):
            assert trend is not None, f"{doc}: no trend card recorded"
            assert (trend.query, trend.traffic, trend.geo) == tuple(spec["trend"][k] for k in ("query", "traffic", "geo"))
        else:
            assert trend is None, f"{doc}: unexpected trend card {trend}"


def _date_failure(doc: str, field: str, stored: datetime | None, expected: str | None) -> str | None:
    """Full timestamps must be the same instant; a bare date must be that calendar day in some time zone."""
    if expected is None:
        return None if stored is None else f"{doc}: {field} {stored}, expected none"
    if stored is None:
        return f"{doc}: no {field}, expected {expected}"
    if "T" in expected:
        ok = stored == datetime.fromisoformat(expected)
    else:
        day = datetime.combine(date.fromisoformat(expected), time(), UTC)
        ok = day - timedelta(hours=14) <= stored < day + timedelta(hours=36)
    return None if ok else f"{doc}: {field} {stored.isoformat()}, expected {expected}"


def test_published_and_updated_dates(desk):
    failures = _absent(desk)
    for doc, article in _stored(desk):
        spec = DOCS[doc]
        failures.append(_date_failure(doc, "published", article.published, spec["published"]))
        if article.published_source != spec["published_source"]:
            failures.append(f"{doc}: publish date from {article.published_source}, expected {spec['published_source']}")
        if "updated" in spec:
            failures.append(_date_failure(doc, "updated", article.updated, spec["updated"]))
    failures = [f for f in failures if f]
    assert not failures, _report(failures)


def test_every_document_keeps_its_kind(desk):
    failures = _absent(desk)
    failures += [f"{doc}: kind {a.kind}, expected {DOCS[doc]['kind']}"
                 for doc, a in _stored(desk) if a.kind != DOCS[doc]["kind"]]
    assert not failures, _report(failures)
