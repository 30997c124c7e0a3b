"""Fingerprint: MinHash over word shingles, and the online near-duplicate index
that groups copies and light rewrites of one text into one independent origin.

Entry points: :func:`signature` (pure) and :class:`OriginIndex` (online, with
the ``predict_one`` / ``learn_one`` / ``assign`` protocol every online component
shares). An origin's id is the id of the first article seen in its group;
every later source count counts origins, not articles.

A signature is a plain ``uint32`` array: the 32-bit affine permutation scheme
of datasketch 2 ("affine32": SHA-1 of each shingle, the MurmurHash3 finalizer,
then ``a·h + b mod 2**32``), computed with one set of permutations shared by
every signature of a process, so signatures stored by earlier versions stay
comparable. The index keeps the most recent ``memory`` articles in a few
numpy arrays (about 1 KB an article), not an object per article.
"""
from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import NamedTuple

import numpy as np

__all__ = ["FingerprintOptions", "OriginIndex", "OriginMatch", "from_bytes", "jaccard", "signature", "to_bytes"]

_TOKEN = re.compile(r"\w+")
SCHEME = "affine32"  # the datasketch hashing scheme the signatures follow; stored signatures depend on it
_FMIX = (np.uint32(16), np.uint32(0x85EBCA6B), np.uint32(13), np.uint32(0xC2B2AE35), np.uint32(16))


@dataclass(frozen=True, slots=True)
class FingerprintOptions:
    num_perm: int = 128
    shingle: int = 3  # words per shingle
    threshold: float = 0.5  # Jaccard similarity at which two texts are one origin
    seed: int = 7
    bands: int = 25  # LSH bands of num_perm // bands rows: 25 x 5 is what datasketch chooses for 0.5
    memory: int = 100_000  # most recent articles kept for near-duplicate search (exact copies: by content hash)


@lru_cache(maxsize=4)
def _permutations(num_perm: int, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """The affine permutations ``a`` (odd) and ``b``, drawn as datasketch draws them (shared by all)."""
    gen = np.random.RandomState(seed)
    a = gen.randint(0, 1 << 31, num_perm, dtype=np.uint32) * np.uint32(2) + np.uint32(1)
    b = gen.randint(0, 1 << 32, num_perm, dtype=np.uint32)
    return a, b


def _shingles(text: str, size: int) -> set[bytes]:
    tokens = _TOKEN.findall(text.lower())
    if len(tokens) < size:
        return {" ".join(tokens).encode()} if tokens else set()
    return {" ".join(tokens[i:i + size]).encode() for i in range(len(tokens) - size + 1)}


def _fmix32(hv: np.ndarray) -> np.ndarray:
    s1, m1, s2, m2, s3 = _FMIX
    hv = hv ^ (hv >> s1)
    hv = hv * m1
    hv = hv ^ (hv >> s2)
    hv = hv * m2
    mixed: np.ndarray = hv ^ (hv >> s3)
    return mixed


def signature(text: str, options: FingerprintOptions = FingerprintOptions()) -> np.ndarray:
    """The MinHash of a text's word shingles (``uint32``, ``num_perm`` values; all maximal when empty)."""
    shingles = _shingles(text, options.shingle)
    if not shingles:
        return np.full(options.num_perm, np.iinfo(np.uint32).max, dtype=np.uint32)
    hashed = np.fromiter((int.from_bytes(hashlib.sha1(s).digest()[:4], "little") for s in shingles),
                         dtype=np.uint32, count=len(shingles))
    a, b = _permutations(options.num_perm, options.seed)
    with np.errstate(over="ignore"):
        permuted = _fmix32(hashed)[:, None] * a + b  # uint32 arithmetic wraps: mod 2**32
    smallest: np.ndarray = permuted.min(axis=0)
    return smallest


def jaccard(a: np.ndarray, b: np.ndarray) -> float:
    """Estimated shingle Jaccard similarity of two signatures."""
    return float(np.count_nonzero(a == b)) / len(a)


def to_bytes(sig: np.ndarray) -> bytes:
    """Stored form (``uint64`` values, as earlier versions stored them)."""
    return np.asarray(sig, dtype=np.uint64).tobytes()


def from_bytes(data: bytes, options: FingerprintOptions = FingerprintOptions()) -> np.ndarray:
    values = np.frombuffer(data, dtype=np.uint64)
    if len(values) != options.num_perm:
        raise ValueError(f"stored signature has {len(values)} values, expected {options.num_perm}")
    return values.astype(np.uint32)


class OriginMatch(NamedTuple):
    """The origin a text belongs to: its own id, or the origin of the copy it matched."""

    origin: str
    copy_of: str | None  # the stored article it is a copy or light rewrite of
    similarity: float  # estimated shingle Jaccard with that copy (0.0 when none)


_BAND_MIX = np.array([0x9E3779B97F4A7C15, 0xC2B2AE3D27D4EB4F, 0x165667B19E3779F9, 0xD6E8FEB86659FD93,
                      0xFF51AFD7ED558CCD, 0xC4CEB9FE1A85EC53, 0x27D4EB2F165667C5, 0x94D049BB133111EB],
                     dtype=np.uint64)


def _band_keys(sigs: np.ndarray, bands: int) -> np.ndarray:
    """One 64-bit key per band of each signature (rows: signatures); the band's number is mixed in."""
    n, num_perm = sigs.shape
    rows = num_perm // bands
    values = sigs[:, : bands * rows].reshape(n, bands, rows).astype(np.uint64)
    with np.errstate(over="ignore"):
        keys = (values * _BAND_MIX[:rows]).sum(axis=2, dtype=np.uint64)
        keys ^= np.arange(bands, dtype=np.uint64) * np.uint64(0x9E3779B97F4A7C15)
        keys ^= keys >> np.uint64(29)
    band_keys: np.ndarray = keys
    return band_keys


class OriginIndex:
    """Online near-duplicate index (``predict_one`` / ``learn_one`` / ``assign``); seeded and picklable.

    LSH over ``bands`` bands of the signatures: the band keys of the indexed
    articles sit in one sorted array (plus a small unsorted one for the newest),
    so a lookup is a binary search per band. Only the ``memory`` most recent
    articles are searched; older ones are forgotten in blocks.
    """

    _PENDING = 4096  # band keys gathered before they are merged into the sorted array

    def __init__(self, options: FingerprintOptions = FingerprintOptions()) -> None:
        self.options = options
        self._first = 0  # slot number of the oldest article kept
        self._sigs = np.zeros((64, options.num_perm), dtype=np.uint32)  # rows: slots from _first (grown by doubling)
        self._ids: list[str] = []
        self._origins: list[str] = []
        self._slot: dict[str, int] = {}
        self._keys = np.zeros(0, dtype=np.uint64)  # sorted band keys ...
        self._rows = np.zeros(0, dtype=np.int64)  # ... and the slot of each
        self._new_keys = np.zeros(self._PENDING + options.bands, dtype=np.uint64)
        self._new_rows = np.zeros(self._PENDING + options.bands, dtype=np.int64)
        self._n_new = 0

    def __len__(self) -> int:
        return len(self._ids)

    def predict_one(self, article_id: str, sig: np.ndarray) -> OriginMatch:
        """The origin the text would get (no state change): that of its most similar stored copy."""
        best, best_sim = None, 0.0
        for key, sim in sorted((self._ids[s - self._first], jaccard(sig, self._sigs[s - self._first]))
                               for s in self._candidates(sig)):
            if key != article_id and sim >= self.options.threshold and sim > best_sim:
                best, best_sim = key, sim
        if best is None:
            return OriginMatch(article_id, None, 0.0)
        return OriginMatch(self._origins[self._slot[best] - self._first], best, best_sim)

    def learn_one(self, article_id: str, sig: np.ndarray, match: OriginMatch) -> None:
        """Remember an article and the origin it was given."""
        self.add(article_id, sig, match.origin)

    def assign(self, article_id: str, sig: np.ndarray) -> OriginMatch:
        """:meth:`predict_one`, then :meth:`learn_one`."""
        match = self.predict_one(article_id, sig)
        self.learn_one(article_id, sig, match)
        return match

    def add(self, article_id: str, sig: np.ndarray, origin: str) -> None:
        """Remember an article already assigned to ``origin`` (rebuilding from the desk)."""
        self.add_many([article_id], np.asarray(sig, dtype=np.uint32)[None, :], [origin])

    def add_many(self, article_ids: list[str], sigs: np.ndarray, origins: list[str]) -> None:
        """Remember many articles at once (rows of ``sigs``), oldest first."""
        fresh = [i for i, key in enumerate(article_ids) if key not in self._slot]
        if not fresh:
            return
        slots = np.arange(len(fresh)) + self._first + len(self._ids)
        for i, slot in zip(fresh, slots):
            self._slot[article_ids[i]] = int(slot)
            self._ids.append(article_ids[i])
            self._origins.append(origins[i])
        start, end = len(self._ids) - len(fresh), len(self._ids)
        if end > len(self._sigs):
            grown = np.zeros((max(end, 2 * len(self._sigs)), self.options.num_perm), dtype=np.uint32)
            grown[:start] = self._sigs[:start]
            self._sigs = grown
        self._sigs[start:end] = sigs[fresh]
        keys = _band_keys(sigs[fresh], self.options.bands)
        self._stage(keys.ravel(), np.repeat(slots, self.options.bands))
        if len(self._ids) > self.options.memory:
            self._forget(len(self._ids) - self.options.memory // 2)

    def _stage(self, keys: np.ndarray, rows: np.ndarray) -> None:
        if self._n_new + len(keys) > len(self._new_keys):
            self._merge(keys, rows)
            return
        self._new_keys[self._n_new:self._n_new + len(keys)] = keys
        self._new_rows[self._n_new:self._n_new + len(keys)] = rows
        self._n_new += len(keys)

    def _merge(self, keys: np.ndarray | None = None, rows: np.ndarray | None = None) -> None:
        """Fold the pending keys (and any given) into the sorted array, dropping forgotten slots."""
        parts_k = [self._keys, self._new_keys[:self._n_new]] + ([keys] if keys is not None else [])
        parts_r = [self._rows, self._new_rows[:self._n_new]] + ([rows] if rows is not None else [])
        all_keys, all_rows = np.concatenate(parts_k), np.concatenate(parts_r)
        keep = all_rows >= self._first
        all_keys, all_rows = all_keys[keep], all_rows[keep]
        order = np.argsort(all_keys, kind="stable")
        self._keys, self._rows = all_keys[order], all_rows[order]
        self._n_new = 0

    def _forget(self, count: int) -> None:
        """Forget the ``count`` oldest articles."""
        for key in self._ids[:count]:
            del self._slot[key]
        self._ids, self._origins = self._ids[count:], self._origins[count:]
        self._sigs = self._sigs[count:].copy()  # the capacity shrinks with it; it grows again by doubling
        self._first += count
        self._merge()

    def candidates(self, sig: np.ndarray) -> list[str]:
        """Ids of the remembered articles that share at least one LSH band with ``sig``."""
        return [self._ids[slot - self._first] for slot in self._candidates(sig)]

    def _candidates(self, sig: np.ndarray) -> list[int]:
        """Slots of the articles sharing at least one band with ``sig``."""
        keys = _band_keys(np.asarray(sig, dtype=np.uint32)[None, :], self.options.bands)[0]
        lo = np.searchsorted(self._keys, keys, side="left")
        hi = np.searchsorted(self._keys, keys, side="right")
        found = [self._rows[a:b] for a, b in zip(lo, hi) if b > a]
        pending = self._new_rows[:self._n_new][np.isin(self._new_keys[:self._n_new], keys)]
        slots = np.unique(np.concatenate(found + [pending])) if found or len(pending) else np.zeros(0, np.int64)
        return [int(s) for s in slots if s >= self._first]
