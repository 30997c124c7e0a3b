"""The pieces of `newsdesk batch` that need no Spark: time order, band keys and scores equal to the
desk's MinHash-LSH, the clustering pass, story rows, and the remote-input helpers."""
from __future__ import annotations

import itertools
from datetime import UTC, datetime

import numpy as np

from newsdesk.batch.origins import band_layout, jaccard
from newsdesk.batch.output import copy_assignment, story_row
from newsdesk.batch.signals import order_key
from newsdesk.batch.sources import is_remote, wanted_remote
from newsdesk.batch.stories import OnlinePass
from newsdesk.cluster import StoryClusterer
from newsdesk.fingerprint import FingerprintOptions, OriginIndex, signature, to_bytes
from newsdesk.fingerprint import jaccard as desk_jaccard
from newsdesk.records import Article, ArticleFeatures


def test_time_order_puts_undated_articles_last_and_keeps_input_order_within_a_time():
    dated = Article(id="a", text="x", published=datetime(2026, 5, 3, 8, tzinfo=UTC))
    fetched = Article(id="b", text="x", fetched=datetime(2026, 5, 1, tzinfo=UTC))
    undated = Article(id="c", text="x")
    keys = [order_key(undated, 0, 1), order_key(dated, 2, 0), order_key(fetched, 3, 5), order_key(dated, 1, 9)]
    assert sorted(keys) == [keys[2], keys[3], keys[1], keys[0]]


def test_band_keys_find_what_the_desks_lsh_finds():
    """Two texts share a band of the stored bytes exactly when the desk's LSH returns one for the other."""
    options = FingerprintOptions()
    bands, rows = band_layout(options.threshold, options.num_perm)
    assert bands * rows <= options.num_perm
    base = " ".join(f"word{i}" for i in range(120))
    texts = [base, base.replace("word7 ", "seven "), base.replace("word1", "one"),
             " ".join(f"term{i}" for i in range(120)), base[: len(base) // 2]]
    sigs = [signature(t, options) for t in texts]
    index = OriginIndex(options)
    for i, sig in enumerate(sigs):
        index.add(str(i), sig, str(i))
    for (_i, a), (j, b) in itertools.combinations(enumerate(sigs), 2):
        width = 8 * rows
        stored_a, stored_b = to_bytes(a), to_bytes(b)
        shared = any(stored_a[k * width:(k + 1) * width] == stored_b[k * width:(k + 1) * width] for k in range(bands))
        assert shared == (str(j) in index.candidates(a))
        assert jaccard(stored_a, stored_b) == desk_jaccard(a, b)


def _feats(names: dict[str, int], day: str) -> ArticleFeatures:
    return ArticleFeatures(names=names, terms={k.split()[-1]: v for k, v in names.items()}, published=day)


def test_the_online_pass_is_the_desks_clusterer_step_for_step():
    rng = np.random.default_rng(3)
    topics = [rng.normal(size=8) for _ in range(3)]
    items = []
    for n in range(30):
        topic = n % 3
        vec = topics[topic] + rng.normal(scale=0.05, size=8)
        items.append((f"a{n}", (vec / np.linalg.norm(vec)).astype(np.float32),
                      _feats({f"name{topic}": 3, f"place{topic}": 2, f"extra{n}": 1}, "2026-05-03")))
    online, desk = OnlinePass(), StoryClusterer()
    for key, vec, feats in items:
        rows = online.add(key, vec, feats)
        expected = desk.assign(vec, feats, key=key)
        assert rows[0][2:4] == (key, expected.story_id)
    assert len(set(online.story_of.values())) == 3


def test_story_row_titles_a_story_by_its_most_central_titled_member():
    vec = lambda *v: np.asarray(v, dtype=np.float32).tobytes()  # noqa: E731
    members = [("2026-05-04T00:00:00Z|000000000|000000000001", "b", "a", "Harbour reopens to ferries after storm",
                "Body one.", vec(0.6, 0.8), "2026-05-04T00:00:00Z"),
               ("2026-05-03T00:00:00Z|000000000|000000000000", "a", "a", "Ferries return", "Body two.", vec(1.0, 0.0),
                "2026-05-03T00:00:00Z"),
               ("2026-05-05T00:00:00Z|000000001|000000000000", "c", "c", "Harbour open again for ferries after storm",
                "Body three.", vec(0.8, 0.6), None),  # fetched then, undated: not a publish date
               ("~|000000002|000000000000", "d", "c", "Storm", "Body four.", vec(1.0, 0.0), None)]
    row = story_row("s1", members)
    assert row[0] == "s1" and row[1] == "Harbour open again for ferries after storm"
    assert row[2:6] == ("2026-05-03T00:00:00Z", "2026-05-04T00:00:00Z", 4, 2)
    assert row[6] == ["a", "b", "c", "d"]  # time order, undated last


def test_a_copy_is_assigned_as_the_desk_assigns_it():
    a = copy_assignment("s1", "a1", 0.87654)
    assert (a.story_id, a.score, a.reason, a.detail) == ("s1", 0.8765, "copy-of", {"copy_of": "a1", "jaccard": 0.877})


def test_remote_inputs_are_told_apart_and_filtered_like_local_folders():
    assert is_remote("hdfs://nn/cc-news/") and is_remote("s3a://bucket/x.warc.gz")
    assert not is_remote("/data/x.jsonl") and not is_remote("file:///data/x.jsonl") and not is_remote("rel/x.txt")
    assert wanted_remote("s3a://b/2026/CC-NEWS-1.warc.gz") and wanted_remote("hdfs://nn/a/export.jsonl")
    assert not wanted_remote("hdfs://nn/out/_SUCCESS") and not wanted_remote("hdfs://nn/a/.hidden.jsonl")
    assert not wanted_remote("hdfs://nn/a/photo.png")
