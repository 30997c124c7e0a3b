"""Corroboration and conflicts between claims, on invented reports of invented events: the same claim
from two origins is one fact with a reason; a condition, a denial, another party's words or filler never
corroborate; only comparable claims conflict, each conflict saying why; a later report that moves a date
is an update."""
import pytest

from newsdesk.analyze import analyze
from newsdesk.crosscheck import crosscheck
from newsdesk.fingerprint import OriginIndex, signature
from newsdesk.pipeline import prepare
from newsdesk.records import RawDoc
from newsdesk.report import _embed


def _story(embedder, *texts: tuple[str, str]):
    index = OriginIndex()
    articles = []
    for i, (text, published) in enumerate(texts):
        raw = RawDoc(uri=f"mem://{i}", content=text, path=f"doc{i}.txt", meta={"published": published})
        article = prepare(raw)
        article.origin, _, _ = index.assign(article.id, signature(article.text))
        articles.append(article)
    analyses = {a.id: analyze(a) for a in articles}
    return articles, crosscheck(articles, analyses, _embed(analyses, embedder))


def _corroborated(cc, *words: str):
    return [f for f in cc.facts if f.status == "corroborated" and all(w in f.text + " ".join(s.quote for s in f.sources)
                                                                      for w in words)]


def _corroborated_reasons(cc) -> list[tuple[str, str]]:
    """Every corroborated fact with its reason (a failing assertion's message)."""
    return [(f.text, f.reason) for f in cc.facts if f.status == "corroborated"]


def _conflicts(cc, kind: str):
    return [c for c in cc.conflicts if c.kind == kind]


A_DAY = "2026-05-14T09:00:00Z"  # a Thursday

LEDGER = """Tessaly port deal signed

Governor Tomas Okoro signed the Tessaly port lease on Wednesday, ending months of talks.

The lease covers 1.5 million square metres of shoreline, officials said.

If the audit finds fraud, Okoro must step down, said Senator Ruth Vane.

Okoro denied that he took money from the builder.

The port is a cornerstone of prosperity in the region.

Harbour Master Petra Lind said the lease would double cargo traffic.
"""

COURIER = """Okoro seals Tessaly port lease

Tomas Okoro, the governor, signed the lease for the Tessaly port on Wednesday.

The lease covers 1.6 million square metres of shoreline.

Okoro stepped down from the port board last year.

Reporters said Okoro took money from the builder.

The port is a cornerstone of prosperity in the region.

Senator Ruth Vane said the lease would double cargo traffic.
"""


@pytest.fixture(scope="module")
def port(embedder):
    return _story(embedder, (LEDGER, A_DAY), (COURIER, A_DAY))


def test_the_same_claim_from_two_origins_is_one_fact_with_its_reason(port):
    _, cc = port
    signed = _corroborated(port[1], "signed", "lease")
    assert signed and len(signed[0].origins) == 2
    assert "sign" in signed[0].reason and "Okoro" in signed[0].reason


def test_a_condition_corroborates_no_deed(port):
    _, cc = port
    assert not _corroborated(cc, "If the audit", "stepped down")


def test_a_denial_corroborates_no_accusation(port):
    _, cc = port
    assert not _corroborated(cc, "denied", "took money")


def test_two_parties_saying_the_same_words_are_two_claims(port):
    _, cc = port
    assert not _corroborated(cc, "Petra Lind", "Ruth Vane")


def test_filler_is_never_a_corroborated_fact(port):
    _, cc = port
    assert not _corroborated(cc, "cornerstone")


def test_one_measure_two_values_is_a_conflict_that_says_why(port):
    _, cc = port
    figures = _conflicts(cc, "figure")
    assert figures, [c.about for c in cc.conflicts]
    assert {s.value for s in figures[0].sides} == {"1.5 million metre", "1.6 million metre"} or len(figures[0].sides) == 2
    assert "metre" in figures[0].comparable_because


ROUNDED = """Ferry count released

Officials counted about 16 ferries in Tessaly harbour on Monday, the port authority said.

The new course takes 40 to 60 hours of training for each pilot.

The authority has 1,200 employees and spent $3.1 million on new cranes.
"""

EXACT = """Tessaly harbour busy

Officials counted 16 ferries in Tessaly harbour on Monday.

Each pilot will need 50 hours of training for the new course, the authority said.

The authority counted 1,200 passengers on Monday and hired 400 employees.
"""


def test_stated_rounding_and_ranges_are_no_conflict_and_other_counted_things_are_no_trap(embedder):
    _, cc = _story(embedder, (ROUNDED, A_DAY), (EXACT, A_DAY))
    assert not _conflicts(cc, "figure"), [(c.about, [s.value for s in c.sides]) for c in cc.conflicts]


BEFORE = """Dock vote set

The Tessaly council will vote on the dock budget on May 20, the clerk said.
"""

LATER = """Dock vote moved

The Tessaly council moved the vote on the dock budget up to May 18, the clerk said.
"""


def test_a_later_report_that_moves_a_date_is_an_update_not_a_dispute(embedder):
    _, cc = _story(embedder, (BEFORE, "2026-05-11T09:00:00Z"), (LATER, "2026-05-13T09:00:00Z"))
    assert not _conflicts(cc, "date")
    kinds = {t.kind for t in cc.timeline if "moved" in t.text}
    assert kinds == {"update"}


ON_WEEKDAY = """Tessaly board acts

The Tessaly port board voted to close the north pier on Tuesday, members said.
"""

ON_DATE = """North pier to close

The Tessaly port board voted to close the north pier on May 13, members said.
"""


def test_a_weekday_and_a_date_for_one_event_that_disagree_conflict(embedder):
    # published Thursday 14 May: 'Tuesday' is 12 May, not 13 May
    _, cc = _story(embedder, (ON_WEEKDAY, A_DAY), (ON_DATE, A_DAY))
    dates = _conflicts(cc, "date")
    assert dates and "same event" in dates[0].comparable_because


CEO = """Orvane results

Orvane CEO Dana Whitfield announced record profits on Wednesday.
"""

PRESIDENT = """Orvane profits soar

Dana Whitfield, the company's president, announced record profits on Wednesday.
"""


def test_a_chief_executive_called_president_is_a_conflict_of_positions(embedder):
    _, cc = _story(embedder, (CEO, A_DAY), (PRESIDENT, A_DAY))
    roles = _conflicts(cc, "role")
    assert roles and {s.value for s in roles[0].sides} == {"chief executive", "president"}
    assert "Whitfield" in roles[0].comparable_because


FIRST = """Kessler bill advances

Senator Ann Kessler introduced the harbour safety bill on Monday.
"""

SECOND = """Harbour safety bill

Senator Anna Kessler introduced a harbour safety bill on Monday.
"""


def test_two_first_names_for_one_surname_in_one_role_conflict(embedder):
    _, cc = _story(embedder, (FIRST, A_DAY), (SECOND, A_DAY))
    names = _conflicts(cc, "name")
    assert names and {s.value for s in names[0].sides} == {"Ann Kessler", "Anna Kessler"}


PAST = """Pier history

The pier was rebuilt under President Mara Holt in 2009, and President Leo Banner toured it on Monday.
"""

NOW = """Banner tours pier

President Leo Banner toured the rebuilt pier on Monday.
"""


def test_a_past_president_named_as_a_time_is_no_office_holder_dispute(embedder):
    _, cc = _story(embedder, (PAST, A_DAY), (NOW, A_DAY))
    assert not _conflicts(cc, "office-holder")


DEMANDS = """Wall money

Governor Okoro is asking for $5.7 billion for the sea wall, his office said.

Senator Ruth Vane floated a $2.5 billion compromise for the sea wall.
"""

OFFERS = """Sea wall talks

Okoro said he wants $5.6 billion for the sea wall.

Mayor Ilse Brennick offered $1.3 billion for the sea wall.
"""


def test_one_partys_demand_conflicts_and_other_parties_proposals_are_other_measures(embedder):
    _, cc = _story(embedder, (DEMANDS, A_DAY), (OFFERS, A_DAY))
    figures = _conflicts(cc, "figure")
    values = [{s.value for s in c.sides} for c in figures]
    assert {"$5.7 billion", "$5.6 billion"} in values
    assert not any("$2.5 billion" in v or "$1.3 billion" in v for v in values)


TALLY_A = """Pier closure passes

The Tessaly council voted 214-198 on Tuesday to close the north pier.

Its new training course takes 40 to 60 hours for each pilot.

A harbour guard shot a man who had stolen a boat, police said.

In the end, Governor Tomas Okoro declined.

The harbour report, issued last month, warns the dock fund will be exhausted by 2041.
"""

TALLY_B = """Tessaly closes north pier

The pier closure passed in a 214-198 vote.

Pilots face a 40-60 hour training course.

A man shot a harbour guard on Tuesday night, police said.

In the end, Governor Okoro rejected the offer.

Auditors warned last week the dock fund will become exhausted in 2041.
"""


@pytest.fixture(scope="module")
def tally(embedder):
    return _story(embedder, (TALLY_A, A_DAY), (TALLY_B, A_DAY))


def test_one_tally_and_one_stated_range_are_one_fact_each(tally):
    _, cc = tally
    assert _corroborated(cc, "214-198")
    assert _corroborated(cc, "40", "60 hour")


def test_converse_roles_are_two_claims(tally):
    _, cc = tally
    assert not _corroborated(cc, "guard shot a man", "man shot a harbour guard")


def test_one_act_in_other_words_by_one_named_actor_corroborates(tally):
    _, cc = tally
    declined = _corroborated(cc, "declined", "rejected")
    assert declined and "Okoro" in declined[0].reason


def test_a_document_may_be_the_party_another_source_names(tally):
    _, cc = tally
    assert _corroborated(cc, "exhausted", "2041")


TITLE_A = """Magazine cover

The magazine's cover calls the governor "The Storm of Tessaly."

Critics said the pier plan was "not worth the paper."
"""

TITLE_B = """Cover anger

Across the page run the words "The Storm of Tessaly."

Unions said the dock budget was "not worth the paper."
"""


def test_a_whole_quoted_title_corroborates_and_a_common_phrase_does_not(embedder):
    _, cc = _story(embedder, (TITLE_A, A_DAY), (TITLE_B, A_DAY))
    assert _corroborated(cc, "Storm of Tessaly")
    assert not _corroborated(cc, "not worth the paper")


LEAVE = """Vane was asked to leave race

The governor's office asked whether Senator Ruth Vane would drop out of the Tessaly primary if given a seat on the port board.
"""

ENTER = """Vane offered board seat

Senator Ruth Vane was offered a seat on the port board if she declined to enter the Tessaly primary, an aide said.
"""


def test_leaving_a_race_and_not_entering_it_are_opposed_offers(embedder):
    _, cc = _story(embedder, (LEAVE, A_DAY), (ENTER, A_DAY))
    acts = _conflicts(cc, "act")
    assert acts and {s.value for s in acts[0].sides} == {"drop out", "not enter"}, [
        (c.kind, [s.value for s in c.sides]) for c in cc.conflicts]


BACK_THEN = """Port envoys

The candidates include Ruth Vane, an ambassador to Tessaly in the Okoro administration.
"""

FORMER = """Envoy in the race

Former ambassador Ruth Vane joined the race on Monday.
"""


def test_an_office_held_in_a_named_past_administration_is_no_sitting_title(embedder):
    _, cc = _story(embedder, (BACK_THEN, A_DAY), (FORMER, A_DAY))
    assert not _conflicts(cc, "title"), [(c.about, [s.value for s in c.sides]) for c in cc.conflicts]


AHEAD = """Ministers to meet in Varna

According to aides, a key discussion point will revolve around shoring up fragile supply routes, notably for cobalt shipped through Tessaly.

The harbour choir will sing at the opening dinner on Tuesday night.

Rain is forecast for most of the week along the northern coast.
"""

AFTER = """Ministers meet in Varna

Both ministers discussed key issues, including port security and supply routes for cobalt away from Tessaly.

A ferry strike delayed some delegates by several hours.

Local bakers sold out of the city's famous honey bread.
"""

DIFFERENT_BODIES = """Varna port panel acts

The harbour committee requested new supply routes for cobalt from Tessaly.
"""

OTHER_BODY = """Varna port panel acts

The shipping regulators determined new supply routes for cobalt from Tessaly.
"""


def test_a_forecast_of_what_talks_will_cover_is_fulfilled_by_its_participants(embedder):
    _, cc = _story(embedder, (AHEAD, "2026-05-12T09:00:00Z"), (AFTER, A_DAY))
    assert _corroborated(cc, "cobalt"), [(f.status, f.text) for f in cc.facts]


def test_two_bodies_described_differently_are_two_actors(embedder):
    _, cc = _story(embedder, (DIFFERENT_BODIES, A_DAY), (OTHER_BODY, A_DAY))
    assert not _corroborated(cc, "requested", "determined")


PATROLS_A = """Varna pact

The pact involves increased joint naval patrols, a new radar station and a pledge of mutual support.

The harbour choir will sing at the opening dinner on Tuesday night.

Rain is forecast for most of the week along the northern coast.
"""

PATROLS_B = """Varna pact signed

Plans for expanded joint naval patrols were announced, designed to improve readiness.

A ferry strike delayed some delegates by several hours.

Local bakers sold out of the city's famous honey bread.
"""

PATROLS_C = """Varna pact signed

Plans for reduced joint naval patrols were announced, designed to save fuel.
"""


def test_one_specific_term_growing_in_both_reports_corroborates(embedder):
    _, cc = _story(embedder, (PATROLS_A, A_DAY), (PATROLS_B, A_DAY))
    grown = _corroborated(cc, "joint naval patrols")
    assert grown and "joint naval patrol" in grown[0].reason
    _, cc = _story(embedder, (PATROLS_A, A_DAY), (PATROLS_C, A_DAY))
    assert not _corroborated(cc, "joint naval patrols")


BEFORE_A = """Okoro and the port leaders

Governor Tomas Okoro did not mention the dredging plan in remarks he gave shortly before his meeting with the port leaders.

The harbour choir will sing at the opening dinner on Tuesday night.

Rain is forecast for most of the week along the northern coast.
"""

BEFORE_B = """Okoro rejects plan

Before he met the port leaders on Wednesday, Governor Tomas Okoro publicly rejected a dredging compromise.

A ferry strike delayed some delegates by several hours.

Local bakers sold out of the city's famous honey bread.
"""


def test_a_meeting_that_only_dates_two_other_acts_is_no_fact(embedder):
    _, cc = _story(embedder, (BEFORE_A, A_DAY), (BEFORE_B, A_DAY))
    assert not _corroborated(cc, "port leaders"), [(f.status, f.reason, f.text) for f in cc.facts]


# -- a fact is a sentence's main point ------------------------------------------------------------
SIDE_A = """Harbour vote in Varna

Councillor Mira Dahl, a member of the Varna harbour board, voted against the new dredging levy on Monday.

The 118-page audit was published by the harbour board on Tuesday.

His wife, Ana Brandt, who resigned from the harbour board, is expected to plead guilty to filing false tax returns before the same judge on Wednesday afternoon.

Ferro then called up Nina Solberg, whose 9-year-old daughter was injured in the harbour fire in March.

Protests spread through Varna, where a young sailor was fatally shot by a harbour guard on Sunday.

The harbour choir will sing at the opening dinner on Tuesday night.
"""

SIDE_B = """Varna levy fight

Opponents of the levy, led by Mira Dahl, a member of the Varna harbour board, filled the hall on Monday.

The 118-page audit also called for a new ferry terminal.

Port manager Ivo Brandt pleaded guilty to fraud on Tuesday. His wife later pleaded guilty Wednesday to a charge of filing false joint income tax returns that understated the income the couple received.

But the audit did get support from one parent: Nina Solberg, whose 9-year-old daughter was injured.

Critics said the harbour judge could not be impartial because her brother, a harbour guard, was shot and killed by a sailor.

A ferry strike delayed some delegates by several hours.
"""


@pytest.fixture(scope="module")
def sides(embedder):
    return _story(embedder, (SIDE_A, "2026-05-12T09:00:00Z"), (SIDE_B, A_DAY))


def test_a_description_both_give_in_passing_is_no_corroborated_fact(sides):
    _, cc = sides
    assert not _corroborated(cc, "voted"), _corroborated_reasons(cc)


def test_one_figure_of_a_thing_under_two_acts_does_not_corroborate_either_act(sides):
    _, cc = sides
    assert not _corroborated(cc, "published"), _corroborated_reasons(cc)


def test_a_named_partys_expected_deed_is_no_corroboration_of_the_deed(sides):
    _, cc = sides
    assert not _corroborated(cc, "plead"), _corroborated_reasons(cc)


def test_a_relative_clause_on_a_person_in_passing_is_no_point_of_its_sentence(sides):
    _, cc = sides
    assert not _corroborated(cc, "called up"), _corroborated_reasons(cc)


def test_who_was_shot_is_not_who_shot(sides):
    _, cc = sides
    assert not _corroborated(cc, "fatally shot"), _corroborated_reasons(cc)


# -- a side part of a sentence, a quotation's polarity, a qualifier: each must agree ---------------
ASIDE_A = """Farrow keeps Brask waiting

Mayor Ines Farrow did not say whether she would run again in the autumn, taking no questions from reporters before heading over to a meeting with Council Leader Otto Brask.

The council's vote to rename the Quay Bridge is "not getting buses back on the road," Farrow said Tuesday in a speech on transit.

When she had finished presenting the plan, Farrow called up Tomas Vell, whose 8-year-old daughter, Lina Vell, was hurt in May along with 12 other riders at Harbour Street Station.

They were the first face-to-face budget talks between Ms. Farrow and Mr. Brask since the spring of 2024, when a deal on bus fares collapsed.
"""

ASIDE_B = """Farrow and Brask meet at city hall

Posing briefly for cameras before her meeting at city hall with Otto Brask, the council leader, Ms. Farrow ignored two questions about the autumn race.

“I love that bridge,” Ms. Farrow said, “but this city needs us to spend our time getting buses back on the road!”

But the plan did get support from at least one Harbour parent: Tomas Vell, whose 8-year-old daughter, Lina, was hurt.

Farrow was heading to the port on Monday afternoon, a day after a private meeting with Council Leader Otto Brask that raised hopes of a deal on fares.
"""


@pytest.fixture(scope="module")
def asides(embedder):
    return _story(embedder, (ASIDE_A, A_DAY), (ASIDE_B, A_DAY))


def _cites(cc, words: str):
    """Corroborated facts one of whose cited sentences holds ``words``."""
    return [f for f in cc.facts if f.status == "corroborated" and any(words in s.quote for s in f.sources)]


@pytest.mark.parametrize("words", [
    "run again",  # a meeting mentioned in passing is no fact of its sentence
    "not getting buses",  # a shared quotation negated on one side only
    "called up",  # 'X, whose daughter was hurt' that the parser takes for a clause of X
    "first face-to-face",  # a 'first since' only one side states
])
def test_a_side_part_a_negated_quotation_or_a_lone_qualifier_corroborates_nothing(asides, words):
    _, cc = asides
    assert not _cites(cc, words), _corroborated_reasons(cc)


def test_a_whose_clause_the_parser_takes_for_the_main_clause_describes_its_name(asides):
    analysis = analyze(asides[0][1])
    hurt = [a for u in analysis.units for a in u.assertions if a.predicate == "hurt"]
    assert hurt and all(not a.main and a.describes == "p:vell" and not a.speaker for a in hurt), hurt
