"""What a sentence asserts (analyze/claims.py), on invented sentences: who, the act, what it is done to,
figures with what they count, modality, polarity and who says so."""
from newsdesk.analyze import analyze
from newsdesk.pipeline import prepare
from newsdesk.records import RawDoc


def _units(text: str):
    article = prepare(RawDoc(uri="mem://claims", content=text, path="claims.txt",
                             meta={"published": "2026-03-20T09:00:00Z"}))
    return [u for u in analyze(article).units if u.kind != "clause"]


def _unit(text: str, containing: str):
    return next(u for u in _units(text) if containing in u.text)


def _clause(unit, predicate: str):
    found = [a for a in unit.assertions if a.predicate == predicate]
    assert found, f"no '{predicate}' among {[a.predicate for a in unit.assertions]}"
    return found[0]


STORY = """Harbour council approves Brennick dock plan

Mayor Ilse Brennick met Governor Tomas Okoro in Port Varna on Tuesday.

The council approved the dock plan, which covers 1.5 million square metres of shoreline.

Okoro said he would sign the transfer next week.

If the audit finds fraud, Brennick must resign.

Okoro denied that he took money from the contractor.

“We are asking for $4.2 billion for the harbour,” Brennick said.

The Pelham Port Authority declined to release details such as who approved the loan.

The alliance is a cornerstone of security in the region.
"""


def test_who_acts_and_to_whom():
    met = _clause(_unit(STORY, "met Governor"), "meet")
    assert met.who == "p:brennick" and "p:okoro" in met.args and met.modality == "done" and met.main
    assert met.dates, "the clause keeps its own date"


def test_reported_speech_is_attributed_and_planned():
    sign = _clause(_unit(STORY, "would sign"), "sign")
    assert sign.speaker == "p:okoro" and sign.who == "p:okoro" and sign.modality == "planned"


def test_condition_makes_the_main_clause_conditional():
    unit = _unit(STORY, "If the audit")
    assert _clause(unit, "resign").modality == "conditional"
    assert _clause(unit, "find").modality == "hypothetical"


def test_a_denial_reports_what_is_denied():
    took = _clause(_unit(STORY, "denied"), "take")
    assert took.modality == "denied" and took.speaker == "p:okoro"


def test_first_person_in_a_quote_is_its_speaker_and_the_money_says_what_it_is_for():
    unit = _unit(STORY, "asking for")
    ask = _clause(unit, "ask for")
    assert ask.quoted and ask.speaker == "p:brennick"
    figure = unit.figures[0]
    assert figure.value == 4.2e9 and figure.counted == "harbour"


def test_the_counted_noun_of_a_figure():
    figure = _unit(STORY, "covers").figures[0]
    assert figure.value == 1.5e6 and figure.counted.startswith("metre")


def test_an_embedded_question_asserts_nothing():
    unit = _unit(STORY, "declined")
    approve = _clause(unit, "approve")
    assert approve.modality == "hypothetical"


def test_filler_with_nothing_checkable():
    unit = _unit(STORY, "cornerstone")
    assert unit.assertions and not any(a.checkable for a in unit.assertions)


def test_a_figure_ruled_out_is_marked():
    unit = _units("“Not $2 million, no, we want $3 million,” the mayor said of the pier.")[0]
    assert [f.negated for f in unit.figures] == [True, False]


def test_rounding_and_ranges_bound_a_figure():
    about = _units("Officials counted about 16 ferries in the harbour.")[0].figures[0]
    assert about.low < 16 < about.high and about.low > 15  # 'about 16' is no 15
    span = _units("The course takes 40 to 60 hours of training for each pilot.")[0].figures[0]
    assert (span.low, span.high) == (40, 60)


def test_a_meeting_noun_is_an_event_of_its_participants():
    unit = _units("The accord followed a long meeting between Mayor Ilse Brennick and Governor Tomas Okoro.")[0]
    meeting = _clause(unit, "meet")
    assert {meeting.who, *meeting.co_actors} >= {"p:okoro"} or "p:okoro" in meeting.co_actors + meeting.args
    assert meeting.checkable


def test_an_apposition_describes_its_person():
    unit = _units("Governor Tomas Okoro, a former harbour pilot from Tessaly, opened the dock.")[0]
    described = [a for a in unit.assertions if a.predicate == "be" and a.who == "p:okoro"]
    assert described and "e:tessaly" in described[0].args


def test_a_vote_tally_and_an_age_are_figures():
    unit = _units("The council voted 214-198 on Tuesday to close the pier, where a 6-year-old boy was hurt.")[0]
    assert {(f.family, f.text) for f in unit.figures} == {("tally", "214-198"), ("age", "6-year-old")}


def test_becoming_exhausted_is_the_act_of_exhausting():
    unit = _units("The harbour fund will become exhausted in 2041, the auditors said.")[0]
    assert any(a.predicate == "exhausted" and 2041 in a.years for a in unit.assertions)


def test_an_imperative_joined_to_a_report_addresses_the_reader():
    unit = _units("Governor Tomas Okoro has dropped his plan to run, but don't expect him to leave politics.")[0]
    expect = _clause(unit, "expect")
    assert expect.who == "" and expect.modality == "hypothetical"


def test_a_claim_noun_reports_what_its_owner_says():
    unit = _units("Senators pressed Governor Tomas Okoro to explain his claim that the pier is safe.")[0]
    safe = [a for a in unit.assertions if a.predicate == "be safe"]
    assert safe and safe[0].speaker == "p:okoro" and safe[0].reported_by == "claim"


def test_what_a_clause_acts_on_may_be_a_clause():
    unit = _units("Governor Tomas Okoro said he understands why dock workers distrust the port board.")[0]
    assert _clause(unit, "understand").object == "c:distrust"


def test_a_titled_person_ending_a_misparsed_subject_is_who_speaks():
    unit = _units("Secretary of the Treasury Ilse Brennick echoed the governor's comment in her own statement.")[0]
    assert _clause(unit, "echo").who == "p:brennick"


def test_a_quoted_question_the_writer_reports_is_no_question():
    from newsdesk.analyze.cues import is_question
    assert not is_question('One blogger asked, "Can anyone really defend this pier?"')
    assert not is_question('You have been debating a pier for years?"')
    assert is_question("Who will pay for the pier?")


def test_a_changed_specific_term_is_a_claim_of_its_own():
    unit = _units("The pact involves increased joint naval patrols and a new pier.")[0]
    changes = [a for a in unit.assertions if a.object.startswith("t:")]
    assert [(a.predicate, a.object) for a in changes] == [("increase", "t:joint naval patrol")]
    assert not [a for a in _units("The pact brings increased patrols.")[0].assertions if a.object.startswith("t:")]


def test_an_event_that_only_dates_another_act_is_no_point_of_its_own():
    unit = _units("Governor Tomas Okoro did not mention the pier in remarks shortly before his meeting with "
                  "Mayor Ilse Brennick.")[0]
    meeting = [a for a in unit.assertions if a.nominal and a.predicate == "meet"]
    assert meeting and meeting[0].setting and not meeting[0].main
    talks = [a for a in _units("Talks between Governor Tomas Okoro and Mayor Ilse Brennick ended on Tuesday.")[0]
             .assertions if a.nominal and a.predicate == "meet"]
    assert talks and not talks[0].setting


def test_fighting_to_protect_something_acts_on_protecting_it():
    unit = _units("The union has been fighting to protect the harbour fund, Governor Tomas Okoro said.")[0]
    assert _clause(unit, "fight").object == "c:protect"
