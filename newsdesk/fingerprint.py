"""Fingerprint: MinHash over word shingles, and the online near-duplicate index
that groups copies and light rewrites of one text into one independent origin.

Entry points: :func:`signature` (pure) and :class:`OriginIndex` (online, with
``add`` / ``assign``). An origin's id is the id of the first article seen in
its group; every later source count counts origins, not articles.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np
from datasketch import MinHash, MinHashLSH

__all__ = ["FingerprintOptions", "signature", "OriginIndex"]

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


class OriginIndex:
    """Online near-duplicate index: ``assign`` returns the origin of a new text."""

    def __init__(self, options: FingerprintOptions = FingerprintOptions()) -> None:
        self.options = options
        self._lsh = MinHashLSH(threshold=options.threshold, num_perm=options.num_perm)
        self._sigs: dict[str, MinHash] = {}
        self._origin: dict[str, str] = {}

    def __len__(self) -> int:
        return len(self._sigs)

    def add(self, article_id: str, sig: MinHash, origin: str) -> None:
        """Remember an article already assigned to ``origin``."""
        if article_id in self._sigs:
            return
        self._lsh.insert(article_id, sig)
        self._sigs[article_id] = sig
        self._origin[article_id] = origin

    def nearest(self, sig: MinHash) -> tuple[str | None, float]:
        """The most similar stored article at or above the threshold, and its similarity."""
        best, best_sim = None, 0.0
        for key in self._lsh.query(sig):
            sim = sig.jaccard(self._sigs[key])
            if sim >= self.options.threshold and sim > best_sim:
                best, best_sim = key, sim
        return best, best_sim

    def assign(self, article_id: str, sig: MinHash) -> tuple[str, str | None, float]:
        """(origin, the copy it matched or None, similarity) — and add the article."""
        match, sim = self.nearest(sig)
        origin = self._origin[match] if match else article_id
        self.add(article_id, sig, origin)
        return origin, match, sim
