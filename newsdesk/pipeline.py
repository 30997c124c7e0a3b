"""The pipeline runner: wires the per-article stages to the store.

    RawDoc ─ extract ─ clean ─ (id, exact-duplicate check) ─ fingerprint/origin
           ─ features + embedding (batched; not for copies) ─ story assignment ─ store (one transaction)

Reading (extract, clean) and featurisation (embedding, features) run in the reading pool's
worker processes (:mod:`newsdesk.workers`, :mod:`newsdesk.featurise`); this process finds
copies, clusters and stores. Batches overlap — one is stored while the next is embedded
and the documents after it are read — and results are taken in input order, so the
stories are the same whatever the pool's size (``workers=0``: all in this process).

:class:`Ingestor` holds the online state (:class:`~newsdesk.grouping.Grouping`:
near-duplicate index and story clusterer), loaded from the desk when it opens
and saved to it, so ingesting in several runs gives the same stories as one run.
Each batch of articles is committed in one transaction: a crash or Ctrl-C loses
at most the batch in flight.
"""
from __future__ import annotations

import os
import time
from collections import defaultdict, deque
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Callable, Iterable, Iterator

import numpy as np

from .clean import CleanOptions, clean
from .cluster import ClusterOptions
from .embed import Embedder
from .extract import ExtractOptions
from .featurise import featurise_task
from .features import FeatureOptions, features_batch, term_counts
from .fingerprint import FingerprintOptions, OriginMatch, signature, to_bytes
from .grouping import Grouping, GroupingOptions, lede_of, story_title  # noqa: F401  (lede_of, story_title: re-exported)
from .prepare import Raised, prepare_article, prepare_many
from .records import Article, ArticleFeatures, Assignment, IngestOutcome, RawDoc
from .store import Store
from .textutil import normalise, stable_id
from .timeutil import utcnow
from .workers import Done, Stream, WorkerPool, call, default_size, one_line

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
    lead_words: int = 30  # words of the body embedded with the title (more costs time, not accuracy: docs/scale.md)
    # Reading documents (decode, extract, clean) runs in worker processes with a budget per document;
    # so do the embedding and features of new articles (one pool: see docs/scale.md).
    workers: int | None = None  # processes; None: $NEWSDESK_WORKERS, else the cores (at most 4); 0: in-process
    time_limit: float = 30.0  # seconds one document may take to read (a clean 5 MB page takes a few)
    memory_mb: int = 512  # memory one worker may add while reading one document (a 20 MB page needs ~400)


def prepare(raw: RawDoc, options: IngestOptions = IngestOptions()) -> Article:
    """Extract and clean one document, date it, and give it its stable id (pure; raises InputError)."""
    return prepare_article(raw, options.extract, options.clean)


_POOLS: dict[tuple, WorkerPool] = {}
# A document this small (bytes or characters) is read in a group of up to _GROUP: alone, its
# hand-off to a worker and back would cost about as much as reading it.
_SMALL = 50_000
_GROUP = 8
_MODEL_LOAD = 60.0  # seconds a featurisation chunk may take beyond a document's: a fresh worker loads the model


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
        # an embedder given by the caller (a test's, a benchmark's cache) runs in this process;
        # else each batch's embedding and features run in the reading pool (see _submit)
        self._embed_here = embedder is not None
        self._computing: deque[_Batch] = deque()  # batches whose embedding and features are on their way
        self._unstored: dict[str, str] = {}  # id or content hash -> id, of the articles in those batches
        self._failed: dict[str, str] = {}  # articles the last committed batch could not store -> reason
        self._stream: Stream | None = None
        reading_pool(options).warm()  # its workers' modules load while the desk's state is opened
        with self._timed("rebuild"):
            self._reset_state()

    def _reset_state(self) -> None:
        """Online state opened from the desk (on open, and after a document's store was undone)."""
        opts = self.options
        self.grouping = Grouping(self.store, opts.fingerprint, opts.cluster, opts.grouping, terms_of=self._terms_of)
        for batch in self._computing:  # batches on their way: their origins again
            batch.matches = [self.grouping.origin(a.id, sig) for (_, a), sig in zip(batch.fresh, batch.sigs)]

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
        Batches overlap: while one is clustered and stored here, the reading pool
        embeds and parses the next one and reads the documents after it.
        """
        batch: list[tuple[RawDoc, Article]] = []
        with reading_pool(self.options).stream() as stream, self._flowing(stream):
            for done in self._read(items, stream):
                if not done.ran:
                    yield self._report(done.item, progress)
                    continue
                if not isinstance(done.value, Article):
                    yield self._report(IngestOutcome(done.item.uri, "skipped", _read_failure(done)), progress)
                    continue
                batch.append((done.item, done.value))
                if len(batch) >= self.options.batch_size:
                    self._computing.append(self._start(batch))
                    batch = []
                if len(self._computing) > 1:  # the next batch computes while this one is stored
                    yield from self._commit(self._computing.popleft(), progress)
            if batch:
                self._computing.append(self._start(batch))
            while self._computing:
                yield from self._commit(self._computing.popleft(), progress)
        with self._timed("store"):
            self.grouping.checkpoint()

    @contextmanager
    def _flowing(self, stream: Stream):
        """Batches in flight belong to this run: when it stops early, they are dropped and the
        online state, which saw their origins, is opened again from the desk."""
        self._stream = stream
        try:
            yield
        finally:
            self._stream = None
            if self._computing:
                self._computing.clear()
                self._unstored.clear()
                with self._timed("rebuild"):
                    self._reset_state()

    def _read(self, items: Iterable[RawDoc | IngestOutcome], stream: Stream) -> Iterator[Done]:
        """Each document prepared in the reading pool (in order); outcomes passed through.
        Small documents travel a few at a time (one hand-off each way for the group); a group
        that fails as a whole — time, memory, a dead worker — is read again document by
        document, so each still has its own budget and costs only itself."""
        started = time.perf_counter()
        for done in stream.map(self._reading_jobs(items), skip=lambda job: isinstance(job, IngestOutcome)):
            for one in self._documents_of(done, stream) if done.ran else [done]:
                self.timings["extract+clean"] += time.perf_counter() - started
                yield one
                started = time.perf_counter()

    def _reading_jobs(self, items: Iterable[RawDoc | IngestOutcome]) -> Iterator[tuple | IngestOutcome]:
        """``(prepare_many, (documents, options...))`` for runs of up to ``_GROUP`` small
        documents, one job per larger document; outcomes as they are."""
        group: list[RawDoc] = []
        opts = (self.options.extract, self.options.clean)
        for item in items:
            if isinstance(item, RawDoc) and len(item.content) <= _SMALL:
                group.append(item)
                if len(group) < _GROUP:
                    continue
            if group:
                yield prepare_many, (group, *opts)
                group = []
            if not isinstance(item, RawDoc):
                yield item
            elif len(item.content) > _SMALL:
                yield prepare_many, ([item], *opts)
        if group:
            yield prepare_many, (group, *opts)

    def _documents_of(self, done: Done, stream: Stream) -> list[Done]:
        """A group's per-document results (``item``: the RawDoc), read again one by one if it failed."""
        docs = done.item[1][0]
        if done.ok:
            return [Done(raw, error=value.error, failure="raised") if isinstance(value, Raised) else Done(raw, value)
                    for raw, value in zip(docs, done.value)]
        if len(docs) == 1:
            done.item = docs[0]
            return [done]
        tickets = [stream.submit((prepare_many, ([raw], *done.item[1][1:]))) for raw in docs]
        return [one for ticket in tickets for one in self._documents_of(stream.wait(ticket), stream)]

    @staticmethod
    def _report(outcome: IngestOutcome, progress) -> IngestOutcome:
        if progress:
            progress(outcome)
        return outcome

    def _start(self, batch: list[tuple[RawDoc, Article]]) -> _Batch:
        """Copies found first (by id, content and MinHash), then the embedding and features of
        the rest handed to the pool: nothing is computed for a copy."""
        with self._timed("duplicates"):
            fresh, outcomes = self._split_duplicates(batch)
        with self._timed("fingerprint"):
            sigs = [signature(a.text, self.options.fingerprint) for _, a in fresh]
            matches = [self.grouping.origin(a.id, sig) for (_, a), sig in zip(fresh, sigs)]
        started = _Batch(fresh, outcomes, sigs, matches)
        started.chunks = self._submit([a for (_, a), m in zip(fresh, matches) if m.copy_of is None])
        return started

    def _commit(self, batch: _Batch, progress) -> Iterator[IngestOutcome]:
        computed = self._computed(batch.chunks)
        failed: dict[str, str] = {}
        with self.store.transaction():
            for (raw, article), sig, match in zip(batch.fresh, batch.sigs, batch.matches):
                outcome = self._store_isolated(raw, article, sig, match, computed)
                if outcome.status == "skipped":
                    failed[article.id] = outcome.reason
                batch.outcomes.append(outcome)
                self._stream.poll()
            with self._timed("store"):
                self.grouping.after_batch()
        if failed:  # the origin index learned articles that were not stored
            with self._timed("rebuild"):
                self._reset_state()
        failed_before, self._failed = self._failed, failed
        for outcome in batch.outcomes:
            lost = failed.get(outcome.article_id or "") or failed_before.get(outcome.article_id or "")
            if outcome.status == "duplicate" and lost:  # a copy of a failed one (this batch or the one before)
                outcome.status, outcome.reason, outcome.article_id = "skipped", lost, None
            elif outcome.article_id:  # its story now: a later article of the batch may have moved it
                outcome.story_id = self.store.story_of(outcome.article_id) or outcome.story_id
            yield self._report(outcome, progress)
        with self._timed("duplicates"):
            for _, article in batch.fresh:
                self._unstored.pop(article.id, None)
                self._unstored.pop(content_hash(article), None)

    # -- featurisation: embedding and features of the articles that are not copies ---------------
    def _submit(self, articles: list[Article]) -> list[tuple[list[Article], int | None]]:
        """Hand the articles to the pool in the embedder's own batches: (articles, ticket) each.
        An embedder given by the caller (tests, benchmarks) runs here instead: ticket None."""
        if not articles:
            return []
        if self._embed_here:
            return [(articles, None)]
        texts = [a.lead(self.options.lead_words) for a in articles]
        chunks = [[articles[i] for i in chunk] for chunk in self.embedder.chunks(texts)]
        return [(chunk, self._featurise(chunk)) for chunk in chunks]

    def _featurise(self, articles: list[Article]) -> int:
        """Submit one chunk; its time limit leaves room for a fresh worker to load the model."""
        job = ([a.lead(self.options.lead_words) for a in articles], articles, self.options.features)
        return self._stream.submit((featurise_task, job), time_limit=self.options.time_limit + _MODEL_LOAD)

    def _computed(self, chunks: list[tuple[list[Article], int | None]]) -> dict[str, tuple]:
        """Each article's (vector, features), an exception in place of what failed."""
        computed: dict[str, tuple] = {}
        for articles, ticket in chunks:
            if ticket is None:
                computed.update(self._compute(articles))
                continue
            with self._timed("featurise (waiting)"):
                done = self._stream.wait(ticket)
            computed.update(self._received(articles, done))
        seen = utcnow().date().isoformat()  # the day first seen: the time of an undated article
        for _, feats in computed.values():
            if not isinstance(feats, Exception):
                feats.seen = seen
        return computed

    def _received(self, articles: list[Article], done: Done) -> dict[str, tuple]:
        vectors, feats = (done.value[0], done.value[1]) if done.ok else (None, None)
        if done.ok:
            self.timings["embed"] += done.value[2]
            self.timings["features"] += done.value[3]
        if len(articles) > 1 and not (isinstance(vectors, np.ndarray) and isinstance(feats, list)):
            singles = [(a, self._featurise([a])) for a in articles]  # redone one by one: only the culprit is lost
            return {a.id: self._received([a], self._stream.wait(t))[a.id] for a, t in singles}
        if not done.ok:
            vectors = feats = RuntimeError(done.error)
        return {a.id: (vectors if isinstance(vectors, Exception) else vectors[i],
                       feats if isinstance(feats, Exception) else feats[i]) for i, a in enumerate(articles)}

    def _compute(self, articles: list[Article]) -> dict[str, tuple]:
        """Title+lead embedding and features of each article, here, in batches; where an
        article's embedding or features failed, the exception stands in their place."""
        if not articles:
            return {}
        with self._timed("embed"):
            vectors = _one_by_one_on_failure(
                lambda group: self.embedder.embed([a.lead(self.options.lead_words) for a in group]), articles)
        with self._timed("features"):
            feats = _one_by_one_on_failure(lambda group: features_batch(group, self.options.features), articles)
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
        """(new articles, outcomes of the duplicates): the same id or text as an article in the
        desk or in a batch still on its way there."""
        fresh, outcomes, seen = [], [], self._unstored
        for raw, article in batch:
            chash = content_hash(article)
            existing = seen.get(article.id) or seen.get(chash) \
                or (article.id if self.store.has_article(article.id) else None) or self.store.article_id_by_hash(chash)
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
            vec, feats = computed.get(article.id) or self._computed([([article], None)])[article.id]
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


@dataclass(slots=True)
class _Batch:
    """A batch between its copy checks and its store: its embedding and features on their way."""

    fresh: list[tuple[RawDoc, Article]]  # new articles (not duplicates)
    outcomes: list[IngestOutcome]  # the duplicates' so far
    sigs: list[np.ndarray]
    matches: list[OriginMatch]
    chunks: list[tuple[list[Article], int | None]] = field(default_factory=list)  # (articles, pool ticket)


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

