"""Grouping: a desk's online state — origins (copies of one text) and stories — bounded in
memory and kept in the store.

Entry point: :class:`Grouping`, used by the ingest runner:
``origin(article_id, signature)`` for each new article (before anything costly is
computed for it: a copy needs nothing more), ``place(...)`` for each article to store,
``after_batch()`` between batches and ``checkpoint()`` at the end of a run.

Memory holds the most recent origins (:class:`~newsdesk.fingerprint.OriginIndex`)
and the stories *active* around the articles being ingested: a story is brought
back from the store when an article's time window (publish day ± ``window_days``,
else the day first seen) reaches a week it spans, and leaves memory, saved, when
no article's window has reached it for ``idle_articles`` articles. Desk-wide
counts (document frequencies) are saved at checkpoints with the newest article
they include; opening a desk loads them and replays only the articles stored after
(none, unless a run was killed), so it takes about the same time for a thousand
articles as for a million.
"""
from __future__ import annotations

import ctypes
import json
import struct
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any, NamedTuple

import numpy as np

from .cluster import ClusterOptions, StoryClusterer, StoryMerge, StorySplit, day_number
from .fingerprint import FingerprintOptions, OriginIndex, OriginMatch, from_bytes
from .records import Article, ArticleFeatures, Assignment
from .store import Store

__all__ = ["Grouping", "GroupingOptions", "TitleCandidate", "lede_of", "stored_features", "story_title"]

STATE_VERSION = "1"  # bump when the stored form of a story's state changes: desks then rebuild once


@dataclass(frozen=True, slots=True)
class GroupingOptions:
    idle_articles: int = 1000  # a story no article's window reached for this many articles leaves memory
    checkpoint_articles: int = 5000  # desk-wide counts are saved at least this often (and after each run)
    heads: int = 4  # title candidates a story keeps (the members nearest its centroid)
    load_limit: int = 20000  # stories brought back for one window at most (the most recent first)


class TitleCandidate(NamedTuple):
    """An article a story's title may come from: its title, its lede, its title+lead embedding."""

    title: str
    lede: str
    vec: np.ndarray


@dataclass(slots=True)
class _Head:
    """What a story's title and first/last seen are chosen from."""

    candidates: list[TitleCandidate] = field(default_factory=list)
    first_seen: str | None = None
    last_seen: str | None = None

    def see(self, seen: str | None) -> None:
        if seen:
            self.first_seen = min(filter(None, [self.first_seen, seen]))
            self.last_seen = max(filter(None, [self.last_seen, seen]))

    def offer(self, title: str, lede: str, vec: np.ndarray, centroid: np.ndarray, keep: int) -> None:
        """Keep the ``keep`` candidates nearest the centroid, readable titles first."""
        self.candidates.append(TitleCandidate(title, lede, np.asarray(vec, dtype=np.float16)))
        if len(self.candidates) > keep:
            self.candidates = sorted(self.candidates, key=lambda c: _rank(c, centroid), reverse=True)[:keep]

    def title(self, centroid: np.ndarray) -> str:
        if not self.candidates:
            return ""
        title, lede, _ = max(self.candidates, key=lambda c: _rank(c, centroid))
        return title if _readable(title) else (lede or title)

    def to_bytes(self) -> bytes:
        head = json.dumps({"titles": [[t, lede] for t, lede, _ in self.candidates],
                           "seen": [self.first_seen, self.last_seen]}).encode()
        vecs = b"".join(np.asarray(v, dtype=np.float16).tobytes() for _, _, v in self.candidates)
        return struct.pack("<I", len(head)) + head + vecs

    @staticmethod
    def from_bytes(data: bytes | None) -> _Head:
        if not data:
            return _Head()
        (size,) = struct.unpack_from("<I", data)
        head = json.loads(data[4:4 + size])
        vecs = np.frombuffer(data, dtype=np.float16, offset=4 + size).reshape(len(head["titles"]), -1) \
            if head["titles"] else []
        return _Head([TitleCandidate(t, lede, v) for (t, lede), v in zip(head["titles"], vecs)], *head["seen"])


def _rank(candidate: TitleCandidate, centroid: np.ndarray) -> tuple[bool, float]:
    return _readable(candidate.title), float(np.asarray(candidate.vec, dtype=np.float32) @ centroid)


class Grouping:
    """Origins and stories of one desk (see the module doc)."""

    def __init__(self, store: Store, fingerprint: FingerprintOptions = FingerprintOptions(),
                 cluster: ClusterOptions = ClusterOptions(), options: GroupingOptions = GroupingOptions(),
                 terms_of: Callable[[str], dict[str, int]] | None = None) -> None:
        self.store = store
        self.options = options
        self.fingerprint = fingerprint
        self.origins = OriginIndex(fingerprint)
        self.clusterer = StoryClusterer(cluster, member_source=self._member_signals)
        self._terms_of = terms_of  # content words of a stored article, for desks stored without them
        self._heads: dict[str, _Head] = {}
        self._saved_rowid: dict[str, int] = {}  # stories restored: the newest article their state includes
        self._resident: set[tuple[str, int]] = set()  # (clock, week) whose stories are all in memory
        self._weeks: dict[str, set[tuple[str, int]]] = {}  # the weeks each story in memory was stored under
        self._since_checkpoint = 0
        self._open()

    # -- opening ----------------------------------------------------------------------
    def _open(self) -> None:
        for row in self.store.recent_signatures(self.fingerprint.memory):
            self.origins.add(row["id"], from_bytes(row["minhash"], self.fingerprint), row["origin"])
        marker = 0
        if self.store.cluster_value("version") == self._version().encode():
            self.clusterer.restore_counts(json.loads(self.store.cluster_value("counts")) | {
                "story_frequency": self.store.cluster_value("story_frequency"),
                "term_frequency": self.store.cluster_value("term_frequency")})
            marker = int(self.store.cluster_value("marker") or 0)
        elif self.store.cluster_value("version") is not None:  # stored by another version: start over
            with self.store.transaction() as conn:
                conn.execute("DELETE FROM story_state")
                conn.execute("DELETE FROM story_weeks")
        replayed = self._replay(marker)
        if replayed or marker != self.store.max_rowid():
            self.checkpoint()

    def _version(self) -> str:
        return f"{STATE_VERSION}/{self.clusterer.options.vocabulary_bits}"

    def _replay(self, marker: int) -> int:
        """Learn the articles stored after the last checkpoint (all of them on a desk never
        checkpointed); returns how many."""
        count = 0
        for row in self.store.signals_after(marker):
            if not row["story_id"] or row["embedding"] is None or row["origin"] != row["id"]:
                if row["story_id"]:
                    self._head_of(row["story_id"]).see(_seen_of(row["published"], row["ingested_at"]))
                continue
            feats = stored_features(row["features"], row["ingested_at"])
            if feats.terms is None:  # stored before content words were kept: count them now
                feats.terms = self._terms_of(row["id"]) if self._terms_of else {}
            self._learn_stored(row, feats)
            count += 1
            if count % self.options.idle_articles == 0:
                with self.store.transaction():
                    self.after_batch()
        return count

    def _learn_stored(self, row, feats: ArticleFeatures) -> None:
        story_id = row["story_id"]
        self._ensure(feats)
        self.bring_back([story_id])
        vec = np.frombuffer(row["embedding"], dtype=np.float32)
        if self._saved_rowid.get(story_id, -1) >= row["rowid"]:  # the stored state has it already
            self.clusterer.count_terms(feats)
            return
        self.clusterer.learn_one(vec, feats, Assignment(story_id, 1.0, False, "rebuild"), key=row["id"])
        self._offer(story_id, row["title"] or "", lede_of(row["head"]), vec)
        self._head_of(story_id).see(_seen_of(row["published"], row["ingested_at"]))

    # -- origins ----------------------------------------------------------------------
    def origin(self, article_id: str, sig: np.ndarray) -> OriginMatch:
        """The article's origin (remembered): its own id, or that of the copy it matches."""
        return self.origins.assign(article_id, sig)

    # -- stories ----------------------------------------------------------------------
    def place(self, article: Article, vec: np.ndarray, feats: ArticleFeatures) -> tuple[Assignment, Any]:
        """Assign an article (not a copy) to a story; (assignment, split or merge it caused, or None)."""
        self._ensure(feats)
        assignment = self.clusterer.assign(vec, feats, key=article.id)
        self._offer(assignment.story_id, article.title, lede_of(article.text), vec)
        self._head_of(assignment.story_id).see(_article_seen(article))
        self._since_checkpoint += 1
        if assignment.new_story:
            return assignment, self.clusterer.merge(assignment.story_id, feats)
        split = self.clusterer.split(assignment.story_id)
        return assignment, split or self.clusterer.merge(assignment.story_id, feats)

    def saw_copy(self, story_id: str, article: Article) -> None:
        """A copy joined ``story_id``: only its date counts."""
        self.bring_back([story_id])
        self._head_of(story_id).see(_article_seen(article))

    def apply(self, change: StorySplit | StoryMerge, article_id: str) -> str | None:
        """Carry a split or merge into the store (call inside the transaction that stored the
        article); the article's story when it moved."""
        if isinstance(change, StorySplit):
            source, target, reason = change.story_id, change.new_story, "split"
            self.store.save_story(target, "", None, None)
        else:
            source, target, reason = change.merged_story, change.story_id, "merge"
        moved = set(self.store.move_origins(source, target, change.moved, change.evidence(), reason))
        if isinstance(change, StoryMerge):
            self.store.drop_story(source)
            self._heads.pop(source, None)
            self._weeks.pop(source, None)
        for story_id in {source, target} & set(self.clusterer.stories):
            self._heads[story_id] = self._stored_head(story_id)
            self.save_title(story_id)
        self._save([sid for sid in (source, target) if sid in self.clusterer.stories])
        return target if article_id in moved else None

    def save_title(self, story_id: str) -> None:
        head = self._head_of(story_id)
        story = self.clusterer.stories.get(story_id)
        centroid = _centroid(story.vec_sum) if story is not None else None
        title = head.title(centroid) if centroid is not None else ""
        self.store.save_story(story_id, title, head.first_seen, head.last_seen)

    def _offer(self, story_id: str, title: str, lede: str, vec: np.ndarray) -> None:
        story = self.clusterer.stories[story_id]
        self._head_of(story_id).offer(title, lede, vec, _centroid(story.vec_sum), self.options.heads)

    def _head_of(self, story_id: str) -> _Head:
        head = self._heads.get(story_id)
        if head is None:
            head = self._heads[story_id] = _Head()
        return head

    def _stored_head(self, story_id: str) -> _Head:
        """A story's head recomputed from its stored articles (after a split or merge)."""
        head = _Head()
        centroid = _centroid(self.clusterer.stories[story_id].vec_sum)
        for row in self.store.member_heads(story_id):
            head.see(_seen_of(row["published"], row["ingested_at"]))
            if row["embedding"] is not None:
                head.offer(row["title"] or "", lede_of(row["head"]), np.frombuffer(row["embedding"], np.float32),
                           centroid, self.options.heads)
        return head

    # -- memory -------------------------------------------------------------------------
    def _ensure(self, feats: ArticleFeatures) -> None:
        """Bring back the stored stories around the article's time (publish day, else first seen)."""
        window = self.clusterer.options.window_days
        for clock, day in (("p", day_number(feats.published)), ("s", day_number(feats.seen))):
            if day < 0:
                continue
            weeks = range((day - window) // 7, (day + window) // 7 + 1)
            missing = [w for w in weeks if (clock, w) not in self._resident]
            if not missing:
                continue
            found = self.store.stories_in_weeks(clock, missing[0], missing[-1], self.options.load_limit)
            self.bring_back([sid for sid in found if sid not in self.clusterer.stories])
            self._resident.update((clock, w) for w in missing)

    def bring_back(self, story_ids: list[str]) -> None:
        """Load stored stories into memory (those not there yet)."""
        wanted = [sid for sid in story_ids if sid not in self.clusterer.stories]
        for row in self.store.story_states(wanted) if wanted else []:
            story_id = self.clusterer.restore_story(row["state"])
            self._heads[story_id] = _Head.from_bytes(row["head"])
            self._saved_rowid[story_id] = row["last_rowid"]
            self._weeks[story_id] = _weeks_of(self.clusterer.stories[story_id])

    def _member_signals(self, story_id: str) -> list[tuple[str, np.ndarray, ArticleFeatures]]:
        return [(row["id"], np.frombuffer(row["embedding"], dtype=np.float32),
                 stored_features(row["features"], row["ingested_at"]))
                for row in self.store.member_signals(story_id)]

    def after_batch(self) -> None:
        """Save and forget the stories no recent article's window reached (inside a transaction)."""
        idle = self.clusterer.idle(self.options.idle_articles)
        self._save([sid for sid in idle if sid in self.clusterer.dirty])
        for story_id in idle:
            self._resident.difference_update(self._weeks.pop(story_id, set()))
            self._heads.pop(story_id, None)
            self._saved_rowid.pop(story_id, None)
        self.clusterer.evict(idle)
        if idle:
            release_freed_memory()
        if self._since_checkpoint >= self.options.checkpoint_articles:
            self.checkpoint()

    def _save(self, story_ids: list[str]) -> None:
        rowid = self.store.max_rowid()
        rows = []
        for story_id in story_ids:
            weeks = _weeks_of(self.clusterer.stories[story_id])
            rows.append((story_id, rowid, self.clusterer.export_story(story_id),
                         self._head_of(story_id).to_bytes(), weeks))
            self._resident.difference_update(self._weeks.get(story_id, set()) - weeks)
            self._weeks[story_id] = weeks
            self._saved_rowid[story_id] = rowid
        self.store.save_story_states(rows)
        self.clusterer.dirty.difference_update(story_ids)

    def checkpoint(self) -> None:
        """Save every changed story and the desk-wide counts (a transaction of its own, or the caller's)."""
        with self.store.transaction():
            self._save(sorted(self.clusterer.dirty))
            counts = self.clusterer.export_counts()
            self.store.set_cluster_values({
                "version": self._version().encode(), "marker": str(self.store.max_rowid()).encode(),
                "counts": json.dumps({k: counts[k] for k in ("n_articles", "n_stories")}).encode(),
                "story_frequency": counts["story_frequency"], "term_frequency": counts["term_frequency"]})
        self._since_checkpoint = 0


@lru_cache(maxsize=1)
def _malloc_trim() -> Callable[[int], int] | None:
    """glibc's ``malloc_trim`` (None elsewhere)."""
    try:
        return ctypes.CDLL("libc.so.6").malloc_trim
    except (OSError, AttributeError):
        return None


def release_freed_memory() -> None:
    """Hand the memory freed by forgotten stories back to the system. The small arrays and objects
    of a story live in the C heap, which otherwise keeps freed pages: after a few thousand stories
    came and went, resident memory would grow with the stories seen, not with those held."""
    trim = _malloc_trim()
    if trim is not None:
        trim(0)


def _weeks_of(story) -> set[tuple[str, int]]:
    """(clock, week) rows a story is found under: its publish weeks, or when it has no dated
    article, the weeks it was first seen."""
    if story.published:
        first, last = (day_number(d) for d in story.published)
        return {("p", w) for w in range(first // 7, last // 7 + 1)}
    if story.seen:
        first, last = (day_number(d) for d in story.seen)
        return {("s", w) for w in range(first // 7, last // 7 + 1)}
    return set()


def _centroid(vec_sum: np.ndarray) -> np.ndarray:
    norm = float(np.linalg.norm(vec_sum))
    return vec_sum / norm if norm else vec_sum


def _seen_of(published: str | None, ingested_at: str | None) -> str | None:
    """When an article appeared, for a story's first and last seen: its publish time (an undated
    article leaves them alone; when the desk ingested it is no date of the news)."""
    return published


def _article_seen(article: Article) -> str | None:
    from .timeutil import to_iso

    return to_iso(article.published)


_FEATURE_FIELDS = frozenset(ArticleFeatures.__dataclass_fields__)


def stored_features(data: str, ingested_at: str | None = None) -> ArticleFeatures:
    """Features as stored with an article (fields this version does not know are ignored;
    ``terms`` is None when they were stored without content-word counts; ``seen`` from the
    ingest time when they were stored without it)."""
    stored = {k: v for k, v in json.loads(data).items() if k in _FEATURE_FIELDS}
    if not isinstance(stored.get("terms"), dict):
        stored["terms"] = None
    if not stored.get("seen") and ingested_at:
        stored["seen"] = ingested_at[:10]
    return ArticleFeatures(**stored)


def lede_of(text: str) -> str:
    """The first sentence of a body, cut to 16 words: a story title when no article has one.

    A list number or a one-word line is not a title: the first sentence of four
    words or more is taken, without a leading "1." or bullet.
    """
    import re

    from .features import sentences

    words: list[str] = []
    for para in text.split("\n\n")[:6]:
        for sentence in sentences(re.sub(r"^\s*(?:\d{1,2}[.)]|[-*•·])\s+", "", para)):
            words = sentence.split()
            if len(words) >= 4:
                return " ".join(words[:16]) + ("…" if len(words) > 16 else "")
    return " ".join(words[:16])


def story_title(members: list[TitleCandidate]) -> str:
    """The title of the member closest to the members' centroid; a lede when none has a readable title."""
    centroid = np.sum([m.vec for m in members], axis=0)
    titled = [m for m in members if _readable(m.title)] or members
    best = max(titled, key=lambda m: float(m.vec @ centroid))
    return best.title if _readable(best.title) else (best.lede or best.title)


def _readable(title: str) -> bool:
    """A headline, not a dateline or a section label: three or more words, mostly letters."""
    words = [w for w in title.split() if any(c.isalpha() for c in w)]
    letters = sum(c.isalpha() for c in title)
    return len(words) >= 3 and letters >= 0.6 * len(title.replace(" ", ""))
