"""Date expressions resolved against the article's own date, by the tense of their clause.

One test per rule; sentences are invented. Publish days used: 2018-12-20 (Thu),
2018-12-23 (Sun), 2027-01-02 (Sat), 2026-03-12 (Thu).
"""
from __future__ import annotations

from datetime import date

import pytest

from newsdesk.dates import FUTURE, PAST, UNSURE, DateParts, mentions, resolve, resolve_parts, with_parse_tense
from newsdesk.tense import rule_tense, tense_at

THU, SUN, SAT_NEW_YEAR, MAR12 = date(2018, 12, 20), date(2018, 12, 23), date(2027, 1, 2), date(2026, 3, 12)


def one(text: str, ref: date, expr: str, doc=None) -> str | None:
    hits = [r.iso for r in resolve(text, ref, doc=doc) if expr.lower() in r.text.lower()]
    return hits[0] if hits else None


@pytest.fixture(scope="module")
def parse():
    from newsdesk.analyze.parse import parse_units

    return lambda text: parse_units([text])[0]


# -- weekdays ---------------------------------------------------------------------------------------
def test_a_past_weekday_is_the_latest_on_or_before_the_publish_day():
    assert one("The secretary resigned on Thursday.", THU, "Thursday") == "2018-12-20"  # the same day
    assert one("The secretary resigned on Tuesday.", THU, "Tuesday") == "2018-12-18"
    assert one("Crowds gathered on Thursday night.", SAT_NEW_YEAR, "Thursday") == "2026-12-31"  # across the year


def test_a_future_weekday_is_the_next_on_or_after_the_publish_day():
    assert one("The senate will vote on Thursday.", THU, "Thursday") == "2018-12-20"  # the same day
    assert one("The president is due to sign the bill on Sunday.", SUN, "Sunday") == "2018-12-23"
    assert one("The minister will travel to Brussels on Monday.", THU, "Monday") == "2018-12-24"
    assert one("The new levy will take effect on Friday.", SAT_NEW_YEAR, "Friday") == "2027-01-08"


def test_last_and_next_weekdays_are_strictly_before_and_after():
    assert one("The pact was signed last Thursday.", THU, "last Thursday") == "2018-12-13"
    assert one("The pact will be signed next Thursday.", THU, "next Thursday") == "2018-12-27"
    assert one("The plant closed this past Friday.", SAT_NEW_YEAR, "past Friday") == "2027-01-01"


def test_a_weekday_modifying_a_noun_is_the_nearer_one():
    assert one("Ahead of Tuesday's vote, lawmakers met in private.", SUN, "Tuesday") == "2018-12-25"
    assert one("Thursday's storm flooded the lower town.", date(2018, 12, 21), "Thursday") == "2018-12-20"


def test_named_days_are_no_weekday_reference():
    assert one("Black Friday sales were weak across the region.", MAR12, "Friday") is None
    assert one("By Friday the pass had reopened.", MAR12, "Friday") == "2026-03-06"


# -- days, weeks, months, years -------------------------------------------------------------------
@pytest.mark.parametrize("text, expr, expected", [
    ("The ship docked yesterday.", "yesterday", "2018-12-22"),
    ("The results will be published tomorrow.", "tomorrow", "2018-12-24"),
    ("The prime minister speaks tonight.", "tonight", "2018-12-23"),
    ("Officials said the day before yesterday that the road was safe.", "the day before yesterday", "2018-12-21"),
    ("Ministers met twice this week.", "this week", "2018-W51"),
    ("The report came out last week.", "last week", "2018-W50"),
    ("Lawmakers returned earlier this week.", "earlier this week", "2018-W51"),
    ("The law takes effect next month.", "next month", "2019-01"),
    ("Inflation rose last month.", "last month", "2018-11"),
    ("The tax rises next year.", "next year", "2019"),
    ("Exports grew last year.", "last year", "2017"),
    ("The ceasefire began three days ago.", "three days ago", "2018-12-20"),
    ("The bridge reopened two weeks ago.", "two weeks ago", "2018-W49"),
    ("The factory closed a month ago.", "a month ago", "2018-11"),
])
def test_relative_days_weeks_months_and_years_count_from_the_publish_day(text, expr, expected):
    assert one(text, SUN, expr) == expected


def test_relative_expressions_need_the_articles_own_date():
    assert resolve("The ship docked yesterday.", None) == []
    assert resolve_parts(mentions("The ship docked yesterday.")[0], None) is None


# -- month-days without a year --------------------------------------------------------------------
def test_a_month_day_without_a_year_takes_the_year_its_tense_points_to():
    assert one("The ministry announced on December 30 that fares would rise.", SAT_NEW_YEAR, "December 30") == "2026-12-30"
    assert one("The new rules will apply from January 15.", THU, "January 15") == "2019-01-15"
    assert one("The company was founded on March 3.", MAR12, "March 3") == "2026-03-03"
    assert one("The firm will list its shares on March 3.", MAR12, "March 3") == "2027-03-03"


def test_a_stated_weekday_fixes_the_year_and_is_checked():
    found = resolve("The summit is scheduled for Thursday, January 10.", THU)[0]
    assert (found.iso, found.weekday_ok, found.year_inferred) == ("2019-01-10", True, True)
    wrong = resolve("They met on Monday, March 10, 2026.", MAR12)[0]
    assert (wrong.iso, wrong.weekday_ok) == ("2026-03-10", False)  # 10 March 2026 is a Tuesday


# -- tense --------------------------------------------------------------------------------------------
@pytest.mark.parametrize("text, expr, expected", [
    ("The talks collapsed on Friday.", "Friday", PAST),
    ("The talks have stalled since Friday.", "Friday", PAST),
    ("The ruling was delivered on Friday.", "Friday", PAST),
    ("The ruling will be delivered on Friday.", "Friday", FUTURE),
    ("The board is expected to rule on Friday.", "Friday", FUTURE),
    ("She leaves for Hobart on Friday.", "Friday", FUTURE),
    ("“We meet again on Friday,” the coach said.", "Friday", FUTURE),
    ("Asked on Friday whether he would stay, the secretary declined.", "Friday", PAST),
    ("The minister, who leaves office on Friday, defended the plan.", "Friday", FUTURE),
    ("Friday's vote was postponed.", "Friday", UNSURE),
    ("Vote on Friday", "Friday", UNSURE),
])
def test_the_word_rule_reads_the_nearest_verb_group(text, expr, expected):
    start = text.index(expr)
    assert rule_tense(text, start, start + len(expr)) == expected


def test_an_abbreviation_ends_no_sentence_for_the_rule():
    text = "Talks between U.S. officials and the union ended on Tuesday."
    assert rule_tense(text, text.index("Tuesday"), text.index("Tuesday") + 7) == PAST


def test_the_parse_reads_the_verb_the_expression_hangs_from(parse):
    said = "He told reporters on Friday he would resign."
    resign = "He told reporters he would resign on Friday."
    assert tense_at(said, said.index("Friday"), said.index("Friday") + 6, parse(said)) == PAST
    assert tense_at(resign, resign.index("Friday"), resign.index("Friday") + 6, parse(resign)) == FUTURE
    assert one(said, SUN, "Friday", parse(said)) == "2018-12-21"
    assert one(resign, SUN, "Friday", parse(resign)) == "2018-12-28"


def test_a_planned_participle_takes_the_tense_of_its_sentence(parse):
    ahead = "The ruling, expected on Friday, may delay the merger."
    moved = "The vote, originally set for Tuesday, was moved to Thursday."
    assert one(ahead, THU, "Friday", parse(ahead)) == "2018-12-21"
    assert one(moved, THU, "Tuesday", parse(moved)) == "2018-12-18"


# -- the interface the analysis and the cross-check use ------------------------------------------------
def test_mentions_state_only_what_is_written_with_the_tense():
    found = {m.text: m for m in mentions("She met him on Monday. She leaves on Friday, March 13.")}
    assert (found["on Monday"].relative, found["on Monday"].tense) == ("monday", PAST)
    friday = found["Friday, March 13"]
    assert (friday.year, friday.month, friday.day, friday.weekday, friday.tense) == (None, 3, 13, "friday", FUTURE)


def test_resolve_parts_follows_the_mention_tense_unless_told_otherwise():
    friday = mentions("She leaves on Friday")[0]
    assert resolve_parts(friday, MAR12).day == date(2026, 3, 13)  # its own tense: future
    assert resolve_parts(friday, MAR12, -1).day == date(2026, 3, 6)
    older = DateParts(0, 6, "Friday", None, None, None, relative="friday")  # built without a tense
    assert older.tense == UNSURE and resolve_parts(older, MAR12).day == date(2026, 3, 13)  # the nearer


def test_with_parse_tense_rereads_tenses_from_a_parse(parse):
    text = "Officials said on Friday the bridge would reopen on Monday."
    parts = [DateParts(d.start + 100, d.end + 100, d.text, d.year, d.month, d.day, d.weekday, d.relative)
             for d in mentions(text)]  # offsets in a longer article: this sentence starts at 100
    tenses = [p.tense for p in with_parse_tense(parts, parse(text), offset=100)]
    assert tenses == [PAST, FUTURE]
