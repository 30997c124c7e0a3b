"""Story splits: a story that turns out to hold two events is divided in two.

The texts are invented: a tram derailment in a fictional city and a chess
final in another, made to land in one story by a clusterer that joins
everything, so that the split check alone has to pull them apart.
"""
from __future__ import annotations

import pickle

import numpy as np
import pytest

from newsdesk.cluster import ClusterOptions, StoryClusterer
from newsdesk.explain import explain
from newsdesk.pipeline import IngestOptions, Ingestor
from newsdesk.records import ArticleFeatures, Assignment, RawDoc
from newsdesk.sketch import hash_keys


def _feats(names: dict, terms: dict) -> ArticleFeatures:
    return ArticleFeatures(names=dict(names), terms=dict(terms))


def _near(base: np.ndarray, seed: int, noise: float = 0.05) -> np.ndarray:
    vec = base + noise * np.random.default_rng(seed).normal(size=base.shape)
    return (vec / np.linalg.norm(vec)).astype(np.float32)


BASE = np.ones(16, dtype=np.float32) / 4.0
DERAILMENT = ({"velmora": 2, "tram": 1, "#14": 1}, {"tram": 3, "derailed": 2, "depot": 1, "injured": 1})
CHESS = ({"oskarsson": 2, "brevik": 1, "#3": 1}, {"chess": 3, "final": 2, "rook": 1, "blitz": 1})


def _one_story(clusterer: StoryClusterer, groups: list[tuple[dict, dict, int]]) -> str:
    """Learn articles into a single story whatever their scores: (names, terms, count) per group."""
    story, n = "story-forced", 0
    for names, terms, count in groups:
        for _ in range(count):
            clusterer.learn_one(_near(BASE, n), _feats(names, terms), Assignment(story, 1.0, n == 0, "forced"),
                                key=f"a{n}")
            n += 1
    return story


def test_a_story_of_two_events_splits_and_keeps_its_first_article():
    clusterer = StoryClusterer()
    story = _one_story(clusterer, [(*DERAILMENT, 5), (*CHESS, 5)])
    split = clusterer.split(story)
    assert split is not None and split.story_id == story
    assert split.moved == ["a5", "a6", "a7", "a8", "a9"] and split.kept == 5
    assert split.between < split.bar
    assert clusterer.stories[story].n == 5 and clusterer.stories[split.new_story].n == 5
    assert clusterer.stories[story].mentions(["oskarsson", "velmora"]) == [False, True]
    assert clusterer.story_frequency.get(hash_keys(["oskarsson", "velmora"])).tolist() == [1, 1]
    chess_reader = _feats(*CHESS)
    assert clusterer.predict_one(_near(BASE, 99), chess_reader, key="later").story_id == split.new_story
    assert clusterer.split(story) is None and clusterer.split(split.new_story) is None


def test_one_event_told_alike_is_not_split():
    clusterer = StoryClusterer()
    story = _one_story(clusterer, [(*DERAILMENT, 10)])
    assert clusterer.split(story) is None


def test_parts_smaller_than_the_minimum_stay_together():
    clusterer = StoryClusterer()
    story = _one_story(clusterer, [(*DERAILMENT, 6), (*CHESS, 4)])
    assert clusterer.split(story) is None
    smaller = StoryClusterer(ClusterOptions(split_min_part=4))
    _one_story(smaller, [(*DERAILMENT, 6), (*CHESS, 4)])
    assert smaller.split(story).moved == ["a6", "a7", "a8", "a9"]


def test_settled_and_forgotten_stories_are_not_checked():
    settled = StoryClusterer(ClusterOptions(split_max_members=8))
    assert settled.split(_one_story(settled, [(*DERAILMENT, 5), (*CHESS, 5)])) is None
    forgetful = StoryClusterer(ClusterOptions(split_memory=12))
    first = _one_story(forgetful, [(*DERAILMENT, 5), (*CHESS, 5)])
    for i in range(4):  # newer stories push the first one's members out
        forgetful.learn_one(_near(-BASE, i), _feats({"other": 1}, {"other": 1}),
                            Assignment(f"other{i}", 1.0, True, "forced"), key=f"o{i}")
    assert forgetful._kept <= 12
    assert forgetful.split(first) is None


def test_a_clusterer_with_remembered_members_pickles():
    clusterer = StoryClusterer()
    story = _one_story(clusterer, [(*DERAILMENT, 5), (*CHESS, 5)])
    copy = pickle.loads(pickle.dumps(clusterer))
    assert copy.split(story).moved == clusterer.split(story).moved


# -- through the ingest pipeline ---------------------------------------------------------------------
TEXTS = {
    "tram-1": ("Tram derails near Velmora depot, fourteen hurt",
               "A city tram left the rails near the Velmora depot on Friday evening and fourteen passengers "
               "were taken to hospital. The operator Velmora Transit said a switch had failed and that service "
               "on line 4 would stay suspended while inspectors examined the track."),
    "tram-2": ("Velmora Transit suspends line 4 after derailment",
               "Inspectors spent Saturday at the Velmora depot, where a tram of line 4 derailed on Friday. "
               "Fourteen people were injured, two seriously, according to the city hospital. Velmora Transit "
               "blamed a faulty switch and promised a full report on the derailment within a month."),
    "chess-1": ("Oskarsson wins Brevik chess final in blitz tiebreak",
                "Ingrid Oskarsson won the Brevik chess final on Sunday after three drawn classical games, "
                "taking the blitz tiebreak with a rook endgame. Oskarsson, 19, becomes the youngest winner "
                "of the Brevik title and qualifies for the continental championship."),
    "chess-2": ("Teenager Oskarsson takes the Brevik title",
                "The nineteen-year-old Ingrid Oskarsson is the new Brevik chess champion. After three draws "
                "in the classical games of the final, she won the blitz tiebreak, converting a rook ending "
                "that commentators had called a certain draw."),
}
FORCE_JOIN = IngestOptions(cluster=ClusterOptions(threshold=-10.0, young_story_margin=0.0, counterpart_penalty=0.0,
                                                  split_min_part=2))


def _raws(keys: list[str]) -> list[RawDoc]:
    return [RawDoc(uri=f"mem://{k}", content=TEXTS[k][1], content_type="text/plain", path=f"{k}.txt",
                   meta={"title": TEXTS[k][0], "published": "2026-03-06T10:00:00Z"}) for k in keys]


def _copy_of(key: str) -> RawDoc:
    title, text = TEXTS[key]
    return RawDoc(uri=f"mem://{key}-copy", content=text + " (Wire copy.)", content_type="text/plain",
                  path=f"{key}-copy.txt", meta={"title": title, "published": "2026-03-06T11:00:00Z"})


@pytest.fixture
def split_desk(tmp_path, embedder):
    from newsdesk.store import Store

    path = tmp_path / "desk.db"
    with Store(path) as store:
        ingestor = Ingestor(store, FORCE_JOIN, embedder=embedder)
        outcomes = list(ingestor.ingest(_raws(["tram-1", "tram-2", "chess-1"]) + [_copy_of("chess-1")]
                                        + _raws(["chess-2"])))
    assert all(o.status == "ingested" for o in outcomes), [o.reason for o in outcomes]
    return path, {o.uri.removeprefix("mem://"): o for o in outcomes}


def test_the_pipeline_moves_a_split_off_event_with_its_copies(split_desk, embedder):
    from newsdesk.store import Store

    path, outcome = split_desk
    new_story = outcome["chess-2"].story_id  # outcomes give the story after the batch (and its split)
    assert outcome["chess-1"].story_id == new_story != outcome["tram-1"].story_id
    with Store(path) as store:
        final = {k: store.story_of(o.article_id) for k, o in outcome.items()}
        assert final["tram-1"] == final["tram-2"] != final["chess-1"]
        assert final["chess-1"] == final["chess-1-copy"] == final["chess-2"] == new_story
        moved = {a["id"]: a for a in store.story(new_story)["articles"]}
        first = moved[outcome["chess-1"].article_id]
        assert first["reason"] == "split" and first["evidence"]["detail"]["before"]["reason"] == "similar"
        assert moved[outcome["chess-1-copy"].article_id]["reason"] == "copy-of"
        line = explain(first["reason"], first["score"], first["evidence"])
        assert line.startswith("moved when story") and "before that: joined: score" in line
        titles = {s["id"]: s["title"] for s in store.stories()}
        assert titles[new_story] in {TEXTS["chess-1"][0], TEXTS["chess-2"][0]}
        reopened = Ingestor(store, FORCE_JOIN, embedder=embedder)  # state stored with the moves
        reopened.grouping.bring_back([final["tram-1"], new_story])
        assert {sid: s.n for sid, s in reopened.clusterer.stories.items()} == {final["tram-1"]: 2, new_story: 2}
