"""Cluster: assign each new article to a story (one real-world event) or start one.

Online, in one pass, with the protocol every online component here shares
(:class:`OnlineComponent`: ``predict_one`` / ``learn_one`` / ``assign``).
For each candidate story (the nearest by title+lead embedding) an article
scores

    score = min(cosine(embedding, story centroid), topic_cap)   what kind of event
          + names_weight · cosine(names, story names)             who, where, which figures
          + terms_weight · cosine(words, story words)             what the whole text tells (TF-IDF)
          + figures_weight · cosine(figures, story figures)       which scores, amounts, tolls
          + date_bonus    when a day it states is close to one the story states
          − date_penalty  when stated days, or publish dates, are far apart
          − counterpart_penalty  when the lede names a participant the story never
                                 mentions and leaves out the story's own lead participant

The embedding is capped because two reports of *different* events of one kind
(two earthquakes, two arrests) read alike: past the cap only names, words,
figures and dates tell them apart. Names are weighted by their rarity among the
desk's stories, content words by their rarity among its articles (TF-IDF with the
desk's own counts, kept online like everything else here). A story keeps the
sums of its members' weighted vectors. The article joins the story with the
best margin over that story's bar,

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
"""
from __future__ import annotations

import math
from collections import Counter, OrderedDict
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any, Protocol

import numpy as np

from .explain import explain  # noqa: F401  (re-exported: cluster.explain)
from .features import idf
from .records import ArticleFeatures, Assignment
from .textutil import stable_id

__all__ = ["ClusterOptions", "OnlineComponent", "SparseSum", "StoryClusterer", "StorySplit", "StorySummary",
           "Weighted", "explain"]


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
    date_penalty: float = 0.3
    date_window_days: int = 3  # stated days this close are the same moment of one event
    stale_days: int = 30  # stated days or publish dates this far apart are different events
    max_candidates: int = 10  # stories scored in full (the nearest by embedding)
    split_bar: float = 1.5  # mean pairwise score between a story's two parts under which it splits
    split_min_part: int = 5  # articles each part needs before a split is considered
    split_max_members: int = 48  # larger stories are settled: no more split checks
    split_memory: int = 5000  # articles whose weights are kept for split checks (least recent stories dropped)
    split_terms: int = 60  # content words kept per article for split checks (the heaviest)


@dataclass(slots=True)
class SparseSum:
    """A sum of unit-length sparse vectors (key -> weight), its squared length kept current."""

    weights: dict[str, float] = field(default_factory=dict)
    square: float = 0.0

    def add(self, unit: dict[str, float]) -> None:
        for key, weight in unit.items():
            old = self.weights.get(key, 0.0)
            self.weights[key] = old + weight
            self.square += weight * (2.0 * old + weight)

    def cosine(self, unit: dict[str, float]) -> float:
        """Cosine between a unit-length vector and this sum (0 when either is empty)."""
        if not unit or self.square <= 0.0:
            return 0.0
        return sum(w * self.weights.get(k, 0.0) for k, w in unit.items()) / math.sqrt(self.square)

    def top_shared(self, unit: dict[str, float], top: int = 6) -> list[str]:
        """The keys that weigh most in the agreement with ``unit``."""
        shared = [(w * self.weights[k], k) for k, w in unit.items() if k in self.weights]
        return [k for _, k in sorted(shared, reverse=True)[:top]]


@dataclass(frozen=True, slots=True)
class Weighted:
    """An article's names, figures and content words as unit-length idf-weighted vectors."""

    names: dict[str, float]
    figures: dict[str, float]
    terms: dict[str, float]


@dataclass(frozen=True, slots=True)
class StorySplit:
    """A story divided in two: ``moved`` (article keys) now make up ``new_story``."""

    story_id: str
    new_story: str
    moved: list[str]
    kept: int
    between: float  # mean pairwise score between the two parts
    bar: float

    def evidence(self) -> dict[str, Any]:
        return {"split_from": self.story_id, "between": round(self.between, 4), "bar": self.bar,
                "kept": self.kept, "moved": len(self.moved)}


@dataclass(frozen=True, slots=True)
class _Member:
    key: str
    vec: np.ndarray
    feats: ArticleFeatures
    weighted: Weighted


@dataclass(slots=True)
class StorySummary:
    """What the clusterer remembers of one story."""

    id: str
    vec_sum: np.ndarray
    n: int = 0
    names: SparseSum = field(default_factory=SparseSum)  # the members' weighted names and figures
    figures: SparseSum = field(default_factory=SparseSum)  # the members' weighted figures alone
    terms: SparseSum = field(default_factory=SparseSum)  # the members' weighted content words
    mentioned: set[str] = field(default_factory=set)  # every name any member mentions
    participants: Counter = field(default_factory=Counter)  # people named in the members' ledes
    places: Counter = field(default_factory=Counter)
    dates: Counter = field(default_factory=Counter)  # days the members state
    published: list[str] = field(default_factory=list)  # [first, last] publish day

    def learn(self, vec: np.ndarray, feats: ArticleFeatures, weighted: Weighted) -> None:
        self.vec_sum = self.vec_sum + vec
        self.n += 1
        self.names.add(weighted.names)
        self.figures.add(weighted.figures)
        self.terms.add(weighted.terms)
        self.mentioned.update(feats.names)
        self.participants.update(set(feats.participants))
        self.places.update(set(feats.places))
        self.dates.update(set(feats.dates))
        if feats.published:
            days = self.published + [feats.published]
            self.published = [min(days), max(days)]

    def core_participants(self) -> list[str]:
        """People named in the ledes of at least half of the story's articles."""
        return sorted(p for p, c in self.participants.items() if 2 * c >= self.n)


class StoryClusterer:
    """Online story clusterer (``predict_one`` / ``learn_one`` / ``assign``); deterministic and picklable."""

    def __init__(self, options: ClusterOptions = ClusterOptions()) -> None:
        self.options = options
        self.stories: dict[str, StorySummary] = {}
        self.story_frequency: Counter = Counter()  # stories mentioning each name
        self.term_frequency: Counter = Counter()  # stories' articles using each content word
        self.n_articles = 0  # articles learned (copies of a stored text are not: they add no evidence)
        self._ids: list[str] = []
        self._rows: dict[str, int] = {}
        self._matrix: np.ndarray | None = None  # story centroids, one row each (grown by doubling)
        self._members: OrderedDict[str, list[_Member]] = OrderedDict()  # for split checks, least recent first
        self._kept = 0  # members held in _members

    # -- protocol -------------------------------------------------------------------------
    def predict_one(self, vec: np.ndarray, feats: ArticleFeatures, *, key: str) -> Assignment:
        """Where the article would go (no state change)."""
        weighted = self.weigh(feats)
        scored = [self._score(self.stories[sid], sim, feats, weighted) for sid, sim in self._candidates(vec)]
        best = max(scored, key=lambda a: (a.detail["margin"], a.story_id), default=None)
        if best is not None and best.detail["margin"] >= 0:
            return best
        detail = {"nearest": _nearest(best)} if best else {}
        return Assignment(story_id=stable_id("story", key), score=1.0, new_story=True, reason="new",
                          detail=detail)

    def learn_one(self, vec: np.ndarray, feats: ArticleFeatures, assignment: Assignment, *,
                  key: str | None = None) -> None:
        """Add the article to the story it was assigned to (starting that story if needed).

        Without its ``key`` the article cannot be moved, so its story is never split.
        """
        vec = np.asarray(vec, dtype=np.float32)
        weighted = self.weigh(feats)
        story = self.stories.get(assignment.story_id)
        if story is None:
            story = StorySummary(assignment.story_id, np.zeros_like(vec))
            self.stories[story.id] = story
            self._add_row(story.id, vec.shape[0])
        self.story_frequency.update(set(feats.names) - story.mentioned)
        self.term_frequency.update(weighted.terms.keys())
        self.n_articles += 1
        story.learn(vec, feats, weighted)
        self._update_row(story)
        self._remember(story, key and _Member(key, vec, feats, _lighter(weighted, self.options.split_terms)))

    def _update_row(self, story: StorySummary) -> None:
        norm = float(np.linalg.norm(story.vec_sum))
        self._matrix[self._rows[story.id]] = story.vec_sum / norm if norm else story.vec_sum

    def assign(self, vec: np.ndarray, feats: ArticleFeatures, *, key: str) -> Assignment:
        assignment = self.predict_one(vec, feats, key=key)
        self.learn_one(vec, feats, assignment, key=key)
        return assignment

    # -- splits -----------------------------------------------------------------------------
    def _remember(self, story: StorySummary, member: _Member | None) -> None:
        """Keep the member for split checks while the story is small and recent enough."""
        members = self._members.pop(story.id, None)
        if members is None and story.n > 1:  # forgotten earlier, or settled: never checked again
            return
        members = members or []
        if member is None or story.n > self.options.split_max_members:
            self._kept -= len(members)
            return
        members.append(member)
        self._kept += 1
        self._members[story.id] = members
        while self._kept > self.options.split_memory:
            _, dropped = self._members.popitem(last=False)
            self._kept -= len(dropped)

    def split(self, story_id: str) -> StorySplit | None:
        """Divide the story in two when its members form two groups far apart (see the module doc)."""
        opts = self.options
        members = self._members.get(story_id)
        if not members or len(members) < 2 * opts.split_min_part:
            return None
        pairs = self._pair_scores(members)
        first, second = _two_groups(pairs)
        if 0 not in first:
            first, second = second, first
        if min(len(first), len(second)) < opts.split_min_part:
            return None
        between = float(pairs[np.ix_(first, second)].mean())
        if between >= opts.split_bar:
            return None
        moved = [members[i] for i in second]
        new_id = stable_id("story", moved[0].key)
        while new_id in self.stories:
            new_id = stable_id("story", new_id)
        self._rebuild_story(story_id, [members[i] for i in first])
        self._rebuild_story(new_id, moved)
        return StorySplit(story_id, new_id, [m.key for m in moved], len(first), between, opts.split_bar)

    def _pair_scores(self, members: list[_Member]) -> np.ndarray:
        """The join score's similarity part between every two members (dense matrices over their keys)."""
        opts = self.options
        vecs = np.stack([m.vec for m in members])  # float32, as learned
        scores = np.minimum(vecs @ vecs.T, opts.topic_cap).astype(np.float64)
        for weight, part in ((opts.names_weight, "names"), (opts.terms_weight, "terms"),
                             (opts.figures_weight, "figures")):
            rows = _dense([getattr(m.weighted, part) for m in members])
            scores += weight * (rows @ rows.T)
        return scores

    def _rebuild_story(self, story_id: str, members: list[_Member]) -> None:
        """Recompute a story's summary from its members (after a split)."""
        old = self.stories.get(story_id)
        if old is not None:
            self.story_frequency.subtract(old.mentioned)
        story = StorySummary(story_id, np.zeros_like(members[0].vec))
        for m in members:
            story.learn(m.vec, m.feats, m.weighted)
        self.stories[story_id] = story
        self.story_frequency.update(story.mentioned)
        if story_id not in self._rows:
            self._add_row(story_id, members[0].vec.shape[0])
        self._update_row(story)
        self._kept += len(members) - len(self._members.get(story_id, []))
        self._members[story_id] = list(members)

    # -- weights ----------------------------------------------------------------------------
    def weigh(self, feats: ArticleFeatures) -> Weighted:
        """The article's names, figures and words weighted by how rare they are in the desk.

        Names count stories (a name every story has says little, while a big
        story's own names are not made common by its size); content words count
        articles, as TF-IDF does. ``idf_prior`` unseen pseudo-documents keep a
        young desk from calling common what it has seen once.
        """
        prior = self.options.idf_prior
        names = _unit_tfidf(feats.names, self.story_frequency, len(self.stories) + prior)
        figures = _unit({k: w for k, w in names.items() if k.startswith("#")})
        terms = _unit_tfidf(feats.terms or {}, self.term_frequency, self.n_articles + prior)
        return Weighted(names, figures, terms)

    # -- candidates -------------------------------------------------------------------------
    def _add_row(self, story_id: str, dim: int) -> None:
        if self._matrix is None:
            self._matrix = np.zeros((16, dim), dtype=np.float32)
        elif len(self._ids) == self._matrix.shape[0]:
            self._matrix = np.vstack([self._matrix, np.zeros_like(self._matrix)])
        self._rows[story_id] = len(self._ids)
        self._ids.append(story_id)

    def _candidates(self, vec: np.ndarray) -> list[tuple[str, float]]:
        if not self._ids:
            return []
        sims = self._matrix[: len(self._ids)] @ np.asarray(vec, dtype=np.float32)
        order = np.argsort(-sims, kind="stable")[: self.options.max_candidates]
        return [(self._ids[i], float(sims[i])) for i in order]

    # -- scoring -------------------------------------------------------------------------------
    def _score(self, story: StorySummary, sim: float, feats: ArticleFeatures, weighted: Weighted) -> Assignment:
        opts = self.options
        names_sim = story.names.cosine(weighted.names)
        terms_sim = story.terms.cosine(weighted.terms)
        figures_sim = story.figures.cosine(weighted.figures)
        shared_days, date_clash = _date_relation(feats.dates, story.dates, opts)
        gap = _publish_gap(feats.published, story.published)
        stale = date_clash or (gap is not None and gap > opts.stale_days)
        counterpart = _counterpart(feats, story)
        score = (min(sim, opts.topic_cap) + opts.names_weight * names_sim + opts.terms_weight * terms_sim
                 + opts.figures_weight * figures_sim
                 + (opts.date_bonus if shared_days else 0.0) - (opts.date_penalty if stale else 0.0)
                 - (opts.counterpart_penalty if counterpart else 0.0))
        bar = opts.threshold + opts.young_story_margin / story.n
        detail: dict[str, Any] = {"names_similarity": round(names_sim, 4), "terms_similarity": round(terms_sim, 4),
                                  "figures_similarity": round(figures_sim, 4), "bar": round(bar, 4),
                                  "margin": round(score - bar, 4),
                                  "shared_names": story.names.top_shared(weighted.names),
                                  "shared_terms": story.terms.top_shared(weighted.terms), "date_clash": date_clash}
        if gap is not None:
            detail["published_gap_days"] = gap
        if counterpart:
            detail["counterpart"] = {"article": counterpart[0], "story": counterpart[1]}
        return Assignment(story_id=story.id, score=round(score, 4), new_story=False, reason="similar",
                          shared_participants=sorted(p for p in set(feats.participants)
                                                     if story.participants[p] or p in story.mentioned),
                          shared_places=sorted(p for p in set(feats.places) if story.places[p]),
                          shared_dates=shared_days, similarity=round(sim, 4), detail=detail)


def _lighter(weighted: Weighted, n_terms: int) -> Weighted:
    """The weights with only the heaviest ``n_terms`` content words: enough to compare members."""
    if len(weighted.terms) <= n_terms:
        return weighted
    terms = dict(sorted(weighted.terms.items(), key=lambda kv: (-kv[1], kv[0]))[:n_terms])
    return Weighted(weighted.names, weighted.figures, terms)


def _dense(rows: list[dict[str, float]]) -> np.ndarray:
    """Sparse rows (key -> weight) as one dense matrix over their keys."""
    columns: dict[str, int] = {}
    for row in rows:
        for key in row:
            columns.setdefault(key, len(columns))
    out = np.zeros((len(rows), max(1, len(columns))))
    for i, row in enumerate(rows):
        for key, weight in row.items():
            out[i, columns[key]] = weight
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


def _unit(weights: dict[str, float]) -> dict[str, float]:
    norm = math.sqrt(sum(w * w for w in weights.values()))
    return {k: w / norm for k, w in weights.items()} if norm else {}


def _unit_tfidf(counts: dict[str, int], frequency: Counter, population: int) -> dict[str, float]:
    """Unit-length (1 + log count) · idf weights."""
    return _unit({k: (1.0 + math.log(c)) * idf(frequency[k], population) for k, c in counts.items() if c > 0})


def _counterpart(feats: ArticleFeatures, story: StorySummary) -> tuple[str, str] | None:
    """(newcomer, absent) when the lede names someone the story never mentions while the
    story's lead participant is missing from the lede: another person in the same role."""
    newcomers = sorted(p for p in set(feats.participants) if p not in story.mentioned and not story.participants[p])
    if not newcomers:
        return None
    in_lede = set(feats.lede_names) | set(feats.participants)
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


def _nearest(best: Assignment) -> dict[str, Any]:
    """Why the nearest story was not joined."""
    out = {"story": best.story_id, "score": best.score, "bar": best.detail["bar"],
           "similarity": best.similarity, "names_similarity": best.detail["names_similarity"],
           "terms_similarity": best.detail["terms_similarity"]}
    for key in ("counterpart", "date_clash", "published_gap_days"):
        if best.detail.get(key):
            out[key] = best.detail[key]
    return out
