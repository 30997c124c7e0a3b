"""People and their titles on invented sentences: a title belongs to a person only
when the grammar attaches it (in front of the name, apposition, 'Y of Z X', a
relative clause, 'as Y'); 'former'/'ex-'/'then-' and a term's end year are read
for that person only; headline words are not names; short names, pronoun
gender and keys come from what the article itself says."""
import pytest

from newsdesk.analyze import analyze
from newsdesk.analyze.people import find_people
from newsdesk.records import Article


def people(sentence, year=None):
    return {p.name: p for p in find_people(sentence, year=year) if p.name}


@pytest.mark.parametrize("sentence, name, office, country, status, how", [
    ("Former Chilean President Lucia Andrade arrived in Oslo.", "Lucia Andrade", "president", "CL", "former", "title"),
    ("Ex-President Jon Vik opened the bridge.", "Jon Vik", "president", None, "former", "title"),
    ("Then-Governor Mara Quist signed the order in 2015.", "Mara Quist", "governor", None, "then", "title"),
    ("Ana Tui, the president of Chile, left early.", "Ana Tui", "president", "CL", "", "appositive"),
    ("Norway's new prime minister Erik Solvang met the press.", "Erik Solvang", "prime minister", "NO", "current",
     "appositive"),
    ("Secretary of the Treasury Maren Holt spoke first.", "Maren Holt", "treasury secretary", None, "", "title"),
    ("Dana Whitfield, who is the mayor of Ashby, opened the fair.", "Dana Whitfield", "mayor", None, "", "relative"),
    ("As finance minister, Solvang cut taxes twice.", "Solvang", "finance minister", None, "", "as"),
])
def test_titles_attached_by_grammar(sentence, name, office, country, status, how):
    p = people(sentence)[name]
    assert (p.office, p.country, p.status, p.how) == (office, country, status, how)


def test_a_title_goes_only_to_the_person_it_is_attached_to():
    found = people("President Ada Okafor met Lena Ortiz, the harbor master, and thanked her.")
    assert found["Ada Okafor"].office == "president" and found["Ada Okafor"].role == "president"
    assert found["Lena Ortiz"].office == "" and found["Lena Ortiz"].role == "harbor master"


def test_each_name_keeps_its_own_country_in_a_coordination():
    found = people("U.S. President Ann Lee and Japan's new Prime Minister Kay Roe held talks in Osaka.")
    assert (found["Ann Lee"].office, found["Ann Lee"].country) == ("president", "US")
    assert (found["Kay Roe"].office, found["Kay Roe"].country, found["Kay Roe"].status) == (
        "prime minister", "JP", "current")


def test_a_daughter_of_a_senator_is_not_a_senator():
    found = people("Mara Albright, the daughter of Senator Tom Albright, spoke at the rally.")
    assert found["Mara Albright"].office == "" and found["Mara Albright"].role == "daughter"
    assert found["Tom Albright"].office == "senator"


def test_a_job_named_after_an_office_is_not_that_office():
    found = people("White House press secretary Lena Ortiz answered questions.")
    assert found["Lena Ortiz"].office == "" and found["Lena Ortiz"].role == "press secretary"


@pytest.mark.parametrize("year, status", [(2020, "former"), (2005, "")])
def test_a_term_that_ended_before_the_articles_year_is_former(year, status):
    found = people("Vicente Ruiz, Peru's president from 2001 to 2009, spoke in Lima.", year=year)
    assert (found["Vicente Ruiz"].office, found["Vicente Ruiz"].country, found["Vicente Ruiz"].status) == (
        "president", "PE", status)


def test_former_belongs_to_the_person_it_modifies_only():
    found = people("Former Governor Mara Quist endorsed Governor Ines Doyle on Monday.")
    assert found["Mara Quist"].status == "former" and found["Ines Doyle"].status == ""


def test_gender_only_from_what_the_text_states():
    found = people("Ms. Kline thanked Congressman Oskar Lind and Robin Vale.")
    assert found["Kline"].gender == "f" and found["Oskar Lind"].gender == "m"
    assert found["Robin Vale"].gender == ""


def test_an_office_without_a_name_is_kept_as_title_only():
    found = find_people("The former president celebrated the vote.")
    assert [(p.office, p.status, p.how) for p in found] == [("president", "former", "title-only")]


def test_a_proper_noun_is_a_person_only_when_the_text_marks_it():
    found = people("Solvang, the port's chief engineer, inspected Oslo harbor with Kelso Shipping.")
    assert set(found) == {"Solvang"}


def test_headline_words_are_not_names_but_known_people_in_a_headline_are():
    text = ("Harbor Fees Rise As Council Stalls Again\n\nReyes Warns Of Delays\n\n"
            "The council in Kelso met for six hours on Tuesday. Harbor master Ana Reyes warned of delays.")
    units = analyze(Article(id="h", text=text)).units
    headline_names = {p.name for u in units if u.kind == "heading" for p in u.persons if p.name}
    assert headline_names <= {"Reyes"}
    assert all(p.key == "reyes" for u in units for p in u.persons if p.name)


def test_short_names_share_the_key_of_the_full_name():
    text = ("Senator Priya Raman of Ostfeld opposes the levy. Ms. Raman said the levy would hurt farmers. "
            "Raman will vote on Friday.")
    mentions = [p for u in analyze(Article(id="k", text=text)).units if u.kind == "sentence" for p in u.persons]
    assert [(p.name, p.key) for p in mentions] == [("Priya Raman", "raman"), ("Raman", "raman"), ("Raman", "raman")]
    assert mentions[0].office == "senator"
