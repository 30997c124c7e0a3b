"""Near-duplicates: copies and light rewrites share an origin, independent reports do not."""
from __future__ import annotations

import pickle
import random

import numpy as np
import pytest

from newsdesk.fingerprint import FingerprintOptions, OriginIndex, from_bytes, jaccard, signature, to_bytes

WIRE = (
    "The regional water board of Ostvalen voted on Thursday to close the Brenner reservoir for repairs "
    "after engineers found cracks along the northern spillway. Chair Lotte Aagaard said the closure would "
    "last at least eight months and that drinking water would be drawn from two smaller lakes in the "
    "meantime. Farmers in the valley warned that irrigation quotas could be cut by a third during the "
    "summer. The board approved an emergency budget of 41 million kronor for the work, which a contractor "
    "from Lindholm is expected to begin in early September. Residents downstream will receive letters "
    "explaining the temporary changes to water pressure. \"We would rather inconvenience people for a "
    "season than take any risk with the dam,\" Aagaard told reporters after the vote. The opposition "
    "group on the board abstained, saying the repair plan had been rushed."
)

# Another outlet's own report of the same vote: same facts and one shared quote, its own words.
INDEPENDENT = (
    "Ostvalen's water authority will drain and shut the Brenner reservoir, its members decided this week, "
    "after inspectors reported fractures in the dam's northern overflow channel. The shutdown is planned "
    "for eight months or longer. According to the authority's chair, Lotte Aagaard, households will be "
    "supplied from two nearby lakes while the repairs go on, and pressure in some streets may drop. "
    "Agricultural groups fear that water for crops will be rationed. \"We would rather inconvenience "
    "people for a season than take any risk with the dam,\" Aagaard said. The repairs, costing 41 million "
    "kronor, should start in September; an opposition bloc declined to vote."
)


def _light_rewrite(text: str) -> str:
    """What a syndicating site does: a word changed here and there, the last sentence trimmed."""
    text = text.replace("voted on Thursday", "voted Thursday").replace("warned", "cautioned")
    text = text.replace("at least eight months", "at least eight months,")
    text = text.replace("Residents downstream", "People living downstream")
    return text.rsplit(" The opposition", 1)[0]


def _index(texts: dict[str, str]) -> tuple[OriginIndex, dict[str, str]]:
    index = OriginIndex()
    return index, {key: index.assign(key, signature(text)).origin for key, text in texts.items()}


def test_copy_with_furniture_and_light_rewrite_share_the_origin():
    texts = {
        "wire": WIRE,
        "copy": "Reporting by the Ostvalen desk; editing by staff.\n\n" + WIRE + "\n\nShare this article",
        "rewrite": _light_rewrite(WIRE),
        "independent": INDEPENDENT,
    }
    _, origins = _index(texts)
    assert origins["copy"] == origins["rewrite"] == origins["wire"] == "wire"
    assert origins["independent"] == "independent"


def test_match_reports_the_copy_and_its_similarity():
    index = OriginIndex()
    index.assign("wire", signature(WIRE))
    match = index.predict_one("rewrite", signature(_light_rewrite(WIRE)))
    assert match.copy_of == "wire" and match.origin == "wire"
    assert 0.5 <= match.similarity < 1.0
    alone = index.predict_one("independent", signature(INDEPENDENT))
    assert alone == ("independent", None, 0.0)
    assert len(index) == 1  # predict_one changes nothing


def _invented_texts(n: int, seed: int) -> list[str]:
    """Distinct texts of 150 words each from a shared vocabulary (many common words, as in news)."""
    rng = random.Random(seed)
    vocabulary = [f"w{i}" for i in range(3000)]
    common = ["the", "of", "and", "to", "in", "a", "said", "on", "for", "was"]
    texts = []
    for _ in range(n):
        words = [rng.choice(common) if rng.random() < 0.3 else rng.choice(vocabulary) for _ in range(150)]
        texts.append(" ".join(words))
    return texts


def _perturb(text: str, rng: random.Random, edits: int) -> str:
    words = text.split()
    for _ in range(edits):
        words[rng.randrange(len(words))] = f"edit{rng.randrange(10_000)}"
    return " ".join(words[: len(words) - rng.randrange(0, 10)])


def test_planted_copies_found_and_no_false_groups():
    rng = random.Random(3)
    originals = _invented_texts(200, seed=5)
    texts = {f"o{i}": t for i, t in enumerate(originals)}
    planted = {f"c{i}": _perturb(originals[i], rng, edits=3) for i in range(0, 200, 4)}
    _, origins = _index({**texts, **planted})
    assert all(origins[key] == "o" + key[1:] for key in planted), "a planted copy was missed"
    assert all(origins[key] == key for key in texts), "two distinct texts were grouped"


def test_signature_bytes_round_trip():
    sig = signature(WIRE)
    again = from_bytes(to_bytes(sig), FingerprintOptions())
    assert jaccard(again, sig) == 1.0 and again.dtype == np.uint32
    empty = signature("")  # an empty text still has a signature (it matches nothing)
    assert len(empty) == FingerprintOptions().num_perm
    with pytest.raises(ValueError):
        from_bytes(to_bytes(sig)[:-8])


def test_signatures_are_those_datasketch_computes():
    """Desks stored by earlier versions (datasketch MinHash, affine32) stay comparable."""
    datasketch = pytest.importorskip("datasketch")
    from newsdesk.fingerprint import _shingles

    reference = datasketch.MinHash(num_perm=128, seed=7, scheme="affine32")
    reference.update_batch(list(_shingles(WIRE, 3)))
    assert np.array_equal(signature(WIRE), reference.hashvalues)


def test_an_index_keeps_only_its_most_recent_articles():
    index = OriginIndex(FingerprintOptions(memory=40))
    texts = _invented_texts(60, seed=11)
    for i, text in enumerate(texts):
        index.assign(f"o{i}", signature(text))
    assert len(index) <= 40
    assert index.predict_one("again0", signature(texts[0])).copy_of is None  # forgotten
    assert index.predict_one("again59", signature(texts[59])).copy_of == "o59"
    copy = pickle.loads(pickle.dumps(index))
    assert copy.predict_one("again58", signature(texts[58])).origin == "o58"
