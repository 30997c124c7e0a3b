"""Cross-check on an invented story: every conflict type with both sides cited,
syndicated copies counted once, quotes verbatim."""
from datetime import UTC, datetime

import pytest

from newsdesk.analyze import analyze
from newsdesk.crosscheck import crosscheck
from newsdesk.fingerprint import OriginIndex, signature
from newsdesk.pipeline import prepare
from newsdesk.records import RawDoc
from newsdesk.report import _embed

WIRE = """Brazil and Norway sign fisheries and offshore wind pact in Oslo

OSLO (Nordic Wire) – Brazilian President Lucia Andrade and Norwegian Prime Minister Erik Solvang signed a fisheries and offshore wind agreement on Tuesday, March 10, 2026, at their first meeting in Oslo.

The talks at the prime minister's office lasted four hours, officials said.

Two-way trade between Brazil and Norway reached $5.1 billion in 2025, according to Norwegian customs data.

Solvang signalled willingness to raise Norway's ocean fund contribution to 2% of the aid budget, but gave no date for a decision.

“Our oceans connect us more than any border divides us,” Andrade said at a joint press conference.

Andrade leaves Oslo on Thursday for Stockholm, where Swedish Prime Minister Ola Berg will host her."""

COPY = WIRE.replace("Brazil and Norway sign fisheries and offshore wind pact in Oslo",
                    "Andrade and Solvang seal ocean deal").replace(", according to Norwegian customs data", "")

INDEPENDENT = """Andrade's Oslo visit ends with wind and fish deal

Lucia Andrade, Brazil's first female president, met Prime Minister Erik Solvang in Oslo on Tuesday and the two leaders signed an agreement on offshore wind and fisheries.

Trade between the two countries reached $5.1 billion in 2025, a record.

Norway is willing to raise its ocean fund contribution to 2% of the aid budget, Solvang told journalists, though many details are still being finalised.

Andrade travels to Stockholm on Thursday."""

SEO = """Oslo, Norway – Former Brazilian President Lucia Andrade made a historic visit to Norway, holding talks with Prime Minister Ingrid Dahl on wind power and fishing, in a trip concluding on March 9, 2026.

Bilateral trade between Brazil and Norway is exceeding $8 billion annually, experts say.

Norway has already raised its ocean fund contribution to 2% of the aid budget, a decision finalised last week.

The leaders also discussed tourism and culture in the Nordic capital."""


def _build(embedder, texts):
    index = OriginIndex()
    articles = []
    for i, (text, published) in enumerate(texts):
        raw = RawDoc(uri=f"mem://{i}", content=text, path=f"doc{i}.txt",
                     meta={"published": published} if published else {})
        article = prepare(raw)
        article.origin, _, _ = index.assign(article.id, signature(article.text))
        articles.append(article)
    analyses = {a.id: analyze(a) for a in articles}
    return articles, crosscheck(articles, analyses, _embed(analyses, embedder))


@pytest.fixture(scope="module")
def story(embedder):
    texts = [(WIRE, "2026-03-11T08:00:00Z"), (COPY, "2026-03-11T09:30:00Z"),
             (INDEPENDENT, "2026-03-11T10:00:00Z"), (SEO, None)]
    return _build(embedder, texts)


def _conflict(cc, kind):
    found = [c for c in cc.conflicts if c.kind == kind]
    assert found, f"no {kind} conflict among {[(c.kind, c.about) for c in cc.conflicts]}"
    return found[0]


def _side_docs(articles, side):
    by_id = {a.id: a.path for a in articles}
    return sorted({by_id[s.article] for s in side.sources})


def test_copies_share_an_origin(story):
    articles, _ = story
    assert articles[0].origin == articles[1].origin
    assert len({a.origin for a in articles}) == 3


@pytest.mark.parametrize("kind, minority_doc, values", [
    ("office-holder", "doc3.txt", {"Erik Solvang", "Ingrid Dahl"}),
    ("title", "doc3.txt", {"president (sitting)", "former president"}),
    ("figure", "doc3.txt", {"$5.1 billion", "more than $8 billion a year"}),
    ("status", "doc3.txt", {"done", "promised or planned"}),
])
def test_each_conflict_has_both_sides_cited(story, kind, minority_doc, values):
    articles, cc = story
    conflict = _conflict(cc, kind)
    assert {s.value for s in conflict.sides} >= values
    sides = [_side_docs(articles, s) for s in conflict.sides]
    assert all(sides)
    assert [minority_doc] in sides
    assert any(minority_doc not in docs for docs in sides)


def test_date_conflict_puts_early_end_against_later_meeting(story):
    articles, cc = story
    conflict = _conflict(cc, "date")
    values = {s.value for s in conflict.sides}
    assert values == {"ended 2026-03-09", "still under way after 2026-03-09"}
    later = next(side for side in conflict.sides if side.value.startswith("still"))
    assert any("March 10, 2026" in src.quote or "Tuesday" in src.quote for src in later.sources)


def test_figure_conflict_notes_the_year(story):
    _, cc = story
    assert "2025" in _conflict(cc, "figure").note


def test_prime_ministers_of_two_countries_are_no_conflict(story):
    _, cc = story
    for conflict in cc.conflicts:
        assert "Ola Berg" not in {s.value for s in conflict.sides}


def test_copies_never_corroborate(story):
    articles, cc = story
    four_hours = [f for f in cc.facts if "four hours" in f.text]
    assert four_hours and all(f.status != "corroborated" and len(f.origins) == 1 for f in four_hours)


def test_independent_reports_corroborate(story):
    _, cc = story
    signed = [f for f in cc.facts if f.status == "corroborated" and any("signed" in s.quote for s in f.sources)]
    assert signed and max(len(f.origins) for f in signed) >= 2


def test_figures_with_different_values_never_corroborate(story):
    _, cc = story
    for fact in cc.facts:
        if fact.status == "corroborated":
            assert "8 billion" not in " ".join(s.quote for s in fact.sources)


def test_every_quote_is_a_verbatim_span(story):
    articles, cc = story
    text = {a.id: a.text for a in articles}
    spans = [s for f in cc.facts for s in f.sources] + [s for c in cc.conflicts for side in c.sides for s in side.sources]
    for s in spans:
        assert text[s.article][s.start:s.end] == s.quote


def test_quote_has_its_speaker(story):
    _, cc = story
    assert any(q.speaker == "Lucia Andrade" and "oceans connect us" in q.text for q in cc.quotes)


def test_self_contradicting_article_is_flagged(embedder):
    extra = SEO + "\n\nPrime Minister Erik Solvang greeted the delegation at the airport on Tuesday."
    articles, cc = _build(embedder, [(WIRE, "2026-03-11T08:00:00Z"), (extra, None)])
    seo = articles[1].id
    assert "internally-inconsistent" in cc.article_flags.get(seo, [])


def test_hedges_become_unknowns(story):
    _, cc = story
    assert any(f.kind == "unknown" and any("finalised" in s.quote for s in f.sources) for f in cc.facts)


def test_dates_resolved_against_publish_date(story):
    articles, cc = story
    days = {t.day.isoformat() for t in cc.timeline}
    assert {"2026-03-10", "2026-03-12"} <= days


def test_published_time_is_utc(story):
    articles, _ = story
    assert articles[0].published == datetime(2026, 3, 11, 8, tzinfo=UTC)
