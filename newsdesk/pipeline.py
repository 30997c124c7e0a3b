"""The pipeline runner: wires the per-article stages to the store.

    RawDoc ─ extract ─ clean ─ (id, exact-duplicate check) ─ fingerprint/origin
           ─ features + embedding (batched; not for copies) ─ story assignment ─ store (one transaction)

:class:`Ingestor` holds the online state (:class:`~newsdesk.grouping.Grouping`:
near-duplicate index and story clusterer), loaded from the desk when it opens
and saved to it, so ingesting in several runs gives the same stories as one run.
Each batch of articles is committed in one transaction: a crash or Ctrl-C loses
at most the batch in flight.
"""
from __future__ import annotations

import time
from collections import defaultdict
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Callable, Iterable, Iterator

import numpy as np

from .clean import CleanOptions, clean
from .cluster import ClusterOptions
from .embed import Embedder
from .errors import InputError
from .extract import ExtractOptions, extract
from .features import FeatureOptions, features_batch, term_counts
from .fingerprint import FingerprintOptions, OriginMatch, signature, to_bytes
from .grouping import Grouping, GroupingOptions, lede_of, story_title  # noqa: F401  (lede_of, story_title: re-exported)
from .pubdate import settle
from .records import Article, ArticleFeatures, Assignment, IngestOutcome, RawDoc
from .store import Store
from .textutil import canonical_url, normalise, stable_id
from .timeutil import utcnow

__all__ = ["IngestOptions", "Ingestor", "prepare"]


@dataclass(frozen=True, slots=True)
class IngestOptions:
    extract: ExtractOptions = field(default_factory=ExtractOptions)
    clean: CleanOptions = field(default_factory=CleanOptions)
    fingerprint: FingerprintOptions = field(default_factory=FingerprintOptions)
    features: FeatureOptions = field(default_factory=FeatureOptions)
    cluster: ClusterOptions = field(default_factory=ClusterOptions)
    grouping: GroupingOptions = field(default_factory=GroupingOptions)
    batch_size: int = 32
    lead_words: int = 40  # words of the body embedded with the title (more costs time, not accuracy)


def prepare(raw: RawDoc, options: IngestOptions = IngestOptions()) -> Article:
    """Extract and clean one document, date it, and give it its stable id (pure)."""
    article = settle(clean(extract(raw, options.extract), options.clean))
    if not article.text.strip():
        raise InputError("nothing left after removing page furniture")
    canon = canonical_url(article.url)
    article.id = stable_id("url", canon) if canon else stable_id("text", normalise(article.text))
    if not article.language:
        article.language = _language(article.text)
    return article


def _language(text: str) -> str | None:
    import py3langid

    lang, _ = py3langid.classify(text[:600])  # the cost grows with the length; 600 characters decide as well
    return lang


def content_hash(article: Article) -> str:
    return stable_id("content", normalise(article.text))


class Ingestor:
    """Ingests documents into a desk, keeping near-duplicate and story state online."""

    def __init__(self, store: Store, options: IngestOptions = IngestOptions(),
                 embedder: Embedder | None = None) -> None:
        self.store = store
        self.options = options
        self.embedder = embedder or Embedder()
        self.timings: defaultdict[str, float] = defaultdict(float)  # seconds spent per stage
        with self._timed("rebuild"):
            self.grouping = Grouping(store, options.fingerprint, options.cluster, options.grouping,
                                     terms_of=self._terms_of)

    @property
    def clusterer(self):
        """The story clusterer (its active stories)."""
        return self.grouping.clusterer

    @contextmanager
    def _timed(self, stage: str):
        start = time.perf_counter()
        try:
            yield
        finally:
            self.timings[stage] += time.perf_counter() - start

    def _terms_of(self, article_id: str) -> dict[str, int]:
        article = self.store.article(article_id)
        return term_counts(article.title, article.text, self.options.features.max_terms) if article else {}

    # -- ingest -----------------------------------------------------------------
    def ingest(self, items: Iterable[RawDoc | IngestOutcome],
               progress: Callable[[IngestOutcome], None] | None = None) -> Iterator[IngestOutcome]:
        """Ingest documents (or pass through outcomes of inputs that failed earlier)."""
        batch: list[tuple[RawDoc, Article]] = []
        for item in items:
            if isinstance(item, IngestOutcome):
                yield self._report(item, progress)
                continue
            try:
                with self._timed("extract+clean"):
                    article = prepare(item, self.options)
            except InputError as exc:
                yield self._report(IngestOutcome(item.uri, "skipped", str(exc)), progress)
                continue
            except (RecursionError, MemoryError, ValueError, TypeError, LookupError, AttributeError) as exc:
                # a parser library failing on one odd document must not end the run
                reason = f"could not be read ({type(exc).__name__}: {_one_line(exc)}); please report this file"
                yield self._report(IngestOutcome(item.uri, "skipped", reason), progress)
                continue
            batch.append((item, article))
            if len(batch) >= self.options.batch_size:
                yield from self._commit(batch, progress)
                batch = []
        if batch:
            yield from self._commit(batch, progress)
        with self._timed("store"):
            self.grouping.checkpoint()

    @staticmethod
    def _report(outcome: IngestOutcome, progress) -> IngestOutcome:
        if progress:
            progress(outcome)
        return outcome

    def _commit(self, batch: list[tuple[RawDoc, Article]], progress) -> Iterator[IngestOutcome]:
        with self._timed("duplicates"):
            fresh, outcomes = self._split_duplicates(batch)
        with self._timed("fingerprint"):  # before anything costly: a copy needs nothing more
            sigs = [signature(a.text, self.options.fingerprint) for _, a in fresh]
            matches = [self.grouping.origin(a.id, sig) for (_, a), sig in zip(fresh, sigs)]
        computed = self._compute([a for (_, a), m in zip(fresh, matches) if m.copy_of is None])
        with self.store.transaction():
            for (raw, article), sig, match in zip(fresh, sigs, matches):
                outcomes.append(self._store_one(raw, article, sig, match, computed))
            with self._timed("store"):
                self.grouping.after_batch()
        for outcome in outcomes:
            if outcome.status == "duplicate" and outcome.story_id is None:  # of an article in this batch
                outcome.story_id = self.store.story_of(outcome.article_id)
            yield self._report(outcome, progress)

    def _compute(self, articles: list[Article]) -> dict[str, tuple[np.ndarray, ArticleFeatures]]:
        """Title+lead embedding and features of each article, in batches."""
        if not articles:
            return {}
        with self._timed("embed"):
            vectors = self.embedder.embed([a.lead(self.options.lead_words) for a in articles])
        with self._timed("features"):
            feats = features_batch(articles, self.options.features)
        seen = utcnow().date().isoformat()  # the day first seen: the time of an undated article
        for f in feats:
            f.seen = seen
        return {a.id: (v, f) for a, v, f in zip(articles, vectors, feats)}

    def _split_duplicates(self, batch):
        fresh, outcomes, seen = [], [], {}
        for raw, article in batch:
            chash = content_hash(article)
            existing = (article.id if self.store.has_article(article.id) else None) \
                or self.store.article_id_by_hash(chash) or seen.get(article.id) or seen.get(chash)
            if existing:
                outcomes.append(IngestOutcome(raw.uri, "duplicate", "already in the desk", existing,
                                              self.store.story_of(existing)))
                continue
            seen[article.id] = seen[chash] = article.id
            fresh.append((raw, article))
        return fresh, outcomes

    def _store_one(self, raw: RawDoc, article: Article, sig: np.ndarray, match: OriginMatch,
                   computed: dict[str, tuple[np.ndarray, ArticleFeatures]]) -> IngestOutcome:
        article.origin = match.origin
        copy_story = self.store.story_of(match.copy_of) if match.copy_of else None
        change, vec, feats = None, None, None
        if copy_story:
            assignment = Assignment(copy_story, round(match.similarity, 4), False, "copy-of",
                                    detail={"copy_of": match.copy_of, "jaccard": round(match.similarity, 3)})
            self.grouping.saw_copy(copy_story, article)
        else:
            vec, feats = computed.get(article.id) or self._compute([article])[article.id]
            with self._timed("cluster"):
                assignment, change = self.grouping.place(article, vec, feats)
        with self._timed("store"):
            self.grouping.save_title(assignment.story_id)
            self._store_signals(article, assignment, sig, vec, feats)
            story_id = assignment.story_id
            if change is not None:
                story_id = self.grouping.apply(change, article.id) or story_id
        return IngestOutcome(raw.uri, "ingested", assignment.reason, article.id, story_id)

    def _store_signals(self, article: Article, assignment: Assignment, sig: np.ndarray, vec: np.ndarray | None,
                       feats: ArticleFeatures | None) -> None:
        """The article, its signals (a copy's: only its signature) and its story."""
        self.store.add_article(article, content_hash=content_hash(article), minhash=to_bytes(sig),
                               embedding=None if vec is None else np.asarray(vec, dtype=np.float32).tobytes(),
                               features=_plain(feats) if feats is not None else {})
        self.store.assign(article.id, assignment)
        seen_card = article.published or article.fetched
        if article.trend is not None and seen_card:  # a trend card on the page: a time-stamped sighting of its query
            self.store.record_trend_card(article.trend, article.id, seen=seen_card)


def _plain(feats: ArticleFeatures) -> dict:
    """The features as a dict for storing (shallow: the values are JSON-ready already)."""
    return {name: getattr(feats, name) for name in _FEATURE_FIELDS}


_FEATURE_FIELDS = tuple(ArticleFeatures.__dataclass_fields__)


def _one_line(exc: BaseException, limit: int = 120) -> str:
    text = " ".join(str(exc).split()) or "no message"
    return text if len(text) <= limit else text[: limit - 1] + "…"
