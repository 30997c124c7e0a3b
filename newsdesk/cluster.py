"""Cluster: assign each new article to a story (one real-world event) or start one.

Online, one pass: :class:`StoryClusterer` keeps a small summary per story
(embedding centroid, participant/place/date counts) and scores a new article
against every story with

    score = cosine(title+lead embedding, story centroid)
          + participant and place agreement bonuses
          + shared-date bonus − clashing-date penalty

It joins the best story when the score clears ``threshold``; otherwise it
starts a new story. The returned :class:`Assignment` keeps the evidence.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date

import numpy as np

from .records import ArticleFeatures, Assignment
from .textutil import stable_id

__all__ = ["ClusterOptions", "StoryClusterer", "StorySummary"]


@dataclass(frozen=True, slots=True)
class ClusterOptions:
    threshold: float = 0.55
    participant_weight: float = 0.20
    place_weight: float = 0.06
    date_bonus: float = 0.06
    date_penalty: float = 0.12
    date_window_days: int = 3
    max_candidates: int = 50  # stories scored in full (the nearest by embedding)


@dataclass(slots=True)
class StorySummary:
    id: str
    vec_sum: np.ndarray
    n: int = 0
    participants: Counter = field(default_factory=Counter)
    places: Counter = field(default_factory=Counter)
    dates: Counter = field(default_factory=Counter)

    def centroid(self) -> np.ndarray:
        norm = float(np.linalg.norm(self.vec_sum))
        return self.vec_sum / norm if norm else self.vec_sum

    def learn(self, vec: np.ndarray, feats: ArticleFeatures) -> None:
        self.vec_sum = self.vec_sum + vec
        self.n += 1
        self.participants.update(set(feats.participants))
        self.places.update(set(feats.places))
        self.dates.update({d for d in feats.dates if len(d) == 10})


class StoryClusterer:
    """Online story clusterer (``predict_one`` / ``learn_one``), seeded and picklable."""

    def __init__(self, options: ClusterOptions = ClusterOptions()) -> None:
        self.options = options
        self.stories: dict[str, StorySummary] = {}
        self._ids: list[str] = []
        self._matrix = np.zeros((0, 384), dtype=np.float32)

    # -- protocol ---------------------------------------------------------------
    def predict_one(self, vec: np.ndarray, feats: ArticleFeatures, *, key: str) -> Assignment:
        """Where the article would go (no state change)."""
        best: Assignment | None = None
        for story_id, sim in self._candidates(vec):
            candidate = self._score(self.stories[story_id], sim, feats)
            if best is None or candidate.score > best.score:
                best = candidate
        if best is not None and best.score >= self.options.threshold:
            return best
        detail = {"best_score": round(best.score, 3), "best_story": best.story_id} if best else {}
        return Assignment(story_id=stable_id("story", key), score=1.0, new_story=True, reason="new",
                          detail=detail)

    def learn_one(self, vec: np.ndarray, feats: ArticleFeatures, assignment: Assignment) -> None:
        """Add the article to the story it was assigned to."""
        story = self.stories.get(assignment.story_id)
        if story is None:
            story = StorySummary(assignment.story_id, np.zeros_like(vec, dtype=np.float32))
            self.stories[story.id] = story
            self._ids.append(story.id)
            self._matrix = np.vstack([self._matrix, np.zeros((1, vec.shape[0]), dtype=np.float32)])
        story.learn(vec, feats)
        self._matrix[self._ids.index(story.id)] = story.centroid()

    def assign(self, vec: np.ndarray, feats: ArticleFeatures, *, key: str) -> Assignment:
        assignment = self.predict_one(vec, feats, key=key)
        self.learn_one(vec, feats, assignment)
        return assignment

    # -- scoring ----------------------------------------------------------------
    def _candidates(self, vec: np.ndarray) -> list[tuple[str, float]]:
        if not self._ids:
            return []
        sims = self._matrix @ vec
        order = np.argsort(-sims)[: self.options.max_candidates]
        return [(self._ids[i], float(sims[i])) for i in order]

    def _score(self, story: StorySummary, sim: float, feats: ArticleFeatures) -> Assignment:
        opts = self.options
        people = set(feats.participants)
        shared_people = sorted(p for p in people if story.participants[p])
        people_agree = _overlap(people, story.participants)
        places = set(feats.places)
        shared_places = sorted(p for p in places if story.places[p])
        place_agree = _overlap(places, story.places)
        days = {d for d in feats.dates if len(d) == 10}
        shared_days, clash = _date_relation(days, story.dates, opts.date_window_days)
        score = (sim + opts.participant_weight * people_agree + opts.place_weight * place_agree
                 + (opts.date_bonus if shared_days else 0.0) - (opts.date_penalty if clash else 0.0))
        return Assignment(story_id=story.id, score=round(score, 4), new_story=False, reason="similar",
                          shared_participants=shared_people, shared_places=shared_places,
                          shared_dates=sorted(shared_days), similarity=round(sim, 4),
                          detail={"participant_agreement": round(people_agree, 3),
                                  "place_agreement": round(place_agree, 3), "date_clash": clash})


def _overlap(mine: set[str], theirs: Counter) -> float:
    """+1 when all my names are known to the story, −1 when none are (0 without names)."""
    if not mine or not theirs:
        return 0.0
    shared = sum(1 for m in mine if theirs[m])
    return 2.0 * shared / len(mine) - 1.0


def _date_relation(days: set[str], story_days: Counter, window: int) -> tuple[set[str], bool]:
    if not days or not story_days:
        return set(), False
    mine = [date.fromisoformat(d) for d in days]
    theirs = [date.fromisoformat(d) for d in story_days]
    close = {d.isoformat() for d in mine if any(abs((d - t).days) <= window for t in theirs)}
    return close, not close and min(abs((d - t).days) for d in mine for t in theirs) > 30
