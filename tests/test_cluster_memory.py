"""Bounded clusterer state: stories leave memory when no article's time window reaches them,
come back from the store when one does, and grouping is the same as with everything in memory.
Headline capitals are not taken for names.

The texts are the invented ones of test_cluster.py (two meetings of the same two countries
fifteen months apart, several reports of the later one, an unrelated flood).
"""
from __future__ import annotations

from test_cluster import EARLIER, FLOOD, LATER, _partition, _raws

from newsdesk.features import body_capitals, name_counts, truecase
from newsdesk.grouping import GroupingOptions
from newsdesk.pipeline import IngestOptions, Ingestor
from newsdesk.store import Store

# the earlier meeting comes last: its window (15 months before) reaches no story in memory
ORDER = {**LATER, **FLOOD, **EARLIER, "later-follow-up": (
    "Solberg to visit Fortaleza as wind pact takes effect",
    "Prime Minister Maren Solberg will travel to Fortaleza next spring, her office said, after the offshore "
    "wind and shipping agreement she signed with President Tiago Ramalho in Oslo took effect. Norwegian "
    "turbine makers have already asked Brazilian ports for berths.", "2024-05-20T09:00:00Z")}


def _ingest(path, options: IngestOptions, embedder) -> tuple[dict[str, str], list[int]]:
    """(story of each document, stories in memory after each document)."""
    in_memory: list[int] = []
    with Store(path) as store:
        ingestor = Ingestor(store, options, embedder=embedder)
        outcomes = list(ingestor.ingest(_raws(ORDER), progress=lambda _: in_memory.append(
            len(ingestor.clusterer.stories))))
    return _partition(outcomes), in_memory


def test_idle_stories_leave_memory_and_grouping_is_unchanged(tmp_path, embedder):
    kept, _ = _ingest(tmp_path / "kept.db", IngestOptions(batch_size=1), embedder)
    bounded, in_memory = _ingest(tmp_path / "bounded.db", IngestOptions(
        batch_size=1, grouping=GroupingOptions(idle_articles=1)), embedder)
    assert bounded == kept
    assert kept["later-follow-up"] == kept["later-wire"] != kept["earlier-report"]
    assert min(in_memory[1:]) < max(in_memory)  # some stories were saved and forgotten on the way


def test_a_story_that_left_memory_comes_back_for_a_follow_up(tmp_path, embedder):
    options = IngestOptions(batch_size=1, grouping=GroupingOptions(idle_articles=1))
    first = {k: ORDER[k] for k in ("later-wire", "later-business", "earlier-report", "earlier-recap")}
    with Store(tmp_path / "desk.db") as store:
        ingestor = Ingestor(store, options, embedder=embedder)
        story = _partition(ingestor.ingest(_raws(first)))
        assert story["later-wire"] not in ingestor.clusterer.stories  # the earlier meeting's window is elsewhere
        follow = _partition(ingestor.ingest(_raws({"later-follow-up": ORDER["later-follow-up"]})))
        assert follow["later-follow-up"] == story["later-wire"]
        assert ingestor.clusterer.stories[story["later-wire"]].n == 3


def test_headline_capitals_are_not_names():
    title = "Harbour Minister Resigns In Rebuke Of Dredging Plan"
    body = ("Harbour minister Lotte Kramsvik resigned on Friday in protest at the dredging plan. "
            "Kramsvik said the plan ignored the fishermen of Brevik. The Harbour Board will meet on Monday.")
    capitals = body_capitals(body)
    assert truecase(title, capitals) == "Harbour minister resigns in rebuke of dredging plan"
    assert truecase("Minister resigns over plan", capitals) == "Minister resigns over plan"  # sentence case kept
    names = name_counts(title, body)
    assert "kramsvik" in names and "brevik" in names
    assert not {"resigns", "rebuke", "dredging"} & set(names)
