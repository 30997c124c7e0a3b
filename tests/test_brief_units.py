"""The briefing's parts one at a time, on invented text: which words of a unit are shown,
what counts as a fragment, the picker (repeats, merged near-duplicates, figures, budget),
reader questions, key figures and the timeline's date check."""
from datetime import UTC, date, datetime

import pytest

from newsdesk.analyze import analyze
from newsdesk.analyze.model import Unit
from newsdesk.brief import BriefOptions, word_budget
from newsdesk.brief.model import Section
from newsdesk.brief.pool import Picker, item_of
from newsdesk.brief.questions import reader_questions
from newsdesk.brief.sections import _after_its_report, figures
from newsdesk.brief.text import Syntax, readable_shape, shown_span
from newsdesk.brief.view import StoryView, sentence_of
from newsdesk.crosscheck import Fact, crosscheck
from newsdesk.dates import mentions
from newsdesk.records import Article
from newsdesk.report import _embed


def _unit(text: str, kind: str = "sentence", start: int = 100) -> Unit:
    return Unit(index=0, start=start, end=start + len(text), kind=kind, paragraph=0, text=text)


@pytest.mark.parametrize("text, shown", [
    ("PORTVALE — The port authority signed a ten-year lease with Brightwater Freight on Monday.",
     "The port authority signed a ten-year lease with Brightwater Freight on Monday."),
    ("Portvale, Eastland – The port authority signed a ten-year lease on Monday with a freight firm.",
     "The port authority signed a ten-year lease on Monday with a freight firm."),
    ("PORTVALE (Coastline Wire) -- Dock workers ended their strike after the lease was signed.",
     "Dock workers ended their strike after the lease was signed."),
    ("Rail link: The council will decide on the second phase of the rail link next spring.",
     "The council will decide on the second phase of the rail link next spring."),
    ("Harbourmaster Ines Vale said: The new cranes arrive in June and will double capacity.",
     "Harbourmaster Ines Vale said: The new cranes arrive in June and will double capacity."),
    ("Vale — who took over the port in 2023 — said the lease was the largest in its history.",
     "Vale — who took over the port in 2023 — said the lease was the largest in its history."),
])
def test_shown_words_leave_out_datelines_and_run_in_labels(text, shown):
    unit = _unit(text)
    span = shown_span(unit)
    assert span.text == shown
    assert text[span.start - unit.start:span.end - unit.start] == shown  # still a verbatim span


@pytest.mark.parametrize("text, kind, ok", [
    ("The port authority signed a ten-year lease with Brightwater Freight on Monday.", "sentence", True),
    ("Port Authority Signs Ten Year Lease With Brightwater Freight", "sentence", False),  # a headline
    ("| Lease | Ten years | Brightwater Freight |", "table-row", False),
    ("Dock workers gather at the gate on Monday morning. (Photo: Coastline Wire)", "sentence", False),
    ("By Tamsin Rooke and Olek Marr", "sentence", False),
    ("Here are five things to know about the new lease at the port.", "sentence", False),
    ("but the union said it would keep watching the terms closely.", "sentence", False),  # a piece
    ("lease was signed, the union said, “and we will hold them to it.", "sentence", False),
    ("What does the lease mean for the workers on the docks?", "sentence", False),
])
def test_readable_shape(text, kind, ok):
    unit = _unit(text, kind)
    unit.question = text.rstrip().endswith("?")
    assert readable_shape(unit, shown_span(unit)) is ok


def test_syntax_tells_fragments_and_subjects():
    syntax = Syntax()
    assert syntax.is_sentence("The port authority signed a ten-year lease on Monday.")
    assert not syntax.is_sentence("Lease — Ten years, two cranes — Brightwater Freight")
    assert syntax.actor_subject("Harbourmaster Ines Vale signed the lease on Monday.", named=True)
    assert not syntax.actor_subject("The lease will bring two new cranes to the port.", named=True)
    assert syntax.action("The port authority signed a ten-year lease on Monday.")
    assert syntax.copular("The lease is the largest in the port's history.")
    assert syntax.pronoun_subject("It was signed after a long night of talks.")


# -- a small story, built through analysis and the cross-check ------------------------------------
PORT = {
    "coastline": ("2026-05-12", """Portvale port signs ten-year lease

PORTVALE — The Portvale port authority signed a ten-year lease with Brightwater Freight on Monday, ending a dispute that had closed two berths since March.

Harbourmaster Ines Vale said the lease was worth €90 million and would bring 300 jobs to the docks.

Dock workers had struck for three weeks in April over the future of the berths.

The first Brightwater ships are due to arrive in July."""),
    "harbourtimes": ("2026-05-12", """Brightwater wins Portvale berths

Brightwater Freight and the Portvale port authority signed a ten-year lease on Monday, Harbourmaster Ines Vale said.

The deal is worth €90 million over ten years, according to the port authority.

The union said the 300 jobs promised by the lease would be filled from the local hiring list.

Brightwater's first ships are due in July, the company said."""),
    "baywatch": ("2026-05-13", """Port lease ends berth dispute

The port authority and Brightwater Freight signed their lease on Monday after talks that lasted through the weekend.

Ines Vale, the harbourmaster, called it the largest lease in the port's history.

The two berths had been closed since March, when the previous operator left."""),
}


@pytest.fixture(scope="module")
def port(embedder):
    articles = []
    for name, (day, text) in PORT.items():
        published = datetime.fromisoformat(day).replace(hour=9, tzinfo=UTC)
        articles.append(Article(id=name, text=text, title=text.split("\n", 1)[0], published=published, origin=name))
    analyses = {a.id: analyze(a) for a in articles}
    cc = crosscheck(articles, analyses, _embed(analyses, embedder))
    return articles, cc, StoryView.of(articles, cc)


def test_lead_is_the_signing(port):
    _, _, view = port
    assert "signed" in view.lead.text and "lease" in view.lead.text
    assert not view.lead.text.startswith("PORTVALE")


def test_questions_are_answered_with_what_they_ask(port):
    articles, _, view = port
    picker = Picker(10_000, view.syntax)
    section = reader_questions(view, picker)
    answers = {s.label: s.text for s in section.sentences}
    assert len(set(answers.values())) == len(answers) == len(section.sentences)
    assert "When did it happen?" in answers and mentions(answers["When did it happen?"])
    assert "Who is involved?" in answers and view.syntax.actor_subject(answers["Who is involved?"], named=True)
    for question, text in answers.items():
        if question.startswith("How much"):
            assert "€90 million" in text or "300" in text


def test_a_question_nothing_answers_is_left_out(port):
    _, _, view = port
    picker = Picker(10_000, view.syntax)
    for item in view.items:  # everything dated is said already
        if item.day is not None:
            picker.take(item, sentence_of(item), force=True)
    answers = {s.label for s in reader_questions(view, picker).sentences}
    assert "When did it happen?" not in answers


def test_a_key_figure_is_listed_once_citing_every_origin_that_states_it(port):
    _, _, view = port
    picker = Picker(10_000, view.syntax)
    section = figures(view, picker, 10)
    labels = [s.label for s in section.sentences]
    money = [s for s in section.sentences if "90 million" in s.label]
    assert len(money) == 1, labels
    assert {src.article for src in money[0].sources} == {"coastline", "harbourtimes"}
    assert money[0].status == "corroborated" and money[0].origins == 2
    again = figures(view, picker, 10)  # said already: never listed a second time
    assert not any("90 million" in s.label for s in again.sentences)


def test_a_near_identical_statement_from_another_origin_is_cited_not_repeated(port):
    _, cc, view = port
    claims = {c.article: c for c in cc.claims if "due" in c.unit.text and "July" in c.unit.text}
    first, second = claims["coastline"], claims["harbourtimes"]
    facts = [Fact(f"f{i}", c.unit.text, "single-source", [c.source()], [c.origin], "future", claims=[c])
             for i, c in enumerate((first, second))]
    picker = Picker(10_000, view.syntax, redundancy=0.7)
    one, two = (item_of(f, f.claims[0], shown_span(f.claims[0].unit)) for f in facts)
    sentence = sentence_of(one)
    assert picker.take(one, sentence)
    assert not picker.take(two, sentence_of(two))
    assert {s.article for s in sentence.sources} == {"coastline", "harbourtimes"}
    assert sentence.status == "corroborated" and sentence.origins == 2


def test_the_picker_keeps_to_its_budget_and_never_shows_a_span_twice(port):
    _, _, view = port
    picker = Picker(40, view.syntax)
    taken = [i for i in view.items if picker.take(i, sentence_of(i))]
    assert sum(i.words for i in taken) <= 40 and taken
    assert not picker.take(taken[0], sentence_of(taken[0]))


def test_word_budget_is_a_share_of_the_origins_words(port):
    articles, _, _ = port
    words = sum(len(a.text.split()) for a in articles)
    assert word_budget(articles, BriefOptions()) == int(0.38 * words)
    assert word_budget(articles[:1], BriefOptions()) == max(int(0.38 * len(articles[0].text.split())), 120)


def test_a_past_event_dated_after_its_report_is_left_out_of_the_timeline(port):
    _, cc, view = port
    claim = next(c for c in cc.claims if c.article == "coastline" and "signed" in c.unit.text)
    text = shown_span(claim.unit).text
    assert _after_its_report(view, claim, date(2026, 5, 14), text)  # a Thursday read forward
    assert not _after_its_report(view, claim, date(2026, 5, 11), text)
    future = next(c for c in cc.claims if c.article == "coastline" and "due to arrive" in c.unit.text)
    assert not _after_its_report(view, future, date(2026, 7, 1), future.unit.text)


def test_section_records_are_plain():
    assert Section("x", "X").sentences == []


def test_a_sentence_on_two_conflicts_is_listed_once_and_a_repeated_conflict_left_out(port):
    from dataclasses import replace

    from newsdesk.brief.sections import disputed
    from newsdesk.crosscheck.model import Conflict, Side
    from newsdesk.render import _md_disputed

    articles, cc, _ = port
    money = next(c for c in cc.claims if c.article == "coastline" and "€90 million" in c.unit.text)
    other = next(c for c in cc.claims if c.article == "harbourtimes" and "€90 million" in c.unit.text)
    jobs = next(c for c in cc.claims if c.article == "harbourtimes" and "300 jobs" in c.unit.text)

    def side(value, claim):
        return Side(value, claim.unit.text, [claim.source()], [claim.origin], [claim])

    conflicts = [Conflict("c1", "figure", "the value of the lease", [side("€90 million", money), side("€80 million", other)]),
                 Conflict("c2", "figure", "the jobs", [side("300 jobs", money), side("250 jobs", jobs)]),
                 Conflict("c3", "figure", "the lease again", [side("€90m", money), side("€80m", other)])]
    view = StoryView.of(articles, replace(cc, conflicts=conflicts))
    section = disputed(view, Picker(10_000, view.syntax))
    texts = [s.text for s in section.sentences]
    assert len(texts) == len(set(texts)) == 3
    assert [g["id"] for g in section.groups] == ["c1", "c2"]
    assert section.groups[0]["sentences"][0] == section.groups[1]["sentences"][0]
    assert section.groups[1]["labels"] == ["300 jobs", "250 jobs"]
    as_dict = {"sentences": [{"text": s.text, "label": s.label, "sources": [{"article": x.article} for x in s.sources],
                              "origins": s.origins} for s in section.sentences], "groups": section.groups}
    lines = _md_disputed(as_dict, {"coastline": 1, "harbourtimes": 2, "baywatch": 3})
    assert sum("the sentence quoted above" in line for line in lines) == 1


def test_captions_and_sentences_cut_after_a_title_are_never_shown(embedder):
    from newsdesk.brief.view import _unshowable

    text = ("Choir returns to the cathedral\n\nThe cathedral choir sang again on Sunday after a two-year "
            "restoration of the organ loft.\n\nThe service was led by the dean, the Rev. Maren Holt, who "
            "thanked the builders.\n\nThe new organ was blessed by the visiting preacher, the Rev. Tobias "
            "Fenn of Ardmore, before the first hymn.\n\nSingers gather in the loft before the service on "
            "Sunday morning. (Photo: Parish News)")
    article = Article(id="parish", text=text, title="Choir returns", origin="parish",
                      published=datetime(2026, 6, 1, 9, tzinfo=UTC))
    analyses = {"parish": analyze(article)}
    cc = crosscheck([article], analyses, _embed(analyses, embedder))
    hidden = {cc_claim.unit.text for cc_claim in cc.claims if cc_claim.key in _unshowable(cc)}
    assert any(t.startswith("Singers gather") for t in hidden)  # a caption
    assert any(t.endswith("the Rev.") for t in hidden) and any(t.startswith("Maren Holt") for t in hidden)
    assert not any("cathedral choir sang" in t for t in hidden)


def test_a_timeline_update_is_labelled_as_one():
    from newsdesk.brief.pool import Item
    from newsdesk.brief.sections import _timeline_label

    def entry(update):
        return Item("The council moved the vote up to May 18.", "single-source", [], [], None,
                    day=date(2026, 5, 18), update=update)

    assert _timeline_label(entry(True)) == "2026-05-18 (update)"
    assert _timeline_label(entry(False)) == "2026-05-18"
