"""Hashed vocabularies for the clusterer: stable 64-bit keys, sparse vectors over them,
and count-min sketches for document frequencies.

A word or a name is kept as a 64-bit hash (CRC-32 and Adler-32 of its UTF-8
bytes side by side), the same in every process, so sums and counts can be
stored and read back. Memory then depends on how many keys a vector holds,
never on the size of the desk's vocabulary: document frequencies live in a
fixed count-min sketch (two rows of ``2**width_bits`` counters), and a
story's sums are capped (the lightest keys are dropped).
"""
from __future__ import annotations

import zlib
from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np

__all__ = ["CountMin", "Sparse", "SparseSum", "hash_keys"]

_CACHE: dict[str, int] = {}
_CACHE_LIMIT = 100_000  # recent keys remembered (hashing them is most of the cost of a lookup)


def _hash_one(key: str) -> int:
    data = key.encode("utf-8")
    return (zlib.crc32(data) << 32) | zlib.adler32(data)


def hash_keys(keys: Iterable[str]) -> np.ndarray:
    """Stable 64-bit hashes of the keys, in their order."""
    out = []
    for key in keys:
        value = _CACHE.get(key)
        if value is None:
            if len(_CACHE) >= _CACHE_LIMIT:
                _CACHE.clear()
            value = _CACHE[key] = _hash_one(key)
        out.append(value)
    return np.array(out, dtype=np.uint64)


@dataclass(frozen=True, slots=True)
class Sparse:
    """A sparse vector: sorted unique 64-bit keys and their weights (optionally the words they stand for)."""

    keys: np.ndarray  # uint64, sorted
    weights: np.ndarray  # float64
    labels: tuple[str, ...] = ()  # the words of ``keys``, in the same order (empty when not kept)

    @staticmethod
    def of(weights: dict[str, float]) -> Sparse:
        if not weights:
            return EMPTY
        words = list(weights)
        keys = hash_keys(words)
        order = np.argsort(keys, kind="stable")
        keys = keys[order]
        values = np.fromiter((weights[w] for w in words), dtype=np.float64, count=len(words))[order]
        labels = tuple(words[i] for i in order)
        if len(keys) > 1 and not np.all(keys[1:] != keys[:-1]):  # two words, one hash: keep the first
            keep = np.concatenate([[True], keys[1:] != keys[:-1]])
            keys, values, labels = keys[keep], values[keep], tuple(w for w, k in zip(labels, keep) if k)
        return Sparse(keys, values, labels)

    def __len__(self) -> int:
        return len(self.keys)

    def as_dict(self) -> dict[str, float]:
        """{word: weight} (for reading; needs the labels)."""
        return dict(zip(self.labels, self.weights.tolist()))

    def unit(self) -> Sparse:
        norm = float(np.sqrt(np.dot(self.weights, self.weights)))
        return Sparse(self.keys, self.weights / norm, self.labels) if norm else EMPTY

    def subset(self, mask: np.ndarray) -> Sparse:
        labels = tuple(w for w, m in zip(self.labels, mask) if m) if self.labels else ()
        return Sparse(self.keys[mask], self.weights[mask], labels)

    def heaviest(self, count: int) -> Sparse:
        """The ``count`` heaviest entries (ties: the smaller key), without labels."""
        if len(self) <= count:
            return Sparse(self.keys, self.weights)
        top = np.lexsort((self.keys, -self.weights))[:count]
        top.sort()
        return Sparse(self.keys[top], self.weights[top])

    def single(self) -> Sparse:
        """The same vector with single-precision weights (half the memory)."""
        return Sparse(self.keys, self.weights.astype(np.float32), self.labels)

    def dot(self, other: Sparse) -> float:
        if not len(self) or not len(other):
            return 0.0
        small, large = (self, other) if len(self) <= len(other) else (other, self)
        idx = np.searchsorted(large.keys, small.keys)
        idx[idx == len(large.keys)] = 0
        hit = large.keys[idx] == small.keys
        return float(np.dot(small.weights[hit], large.weights[idx[hit]]))


EMPTY = Sparse(np.zeros(0, dtype=np.uint64), np.zeros(0, dtype=np.float64))


class SparseSum:
    """A sum of unit-length sparse vectors, its squared length kept current; at most ``cap`` keys
    (when it outgrows twice that, the lightest are dropped and the length recomputed)."""

    __slots__ = ("keys", "weights", "square", "cap")

    def __init__(self, cap: int = 4000) -> None:
        self.keys = np.zeros(0, dtype=np.uint64)
        self.weights = np.zeros(0, dtype=np.float32)
        self.square = 0.0
        self.cap = cap

    def __len__(self) -> int:
        return len(self.keys)

    def _find(self, keys: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        idx = np.searchsorted(self.keys, keys)
        if not len(self.keys):
            return idx, np.zeros(len(keys), bool)
        # past the end means larger than the last key, so the last key never equals it
        return idx, self.keys[np.minimum(idx, len(self.keys) - 1)] == keys

    def add(self, unit: Sparse) -> None:
        if not len(unit):
            return
        idx, hit = self._find(unit.keys)
        old = np.zeros(len(unit), dtype=np.float64)
        old[hit] = self.weights[idx[hit]]
        self.square += float(np.dot(unit.weights, 2.0 * old + unit.weights))
        self.weights[idx[hit]] += unit.weights[hit].astype(np.float32)
        if not hit.all():
            self.keys = np.insert(self.keys, idx[~hit], unit.keys[~hit])
            self.weights = np.insert(self.weights, idx[~hit], unit.weights[~hit].astype(np.float32))
            if len(self.keys) > 2 * self.cap:
                self.prune()

    def prune(self) -> None:
        keep = np.sort(np.argsort(-self.weights, kind="stable")[: self.cap])
        self.keys, self.weights = self.keys[keep], self.weights[keep]
        self.square = float(np.dot(self.weights.astype(np.float64), self.weights))

    def contains(self, keys: np.ndarray) -> np.ndarray:
        return self._find(keys)[1]

    def cosine(self, unit: Sparse) -> float:
        """Cosine between a unit-length vector and this sum (0 when either is empty)."""
        if not len(unit) or self.square <= 0.0:
            return 0.0
        idx, hit = self._find(unit.keys)
        return float(np.dot(unit.weights[hit], self.weights[idx[hit]])) / float(np.sqrt(self.square))

    def top_shared(self, unit: Sparse, top: int = 6) -> list[str]:
        """The words of ``unit`` that weigh most in its agreement with this sum."""
        idx, hit = self._find(unit.keys)
        if not hit.any() or not unit.labels:
            return []
        products = unit.weights[hit] * self.weights[idx[hit]]
        labels = [w for w, h in zip(unit.labels, hit) if h]
        return [labels[i] for i in sorted(range(len(labels)), key=lambda i: (-products[i], labels[i]))[:top]]

    def to_arrays(self) -> tuple[np.ndarray, np.ndarray]:
        return self.keys, self.weights

    @classmethod
    def from_arrays(cls, keys: np.ndarray, weights: np.ndarray, cap: int) -> SparseSum:
        total = cls(cap)
        total.keys, total.weights = keys.astype(np.uint64), weights.astype(np.float32)
        total.square = float(np.dot(total.weights.astype(np.float64), total.weights))
        return total


class CountMin:
    """Document frequencies of hashed keys in fixed memory: two rows of counters, the smaller wins."""

    __slots__ = ("bits", "rows")

    def __init__(self, width_bits: int = 21) -> None:
        self.bits = width_bits
        self.rows = np.zeros((2, 1 << width_bits), dtype=np.uint32)

    def _cells(self, keys: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        mask = np.uint64((1 << self.bits) - 1)
        return keys & mask, (keys >> np.uint64(32)) & mask

    def add(self, keys: np.ndarray, amount: int = 1) -> None:
        """Count each key (unique keys expected) ``amount`` more times (negative: fewer)."""
        if not len(keys):
            return
        for row, cells in enumerate(self._cells(keys)):
            cells, times = np.unique(cells, return_counts=True)  # two keys may share a cell
            counts = self.rows[row, cells].astype(np.int64) + amount * times
            self.rows[row, cells] = np.clip(counts, 0, np.iinfo(np.uint32).max).astype(np.uint32)

    def get(self, keys: np.ndarray) -> np.ndarray:
        if not len(keys):
            return np.zeros(0, dtype=np.int64)
        first, second = self._cells(keys)
        return np.minimum(self.rows[0, first], self.rows[1, second]).astype(np.int64)

    def to_bytes(self) -> bytes:
        """Compact stored form: the non-zero cells when few, else every counter."""
        flat = self.rows.ravel()
        cells = np.flatnonzero(flat)
        if len(cells) * 2 < len(flat):
            return b"S" + np.uint8(self.bits).tobytes() + cells.astype(np.uint32).tobytes() + flat[cells].tobytes()
        return b"D" + np.uint8(self.bits).tobytes() + flat.tobytes()

    @classmethod
    def from_bytes(cls, data: bytes) -> CountMin:
        sketch = cls(int(data[1]))
        body = data[2:]
        if data[:1] == b"D":
            sketch.rows = np.frombuffer(body, dtype=np.uint32).reshape(2, -1).copy()
            return sketch
        half = len(body) // 2
        cells = np.frombuffer(body[:half], dtype=np.uint32)
        flat = sketch.rows.ravel()
        flat[cells] = np.frombuffer(body[half:], dtype=np.uint32)
        return sketch
