"""Event clustering: one story per real-world event, with the evidence kept.

The texts are invented: two meetings of the same kind between the same two
countries (a different prime minister, more than a year apart), several
independent reports of the later one, and an unrelated flood.
"""
from __future__ import annotations

import json
import pickle

import numpy as np
import pytest
from conftest import shared_or_skip

from newsdesk.cluster import ClusterOptions, StoryClusterer, _date_relation, _publish_gap
from newsdesk.explain import explain
from newsdesk.fingerprint import OriginIndex, signature
from newsdesk.pipeline import Ingestor
from newsdesk.records import ArticleFeatures, RawDoc
from newsdesk.sketch import CountMin, Sparse, SparseSum, hash_keys

LATER = {  # Prime Minister Maren Solberg hosts President Tiago Ramalho in Oslo, May 2024
    "later-wire": (
        "Norway and Brazil sign offshore wind pact as Ramalho visits Oslo",
        "OSLO – Norwegian Prime Minister Maren Solberg and Brazilian President Tiago Ramalho signed an "
        "agreement on offshore wind and shipping on Tuesday, at the end of a two-day state visit. Solberg "
        "said the pact would let Norwegian engineering firms bid for turbine projects off the coast of "
        "Ceara, while Brazilian ports would handle more Norwegian fish. Ramalho called the deal \"a bridge "
        "across the Atlantic\" and invited Solberg to Fortaleza next year. The two leaders also discussed "
        "rainforest funding.", "2024-05-14T10:00:00Z"),
    "later-business": (
        "Wind, fish and ports: what the Solberg-Ramalho deal means for trade",
        "Exporters welcomed the offshore wind and shipping agreement that Prime Minister Maren Solberg "
        "signed with President Tiago Ramalho in Oslo on Tuesday. Trade between Norway and Brazil reached "
        "about 3.9 billion dollars last year, most of it fertiliser and fish, and the Fortaleza port "
        "authority expects new container routes. Analysts said turbine makers in Stavanger stand to gain "
        "most, although the agreement sets no investment figure.", "2024-05-15T08:30:00Z"),
    "later-radio": (
        "Ramalho leaves Oslo after signing wind agreement",
        "President Tiago Ramalho left Oslo on Wednesday after a state visit in which he and Prime Minister "
        "Maren Solberg agreed to cooperate on offshore wind farms and shipping between Norway and Brazil. "
        "Ramalho told reporters the visit had been warm and practical; Solberg is expected in Fortaleza in "
        "2025.", "2024-05-15T18:00:00Z"),
}
EARLIER = {  # Prime Minister Erik Vangen met the same president in Oslo, February 2023
    "earlier-report": (
        "Vangen and Ramalho discuss fisheries and climate in Oslo",
        "Norwegian Prime Minister Erik Vangen received Brazilian President Tiago Ramalho in Oslo on "
        "Thursday for talks on fisheries, climate finance and offshore energy. Vangen said Norway would "
        "keep paying into the rainforest fund, while Ramalho asked for more Norwegian investment in "
        "Brazilian ports. No agreement was signed; officials were told to draft proposals on shipping and "
        "wind power within a year.", "2023-02-09T12:00:00Z"),
    "earlier-recap": (
        "",
        "On 9 February 2023 Prime Minister Erik Vangen hosted President Tiago Ramalho of Brazil for a day "
        "of talks in the Norwegian capital. Here is what the two leaders said about offshore wind, "
        "shipping routes and the rainforest fund, and what was left for later.\n\n"
        "Vangen described the meeting as a first step. Ramalho said Brazil wanted partners for its ports.",
        None),
}
FLOOD = {
    "flood": (
        "Flash floods cut roads in western Norway",
        "Heavy rain caused flash floods in several valleys of western Norway on Monday, closing roads "
        "near Voss and Odda and forcing about 300 people to leave their homes. The national weather "
        "service issued a red warning for the region and said more rain was expected overnight.",
        "2024-05-13T07:00:00Z"),
}


def _raws(docs: dict) -> list[RawDoc]:
    return [RawDoc(uri=f"mem://{key}", content=text, content_type="text/plain", path=f"{key}.txt",
                   meta={"title": title, "published": published}) for key, (title, text, published) in docs.items()]


def _partition(outcomes) -> dict[str, str]:
    return {o.uri.removeprefix("mem://"): o.story_id for o in outcomes if o.story_id}


@pytest.fixture
def clustered(store, embedder):
    docs = {**LATER, **FLOOD, **EARLIER}
    outcomes = list(Ingestor(store, embedder=embedder).ingest(_raws(docs)))
    assert all(o.status == "ingested" for o in outcomes), [o.reason for o in outcomes]
    return store, _partition(outcomes)


def test_reports_of_one_event_join_and_an_earlier_meeting_stays_apart(clustered):
    _, story = clustered
    assert story["later-wire"] == story["later-business"] == story["later-radio"]
    assert story["earlier-report"] == story["earlier-recap"]
    assert story["earlier-report"] != story["later-wire"]
    assert story["flood"] not in (story["later-wire"], story["earlier-report"])


def test_evidence_says_why_an_article_joined_or_not(clustered):
    store, story = clustered
    later = store.story(story["later-wire"])
    joined = [a for a in later["articles"] if a["reason"] == "similar"]
    assert joined, "reports of the later meeting should join the first one"
    for member in joined:
        evidence = member["evidence"]
        assert evidence["similarity"] is not None and member["score"] >= evidence["detail"]["bar"]
        assert "ramalho" in evidence["shared_participants"] or "ramalho" in evidence["detail"]["shared_names"]
    started = next(a for a in store.story(story["earlier-report"])["articles"] if a["reason"] == "new")
    assert "nearest" not in started["evidence"]["detail"]  # 15 months apart: never compared
    why = explain(started["reason"], started["score"], started["evidence"])
    assert why == "started the story (no story has an article within 30 days of it)"
    flood = store.story(story["flood"])["articles"][0]  # the day before the later meeting: compared, not joined
    nearest = flood["evidence"]["detail"]["nearest"]
    assert nearest["story"] == story["later-wire"] and nearest["score"] < nearest["bar"]
    assert explain(flood["reason"], flood["score"], flood["evidence"]).startswith("started the story: nearest story")
    assert explain(joined[0]["reason"], joined[0]["score"], joined[0]["evidence"]).startswith("joined: score")
    assert any("words" in explain(m["reason"], m["score"], m["evidence"]) for m in joined)
    assert later["title"] in {title for title, _, _ in LATER.values()}


def test_reopened_desk_assigns_as_one_run(tmp_path, embedder):
    from newsdesk.store import Store

    docs = {**LATER, **FLOOD, **EARLIER}
    keys = list(docs)
    with Store(tmp_path / "one.db") as one:
        single = _partition(Ingestor(one, embedder=embedder).ingest(_raws(docs)))
    with Store(tmp_path / "two.db") as two:
        first = _partition(Ingestor(two, embedder=embedder).ingest(_raws({k: docs[k] for k in keys[:3]})))
    with Store(tmp_path / "two.db") as two:
        rest = _partition(Ingestor(two, embedder=embedder).ingest(_raws({k: docs[k] for k in keys[3:]})))
    assert single == {**first, **rest}


def test_a_duplicate_within_one_batch_reports_its_originals_story(store, embedder):
    title, text, published = LATER["later-wire"]
    docs = {"wire": (title, text, published), "wire-again": (title, text, published)}
    outcomes = list(Ingestor(store, embedder=embedder).ingest(_raws(docs)))
    by_status = {o.status: o for o in outcomes}
    assert sorted(by_status) == ["duplicate", "ingested"]
    assert by_status["duplicate"].story_id == by_status["ingested"].story_id is not None


def _term_sums(clusterer) -> dict[str, dict[int, float]]:
    return {sid: dict(zip(s.terms.keys.tolist(), s.terms.weights.tolist())) for sid, s in clusterer.stories.items()}


def test_a_desk_stored_by_an_older_version_is_rebuilt_once_with_its_content_words(tmp_path, embedder):
    from newsdesk.store import Store

    docs = {**LATER, **FLOOD, **EARLIER}
    with Store(tmp_path / "desk.db") as desk:
        fresh = Ingestor(desk, embedder=embedder)
        list(fresh.ingest(_raws(docs)))
        expected = _term_sums(fresh.clusterer)
        for article_id, data in desk.conn.execute("SELECT article_id, features FROM article_signals").fetchall():
            older = {k: v for k, v in json.loads(data).items() if k not in ("terms", "seen")} | {"terms": []}
            desk.conn.execute("UPDATE article_signals SET features = ? WHERE article_id = ?",
                              (json.dumps(older), article_id))
        for table in ("cluster_state", "story_state", "story_weeks"):  # what an older version did not store
            desk.conn.execute(f"DELETE FROM {table}")
        desk.conn.commit()
    with Store(tmp_path / "desk.db") as desk:
        reopened = Ingestor(desk, embedder=embedder)
        rebuilt = _term_sums(reopened.clusterer)
        assert desk.cluster_value("marker") is not None  # rebuilt once, then stored
    assert rebuilt.keys() == expected.keys() and all(expected[sid] for sid in expected)
    for sid, weights in rebuilt.items():
        assert weights.keys() == expected[sid].keys()
        assert list(weights.values()) == pytest.approx(list(expected[sid].values()), rel=1e-5)


def test_seed_documents(tmp_path, embedder):
    seeds = shared_or_skip("seeds")
    from newsdesk.inputs import expand_paths, read_inputs
    from newsdesk.store import Store

    files, _ = expand_paths([str(seeds)])
    with Store(tmp_path / "seeds.db") as store:
        outcomes = list(Ingestor(store, embedder=embedder).ingest(read_inputs(files, max_bytes=20_000_000)))
    story = {o.uri.rsplit("/", 1)[-1][:3]: o.story_id for o in outcomes if o.story_id}
    assert story["000"] == story["001"] == story["002"] == story["003"], story
    assert story["004"] != story["000"], "the earlier meeting (another prime minister) joined the Tokyo story"


# -- the scoring pieces --------------------------------------------------------------------------
def test_dates_far_apart_clash_and_close_days_are_shared():
    opts = ClusterOptions()
    from collections import Counter

    assert _date_relation(["2024-05-14"], Counter({"2024-05-15": 1}), opts) == (["2024-05-14"], False)
    assert _date_relation(["2023-02"], Counter({"2024-05-14": 2}), opts) == ([], True)  # a month, a year off
    assert _date_relation(["2024-05"], Counter({"2024-05-14": 2}), opts) == ([], False)  # the month holds it
    assert _date_relation([], Counter({"2024-05-14": 1}), opts) == ([], False)
    assert _publish_gap("2024-07-01", ["2024-05-14", "2024-05-16"]) == 46
    assert _publish_gap("2024-05-15", ["2024-05-14", "2024-05-16"]) == 0
    assert _publish_gap(None, ["2024-05-14", "2024-05-16"]) is None


def _feats(names, participants=(), lede=(), dates=(), published=None, terms=None):
    return ArticleFeatures(participants=list(participants), names=dict(names), lede_names=list(lede),
                           dates=list(dates), published=published, terms=dict(terms or {}))


def _unit_vector(seed: int, dim: int = 16) -> np.ndarray:
    vec = np.random.default_rng(seed).normal(size=dim).astype(np.float32)
    return vec / np.linalg.norm(vec)


def test_a_story_sum_keeps_its_length_and_cosine():
    total = SparseSum()
    total.add(Sparse.of({"ferry": 0.6, "pier": 0.8}))
    total.add(Sparse.of({"ferry": 1.0}))
    sums = dict(zip(total.keys.tolist(), total.weights.tolist()))
    assert sums == pytest.approx(dict(zip(hash_keys(["ferry", "pier"]).tolist(), [1.6, 0.8])))
    assert total.square == pytest.approx(1.6 ** 2 + 0.8 ** 2)
    assert total.cosine(Sparse.of({"ferry": 1.0})) == pytest.approx(1.6 / np.sqrt(1.6 ** 2 + 0.8 ** 2))
    assert total.cosine(Sparse.of({"gale": 1.0})) == 0.0 and SparseSum().cosine(Sparse.of({"ferry": 1.0})) == 0.0
    assert total.top_shared(Sparse.of({"pier": 0.6, "ferry": 0.8, "gale": 0.1})) == ["ferry", "pier"]


def test_a_story_sum_keeps_only_its_heaviest_keys():
    total = SparseSum(cap=3)
    for i in range(7):
        total.add(Sparse.of({f"w{i}": 1.0 + i}))
    assert len(total) == 3 and total.contains(hash_keys(["w6", "w5", "w4", "w0"])).tolist() == [True] * 3 + [False]
    assert total.square == pytest.approx(7.0 ** 2 + 6.0 ** 2 + 5.0 ** 2)


def test_document_frequencies_are_counted_in_fixed_memory_and_stored():
    sketch = CountMin(width_bits=12)
    keys = hash_keys([f"word{i}" for i in range(300)])
    sketch.add(keys)
    sketch.add(keys[:10])
    sketch.add(keys[:5], -1)
    assert sketch.get(keys[:12]).tolist() == [1] * 5 + [2] * 5 + [1, 1]
    assert sketch.rows.nbytes == 2 * 4096 * 4
    again = CountMin.from_bytes(sketch.to_bytes())
    assert np.array_equal(again.rows, sketch.rows) and len(sketch.to_bytes()) < sketch.rows.nbytes


def test_content_words_weigh_by_how_rare_they_are_in_the_desk():
    clusterer = StoryClusterer(ClusterOptions(idf_prior=0))
    for i in range(6):
        clusterer.assign(_unit_vector(i), _feats({}, terms={"ferry": 1, f"word{i}": 1}), key=f"k{i}")
    weights = clusterer.weigh(_feats({}, terms={"ferry": 1, "landslide": 1})).terms.as_dict()
    assert weights["landslide"] > 3 * weights["ferry"]  # every article so far had "ferry"
    assert sum(w * w for w in weights.values()) == pytest.approx(1.0)


def test_a_young_desk_does_not_call_common_what_it_saw_once():
    def ratio(prior: int) -> float:
        clusterer = StoryClusterer(ClusterOptions(idf_prior=prior))
        clusterer.assign(_unit_vector(0), _feats({}, terms={"ferry": 2, "pier": 1}), key="a")
        weights = clusterer.weigh(_feats({}, terms={"ferry": 1, "landslide": 1})).terms.as_dict()
        return weights["ferry"] / weights["landslide"]

    assert ratio(0) < 0.25 and ratio(ClusterOptions().idf_prior) > 0.6


def test_shared_rare_words_and_figures_decide_between_stories_of_one_kind():
    clusterer = StoryClusterer()
    vec = _unit_vector(1)
    common = {"ferry": 2, "sank": 1, "rescued": 1}
    first = clusterer.assign(vec, _feats({"#42": 1}, terms={**common, "fjord": 2, "trawler": 1}), key="a")
    second = clusterer.assign(vec, _feats({"#17": 1}, terms={**common, "harbour": 2, "tugboat": 1}), key="b")
    assert second.new_story  # the same kind of event, other particulars
    newcomer = _feats({"#42": 1}, terms={**common, "fjord": 1, "trawler": 1})
    scored = {sid: clusterer._score(story, 1.0, newcomer, clusterer.weigh(newcomer)).detail
              for sid, story in clusterer.stories.items()}
    mine, other = scored[first.story_id], scored[second.story_id]
    assert mine["figures_similarity"] > 0.9 and other["figures_similarity"] == 0.0
    assert mine["terms_similarity"] > other["terms_similarity"] + 0.3
    shared = {sid: story.terms.top_shared(clusterer.weigh(newcomer).terms) for sid, story in clusterer.stories.items()}
    assert {"fjord", "trawler"} <= set(shared[first.story_id]) and "fjord" not in shared[second.story_id]
    assert clusterer.predict_one(vec, newcomer, key="c").story_id == first.story_id


def test_counterpart_in_the_lede_lowers_the_score():
    rng = np.random.default_rng(0)
    vec = rng.normal(size=16).astype(np.float32)
    vec /= np.linalg.norm(vec)
    clusterer = StoryClusterer()
    first = clusterer.assign(vec, _feats({"solberg": 3, "oslo": 2}, ["solberg"], ["solberg", "oslo"]), key="a")
    same = clusterer.predict_one(vec, _feats({"solberg": 2, "oslo": 1}, ["solberg"], ["solberg", "oslo"]), key="b")
    other = clusterer.predict_one(vec, _feats({"vangen": 3, "oslo": 1}, ["vangen"], ["vangen", "oslo"]), key="c")
    assert same.story_id == first.story_id and "counterpart" not in same.detail
    assert other.new_story and other.detail["nearest"]["counterpart"] == {"article": "vangen", "story": "solberg"}


# -- the protocol every online component shares ----------------------------------------------------
def _origin_stream():
    from test_fingerprint import INDEPENDENT, WIRE, _light_rewrite

    texts = [WIRE, INDEPENDENT, _light_rewrite(WIRE), WIRE + " Updated.", INDEPENDENT[:300]]
    return [((f"doc{i}", signature(t)), {}) for i, t in enumerate(texts)]


def _story_stream():
    rng = np.random.default_rng(7)
    centres = [rng.normal(size=32) for _ in range(3)]
    names = [{"solberg": 2, "oslo": 1}, {"vangen": 2, "bergen": 1}, {"flood": 1, "voss": 2}]
    stream = []
    for i in range(12):
        k = i % 3
        vec = (centres[k] + 0.3 * rng.normal(size=32)).astype(np.float32)
        stream.append(((vec / np.linalg.norm(vec), _feats(names[k])), {"key": f"doc{i}"}))
    return stream


@pytest.mark.parametrize("make, stream", [(OriginIndex, _origin_stream), (StoryClusterer, _story_stream)],
                         ids=["origin-index", "story-clusterer"])
def test_online_component_protocol(make, stream):
    items = stream()
    half = len(items) // 2
    component = make()
    first = [component.assign(*args, **kwargs) for args, kwargs in items[:half]]
    copy = pickle.loads(pickle.dumps(component))
    assert [copy.predict_one(*a, **k) for a, k in items[half:]] == \
        [component.predict_one(*a, **k) for a, k in items[half:]]
    rest = [component.assign(*args, **kwargs) for args, kwargs in items[half:]]
    again = make()
    assert [again.assign(*args, **kwargs) for args, kwargs in items] == first + rest
    fresh, same = make(), make()
    args, kwargs = items[0]
    fresh.learn_one(*args, fresh.predict_one(*args, **kwargs))
    same.assign(*args, **kwargs)
    assert fresh.predict_one(*items[1][0], **items[1][1]) == same.predict_one(*items[1][0], **items[1][1])
