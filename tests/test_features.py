"""Features: names and figures without a model, participants and dates of the lede."""
from __future__ import annotations

from datetime import UTC, datetime

from newsdesk.features import (
    FeatureOptions,
    features,
    features_batch,
    lede,
    name_counts,
    person_key,
    sentences,
    term_counts,
)
from newsdesk.records import Article


def test_names_are_capitalised_runs_with_their_last_word():
    text = ("Officials said Prime Minister Maren Solberg met Tiago Ramalho in Oslo. "
            "Solberg later visited the port of Rio de Janeiro.")
    names = name_counts("", text)
    assert names["solberg"] == 2 and names["maren solberg"] == 1
    assert names["tiago ramalho"] == 1 and names["ramalho"] == 1
    assert names["rio de janeiro"] == 1 and names["janeiro"] == 1
    assert "prime" not in names and "minister" not in names  # roles are not names


def test_sentence_openers_and_common_words_are_not_names():
    text = ("Heavy rain closed the road. The heavy rain is forecast again. Despite warnings, Voss stayed open. "
            "Police said the road near Voss would reopen. The police thanked drivers.")
    names = name_counts("", text)
    assert "heavy" not in names and "despite" not in names and "police" not in names
    assert names["voss"] == 2


def test_title_and_headline_lines_only_confirm_names_of_the_body():
    text = ("Key Takeaways From The Summit\n"
            "The leaders met in Lisbon on Friday. Ana Duarte hosted the talks in Lisbon.")
    names = name_counts("Duarte Hosts Historic Summit In Lisbon", text)
    assert names["lisbon"] == 3 and names["duarte"] == 2
    assert "summit" not in names and "takeaways" not in names and "historic" not in names


def test_figures_and_acronyms():
    names = name_counts("", "The Colts beat the Chiefs 20 - 13 in the U.S. after a 5.6 magnitude quake, "
                            "up 12% on a $2.5 billion budget; US troops and 4 boats stayed.")
    assert {"#20-13", "#5.6", "#12%", "#$2.5"} <= set(names)
    assert "#4" not in names  # small counts say nothing about which event it is
    assert names["us"] == 2


def test_sentences_do_not_break_after_initials_or_titles():
    parts = sentences("U.S. President Donald J. Trump met Mr. Abe on Jan. 5. They spoke for an hour.")
    assert parts == ["U.S. President Donald J. Trump met Mr. Abe on Jan. 5.", "They spoke for an hour."]


def test_lede_skips_list_numbers_and_short_headings():
    article = Article(id="x", title="", text="1.\n\nHigh Stakes\n\nPresident Ana Duarte met the visiting "
                                            "prime minister in Lisbon to discuss fishing quotas and ports.")
    text = lede(article)
    assert text.startswith("1. High Stakes President Ana Duarte met")
    assert len(text.split()) <= FeatureOptions().lede_words


def test_person_key():
    assert person_key("President Donald J. Trump's") == "trump"
    assert person_key("Prime Minister Sanae Takaichi") == "takaichi"
    assert person_key("Dr. Ana Duarte Jr.") == "duarte"


def test_features_of_an_article():
    published = datetime(2024, 5, 15, 9, 0, tzinfo=UTC)
    article = Article(id="a", title="Duarte and Okoro sign fisheries pact in Lisbon",
                      text="Portuguese President Ana Duarte and Nigerian leader Bola Okoro signed a fisheries "
                           "pact in Lisbon on Tuesday. Okoro said the deal would protect fishing jobs.",
                      published=published)
    feats = features(article)
    assert {"duarte", "okoro"} <= set(feats.participants)
    assert "lisbon" in feats.places
    assert feats.dates == ["2024-05-14"]  # Tuesday before a Wednesday publish date
    assert feats.published == "2024-05-15"
    assert feats.names["okoro"] >= 2 and "duarte" in feats.lede_names
    assert features_batch([article, article]) == [feats, feats]


def test_features_without_ner_have_names_but_no_participants():
    article = Article(id="a", title="", text="Ana Duarte met Bola Okoro in Lisbon on 14 May 2024.")
    feats = features(article, FeatureOptions(ner=False))
    assert feats.participants == [] and feats.names["okoro"] == 1
    assert feats.dates == ["2024-05-14"]


def test_content_words_are_lower_case_counts_without_function_words():
    terms = term_counts("Ferry sinks off Voss", "The ferry sank on Monday; 42 passengers were rescued. "
                                                "Rescuers said the ferry's engine had failed.")
    assert terms["ferry"] == 3 and terms["voss"] == 1 and terms["rescued"] == 1
    assert not {"the", "were", "had", "said", "monday", "on", "42", "s"} & set(terms)
    assert list(term_counts("", "gale gale gale pier pier dock", max_terms=2)) == ["gale", "pier"]


def test_features_count_the_content_words_of_the_whole_text():
    article = Article(id="a", title="Flood closes valley roads",
                      text="Floods closed roads near Odda.\n\nMuch later in the text, the landslide is mentioned.")
    assert {"flood", "floods", "valley", "landslide", "odda"} <= set(features(article, FeatureOptions(ner=False)).terms)
