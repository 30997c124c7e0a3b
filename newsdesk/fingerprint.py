"""Fingerprint: MinHash over word shingles, and the online near-duplicate index
that groups copies and light rewrites of one text into one independent origin.

Entry points: :func:`signature` (pure) and :class:`OriginIndex` (online, with
the ``predict_one`` / ``learn_one`` / ``assign`` protocol every online component
shares). An origin's id is the id of the first article seen in its group;
every later source count counts origins, not articles.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import NamedTuple

import numpy as np
from datasketch import MinHash, MinHashLSH

__all__ = ["FingerprintOptions", "OriginIndex", "OriginMatch", "from_bytes", "signature", "to_bytes"]

_TOKEN = re.compile(r"\w+")
SCHEME = "affine32"  # datasketch hashing scheme; stored signatures depend on it


@dataclass(frozen=True, slots=True)
class FingerprintOptions:
    num_perm: int = 128
    shingle: int = 3  # words per shingle
    threshold: float = 0.5  # Jaccard similarity at which two texts are one origin
    seed: int = 7


def _shingles(text: str, size: int) -> set[bytes]:
    tokens = _TOKEN.findall(text.lower())
    if len(tokens) < size:
        return {" ".join(tokens).encode()} if tokens else set()
    return {" ".join(tokens[i:i + size]).encode() for i in range(len(tokens) - size + 1)}


def signature(text: str, options: FingerprintOptions = FingerprintOptions()) -> MinHash:
    """The MinHash of a text's word shingles."""
    mh = MinHash(num_perm=options.num_perm, seed=options.seed, scheme=SCHEME)
    shingles = _shingles(text, options.shingle)
    if shingles:
        mh.update_batch(list(shingles))
    return mh


def to_bytes(mh: MinHash) -> bytes:
    return np.asarray(mh.hashvalues, dtype=np.uint64).tobytes()


def from_bytes(data: bytes, options: FingerprintOptions = FingerprintOptions()) -> MinHash:
    return MinHash(num_perm=options.num_perm, seed=options.seed, scheme=SCHEME,
                   hashvalues=np.frombuffer(data, dtype=np.uint64).copy())


class OriginMatch(NamedTuple):
    """The origin a text belongs to: its own id, or the origin of the copy it matched."""

    origin: str
    copy_of: str | None  # the stored article it is a copy or light rewrite of
    similarity: float  # estimated shingle Jaccard with that copy (0.0 when none)


class OriginIndex:
    """Online near-duplicate index (``predict_one`` / ``learn_one`` / ``assign``); seeded and picklable."""

    def __init__(self, options: FingerprintOptions = FingerprintOptions()) -> None:
        self.options = options
        self._lsh = MinHashLSH(threshold=options.threshold, num_perm=options.num_perm)
        self._sigs: dict[str, MinHash] = {}
        self._origin: dict[str, str] = {}

    def __len__(self) -> int:
        return len(self._sigs)

    def predict_one(self, article_id: str, sig: MinHash) -> OriginMatch:
        """The origin the text would get (no state change): that of its most similar stored copy."""
        best, best_sim = None, 0.0
        for key in sorted(self._lsh.query(sig)):
            sim = float(sig.jaccard(self._sigs[key]))
            if key != article_id and sim >= self.options.threshold and sim > best_sim:
                best, best_sim = key, sim
        return OriginMatch(self._origin[best], best, best_sim) if best else OriginMatch(article_id, None, 0.0)

    def learn_one(self, article_id: str, sig: MinHash, match: OriginMatch) -> None:
        """Remember an article and the origin it was given."""
        self.add(article_id, sig, match.origin)

    def assign(self, article_id: str, sig: MinHash) -> OriginMatch:
        """:meth:`predict_one`, then :meth:`learn_one`."""
        match = self.predict_one(article_id, sig)
        self.learn_one(article_id, sig, match)
        return match

    def add(self, article_id: str, sig: MinHash, origin: str) -> None:
        """Remember an article already assigned to ``origin`` (rebuilding from the desk)."""
        if article_id in self._sigs:
            return
        self._lsh.insert(article_id, sig)
        self._sigs[article_id] = sig
        self._origin[article_id] = origin
