"""Sentence analysis on invented sentences: offices, figures, dates, quotes, cues."""
from datetime import date

import pytest

from newsdesk.analyze import analyze
from newsdesk.analyze.cues import hedge, modality
from newsdesk.analyze.figures import find_figures
from newsdesk.analyze.people import find_people
from newsdesk.analyze.sentences import split_units
from newsdesk.dates import mentions, resolve_parts
from newsdesk.records import Article


def people(sentence):
    return [(p.name, p.office, p.country, p.status) for p in find_people(sentence) if p.name]


@pytest.mark.parametrize("sentence, expected", [
    ("Former Brazilian President Lucia Andrade arrived in Oslo.", [("Lucia Andrade", "president", "BR", "former")]),
    ("Norway's new prime minister Erik Solvang met her.", [("Erik Solvang", "prime minister", "NO", "current")]),
    ("Solvang, Norway's first female prime minister, spoke.", [("Solvang", "prime minister", "NO", "")]),
    ("As Norway's finance minister before becoming premier, Solvang cut taxes.",
     [("Solvang", "finance minister", "NO", "former")]),
    ("Kari Berg, a trade analyst at Nordbank, said little.", [("Kari Berg", "", None, "")]),
    ("New Zealand Prime Minister Ana Tui signed it.", [("Ana Tui", "prime minister", "NZ", "")]),
])
def test_people_with_offices(sentence, expected):
    assert people(sentence) == expected


def test_title_only_mention_is_kept_for_speaker_resolution():
    found = find_people("The former president celebrated the vote.")
    assert [(p.office, p.status, p.how) for p in found] == [("president", "former", "title-only")]


@pytest.mark.parametrize("sentence, value, unit, low, high, year, per_year, terms", [
    ("Two-way trade reached NZ$4.2 billion in 2025.", 4.2e9, "NZD", 4.2e9, 4.2e9, 2025, False, {"bilateral", "trade"}),
    ("Bilateral trade is exceeding $6 billion annually.", 6e9, "USD", 6e9, None, None, True, {"bilateral", "trade"}),
    ("Spending rose to two percent of GDP.", 2.0, "%", 2.0, 2.0, None, False, {"spending", "gross"}),
    ("Police deployed approximately 18,000 officers downtown.", 18000, "officers", 17100, 18900, None, False, set()),
])
def test_figures(sentence, value, unit, low, high, year, per_year, terms):
    fig = find_figures(sentence)[0]
    assert (fig.value, fig.unit, fig.year, fig.per_year) == (value, unit, year, per_year)
    assert fig.low == pytest.approx(low)
    assert fig.high == pytest.approx(high) if high is not None else fig.high is None
    assert terms <= set(fig.terms)


def test_years_dates_and_list_numbers_are_not_figures():
    assert find_figures("In 2019 the COVID-19 crisis began on March 3.") == []


def test_dates_take_their_year_from_a_stated_weekday_or_the_reference():
    parts = {m.text: m for m in mentions("They met on Tuesday, March 10 and left on March 12.")}
    met = resolve_parts(parts["Tuesday, March 10"], date(2026, 3, 20))
    assert met.day == date(2026, 3, 10) and met.weekday_ok
    assert resolve_parts(parts["March 12"], date(2026, 3, 20)).day == date(2026, 3, 12)


def test_bare_weekday_follows_the_tense():
    friday = mentions("She leaves on Friday")[0]
    ref = date(2026, 3, 12)  # a Thursday
    assert resolve_parts(friday, ref, +1).day == date(2026, 3, 13)
    assert resolve_parts(friday, ref, -1).day == date(2026, 3, 6)
    assert resolve_parts(friday, ref, 0).day == date(2026, 3, 13)


@pytest.mark.parametrize("text, expected", [
    ("The country has already raised its contribution to 1% of GDP.", "done"),
    ("The minister signalled willingness to raise the contribution to 1% of GDP.", "intent"),
    ("He was prepared to lift the levy to 1%, but made no promise.", "intent"),
    ("The deal may be delayed.", "possible"),
])
def test_modality(text, expected):
    assert modality(text) == expected


@pytest.mark.parametrize("text", [
    "Many details, including funding, are still being finalised.",
    "Specific terms remain confidential.",
    "No joint statement was released after the meeting.",
    "The ministry declined to comment.",
])
def test_hedges(text):
    assert hedge(text)


def test_units_keep_verbatim_spans_and_kinds():
    text = "A Heading Line\n\n| Date | Place |\n\nDr. Ng said it. “This is one, two. Three,” she added. Next one."
    units = split_units(text)
    assert [u.kind for u in units] == ["heading", "table-row", "sentence", "sentence", "sentence"]
    assert text[units[3].start:units[3].end] == "“This is one, two. Three,” she added."


def _article(text):
    return Article(id="a1", text=text)


@pytest.mark.parametrize("text, speaker, cue", [
    ("Premier Ana Tui opened the port. “We will build it together this year,” Tui said.", "Ana Tui", "after"),
    ("Premier Ana Tui spoke. Tui told reporters: “We will build it together this year.”", "Ana Tui", "before"),
    ("Premier Ana Tui spoke first. “We will build it together this year,” she said.", "Ana Tui", "pronoun"),
    ("Former President Jon Vik attended. The former president smiled, saying he had “saved the harbour for good.”",
     "Jon Vik", "before"),
])
def test_quote_speakers(text, speaker, cue):
    quotes = [q for u in analyze(_article(text)).units for q in u.quotes]
    assert len(quotes) == 1
    assert quotes[0].speaker == speaker
    assert text[quotes[0].start:quotes[0].end] == quotes[0].text


def test_quote_shorter_than_four_words_is_a_scare_quote():
    units = analyze(_article('Officials called it a "remarkable" day for the "new era".')).units
    assert not any(u.quotes for u in units)
