"""The briefing's rules on a story of invented articles: main outcome first, what happened in
time order, nothing said twice, key figures once, questions answered only by sentences holding
the answer, a timeline in date order, at most 40% of the origins' words, verbatim citations."""
import json
import re

import pytest

from newsdesk.analyze.figures import find_figures
from newsdesk.dates import mentions
from newsdesk.render import to_html, to_markdown

# Four independent outlets on one invented event (a town council approving a flood barrier),
# with the furniture real pages carry: datelines, a byline, a run-in label, a photo caption,
# a table, a reader question used as a heading.
ARTICLES = [
    {"id": "courier", "date": "2026-04-15", "url": "https://riverside-courier.example/lume-barrier",
     "title": "Harrowgate approves £48 million flood barrier", "text": """Harrowgate approves £48 million flood barrier

HARROWGATE — Harrowgate district council on Tuesday approved a £48 million flood barrier along the River Lume, ending two years of argument over how to protect the town centre.

By Mira Castellan

Councillors voted 9 to 4 in favour after a three-hour debate in the town hall.

Mayor Elin Strand said the barrier would be built by Castor Works and that construction would start in September.

“We have waited long enough, and the river will not wait for us,” Strand told councillors before the vote.

Residents packed the public gallery for the debate. (Photo: Harrowgate town hall on Tuesday evening / Courier staff)

| Item | Cost |
| Barrier | £48 million |

Floods in the winter of 2024 forced 1,200 people from their homes in the lower town.

The barrier will protect about 3,000 homes and 400 businesses, according to the council's engineers.

On Monday evening, about 200 residents marched from the railway station to the town hall to urge councillors to back the plan.

The council has not said how the cost will be split between the town and the national flood agency."""},
    {"id": "valleypost", "date": "2026-04-14", "url": "https://valley-post.example/news/council-backs-barrier",
     "title": "Council backs River Lume barrier after long fight", "text": """Council backs River Lume barrier after long fight

Harrowgate's district council approved a £48 million flood barrier on the River Lume on Tuesday, after councillors voted 9 to 4.

The vote followed a three-hour debate in the town hall, where residents filled the public gallery.

Mayor Elin Strand said construction by Castor Works would begin in September and take about two years.

Opponents on the council argued that the money should instead go to moving homes away from the river.

The winter floods of 2024 drove 1,200 people from their homes, the council said.

Engineers told the meeting that the barrier would protect about 3,000 homes in the lower town.

A public consultation on the design closed on 2 March and drew 640 written responses.

The national flood agency is expected to decide next month whether it will pay part of the cost."""},
    {"id": "northbank", "date": "2026-04-15", "url": "https://northbank-wire.example/harrowgate-barrier",
     "title": "Harrowgate to build flood barrier", "text": """Harrowgate to build flood barrier

HARROWGATE (Northbank Wire) – Councillors in Harrowgate approved plans on Tuesday for a £48 million barrier to protect the town from the River Lume.

Key points: The council voted 9 to 4 after a debate that ran late into the evening.

Castor Works, an engineering firm based in Dunmere, will build the barrier, Mayor Elin Strand said.

Floods in 2024 forced 1,200 residents from their homes, according to council figures.

Councillor Owen Pike, who voted against the plan, said it was "too much concrete and too little thought".

The national flood agency will decide in May whether to contribute to the cost.

Harrowgate last built flood defences in 1987, when a smaller wall went up along the quay."""},
    {"id": "gazette", "date": "2026-04-16", "url": "https://moorland-gazette.example/valley/barrier-explained",
     "title": "What the Harrowgate barrier means for the valley", "text": """What the Harrowgate barrier means for the valley

The £48 million barrier approved on Tuesday by Harrowgate's council is the largest flood project the valley has seen in decades.

Why does it matter?

Downstream towns have long complained that water held back in one place simply floods another.

Mayor Elin Strand said on Wednesday that the design had been tested against the 2024 floods, which forced 1,200 people from their homes.

Work is due to start in September and to finish in 2028, the council's engineers said.

The Lume Valley Farmers' Union said on Wednesday that it would ask the council to study the effect on fields downstream.

Elin Strand, mayor of Harrowgate, speaks in the town hall on Tuesday. (Photo: Gazette)"""},
]


@pytest.fixture(scope="module")
def story(tmp_path_factory, embedder):
    from newsdesk.inputs import expand_paths, read_inputs
    from newsdesk.pipeline import Ingestor
    from newsdesk.report import build_report
    from newsdesk.store import Store

    folder = tmp_path_factory.mktemp("barrier")
    (folder / "barrier.jsonl").write_text("\n".join(json.dumps(a) for a in ARTICLES), encoding="utf-8")
    with Store(folder / "desk.db") as store:
        files, _ = expand_paths([str(folder / "barrier.jsonl")])
        list(Ingestor(store, embedder=embedder).ingest(read_inputs(files, max_bytes=10**6)))
        report = build_report(store, embedder=embedder)
    stories = [s for s in report["stories"] if len(s["articles"]) == 4]
    assert stories, [s["title"] for s in report["stories"]]
    return report, stories[0]


def _sentences(story, skip=()):
    return [(sec["id"], s) for sec in story["briefing"]["sections"] if sec["id"] not in skip for s in sec["sentences"]]


def _section(story, section_id):
    return next((s for s in story["briefing"]["sections"] if s["id"] == section_id), None)


def _norm(text):
    return " ".join(re.findall(r"[a-z0-9£$%]+", text.lower()))


def test_main_outcome_comes_first(story):
    _, s = story
    lead = _section(s, "what-happened")["sentences"][0]
    assert re.search(r"approved", lead["text"]) and "barrier" in lead["text"], lead["text"]
    assert not lead["text"].startswith("HARROWGATE"), "the dateline is cut"
    assert lead["origins"] >= 2


def test_what_happened_after_the_lead_is_in_time_order(story):
    _, s = story
    rest = _section(s, "what-happened")["sentences"][1:]
    order = {"2024": 0, "Monday": 1, "Tuesday": 2, "Wednesday": 3}  # the days these articles tell of
    keys = [min(v for k, v in order.items() if k in x["text"]) for x in rest if any(k in x["text"] for k in order)]
    assert keys == sorted(keys) and len(rest) >= 2


def test_no_sentence_appears_twice(story):
    _, s = story
    texts = [_norm(x["text"]) for _, x in _sentences(s)]
    assert len(texts) == len(set(texts))
    for i, a in enumerate(texts):
        for b in texts[i + 1:]:
            assert a not in b and b not in a


def test_no_fragments_headings_table_rows_captions_bylines_or_datelines(story):
    _, s = story
    for _, x in _sentences(s, skip=("quotes",)):
        text = x["text"]
        assert not text.startswith(("|", "By ", "HARROWGATE")), text
        assert "(Photo" not in text and "Why does it matter" not in text and "Key points:" not in text, text
        assert "speaks in the town hall" not in text, "a photo caption (the line before its credit)"
        assert text.rstrip()[-1] in ".”\"'’)", text


def test_key_figures_are_stated_once(story):
    _, s = story
    seen = {}
    for _, x in _sentences(s, skip=("disputed",)):
        for f in find_figures(x["text"], 0):
            if f.family in ("currency", "percent", "count"):
                key = (f.family, f.value)
                assert key not in seen, f"{f.text} twice: {seen.get(key)} / {x['text']}"
                seen[key] = x["text"]


def test_a_figure_listed_cites_every_origin_that_states_it(story):
    report, s = story
    text = {a["id"]: a["text"] for a in report["articles"]}
    section = _section(s, "figures")
    for x in (section or {"sentences": []})["sentences"]:
        number = re.search(r"[\d,.]+", x["label"]).group(0)
        stating = {a for a, t in text.items() if number in t}
        assert {src["article"] for src in x["sources"]} == stating, x


def test_questions_hold_what_they_ask_and_never_share_a_sentence(story):
    _, s = story
    section = _section(s, "questions")
    if section is None:
        return
    texts = [x["text"] for x in section["sentences"]]
    assert len(texts) == len(set(texts))
    for x in section["sentences"]:
        if x["label"].startswith("When"):
            assert mentions(x["text"]), x["text"]
        if x["label"].startswith("How much"):
            assert find_figures(x["text"], 0), x["text"]


def test_timeline_is_in_date_order(story):
    _, s = story
    section = _section(s, "timeline")
    dates = [x["label"] for x in (section or {"sentences": []})["sentences"]]
    assert dates == sorted(dates)


def test_briefing_is_at_most_forty_percent_of_its_origins_words(story):
    report, s = story
    words = sum(len(x["text"].split()) for _, x in _sentences(s))
    origin_words = sum(len(a["text"].split()) for a in report["articles"] if a["id"] in s["articles"])
    assert 0 < words <= 0.40 * origin_words, (words, origin_words)


def test_every_sentence_quotes_its_sources_verbatim(story):
    report, s = story
    text = {a["id"]: a["text"] for a in report["articles"]}
    for _, x in _sentences(s):
        assert x["sources"]
        for src in x["sources"]:
            assert text[src["article"]][src["start"]:src["end"]] == src["quote"]
        if not x["text"].startswith("“"):
            assert x["text"] in text[x["sources"][0]["article"]], x["text"]


def test_renderings_show_what_happened_as_a_paragraph(story):
    report, s = story
    md = to_markdown({"stories": [s], "articles": report["articles"]})
    block = md.split("## What happened", 1)[1].split("##", 1)[0].strip()
    assert not block.startswith("- ") and "✔" in block
    html = to_html({"stories": [s], "articles": report["articles"]})
    assert 'class="lead"' in html
