"""Cleaning rules, each with invented text, and near-misses that must be kept."""
from __future__ import annotations

import pytest
from conftest import shared_or_skip

from newsdesk.clean import FLAG_OF_RULE, CleanOptions, clean
from newsdesk.records import Article

LEDE = ("The port authority said on Monday that the new container crane at the north quay would be working "
        "by the end of the month, two weeks later than planned, after a part was damaged in transit.")
MORE = ("Dock workers had raised safety concerns about the old cranes last winter, and the union welcomed "
        "the replacement but said it wanted an independent inspection before the crane handles any cargo.")
END = "The authority expects the crane to handle about 180 containers an hour once it is fully working."


def cleaned(*blocks: str, title: str = "", fmt: str = "html", url: str | None = None,
            options: CleanOptions = CleanOptions()) -> Article:
    article = Article(id="", text="\n\n".join(blocks), title=title, url=url, meta={"format": fmt})
    return clean(article, options)


def removed(article: Article, rule: str | None = None) -> list[str]:
    return [r.text for r in article.removed if rule is None or r.rule == rule]


def assert_kept(article: Article, *blocks: str) -> None:
    for block in blocks:
        assert block in article.paragraphs, f"lost: {block!r}"


# -- trend cards and tables of contents ------------------------------------------------------------
def test_trend_card_at_the_top_is_removed_and_kept_as_a_card():
    article = cleaned("harbour strike", "5,000+ searches 🇳🇿 NZ", "Trend chart for harbour strike", LEDE, MORE,
                      fmt="text")
    assert article.paragraphs[0] == LEDE
    assert (article.trend.query, article.trend.traffic, article.trend.geo) == ("harbour strike", "5,000+", "NZ")
    assert "trend-card-removed" in article.flags


def test_a_figure_with_a_plus_sign_in_the_text_is_not_a_trend_card():
    article = cleaned(LEDE, "200+ jobs", MORE)
    assert article.trend is None and "200+ jobs" in article.paragraphs


def test_table_of_contents_is_removed():
    article = cleaned(LEDE, "Table of Contents", "- 1. The new crane", "- 2. Safety concerns", "- 3. What next",
                      "The new crane", MORE)
    assert article.paragraphs == [LEDE, "The new crane", MORE]
    assert "toc-removed" in article.flags


def test_a_numbered_list_that_is_content_is_kept():
    steps = ["1. Unload the crane parts at berth two.", "2. Assemble the boom on the quay.",
             "3. Run load tests with empty containers."]
    article = cleaned(LEDE, "The work happens in three stages:", *steps, END)
    assert_kept(article, *steps)
    assert not article.removed


# -- furniture lines -------------------------------------------------------------------------------
@pytest.mark.parametrize("line, rule", [
    ("Follow us on Facebook and X for the latest port news", "share-follow"),
    ("Follow the Harbour Daily channel on WhatsApp:", "share-follow"),
    ("Share this story with a friend", "share-follow"),
    ("Share on Facebook", "share-follow"),
    ("Stay tuned for more updates as this story develops.", "share-follow"),
    ("Click here to subscribe to our shipping newsletter", "share-follow"),
    ("Download the Harbour Daily app for breaking news alerts.", "share-follow"),
    ("Sign up for our morning briefing newsletter", "newsletter-box"),
    ("Thanks for signing up! Keep an eye on your inbox.", "newsletter-box"),
    ("Enter your email address to get our daily digest", "newsletter-box"),
    ("We use cookies to personalise content. By continuing to use this site you agree to our cookie policy.",
     "cookie-banner"),
    ("Advertisement", "advertisement"),
    ("Story continues below advertisement", "advertisement"),
    ("Photo: Mere Tainui / Reuters", "image-credit"),
    ("(Photo by Lars Holm/AFP via Getty Images)", "image-credit"),
    ("READ MORE: Ferry workers vote to strike over pay", "teaser-link"),
    ("Related: Five ports that changed world trade", "teaser-link"),
    ("Tags: shipping, ports, unions", "tags"),
    ("Print article", "page-tool"),
    ("Comments (12)", "page-tool"),
    ("Comments are moderated. Abusive comments will be deleted.", "comment-policy"),
    ("The comments posted here are not from our newsroom. Kindly refrain from using offensive language.",
     "comment-policy"),
    ("You are receiving this email because you subscribed to Port Notes.", "email-footer"),
    ("Forward this email to a friend | Update your preferences | Unsubscribe", "email-footer"),
    ("Subscribe now for full access to every story.", "paywall-prompt"),
    ("Pro tip: Book ferry tickets a week ahead to get the cheaper fare.", "advice-box"),
])
def test_furniture_lines_are_removed_and_recorded(line, rule):
    article = cleaned(LEDE, line, MORE)
    assert article.paragraphs == [LEDE, MORE]
    assert removed(article) == [line] and article.removed[0].rule == rule
    assert FLAG_OF_RULE[rule] in article.flags


@pytest.mark.parametrize("line", [
    "Detectives said they began to follow him on foot through the fish market before the arrest.",
    "The minister said she would follow the committee's advice on the new terminal.",
    "The mayor's comments drew sharp criticism from councillors on both sides.",
    "Protesters shared photos of the blockade on Instagram, and the union shared them on its website.",
    "The shipping line's newsletter reported a loss last quarter, according to analysts who read it.",
    "Sales of cookies and biscuits at the terminal cafe rose by a third over the summer.",
    "Photographers waited outside the court for most of the afternoon.",
    "She said she would subscribe to any plan that kept the port in public hands.",
    "TIP-INS",
    "Tipping point: the crane decision came after two failed tenders.",
])
def test_near_miss_lines_are_kept(line):
    article = cleaned(LEDE, line, MORE)
    assert article.paragraphs == [LEDE, line, MORE]
    assert not article.removed


def test_a_data_table_is_kept_whole():
    table = ["| Year | Containers | Change |", "|---|---|---|", "| 2022 | 410,000 | +3% |",
             "| 2023 | 452,000 | +10% |"]
    article = cleaned(LEDE, *table, END)
    assert_kept(article, *table)


def test_bare_urls_social_self_and_image_links_go_cited_sources_stay():
    page = "https://harbourdaily.example/news/crane-delay"
    article = cleaned(LEDE, "Follow our port channel on WhatsApp:", "https://whatsapp.com/channel/0029ABCDEF",
                      "https://harbourdaily.example/news/crane-delay/", "https://cdn.example/img/crane.jpg",
                      "The full inspection report is published here:", "https://maritime-safety.example/reports/2024-17",
                      MORE, url=page)
    assert "https://maritime-safety.example/reports/2024-17" in article.paragraphs
    assert removed(article, "bare-url") == ["https://whatsapp.com/channel/0029ABCDEF",
                                            "https://harbourdaily.example/news/crane-delay/",
                                            "https://cdn.example/img/crane.jpg"]


# -- reader prompts and filler ------------------------------------------------------------------------
def test_reader_prompt_blocks_are_removed():
    article = cleaned(LEDE, "What do you think about the delay? Let us know in the comments below!", MORE)
    assert article.paragraphs == [LEDE, MORE]
    assert "reader-prompts-removed" in article.flags


def test_only_the_prompting_sentence_of_a_paragraph_goes():
    paragraph = ("Choosing the year's best cranes was hard. Really hard. Surely we left out some of your "
                 "favourites. Leave a comment and tell us which one you would have picked.")
    article = cleaned(LEDE, paragraph, MORE)
    assert article.paragraphs[1] == ("Choosing the year's best cranes was hard. Really hard. Surely we left "
                                     "out some of your favourites.")


def test_a_quoted_question_is_someone_speaking_and_stays():
    quote = "“What do you think happens when a crane arrives broken? You wait,” said the harbour master."
    article = cleaned(LEDE, quote, MORE)
    assert_kept(article, quote)


def test_questions_to_the_reader_beside_a_prompt_or_asking_an_opinion_go():
    article = cleaned(LEDE, "Share your thoughts in the comments below!",
                      "Would you feel safe working under the old cranes?", MORE,
                      "Do you believe the port should pay for an independent inspection?", END)
    assert article.paragraphs == [LEDE, MORE, END]


def test_rhetorical_questions_and_question_headings_stay():
    article = cleaned(LEDE, "Why does a crane take so long to build?", MORE,
                      "Are you ready for what comes next?", "The answer is a second crane in 2026. " + END)
    assert_kept(article, "Why does a crane take so long to build?", "Are you ready for what comes next?")


def test_did_you_know_boxes_are_kept_but_marked():
    article = cleaned(LEDE, "Did you know? The north quay was built in 1911 on reclaimed land.", MORE)
    assert "The north quay was built in 1911 on reclaimed land." in article.paragraphs
    assert article.meta["filler_boxes"] == [{"label": "Did you know",
                                             "text": "The north quay was built in 1911 on reclaimed land."}]
    assert "filler-marked" in article.flags


# -- link lists ---------------------------------------------------------------------------------------
TEASERS = ["Bakery chain closes 40 stores after flour prices soar",
           "The chain said rising costs had made most of its high-street shops unprofitable this year.",
           "Teenager wins national chess title in record time",
           "The 15-year-old from a small mountain town beat three grandmasters on her way to the title.",
           "Storm warning issued for the southern alps",
           "Forecasters expect gusts of up to 140 km/h and heavy snow above 1,200 metres by Thursday."]


def test_a_trailing_list_under_a_heading_is_removed():
    article = cleaned(LEDE, MORE, END, "More References", *TEASERS)
    assert article.paragraphs == [LEDE, MORE, END]
    assert "link-list-removed" in article.flags


def test_a_trailing_list_of_unrelated_teasers_without_a_heading_is_removed():
    article = cleaned(LEDE, MORE, END, *TEASERS)
    assert article.paragraphs == [LEDE, MORE, END]


def test_a_headline_list_mid_article_goes_and_the_article_resumes():
    article = cleaned(LEDE, "Don't miss", "Ferry strike called off [LATEST]", "Five ports that changed trade [VIDEO]",
                      MORE, END)
    assert article.paragraphs == [LEDE, MORE, END]


def test_an_article_ending_with_its_own_sections_is_kept():
    sections = ["What happens next", "The crane will be load-tested with empty containers before the union "
                "inspection, and the port authority will publish the results.",
                "Who pays for the delay", "The manufacturer has agreed to cover the cost of the damaged part "
                "and the two weeks of extra work at the north quay.",
                "What the union wants", "The dock workers' union wants the inspection done by an engineer the "
                "port authority does not employ, before any cargo is moved by the new crane."]
    article = cleaned(LEDE, MORE, *sections)
    assert article.paragraphs == [LEDE, MORE, *sections]


def test_a_related_heading_followed_by_the_articles_own_paragraphs_is_kept():
    article = cleaned(LEDE, "Related", "The new crane will replace two machines built in the 1970s.", MORE, END)
    assert "The new crane will replace two machines built in the 1970s." in article.paragraphs


# -- titles, datelines and records -------------------------------------------------------------------
def test_the_title_printed_again_in_the_body_goes():
    article = cleaned("Port crane delayed by damaged part", LEDE, MORE, title="Port crane delayed by damaged part")
    assert article.paragraphs == [LEDE, MORE]
    assert removed(article, "title-repeat") == ["Port crane delayed by damaged part"]


def test_a_live_pages_title_that_names_nothing_in_the_text_is_dropped():
    article = cleaned(LEDE, MORE, title="Markets live: shares close higher")
    assert article.title == "" and removed(article, "foreign-title") == ["Markets live: shares close higher"]
    kept = cleaned(LEDE, MORE, title="Live: port crane delayed after part damaged in transit")
    assert kept.title == "Live: port crane delayed after part damaged in transit"


def test_everything_removed_is_recorded_and_flagged():
    article = cleaned(LEDE, "Advertisement", MORE, "Share this story with your friends", END, "Tags: ports")
    assert {r.rule for r in article.removed} == {"advertisement", "share-follow", "tags"}
    assert article.flags == ["furniture-removed"]


def test_clean_returns_a_copy():
    original = Article(id="", text="\n\n".join([LEDE, "Advertisement", MORE]), meta={"format": "html"})
    clean(original)
    assert "Advertisement" in original.text and not original.removed


# -- the seed documents --------------------------------------------------------------------------------
def _seed_articles():
    from newsdesk.extract import extract
    from newsdesk.records import RawDoc

    seeds = shared_or_skip("seeds")
    return {p.name[:3]: clean(extract(RawDoc(uri=str(p), content=p.read_bytes(), path=str(p))))
            for p in sorted(seeds.glob("*.txt"))}


def test_seeds_lose_all_their_boilerplate_and_keep_real_titles():
    import yaml

    gold = yaml.safe_load((shared_or_skip("seeds", "gold.yaml")).read_text("utf-8"))
    articles = _seed_articles()
    for item in gold["boilerplate"]:
        text = " ".join(articles[item["doc"]].text.lower().split())
        assert not any(all(m in text for m in alt) for alt in item["match"]), item
    for name, doc in gold["documents"].items():
        assert articles[name].title == (doc.get("title") or ""), name
        text = articles[name].text.lower()
        for line in doc.get("not_body", []):
            assert " ".join(line.split()) not in " ".join(text.split()), (name, line)
        for item in doc.get("unrelated_items", []):
            assert not any(all(m in text for m in alt) for alt in item["match"]), (name, item["id"])
        if doc.get("trend"):
            assert articles[name].trend.query == doc["trend"]["query"]
