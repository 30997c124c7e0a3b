"""The shared word tables (newsdesk/lexicon/): what each matches, and how the lists relate."""
import re

import pytest

from newsdesk.lexicon import NUMBER_WORDS, country_of, normalise_office
from newsdesk.lexicon.calendar import MONTH_NAME, MONTH_STEMS, MONTHS, WEEKDAY_NAME, WEEKDAYS, month_number
from newsdesk.lexicon.marks import BULLET, LIST_MARK, NUMBERED_ITEM
from newsdesk.lexicon.measures import MEASURE_SYNONYMS
from newsdesk.lexicon.numbers import small_counts
from newsdesk.lexicon.stopwords import (
    CLAIM_STOP_WORDS,
    CLEAN_STOP_WORDS,
    FIGURE_STOP_WORDS,
    KEYWORD_STOP_WORDS,
    NOT_COUNTED_WORDS,
)


@pytest.mark.parametrize("token, number", [("Jan", 1), ("february", 2), ("Sept", 9), ("sep", 9), ("September", 9),
                                           ("June", 6), ("jun", 6), ("Dec", 12)])
def test_month_names_and_abbreviations(token, number):
    assert re.fullmatch(MONTH_NAME, token, re.I)
    assert month_number(token.lower()) == number


def test_month_pattern_matches_no_other_word():
    for word in ("janet", "marching", "mayor", "decade", "junk", "octopus"):
        assert not re.fullmatch(MONTH_NAME, word, re.I), word
    assert all(re.fullmatch(MONTH_NAME, m) for m in MONTHS)
    assert MONTH_STEMS.split("|") == [m[:3] for m in MONTHS]


def test_weekday_pattern():
    assert all(re.fullmatch(WEEKDAY_NAME, d) for d in WEEKDAYS)
    assert not re.fullmatch(WEEKDAY_NAME, "mon")


@pytest.mark.parametrize("line, mark, bullet, numbered", [
    ("- Ferry fares rise", True, True, False),
    ("• Ferry fares rise", True, True, False),
    ("3) Ferry fares rise", True, False, True),
    ("12. Ferry fares rise", True, False, True),
    ("- 2. Ferry fares rise", True, True, True),
    ("2026. A year of ferries", False, False, False),  # a year, not a list number
    ("-5 degrees overnight", False, False, False),  # a minus sign, not a bullet
])
def test_list_marks(line, mark, bullet, numbered):
    assert bool(LIST_MARK.match(line)) is mark
    assert bool(BULLET.match(line)) is bullet
    assert bool(NUMBERED_ITEM.match(line)) is numbered


def test_stop_word_lists_relate_as_their_comments_say():
    assert KEYWORD_STOP_WORDS < CLAIM_STOP_WORDS  # the claim list adds the time and rank words
    assert {"year", "new", "first"} <= CLAIM_STOP_WORDS - KEYWORD_STOP_WORDS
    assert all(len(w) >= 4 for w in CLEAN_STOP_WORDS)  # cleaning compares words of four letters or more
    assert {"rose", "cut", "nearly"} <= FIGURE_STOP_WORDS  # change verbs and hedges name no measure
    assert "said" in KEYWORD_STOP_WORDS & CLEAN_STOP_WORDS & FIGURE_STOP_WORDS
    assert not NOT_COUNTED_WORDS & {"people", "jobs", "troops"}


def test_small_counts_are_one_word_numbers_up_to_twelve():
    counts = small_counts()
    assert counts["a"] == counts["an"] == counts["one"] == 1 and counts["twelve"] == 12
    assert "a dozen" not in counts and "thirteen" not in counts
    assert all(NUMBER_WORDS[w] == n for w, n in counts.items() if w not in ("a", "an"))


def test_measure_synonyms_map_to_words_that_map_to_themselves():
    assert MEASURE_SYNONYMS["defence"] == "defense" and MEASURE_SYNONYMS["labour"] == "labor"
    assert not set(MEASURE_SYNONYMS.values()) & set(MEASURE_SYNONYMS)  # one step: no chains
    assert all(k != v for k, v in MEASURE_SYNONYMS.items())


def test_places_and_offices_still_importable_from_the_package():
    assert country_of("Chilean") == "CL" and country_of("U.S.") == "US"
    assert normalise_office("Defence  Minister") == "defense minister"
