"""The evidence a story assignment keeps: why an article joined its story, started one, or moved.

Typed records that are plain dicts at run time (``TypedDict``), so what the
clusterer returns is what the store keeps in ``story_articles.evidence`` and
what a batch job's log holds, field for field, with no conversion step.
Written by the stages (:mod:`newsdesk.cluster`, :mod:`newsdesk.pipeline`),
read by :func:`newsdesk.explain.explain`.
"""
from __future__ import annotations

from typing import TypedDict

__all__ = ["CopyEvidence", "Counterpart", "Evidence", "JoinEvidence", "MergeEvidence", "NearestStory",
           "NewStoryEvidence", "SplitEvidence"]


class Counterpart(TypedDict):
    """Another person in the story's lead role: the one the article's lede names, the one it leaves out."""

    article: str
    story: str


class _JoinRequired(TypedDict):
    names_similarity: float
    terms_similarity: float
    figures_similarity: float
    bar: float  # the story's bar: threshold + young-story margin / its articles
    margin: float  # score - bar
    date_clash: bool  # every day the article states is far from the story's


class JoinEvidence(_JoinRequired, total=False):
    """An article scored against a story (``reason`` "similar" when it joined)."""

    shared_names: list[str]  # the names and words that weigh most in the agreement
    shared_terms: list[str]
    published_gap_days: int  # only when both sides are dated
    counterpart: Counterpart


class _NearestRequired(TypedDict):
    story: str
    score: float
    bar: float
    similarity: float | None
    names_similarity: float
    terms_similarity: float


class NearestStory(_NearestRequired, total=False):
    """The story an article that started its own came nearest to joining, and what held it back."""

    counterpart: Counterpart
    date_clash: bool
    published_gap_days: int


class NewStoryEvidence(TypedDict, total=False):
    """An article that started a story: the nearest story it did not join, or the window that held none."""

    nearest: NearestStory
    window_days: int


class CopyEvidence(TypedDict):
    """A copy or light rewrite of an earlier article: it takes that article's story."""

    copy_of: str
    jaccard: float


class SplitEvidence(TypedDict):
    split_from: str
    between: float  # mean pairwise score between the two parts
    bar: float
    kept: int
    moved: int


class MergeEvidence(TypedDict):
    merged_from: str
    between: float  # mean pairwise score between the two stories' articles
    bar: float
    kept: int
    moved: int


Evidence = JoinEvidence | NewStoryEvidence | CopyEvidence
