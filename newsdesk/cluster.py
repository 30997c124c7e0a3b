"""Cluster: assign each new article to a story (one real-world event) or start one.

Online, in one pass, with the protocol every online component here shares
(:class:`OnlineComponent`: ``predict_one`` / ``learn_one`` / ``assign``).
An article is compared only with the stories *active* around its time: those
with an article published within ``window_days`` of its publish day (for an
undated article, or a story of undated articles: of the day the desk first
saw it). Among them, the nearest by title+lead embedding and those sharing
its rarest names are the candidates (a bounded number), and each scores

    score = min(cosine(embedding, story centroid), topic_cap)   what kind of event
          + names_weight · cosine(names, story names)             who, where, which figures
          + terms_weight · cosine(words, story words)             what the whole text tells (TF-IDF)
          + figures_weight · cosine(figures, story figures)       which scores, amounts, tolls
          + date_bonus    when a day it states is close to one the story states
          − date_penalty  when every day it states is far from the story's
          + near_bonus    when published within near_days of the story's articles
          − a penalty growing with the publish gap past gap_grace_days
          − counterpart_penalty  when the lede names a participant the story never
                                 mentions and leaves out the story's own lead participant

The embedding is capped because two reports of *different* events of one kind
(two earthquakes, two arrests) read alike: past the cap only names, words,
figures and dates tell them apart. Names are weighted by their rarity among the
desk's stories, content words by their rarity among its articles (TF-IDF with the
desk's own counts, kept online in fixed-size sketches, see :mod:`newsdesk.sketch`).
A story keeps the sums of its members' weighted vectors. The article joins the
story with the best margin over that story's bar,

    bar = threshold + young_story_margin / articles in the story,

or starts a story when no margin is positive: a story of one article is one
data point, and the first joins decide what a story is about.
The returned :class:`Assignment` keeps the evidence.

One wrong early join (the first report of a second, look-alike event) pulls
that event's later reports after it. So after each join, :meth:`StoryClusterer.split`
looks at the story's members as a whole: it divides them in two by average
linkage over the same pairwise score, and when both parts have
``split_min_part`` members and the mean score between them is under
``split_bar``, the part without the story's first article becomes a story of
its own (:class:`StorySplit`).

Memory: the clusterer holds the stories it has been asked about recently;
:meth:`StoryClusterer.idle` names the others, :meth:`StoryClusterer.export_story`
and :meth:`StoryClusterer.restore_story` move one to and from bytes, so a
caller can keep them in a store and bring them back when an article's window
reaches them again.
"""
from __future__ import annotations

import json
import struct
from collections import Counter, OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any, Protocol

import numpy as np

from .evidence import JoinEvidence, MergeEvidence, NearestStory, NewStoryEvidence, SplitEvidence
from .records import ArticleFeatures, Assignment
from .sketch import EMPTY, CountMin, Sparse, SparseSum, hash_keys
from .textutil import stable_id

__all__ = ["ClusterOptions", "OnlineComponent", "StoryClusterer", "StoryMerge", "StorySplit", "StorySummary",
           "Weighted", "day_number"]


class OnlineComponent(Protocol):
    """What every online component offers: seeded, picklable, one item at a time."""

    def predict_one(self, *args: Any, **kwargs: Any) -> Any: ...  # where the item would go; no state change
    def learn_one(self, *args: Any, **kwargs: Any) -> None: ...  # remember the item where it went
    def assign(self, *args: Any, **kwargs: Any) -> Any: ...  # predict_one, then learn_one


@dataclass(frozen=True, slots=True)
class ClusterOptions:
    threshold: float = 1.2
    topic_cap: float = 0.8  # embedding similarity above this says "same kind of event", no more
    names_weight: float = 2.0
    terms_weight: float = 1.0  # TF-IDF cosine of the content words of the whole text
    figures_weight: float = 1.0  # cosine of the figures alone (scores, amounts, magnitudes, ages)
    idf_prior: int = 20  # unseen pseudo-documents: on a young desk, a word seen once is not yet common
    young_story_margin: float = 0.3  # extra bar for joining a story of one article (halved at two, ...)
    counterpart_penalty: float = 1.2
    date_bonus: float = 0.05
    date_penalty: float = 0.3  # every stated date far from all of the story's
    date_window_days: int = 3  # stated days this close are the same moment of one event
    stale_days: int = 30  # stated days this far apart are different events
    near_bonus: float = 0.3  # published within near_days of the story's articles: the same news cycle
    near_days: int = 3
    near_names: float = 0.2  # ... in full from this names similarity (same actors), in part below it,
    #                          and only when they share a full name (two words or more) or a lede participant
    gap_grace_days: int = 7  # publish gaps up to this are free; beyond, a penalty per day ...
    gap_penalty_per_day: float = 0.05
    gap_max_penalty: float = 0.6  # ... up to this (from 19 days)
    window_days: int = 30  # stories with no article this close in time are not candidates
    max_candidates: int = 10  # stories scored in full: the nearest by embedding ...
    scan_limit: int = 200  # centroids compared exactly per article at most: when the window holds more
    #                        stories, those whose centroid hash is nearest the article's (see _ActiveIndex)
    hash_bits: int = 256  # random-hyperplane signs per centroid hash (four 64-bit words)
    name_candidates: int = 5  # ... and those sharing the article's rarest names
    indexed_names: int = 8  # a story's heaviest names, looked up by the name index
    split_bar: float = 1.5  # mean pairwise score between a story's two parts under which it splits
    merge_bar: float = 1.5  # mean pairwise score between two stories' articles over which they merge
    merge_candidates: int = 3  # stories nearest a grown story checked for a merge
    rejoin_max: int = 1  # a story this small merges when its articles would now join the other story
    split_min_part: int = 5  # articles each part needs before a split is considered
    split_max_members: int = 48  # larger stories are settled: no more split checks
    split_memory: int = 5000  # articles whose weights are kept for split checks (least recent stories dropped)
    split_terms: int = 60  # content words kept per article for split checks (the heaviest)
    names_cap: int = 1500  # names and figures a story's sums keep (the heaviest)
    terms_cap: int = 3000  # content words a story's sums keep
    vocabulary_bits: int = 21  # document-frequency sketches of 2 x 2**bits counters


@dataclass(frozen=True, slots=True)
class Weighted:
    """An article's names, figures and content words as unit-length idf-weighted vectors."""

    names: Sparse
    figures: Sparse
    terms: Sparse
    full_names: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.uint64))  # keys of 2+ word names

    def unit(self) -> Weighted:
        return Weighted(self.names.unit(), self.figures.unit(), self.terms.unit(), self.full_names)

    def lighter(self, n_terms: int) -> Weighted:
        """Only the heaviest ``n_terms`` content words, no labels, single precision: enough to
        compare members."""
        return Weighted(self.names.heaviest(len(self.names)).single(),
                        self.figures.heaviest(len(self.figures)).single(),
                        self.terms.heaviest(n_terms).single(), self.full_names)


@dataclass(frozen=True, slots=True)
class _Moment:
    """What a story remembers of an article besides its vectors."""

    participants: tuple[str, ...]
    places: tuple[str, ...]
    dates: tuple[str, ...]
    published: str | None
    seen: str | None
    lede_names: tuple[str, ...] = ()

    def features(self) -> ArticleFeatures:
        """Enough of the article's features to score it again."""
        return ArticleFeatures(participants=list(self.participants), places=list(self.places), dates=list(self.dates),
                               lede_names=list(self.lede_names), published=self.published, seen=self.seen)

    @staticmethod
    def of(feats: ArticleFeatures) -> _Moment:
        return _Moment(tuple(sorted(set(feats.participants))), tuple(sorted(set(feats.places))),
                       tuple(sorted(set(feats.dates))), feats.published, feats.seen, tuple(feats.lede_names))


@dataclass(frozen=True, slots=True)
class StorySplit:
    """A story divided in two: ``moved`` (article keys) now make up ``new_story``."""

    story_id: str
    new_story: str
    moved: list[str]
    kept: int
    between: float  # mean pairwise score between the two parts
    bar: float

    def evidence(self) -> SplitEvidence:
        return {"split_from": self.story_id, "between": round(self.between, 4), "bar": self.bar,
                "kept": self.kept, "moved": len(self.moved)}


@dataclass(frozen=True, slots=True)
class StoryMerge:
    """Two stories found to tell one event: ``merged_story`` (its articles: ``moved``) joins ``story_id``."""

    story_id: str
    merged_story: str
    moved: list[str]
    kept: int
    between: float  # mean pairwise score between the two stories' articles
    bar: float

    def evidence(self) -> MergeEvidence:
        return {"merged_from": self.merged_story, "between": round(self.between, 4), "bar": self.bar,
                "kept": self.kept, "moved": len(self.moved)}


@dataclass(frozen=True, slots=True)
class _Member:
    key: str
    vec: np.ndarray
    weighted: Weighted
    moment: _Moment


@dataclass(slots=True)
class _Group:
    """A story's members kept for split checks, with their pairwise scores (computed once, at join)
    and their arrays for scoring (built when first needed, then kept current)."""

    members: list[_Member]
    pairs: np.ndarray | None
    cached: _Flat | None = None

    def flat(self) -> _Flat:
        if self.cached is None:
            self.cached = _Flat.of(self.members)
        return self.cached

    def append(self, member: _Member, row: np.ndarray, flat: _Flat | None = None) -> None:
        """Add a member (``flat``: its arrays, when already built) with its scores against the others."""
        n = len(self.members)
        pairs = np.zeros((n + 1, n + 1))
        if n:
            pairs[:n, :n] = self.pairs
            pairs[n, :n] = pairs[:n, n] = row
        self.members.append(member)
        self.pairs = pairs
        self.cached = flat if not n else self.cached and flat and _Flat.joined(self.cached, flat)

    def joined(self, other: _Group, cross: np.ndarray) -> _Group:
        """This group followed by ``other`` (``cross``: other's members x this group's)."""
        flat = self.cached and other.cached and _Flat.joined(self.cached, other.cached)
        return _Group(self.members + other.members, np.block([[self.pairs, cross.T], [cross, other.pairs]]), flat)

    def part(self, indices: list[int]) -> _Group:
        return _Group([self.members[i] for i in indices], self.pairs[np.ix_(indices, indices)])


@dataclass(frozen=True, slots=True)
class _Flat:
    """Members in arrays, to score every pair at once: their vectors, and for each of names,
    terms and figures every member's entries sorted by key: (keys, weights, member index)."""

    vecs: np.ndarray
    parts: dict[str, tuple[np.ndarray, np.ndarray, np.ndarray]]

    @staticmethod
    def of(members: list[_Member]) -> _Flat:
        parts = {}
        for part in ("names", "terms", "figures"):
            rows = [getattr(m.weighted, part) for m in members]
            keys = np.concatenate([r.keys for r in rows])
            order = np.argsort(keys, kind="stable")
            owner = np.repeat(np.arange(len(rows)), [len(r) for r in rows])
            parts[part] = (keys[order], np.concatenate([r.weights for r in rows])[order], owner[order])
        return _Flat(np.stack([m.vec for m in members]).astype(np.float32), parts)

    @staticmethod
    def joined(first: _Flat, second: _Flat) -> _Flat:
        """The arrays of first's members followed by second's: equal to ``of`` over both lists (a stable
        sort of two sorted runs keeps equal keys in member order)."""
        parts = {}
        for part, (keys, weights, owner) in first.parts.items():
            more_keys, more_weights, more_owner = second.parts[part]
            all_keys = np.concatenate([keys, more_keys])
            order = np.argsort(all_keys, kind="stable")
            parts[part] = (all_keys[order], np.concatenate([weights, more_weights])[order],
                           np.concatenate([owner, more_owner + len(first.vecs)])[order])
        return _Flat(np.concatenate([first.vecs, second.vecs]), parts)


@dataclass(slots=True)
class StorySummary:
    """What the clusterer remembers of one story."""

    id: str
    vec_sum: np.ndarray
    n: int = 0
    names: SparseSum = field(default_factory=SparseSum)  # the members' weighted names and figures
    figures: SparseSum = field(default_factory=SparseSum)  # the members' weighted figures alone
    terms: SparseSum = field(default_factory=SparseSum)  # the members' weighted content words
    participants: Counter = field(default_factory=Counter)  # people named in the members' ledes
    places: Counter = field(default_factory=Counter)
    dates: Counter = field(default_factory=Counter)  # days the members state
    published: list[str] = field(default_factory=list)  # [first, last] publish day
    seen: list[str] = field(default_factory=list)  # [first, last] day the desk first saw a member

    def learn(self, vec: np.ndarray, moment: _Moment, weighted: Weighted) -> None:
        self.vec_sum = self.vec_sum + vec
        self.n += 1
        self.names.add(weighted.names)
        self.figures.add(weighted.figures)
        self.terms.add(weighted.terms)
        self.participants.update(moment.participants)
        self.places.update(moment.places)
        self.dates.update(moment.dates)
        self.published = _widen(self.published, moment.published)
        self.seen = _widen(self.seen, moment.seen)

    def absorb(self, other: StorySummary) -> None:
        """Add another story's sums and counts to this one (a merge)."""
        self.vec_sum = self.vec_sum + other.vec_sum
        self.n += other.n
        for mine, theirs in ((self.names, other.names), (self.figures, other.figures), (self.terms, other.terms)):
            mine.add(Sparse(theirs.keys, theirs.weights.astype(np.float64)))
        self.participants.update(other.participants)
        self.places.update(other.places)
        self.dates.update(other.dates)
        for day in other.published:
            self.published = _widen(self.published, day)
        for day in other.seen:
            self.seen = _widen(self.seen, day)

    def mentions(self, keys: list[str]) -> list[bool]:
        """Whether any member names each key (its names or figures)."""
        return list(self.names.contains(hash_keys(keys))) if keys else []

    def core_participants(self) -> list[str]:
        """People named in the ledes of at least half of the story's articles."""
        return sorted(p for p, c in self.participants.items() if 2 * c >= self.n)


def _widen(span: list[str], day: str | None) -> list[str]:
    return [min(span[0], day), max(span[1], day)] if span and day else ([day, day] if day else span)


def day_number(value: str | None) -> int:
    """'2025-03-18...' -> its proleptic ordinal; -1 for None or an unreadable value."""
    try:
        return date.fromisoformat(value[:10]).toordinal() if value else -1
    except ValueError:
        return -1


class StoryClusterer:
    """Online story clusterer (``predict_one`` / ``learn_one`` / ``assign``); deterministic and picklable.

    ``member_source``, when given, returns a restored story's members
    ``[(key, vector, features)]`` so that its split checks can go on.
    """

    def __init__(self, options: ClusterOptions = ClusterOptions(),
                 member_source: Callable[[str], list[tuple[str, np.ndarray, ArticleFeatures]]] | None = None) -> None:
        self.options = options
        self.member_source = member_source
        self.stories: dict[str, StorySummary] = {}  # the active stories
        self.story_frequency = CountMin(options.vocabulary_bits)  # stories mentioning each name
        self.term_frequency = CountMin(options.vocabulary_bits)  # articles using each content word
        self.n_articles = 0  # articles learned (copies of a stored text are not: they add no evidence)
        self.n_stories = 0  # stories ever started, active or not
        self._index = _ActiveIndex(options.hash_bits)
        self._members: OrderedDict[str, _Group] = OrderedDict()  # for split checks, least recent first
        self._kept = 0  # members held in _members
        self._restored: set[str] = set()  # stories brought back without their members
        self.dirty: set[str] = set()  # stories changed since the caller last saved them
        self.scored = 0  # candidate stories scored in full, all articles together

    # -- protocol -------------------------------------------------------------------------
    def predict_one(self, vec: np.ndarray, feats: ArticleFeatures, *, key: str) -> Assignment:
        """Where the article would go (no state change besides marking the stories it looked at)."""
        return self._predict(np.asarray(vec, dtype=np.float32), feats, key, self.weigh(feats))

    def _predict(self, vec: np.ndarray, feats: ArticleFeatures, key: str, weighted: Weighted) -> Assignment:
        scored = [self._score(self.stories[sid], sim, feats, weighted)
                  for sid, sim in self._candidates(vec, feats, weighted)]
        self.scored += len(scored)
        best = max(scored, key=lambda a: (_join(a)["margin"], a.story_id), default=None)
        if best is not None:
            _add_shared(best, self.stories[best.story_id], feats, weighted)
        if best is not None and _join(best)["margin"] >= 0:
            return best
        detail: NewStoryEvidence = {"nearest": _nearest(best)} if best else {"window_days": self.options.window_days}
        return Assignment(story_id=stable_id("story", key), score=1.0, new_story=True, reason="new",
                          detail=detail)

    def learn_one(self, vec: np.ndarray, feats: ArticleFeatures, assignment: Assignment, *,
                  key: str | None = None) -> None:
        """Add the article to the story it was assigned to (starting that story if needed).

        Without its ``key`` the article cannot be moved, so its story is never split.
        """
        self._learn(np.asarray(vec, dtype=np.float32), feats, assignment, key, self.weigh(feats))

    def _learn(self, vec: np.ndarray, feats: ArticleFeatures, assignment: Assignment, key: str | None,
               weighted: Weighted) -> None:
        story = self.stories.get(assignment.story_id)
        if story is None:
            story = self._new_story(assignment.story_id, vec.shape[0])
        if key and story.id in self._restored:
            self._load_members(story)
        self.story_frequency.add(weighted.names.keys[~story.names.contains(weighted.names.keys)])
        self.term_frequency.add(weighted.terms.keys)
        self.n_articles += 1
        moment = _Moment.of(feats)
        story.learn(vec, moment, weighted)
        self._index.update(story, self.options)
        self.dirty.add(story.id)
        self._remember(story, key and _Member(key, vec.astype(np.float16), weighted.lighter(self.options.split_terms),
                                              moment))

    def assign(self, vec: np.ndarray, feats: ArticleFeatures, *, key: str) -> Assignment:
        vec = np.asarray(vec, dtype=np.float32)
        weighted = self.weigh(feats)
        assignment = self._predict(vec, feats, key, weighted)
        self._learn(vec, feats, assignment, key, weighted)
        return assignment

    def _new_story(self, story_id: str, dim: int) -> StorySummary:
        opts = self.options
        story = StorySummary(story_id, np.zeros(dim, dtype=np.float32), names=SparseSum(opts.names_cap),
                             figures=SparseSum(opts.names_cap), terms=SparseSum(opts.terms_cap))
        self.stories[story_id] = story
        self.n_stories += 1
        return story

    # -- splits -----------------------------------------------------------------------------
    def _remember(self, story: StorySummary, member: _Member | None) -> None:
        """Keep the member for split checks while the story is small and recent enough."""
        group = self._members.pop(story.id, None)
        if group is None and story.n > 1:  # forgotten earlier, or settled: never checked again
            return
        group = group or _Group([], np.zeros((0, 0)))
        if member is None or story.n > self.options.split_max_members:
            self._kept -= len(group.members)
            return
        self._add_member(group, member)
        self._kept += 1
        self._members[story.id] = group
        while self._kept > self.options.split_memory:
            _, dropped = self._members.popitem(last=False)
            self._kept -= len(dropped.members)

    def _load_members(self, story: StorySummary) -> None:
        """Bring back the members of a restored story that is still small enough to split."""
        self._restored.discard(story.id)
        if self.member_source is None or story.n >= self.options.split_max_members:
            return
        group = _Group([], np.zeros((0, 0)))
        for key, vec, feats in self.member_source(story.id):
            member = _Member(key, np.asarray(vec, dtype=np.float16),
                             self.weigh(feats).lighter(self.options.split_terms), _Moment.of(feats))
            self._add_member(group, member)
        if group.members:
            self._kept += len(group.members) - len(self._members.pop(story.id, _Group([], None)).members)
            self._members[story.id] = group

    def split(self, story_id: str) -> StorySplit | None:
        """Divide the story in two when its members form two groups far apart (see the module doc)."""
        opts = self.options
        group = self._members.get(story_id)
        if not group or len(group.members) < 2 * opts.split_min_part:
            return None
        first, second = _two_groups(group.pairs)
        if 0 not in first:
            first, second = second, first
        if min(len(first), len(second)) < opts.split_min_part:
            return None
        between = float(group.pairs[np.ix_(first, second)].mean())
        if between >= opts.split_bar:
            return None
        moved = [group.members[i] for i in second]
        new_id = stable_id("story", moved[0].key)
        while new_id in self.stories:
            new_id = stable_id("story", new_id)
        self._rebuild_story(story_id, group.part(first))
        self._rebuild_story(new_id, group.part(second))
        return StorySplit(story_id, new_id, [m.key for m in moved], len(first), between, opts.split_bar)

    def merge(self, story_id: str, feats: ArticleFeatures) -> StoryMerge | None:
        """Merge into the story the nearest active story whose articles score with its own, on
        average, over ``merge_bar`` (both stories' members known; the larger story stays)."""
        group, story = self._members.get(story_id), self.stories.get(story_id)
        if not group or story is None or len(group.members) != story.n:
            return None
        best = None
        for other_id, _ in self._near_stories(story, feats):
            other = self._members.get(other_id)
            if not other or len(other.members) != self.stories[other_id].n:
                continue
            if min(story.n, self.stories[other_id].n) <= self.options.rejoin_max:
                cross, score = None, self._rejoin_score(story, group, self.stories[other_id], other)
            else:
                cross = self._cross(other.flat(), group.flat())  # other's members x the story's
                score = float(cross.mean()) + self._merge_terms(story, group, self.stories[other_id], other) \
                    - self.options.merge_bar
            if score >= 0 and (best is None or score > best[3]):
                best = (other_id, other, cross, score)
        if best is None:
            return None
        other_id, other, cross, score = best
        if cross is None:
            cross = self._cross(other.flat(), group.flat())
        return self._merge(story_id, other_id, other, cross, score)

    def _rejoin_score(self, story: StorySummary, group: _Group, other: StorySummary, other_group: _Group) -> float:
        """The lowest margin by which the smaller story's articles would now join the other, scored as
        joins (a story of at most ``rejoin_max`` articles: one early decision, worth a second look)."""
        small_group, large = (group, other) if story.n <= other.n else (other_group, story)
        centroid = _centroid(large.vec_sum)
        return min(_join(self._score(large, float(m.vec.astype(np.float32) @ centroid), m.moment.features(),
                                     m.weighted.unit()))["margin"] for m in small_group.members)

    def _merge_terms(self, story: StorySummary, group: _Group, other: StorySummary, other_group: _Group) -> float:
        """What a join would add to two stories' likeness besides the pair scores: publish-date
        closeness, and a counterpart penalty when most of the smaller story's articles name another
        person in the lead role of the larger."""
        small_group, large = (group, other) if story.n <= other.n else (other_group, story)
        gap = _span_gap(story.published, other.published)
        clashes = sum(1 for m in small_group.members if _counterpart(m.moment.participants, m.moment.lede_names, large))
        penalty = self.options.counterpart_penalty if 2 * clashes >= len(small_group.members) else 0.0
        return _time_term(gap, self.options) - penalty

    def _near_stories(self, story: StorySummary, feats: ArticleFeatures) -> list[tuple[str, float]]:
        rows = self._index.eligible(feats, self.options.window_days)
        norm = float(np.linalg.norm(story.vec_sum)) or 1.0
        near = self._index.nearest(rows, story.vec_sum / norm, EMPTY, self.options.merge_candidates + 1, 0,
                                   self.options.scan_limit)
        return [(sid, sim) for sid, sim in near if sid != story.id]

    def _merge(self, story_id: str, other_id: str, other: _Group, cross: np.ndarray, score: float) -> StoryMerge:
        keep_id, gone_id = (story_id, other_id) if self.stories[story_id].n >= self.stories[other_id].n \
            else (other_id, story_id)
        kept, gone = self.stories[keep_id], self.stories.pop(gone_id)
        shared = gone.names.keys[kept.names.contains(gone.names.keys)]
        self.story_frequency.add(shared, -1)  # one story now mentions what two did
        self.n_stories -= 1
        kept.absorb(gone)
        self._index.remove(gone_id)
        self._index.update(kept, self.options)
        self.dirty.add(keep_id)
        self.dirty.discard(gone_id)
        mine = self._members.pop(story_id)
        self._members.pop(other_id)
        joined = mine.joined(other, cross) if keep_id == story_id else other.joined(mine, cross.T)
        self._members[keep_id] = joined
        moved = [m.key for m in (other if keep_id == story_id else mine).members]
        return StoryMerge(keep_id, gone_id, moved, kept.n - gone.n, score, self.options.merge_bar)

    def _add_member(self, group: _Group, new: _Member) -> None:
        """Add a member to the group with the join score's similarity part between it and each of the
        group's members (as joined)."""
        flat = _Flat.of([new])
        row = self._cross(group.flat(), flat)[:, 0] if group.members else np.zeros(0)
        group.append(new, row, flat)

    def _cross(self, first: _Flat, second: _Flat) -> np.ndarray:
        """The join score's similarity part between the members of two groups (first x second)."""
        opts = self.options
        shape = (len(first.vecs), len(second.vecs))
        scores = np.minimum(first.vecs @ second.vecs.T, opts.topic_cap).astype(np.float64)
        for weight, part in ((opts.names_weight, "names"), (opts.terms_weight, "terms"),
                             (opts.figures_weight, "figures")):
            scores += weight * _sparse_cross(first.parts[part], second.parts[part], shape)
        return scores

    def _rebuild_story(self, story_id: str, group: _Group) -> None:
        """Recompute a story's summary from its members (after a split)."""
        old = self.stories.pop(story_id, None)
        if old is not None:
            self.story_frequency.add(old.names.keys, -1)
            self._index.remove(story_id)
        else:
            self.n_stories += 1
        story = StorySummary(story_id, np.zeros(len(group.members[0].vec), dtype=np.float32),
                             names=SparseSum(self.options.names_cap),
                             figures=SparseSum(self.options.names_cap), terms=SparseSum(self.options.terms_cap))
        for m in group.members:
            story.learn(m.vec.astype(np.float32), m.moment, m.weighted)
        self.stories[story_id] = story
        self.story_frequency.add(story.names.keys)
        self._index.update(story, self.options)
        self.dirty.add(story_id)
        self._kept += len(group.members) - len(self._members.get(story_id, _Group([], None)).members)
        self._members[story_id] = group

    # -- weights ----------------------------------------------------------------------------
    def weigh(self, feats: ArticleFeatures) -> Weighted:
        """The article's names, figures and words weighted by how rare they are in the desk.

        Names count stories (a name every story has says little, while a big
        story's own names are not made common by its size); content words count
        articles, as TF-IDF does. ``idf_prior`` unseen pseudo-documents keep a
        young desk from calling common what it has seen once.
        """
        prior = self.options.idf_prior
        names = _unit_tfidf(feats.names, self.story_frequency, self.n_stories + prior)
        figures = names.subset(np.array([w.startswith("#") for w in names.labels], dtype=bool)).unit() \
            if len(names) else EMPTY
        terms = _unit_tfidf(feats.terms or {}, self.term_frequency, self.n_articles + prior)
        full = names.keys[np.fromiter((" " in w for w in names.labels), dtype=bool, count=len(names))] \
            if len(names) else names.keys
        return Weighted(names, figures, terms, full)

    # -- candidates -------------------------------------------------------------------------
    def _candidates(self, vec: np.ndarray, feats: ArticleFeatures, weighted: Weighted) -> list[tuple[str, float]]:
        """The stories worth scoring in full, with their embedding similarity."""
        rows = self._index.eligible(feats, self.options.window_days)
        if not len(rows):
            return []
        return self._index.nearest(rows, np.asarray(vec, dtype=np.float32), weighted.names,
                                   self.options.max_candidates, self.options.name_candidates, self.options.scan_limit)

    # -- memory -----------------------------------------------------------------------------
    def idle(self, max_idle: int) -> list[str]:
        """Stories no article has had in its window for the last ``max_idle`` articles."""
        return self._index.idle(max_idle)

    def evict(self, story_ids: list[str]) -> None:
        """Forget active stories (the caller has saved them)."""
        for sid in story_ids:
            if self.stories.pop(sid, None) is not None:
                self._index.remove(sid)
                self._kept -= len(self._members.pop(sid, _Group([], None)).members)
                self._restored.discard(sid)
                self.dirty.discard(sid)

    def export_story(self, story_id: str) -> bytes:
        """One active story as bytes (see :meth:`restore_story`)."""
        return _story_bytes(self.stories[story_id])

    def restore_story(self, data: bytes) -> str:
        """Bring back a story exported earlier; its members come from ``member_source`` when needed."""
        story = _story_from_bytes(data, self.options)
        if story.id in self.stories:
            return story.id
        self.stories[story.id] = story
        self._index.update(story, self.options)
        if story.n > 1 or self.member_source is not None:
            self._restored.add(story.id)
        return story.id

    def export_counts(self) -> dict[str, Any]:
        """The desk-wide counts (document frequencies and totals) for storing."""
        return {"n_articles": self.n_articles, "n_stories": self.n_stories,
                "story_frequency": self.story_frequency.to_bytes(), "term_frequency": self.term_frequency.to_bytes()}

    def restore_counts(self, counts: dict[str, Any]) -> None:
        self.n_articles, self.n_stories = int(counts["n_articles"]), int(counts["n_stories"])
        self.story_frequency = CountMin.from_bytes(counts["story_frequency"])
        self.term_frequency = CountMin.from_bytes(counts["term_frequency"])

    def count_terms(self, feats: ArticleFeatures) -> None:
        """Count an article's content words and nothing else (an article already in a restored story)."""
        self.term_frequency.add(hash_keys(sorted({k for k, c in (feats.terms or {}).items() if c > 0})))
        self.n_articles += 1

    # -- scoring -------------------------------------------------------------------------------
    def _score(self, story: StorySummary, sim: float, feats: ArticleFeatures, weighted: Weighted) -> Assignment:
        opts = self.options
        names_sim = story.names.cosine(weighted.names)
        terms_sim = story.terms.cosine(weighted.terms)
        figures_sim = story.figures.cosine(weighted.figures)
        shared_days, date_clash = _date_relation(feats.dates, story.dates, opts)
        gap = _publish_gap(feats.published, story.published)
        counterpart = _counterpart(feats.participants, feats.lede_names, story)
        score = (min(sim, opts.topic_cap) + opts.names_weight * names_sim + opts.terms_weight * terms_sim
                 + opts.figures_weight * figures_sim
                 + (opts.date_bonus if shared_days else 0.0) - (opts.date_penalty if date_clash else 0.0)
                 + _time_term(gap, opts, names_sim if _same_actor(feats, weighted, story) else 0.0)
                 - (opts.counterpart_penalty if counterpart else 0.0))
        bar = opts.threshold + opts.young_story_margin / story.n
        detail: JoinEvidence = {"names_similarity": round(names_sim, 4), "terms_similarity": round(terms_sim, 4),
                                  "figures_similarity": round(figures_sim, 4), "bar": round(bar, 4),
                                  "margin": round(score - bar, 4), "date_clash": date_clash}
        if gap is not None:
            detail["published_gap_days"] = gap
        if counterpart:
            detail["counterpart"] = {"article": counterpart[0], "story": counterpart[1]}
        return Assignment(story_id=story.id, score=round(score, 4), new_story=False, reason="similar",
                          shared_places=sorted(p for p in set(feats.places) if story.places[p]),
                          shared_dates=shared_days, similarity=round(sim, 4), detail=detail)


class _ActiveIndex:
    """The active stories' centroids and time spans in arrays (one row each, rows kept dense), a
    short hash of each centroid, and an inverted index from each story's heaviest names to the story.

    The hash is the signs of ``bits`` random projections of the centroid (random-hyperplane
    LSH: two vectors at angle θ differ in a fraction θ/π of them). When more stories are in an
    article's window than ``ClusterOptions.scan_limit``, only the ``scan_limit`` whose hash
    differs least from the article's have their centroids compared in full: comparing hashes
    costs a few XORs per story, the full product 384 multiplications.
    """

    def __init__(self, bits: int = 256) -> None:
        self.ids: list[str] = []
        self.rows: dict[str, int] = {}
        self.matrix = np.zeros((0, 0), dtype=np.float32)
        self.spans = np.zeros((0, 4), dtype=np.int64)  # first/last publish day, first/last seen day (-1: none)
        self.used = np.zeros(0, dtype=np.int64)  # the article count when the story was last in a window
        self.words = max(1, bits // 64)  # 64-bit words per hash
        self.hashes = np.zeros((0, self.words), dtype=np.uint64)
        self.planes: np.ndarray | None = None  # (dimension, 64 * words) random projections, drawn on first use
        self.tick = 0
        self.scanned = 0  # story centroids the embedding product went over, all articles together
        self.windowed = 0  # stories in the searches' time windows, all searches together
        self.postings: dict[int, set[str]] = {}
        self.indexed: dict[str, np.ndarray] = {}

    def hash_of(self, vecs: np.ndarray) -> np.ndarray:
        """(rows, words) uint64 sign hashes of the rows of ``vecs`` (seeded: the same in every process)."""
        vecs = np.atleast_2d(vecs).astype(np.float32)
        if self.planes is None or self.planes.shape[0] != vecs.shape[1]:
            rng = np.random.default_rng(20261208)
            self.planes = rng.standard_normal((vecs.shape[1], 64 * self.words)).astype(np.float32)
        signs = (vecs @ self.planes > 0).reshape(len(vecs), self.words, 8, 8)
        packed = np.packbits(signs, axis=-1, bitorder="little").reshape(len(vecs), self.words, 8)
        return np.ascontiguousarray(packed).view(np.uint64).reshape(len(vecs), self.words)

    def update(self, story: StorySummary, opts: ClusterOptions) -> None:
        """Add the story or bring its row up to date (centroid, spans, indexed names)."""
        row = self.rows.get(story.id)
        if row is None:
            row = self._add_row(story.id, story.vec_sum.shape[0])
        norm = float(np.linalg.norm(story.vec_sum))
        self.matrix[row] = story.vec_sum / norm if norm else story.vec_sum
        self.hashes[row] = self.hash_of(self.matrix[row])[0]
        self.spans[row] = [day_number(v) for v in (*(story.published or [None, None]),
                                                   *(story.seen or [None, None]))]
        self.used[row] = self.tick
        self._index_names(story, opts.indexed_names)

    def _add_row(self, story_id: str, dim: int) -> int:
        if len(self.ids) == len(self.matrix):
            size = max(16, 2 * len(self.matrix))
            self.matrix = _grown(self.matrix, (size, dim))
            self.hashes = _grown(self.hashes, (size, self.words))
            self.spans = _grown(self.spans, (size, 4))
            self.used = _grown(self.used, (size,))
        self.rows[story_id] = len(self.ids)
        self.ids.append(story_id)
        return len(self.ids) - 1

    def _index_names(self, story: StorySummary, count: int) -> None:
        keys, weights = story.names.to_arrays()
        top = keys[np.argsort(-weights, kind="stable")[:count]] if len(keys) else keys
        old = self.indexed.get(story.id)
        if old is not None and np.array_equal(old, top):
            return
        self._unindex(story.id)
        self.indexed[story.id] = top
        for key in top.tolist():
            self.postings.setdefault(key, set()).add(story.id)

    def _unindex(self, story_id: str) -> None:
        for key in self.indexed.pop(story_id, np.zeros(0, np.uint64)).tolist():
            holders = self.postings.get(key)
            if holders is not None:
                holders.discard(story_id)
                if not holders:
                    del self.postings[key]

    def remove(self, story_id: str) -> None:
        """Drop a story's row (the last row moves into its place)."""
        row = self.rows.pop(story_id, None)
        if row is None:
            return
        self._unindex(story_id)
        last = len(self.ids) - 1
        if row != last:
            moved = self.ids[last]
            self.ids[row] = moved
            self.rows[moved] = row
            self.matrix[row], self.spans[row], self.used[row] = self.matrix[last], self.spans[last], self.used[last]
            self.hashes[row] = self.hashes[last]
        self.ids.pop()

    def eligible(self, feats: ArticleFeatures, window: int) -> np.ndarray:
        """Rows of the stories within ``window`` days of the article (publish days when both have
        them, else the days first seen; no day on one side: no limit); marks them used."""
        self.tick += 1
        n = len(self.ids)
        spans = self.spans[:n]
        published, seen = day_number(feats.published), day_number(feats.seen)
        dated = spans[:, 0] >= 0
        if published >= 0:
            by_publish = dated & (spans[:, 0] - window <= published) & (published <= spans[:, 1] + window)
        else:
            by_publish, dated = np.zeros(n, dtype=bool), np.zeros(n, dtype=bool)
        if seen >= 0:
            by_seen = (spans[:, 2] < 0) | ((spans[:, 2] - window <= seen) & (seen <= spans[:, 3] + window))
        else:
            by_seen = np.ones(n, dtype=bool)
        rows = np.flatnonzero(by_publish | (~dated & by_seen))
        self.used[rows] = self.tick
        return rows

    def nearest(self, rows: np.ndarray, vec: np.ndarray, names: Sparse, count: int, by_names: int,
                limit: int) -> list[tuple[str, float]]:
        """The ``count`` rows nearest by embedding (among the ``limit`` nearest by hash when there are
        more rows), and up to ``by_names`` more among the stories indexed under the article's
        heaviest names."""
        self.windowed += len(rows)
        if len(rows) > limit:
            rows = self._shortlist(rows, vec, limit)
        sims = self.matrix[rows] @ vec  # the stories in the window only (memory may hold more: a batch pass)
        self.scanned += len(rows)
        if len(rows) > count:
            top = np.argpartition(-sims, count - 1)[:count]
        else:
            top = np.arange(len(rows))
        chosen = {self.ids[rows[i]]: float(sims[i]) for i in top}
        for sid in self._by_names(names, by_names, chosen):
            chosen[sid] = float(self.matrix[self.rows[sid]] @ vec)
        # the same order whatever the numeric ties: by similarity, then id
        return sorted(chosen.items(), key=lambda kv: (-kv[1], kv[0]))

    def _shortlist(self, rows: np.ndarray, vec: np.ndarray, limit: int) -> np.ndarray:
        """The ``limit`` rows whose centroid hash differs from the vector's in the fewest bits
        (ties: the lower row), in row order."""
        differ = np.bitwise_count(self.hashes[rows] ^ self.hash_of(vec)).sum(axis=1)
        keep = np.lexsort((rows, differ))[:limit]
        return rows[np.sort(keep)]

    def _by_names(self, names: Sparse, count: int, chosen: dict[str, float]) -> list[str]:
        if not count or not len(names):
            return []
        heaviest = names.keys[np.argsort(-names.weights, kind="stable")[:3]].tolist()
        votes: Counter = Counter()
        for key, weight in zip(heaviest, range(3, 0, -1)):
            for sid in self.postings.get(key, ()):
                if sid not in chosen and self.used[self.rows[sid]] == self.tick:  # in the window
                    votes[sid] += weight
        return [sid for sid, _ in sorted(votes.items(), key=lambda kv: (-kv[1], kv[0]))[:count]]

    def idle(self, max_idle: int) -> list[str]:
        n = len(self.ids)
        return [self.ids[i] for i in np.flatnonzero(self.tick - self.used[:n] > max_idle)]


def _centroid(vec_sum: np.ndarray) -> np.ndarray:
    norm = float(np.linalg.norm(vec_sum))
    return vec_sum / norm if norm else vec_sum


def _grown(array: np.ndarray, shape: tuple[int, ...]) -> np.ndarray:
    out = np.zeros(shape, dtype=array.dtype)
    if array.size:
        out[: len(array)] = array
    return out


# -- stored form of a story ---------------------------------------------------------------------------
def _story_bytes(story: StorySummary) -> bytes:
    head = json.dumps({"id": story.id, "n": story.n, "participants": story.participants, "places": story.places,
                       "dates": story.dates, "published": story.published, "seen": story.seen,
                       "square": [story.names.square, story.figures.square, story.terms.square]}).encode()
    arrays = [story.vec_sum.astype(np.float32)]
    for total in (story.names, story.figures, story.terms):
        arrays += [total.keys, total.weights.astype(np.float32)]
    lengths = [len(a) for a in arrays]
    return struct.pack("<I", len(head)) + head + struct.pack("<7I", *lengths) + b"".join(a.tobytes() for a in arrays)


def _story_from_bytes(data: bytes, opts: ClusterOptions) -> StorySummary:
    (size,) = struct.unpack_from("<I", data)
    head = json.loads(data[4:4 + size])
    lengths = struct.unpack_from("<7I", data, 4 + size)
    offset, arrays = 4 + size + 28, []
    for length, dtype in zip(lengths, (np.float32, np.uint64, np.float32, np.uint64, np.float32, np.uint64,
                                       np.float32)):
        arrays.append(np.frombuffer(data, dtype=dtype, count=length, offset=offset).copy())
        offset += length * np.dtype(dtype).itemsize
    caps = (opts.names_cap, opts.names_cap, opts.terms_cap)
    names, figures, terms = (SparseSum.from_arrays(arrays[1 + 2 * i], arrays[2 + 2 * i], caps[i]) for i in range(3))
    return StorySummary(head["id"], arrays[0], head["n"], names, figures, terms, Counter(head["participants"]),
                        Counter(head["places"]), Counter(head["dates"]), head["published"], head["seen"])


# -- helpers --------------------------------------------------------------------------------------------
def _sparse_cross(first: tuple[np.ndarray, np.ndarray, np.ndarray], second: tuple[np.ndarray, np.ndarray, np.ndarray],
                  shape: tuple[int, int]) -> np.ndarray:
    """Dot products between every member of one group and every member of another, from their
    flattened sparse vectors (see :meth:`_Group.flat`)."""
    keys_a, weights_a, owner_a = first
    keys_b, weights_b, owner_b = second
    out = np.zeros(shape)
    if not len(keys_a) or not len(keys_b):
        return out
    lo = np.searchsorted(keys_b, keys_a, side="left")
    hi = np.searchsorted(keys_b, keys_a, side="right")
    counts = hi - lo
    if not counts.any():
        return out
    a = np.repeat(np.arange(len(keys_a)), counts)
    b = np.repeat(lo - np.cumsum(counts) + counts, counts) + np.arange(counts.sum())
    np.add.at(out, (owner_a[a], owner_b[b]), weights_a[a] * weights_b[b])
    return out


def _two_groups(scores: np.ndarray) -> tuple[list[int], list[int]]:
    """Average-linkage agglomeration of the items down to two groups (``scores``: pairwise similarity)."""
    groups = [[i] for i in range(len(scores))]
    sim = scores.astype(np.float64)  # a copy
    sizes = np.ones(len(scores))
    alive = np.ones(len(scores), dtype=bool)
    np.fill_diagonal(sim, -np.inf)
    while alive.sum() > 2:
        masked = np.where(np.outer(alive, alive), sim, -np.inf)
        a, b = divmod(int(np.argmax(masked)), len(scores))
        a, b = min(a, b), max(a, b)
        merged = (sizes[a] * sim[a] + sizes[b] * sim[b]) / (sizes[a] + sizes[b])
        sim[a], sim[:, a] = merged, merged
        sim[a, a] = -np.inf
        sizes[a] += sizes[b]
        alive[b] = False
        groups[a] += groups[b]
    first, second = (groups[i] for i in np.flatnonzero(alive))
    return sorted(first), sorted(second)


def idf(frequency: np.ndarray, population: int) -> np.ndarray:
    """Inverse frequency with smoothing (positive even for a key every member of the population has)."""
    return np.log((population + 1) / (np.minimum(frequency, population) + 0.5))


def _unit_tfidf(counts: dict[str, int], frequency: CountMin, population: int) -> Sparse:
    """Unit-length (1 + log count) · idf weights."""
    raw = Sparse.of({k: float(c) for k, c in counts.items() if c > 0})
    if not len(raw):
        return EMPTY
    weights = (1.0 + np.log(raw.weights)) * idf(frequency.get(raw.keys), population)
    return Sparse(raw.keys, weights, raw.labels).unit()


def _counterpart(participants, lede_names, story: StorySummary) -> tuple[str, str] | None:
    """(newcomer, absent) when the lede names someone the story never mentions while the
    story's lead participant is missing from the lede: another person in the same role."""
    people = sorted(set(participants))
    newcomers = [p for p, known in zip(people, story.mentions(people)) if not known and not story.participants[p]]
    if not newcomers:
        return None
    in_lede = set(lede_names) | set(participants)
    absent = [q for q in story.core_participants() if q not in in_lede]
    return (newcomers[0], absent[0]) if absent else None


def _span(value: str) -> tuple[date, date] | None:
    """'2025-03-18' -> that day twice; '2025-03' -> the month's first and last day."""
    try:
        if len(value) == 7:
            first = date.fromisoformat(value + "-01")
            following = date(first.year + first.month // 12, first.month % 12 + 1, 1)
            return first, following - timedelta(days=1)
        day = date.fromisoformat(value)
        return day, day
    except (TypeError, ValueError):
        return None


def _gap(a: tuple[date, date], b: tuple[date, date]) -> int:
    """Days between two spans (0 when they overlap)."""
    return max(0, (b[0] - a[1]).days, (a[0] - b[1]).days)


def _date_relation(days: list[str], story_days: Counter, opts: ClusterOptions) -> tuple[list[str], bool]:
    """(stated days close to the story's, whether every stated date is far from every one of the story's)."""
    mine = [(d, s) for d in sorted(set(days)) if (s := _span(d))]
    theirs = [s for d in story_days if (s := _span(d))]
    if not mine or not theirs:
        return [], False
    close = [d for d, s in mine if len(d) == 10 and any(t[0] == t[1] and _gap(s, t) <= opts.date_window_days
                                                         for t in theirs)]
    far = min(_gap(s, t) for _, s in mine for t in theirs) > opts.stale_days
    return close, far


def _publish_gap(published: str | None, span: list[str]) -> int | None:
    """Days between a publish day and the story's first..last publish days (0 inside)."""
    day = _span(published) if published else None
    bounds = [b for value in span if (b := _span(value))]
    if day is None or len(bounds) != 2:
        return None
    return _gap(day, (bounds[0][0], bounds[1][1]))


def _span_gap(first: list[str], second: list[str]) -> int | None:
    """Days between two stories' publish spans (0 when they overlap; None when either has none)."""
    if len(first) != 2 or len(second) != 2:
        return None
    a, b = (day_number(first[0]), day_number(first[1])), (day_number(second[0]), day_number(second[1]))
    return max(0, b[0] - a[1], a[0] - b[1])


def _same_actor(feats: ArticleFeatures, weighted: Weighted, story: StorySummary) -> bool:
    """Whether the article and the story share a lede participant or a full name (two words or
    more: "a bank" or "united" is not one actor)."""
    if any(story.participants[p] for p in set(feats.participants)):
        return True
    return bool(len(weighted.full_names) and story.names.contains(weighted.full_names).any())


def _time_term(gap: int | None, opts: ClusterOptions, names_sim: float = 1.0) -> float:
    """Publish-date closeness: a bonus within the news cycle for an article that names the same
    actors (none when it shares no name: many events happen the same days), a penalty growing
    with the gap past the grace period; nothing when either side is undated."""
    if gap is None:
        return 0.0
    if gap <= opts.near_days:
        return opts.near_bonus * min(1.0, names_sim / opts.near_names) if opts.near_names > 0 else opts.near_bonus
    return -min(opts.gap_max_penalty, opts.gap_penalty_per_day * max(0, gap - opts.gap_grace_days))


def _join(assignment: Assignment) -> JoinEvidence:
    """The evidence of an article scored against a story (what :meth:`StoryClusterer._score` returns)."""
    return assignment.detail  # type: ignore[return-value]


def _add_shared(assignment: Assignment, story: StorySummary, feats: ArticleFeatures, weighted: Weighted) -> None:
    """The evidence only the chosen story needs: the names and words that weigh most in the
    agreement, and the participants the story knows."""
    detail = _join(assignment)
    detail["shared_names"] = story.names.top_shared(weighted.names)
    detail["shared_terms"] = story.terms.top_shared(weighted.terms)
    assignment.detail = {k: detail[k] for k in _DETAIL_ORDER if k in detail}  # type: ignore[misc]
    people = sorted(set(feats.participants))
    assignment.shared_participants = [p for p, known in zip(people, story.mentions(people))
                                      if known or story.participants[p]]


_DETAIL_ORDER = ("names_similarity", "terms_similarity", "figures_similarity", "bar", "margin", "shared_names",
                 "shared_terms", "date_clash", "published_gap_days", "counterpart")


def _nearest(best: Assignment) -> NearestStory:
    """Why the nearest story was not joined."""
    detail = _join(best)
    out: NearestStory = {"story": best.story_id, "score": best.score, "bar": detail["bar"],
                         "similarity": best.similarity, "names_similarity": detail["names_similarity"],
                         "terms_similarity": detail["terms_similarity"]}
    if detail.get("counterpart"):
        out["counterpart"] = detail["counterpart"]
    if detail["date_clash"]:
        out["date_clash"] = True
    if detail.get("published_gap_days"):
        out["published_gap_days"] = detail["published_gap_days"]
    return out
