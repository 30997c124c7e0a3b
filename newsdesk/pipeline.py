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

import os
import time
from collections import defaultdict
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Callable, Iterable, Iterator

import numpy as np

from .clean import CleanOptions, clean
from .cluster import ClusterOptions
from .embed import Embedder
from .extract import ExtractOptions
from .features import FeatureOptions, features_batch, term_counts
from .fingerprint import FingerprintOptions, OriginMatch, signature, to_bytes
from .grouping import Grouping, GroupingOptions, lede_of, story_title  # noqa: F401  (lede_of, story_title: re-exported)
from .prepare import prepare_article, prepare_task
from .records import Article, ArticleFeatures, Assignment, IngestOutcome, RawDoc
from .store import Store
from .textutil import normalise, stable_id
from .timeutil import utcnow
from .workers import Done, WorkerPool, call, default_size, one_line

__all__ = ["IngestOptions", "Ingestor", "prepare", "reading_pool"]


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
    # Reading documents (decode, extract, clean) runs in worker processes with a budget per document.
    workers: int | None = None  # processes; None: $NEWSDESK_WORKERS, else the cores (at most 4); 0: in-process
    time_limit: float = 30.0  # seconds one document may take to read (a clean 5 MB page takes a few)
    memory_mb: int = 512  # memory one worker may add while reading one document (a 20 MB page needs ~400)


def prepare(raw: RawDoc, options: IngestOptions = IngestOptions()) -> Article:
    """Extract and clean one document, date it, and give it its stable id (pure; raises InputError)."""
    return prepare_article(raw, options.extract, options.clean)


_POOLS: dict[tuple, WorkerPool] = {}


def reading_pool(options: IngestOptions) -> WorkerPool:
    """The worker pool that reads documents (and fetched feeds), shared by every ingestor with the
    same budget. Its task is :func:`newsdesk.workers.call`: map ``(function, argument)`` pairs."""
    size = options.workers
    if size is None:
        env = os.environ.get("NEWSDESK_WORKERS", "").strip()
        size = int(env) if env.isdigit() else default_size()
    key = (size, options.time_limit, options.memory_mb)
    if key not in _POOLS:
        _POOLS[key] = WorkerPool(call, size=size, time_limit=options.time_limit, memory_mb=options.memory_mb,
                                 preload=("newsdesk.reader_warmup",))
    return _POOLS[key]


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
        reading_pool(options).warm()  # its workers' modules load while the desk's state is opened
        with self._timed("rebuild"):
            self._reset_state()

    def _reset_state(self) -> None:
        """Online state opened from the desk (on open, and after a document's store was undone)."""
        opts = self.options
        self.grouping = Grouping(self.store, opts.fingerprint, opts.cluster, opts.grouping, terms_of=self._terms_of)

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
        """Ingest documents (or pass through outcomes of inputs that failed earlier).

        A document that fails anywhere (reading, extraction, features, embedding,
        storing) is skipped with a one-line reason; the run and the others go on.
        """
        batch: list[tuple[RawDoc, Article]] = []
        for done in self._read(items):
            if not done.ran:
                yield self._report(done.item, progress)
                continue
            if not isinstance(done.value, Article):
                yield self._report(IngestOutcome(done.item.uri, "skipped", _read_failure(done)), progress)
                continue
            batch.append((done.item, done.value))
            if len(batch) >= self.options.batch_size:
                yield from self._commit(batch, progress)
                batch = []
        if batch:
            yield from self._commit(batch, progress)
        with self._timed("store"):
            self.grouping.checkpoint()

    def _read(self, items: Iterable[RawDoc | IngestOutcome]) -> Iterator[Done]:
        """Each document prepared in the reading pool (in order); outcomes passed through."""
        pool = reading_pool(self.options)
        jobs = ((prepare_task, (item, self.options.extract, self.options.clean)) if isinstance(item, RawDoc)
                else item for item in items)
        started = time.perf_counter()
        for done in pool.map(jobs, skip=lambda job: isinstance(job, IngestOutcome)):
            if done.ran:
                done.item = done.item[1][0]
            self.timings["extract+clean"] += time.perf_counter() - started
            yield done
            started = time.perf_counter()

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
        failed: dict[str, str] = {}
        with self.store.transaction():
            for (raw, article), sig, match in zip(fresh, sigs, matches):
                outcome = self._store_isolated(raw, article, sig, match, computed)
                if outcome.status == "skipped":
                    failed[article.id] = outcome.reason
                outcomes.append(outcome)
            with self._timed("store"):
                self.grouping.after_batch()
        if failed:  # the origin index learned articles that were not stored
            with self._timed("rebuild"):
                self._reset_state()
        for outcome in outcomes:
            if outcome.status == "duplicate" and outcome.article_id in failed:  # a copy of a failed one
                outcome.status, outcome.reason, outcome.article_id = "skipped", failed[outcome.article_id], None
            elif outcome.article_id:  # its story now: a later article of the batch may have moved it
                outcome.story_id = self.store.story_of(outcome.article_id) or outcome.story_id
            yield self._report(outcome, progress)

    def _compute(self, articles: list[Article]) -> dict[str, tuple]:
        """Title+lead embedding and features of each article, in batches; where an article's
        embedding or features failed, the exception stands in their place."""
        if not articles:
            return {}
        with self._timed("embed"):
            vectors = _one_by_one_on_failure(
                lambda group: self.embedder.embed([a.lead(self.options.lead_words) for a in group]), articles)
        with self._timed("features"):
            feats = _one_by_one_on_failure(lambda group: features_batch(group, self.options.features), articles)
        seen = utcnow().date().isoformat()  # the day first seen: the time of an undated article
        for f in feats:
            if not isinstance(f, Exception):
                f.seen = seen
        return {a.id: (v, f) for a, v, f in zip(articles, vectors, feats)}

    def _store_isolated(self, raw: RawDoc, article: Article, sig: np.ndarray, match: OriginMatch,
                        computed: dict[str, tuple]) -> IngestOutcome:
        """Store one article in its own savepoint; on failure, undo it alone and go on."""
        try:
            with self.store.savepoint():
                return self._store_one(raw, article, sig, match, computed)
        except _ComputeFailed as failure:
            return IngestOutcome(raw.uri, "skipped", f"could not be {failure.stage} ({one_line(failure.error)}); "
                                                     "please report this file")
        except Exception as exc:
            if not self.store.conn.in_transaction:  # the database ended the whole transaction: not ours to hide
                raise
            with self._timed("rebuild"):
                self._reset_state()  # the online state may hold part of what was undone
            return IngestOutcome(raw.uri, "skipped", f"could not be stored ({one_line(exc)}); please report this file")

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
            for stage, value in (("embedded", vec), ("analysed", feats)):
                if isinstance(value, Exception):
                    raise _ComputeFailed(stage, value)
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


class _ComputeFailed(Exception):
    """An article's embedding or features could not be computed (nothing of it is stored)."""

    def __init__(self, stage: str, error: Exception) -> None:
        super().__init__(stage)
        self.stage, self.error = stage, error


def _read_failure(done: Done) -> str:
    """The one-line reason a document could not be read."""
    if done.ok:  # the document's own problem, as prepare_task reported it
        return str(done.value)
    if done.failure == "raised":  # a parser library failing on an odd document
        return f"could not be read ({done.error}); please report this file"
    return done.error or "could not be read"


def _one_by_one_on_failure(run: Callable[[list], Iterable], items: list) -> list:
    """``run`` over all items at once; if that fails, item by item, each failure (an Exception) in its place."""
    try:
        results = list(run(items))
        if len(results) == len(items):
            return results
    except Exception as exc:
        if len(items) == 1:
            return [exc]
    out: list = []
    for item in items:
        try:
            out.extend(list(run([item]))[:1] or [ValueError("no result")])
        except Exception as exc:
            out.append(exc)
    return out

