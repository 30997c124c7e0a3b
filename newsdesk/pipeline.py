"""The pipeline runner: wires the per-article stages to the store.

    RawDoc ─ extract ─ clean ─ (id, exact-duplicate check) ─ fingerprint/origin
           ─ features + embedding (batched) ─ story assignment ─ store (one transaction)

:class:`Ingestor` owns the online state (near-duplicate index, story
clusterer), rebuilt from the desk when it opens, so ingesting in several runs
gives the same stories as one run. Each batch of articles is committed in
one transaction: a crash or Ctrl-C loses at most the batch in flight.
"""
from __future__ import annotations

import json
import os
import re
import time
from collections import defaultdict
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from typing import Callable, Iterable, Iterator

import numpy as np

from .clean import CleanOptions, clean
from .cluster import ClusterOptions, StoryClusterer, StorySplit
from .embed import Embedder
from .extract import ExtractOptions
from .features import FeatureOptions, features_batch, sentences, term_counts
from .fingerprint import FingerprintOptions, OriginIndex, from_bytes, signature, to_bytes
from .prepare import prepare_article, prepare_task
from .records import Article, ArticleFeatures, Assignment, IngestOutcome, RawDoc
from .store import Store
from .textutil import normalise, stable_id
from .timeutil import to_iso
from .workers import Done, WorkerPool, call, default_size, one_line

__all__ = ["IngestOptions", "Ingestor", "prepare", "reading_pool"]


@dataclass(frozen=True, slots=True)
class IngestOptions:
    extract: ExtractOptions = field(default_factory=ExtractOptions)
    clean: CleanOptions = field(default_factory=CleanOptions)
    fingerprint: FingerprintOptions = field(default_factory=FingerprintOptions)
    features: FeatureOptions = field(default_factory=FeatureOptions)
    cluster: ClusterOptions = field(default_factory=ClusterOptions)
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


@dataclass(slots=True)
class _Member:
    article_id: str
    title: str
    lede: str
    vec: np.ndarray
    seen: str | None


class Ingestor:
    """Ingests documents into a desk, keeping near-duplicate and story state online."""

    def __init__(self, store: Store, options: IngestOptions = IngestOptions(),
                 embedder: Embedder | None = None) -> None:
        self.store = store
        self.options = options
        self.embedder = embedder or Embedder()
        self.timings: defaultdict[str, float] = defaultdict(float)  # seconds spent per stage
        reading_pool(options).warm()  # its workers' modules load while the desk's state is rebuilt
        with self._timed("rebuild"):
            self._reset_state()

    @contextmanager
    def _timed(self, stage: str):
        start = time.perf_counter()
        try:
            yield
        finally:
            self.timings[stage] += time.perf_counter() - start

    # -- state ------------------------------------------------------------------
    def _reset_state(self) -> None:
        """Online state rebuilt from the desk (on open, and after a document's store was undone)."""
        self.origins = OriginIndex(self.options.fingerprint)
        self.clusterer = StoryClusterer(self.options.cluster)
        self._members: dict[str, list[_Member]] = {}
        self._rebuild()

    def _rebuild(self) -> None:
        for row in self.store.iter_signals():
            if row["minhash"]:
                self.origins.add(row["id"], from_bytes(row["minhash"], self.options.fingerprint), row["origin"])
            if not row["story_id"] or row["embedding"] is None:
                continue
            vec = np.frombuffer(row["embedding"], dtype=np.float32)
            feats = _stored_features(row["features"])
            seen = row["published"]  # undated articles leave a story's first and last seen alone
            self._members.setdefault(row["story_id"], []).append(
                _Member(row["id"], row["title"] or "", lede_of(row["head"]), vec, seen))
            if row["origin"] == row["id"]:
                if feats.terms is None:  # stored before content words were kept: count them now
                    feats.terms = self._terms_of(row["id"])
                self.clusterer.learn_one(vec, feats, Assignment(row["story_id"], 1.0, False, "rebuild"), key=row["id"])

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
        with self._timed("embed"):
            vectors = _one_by_one_on_failure(
                lambda group: self.embedder.embed([a.lead(self.options.lead_words) for _, a in group]), fresh)
        with self._timed("features"):
            feats = _one_by_one_on_failure(lambda group: features_batch([a for _, a in group], self.options.features),
                                           fresh)
        failed: dict[str, str] = {}
        with self.store.transaction():
            for (raw, article), vec, feat in zip(fresh, vectors, feats):
                problem = vec if isinstance(vec, Exception) else feat if isinstance(feat, Exception) else None
                stage = "embedded" if problem is vec else "analysed"
                outcome = self._store_isolated(raw, article, vec, feat) if problem is None else \
                    IngestOutcome(raw.uri, "skipped", f"could not be {stage} ({one_line(problem)}); "
                                                      "please report this file")
                if outcome.status == "skipped":
                    failed[article.id] = outcome.reason
                outcomes.append(outcome)
        for outcome in outcomes:
            if outcome.status == "duplicate" and outcome.article_id in failed:  # a copy of a failed one
                outcome.status, outcome.reason, outcome.article_id = "skipped", failed[outcome.article_id], None
            elif outcome.status == "duplicate" and outcome.story_id is None:  # of an article in this batch
                outcome.story_id = self.store.story_of(outcome.article_id)
            yield self._report(outcome, progress)

    def _store_isolated(self, raw: RawDoc, article: Article, vec: np.ndarray, feats: ArticleFeatures) -> IngestOutcome:
        """Store one article in its own savepoint; on failure, undo it alone and go on."""
        try:
            with self.store.savepoint():
                return self._store_one(raw, article, vec, feats)
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

    def _store_one(self, raw: RawDoc, article: Article, vec: np.ndarray, feats: ArticleFeatures) -> IngestOutcome:
        with self._timed("fingerprint"):
            sig = signature(article.text, self.options.fingerprint)
            origin, copy_of, jaccard = self.origins.assign(article.id, sig)
        article.origin = origin
        copy_story = self.store.story_of(copy_of) if copy_of else None
        split = None
        if copy_story:
            assignment = Assignment(copy_story, round(jaccard, 4), False, "copy-of",
                                    detail={"copy_of": copy_of, "jaccard": round(jaccard, 3)})
        else:
            with self._timed("cluster"):
                assignment = self.clusterer.assign(vec, feats, key=article.id)
                split = None if assignment.new_story else self.clusterer.split(assignment.story_id)
        with self._timed("store"):
            self._store_signals(article, assignment, sig, vec, feats)
            story_id = assignment.story_id
            if split is not None:
                story_id = self._apply_split(split, article.id) or story_id
        return IngestOutcome(raw.uri, "ingested", assignment.reason, article.id, story_id)

    def _apply_split(self, split: StorySplit, article_id: str) -> str | None:
        """Move a split's articles (and their copies) to the new story; the new story when the
        article just ingested is among them."""
        self.store.save_story(split.new_story, "", None, None)
        moved = set(self.store.move_origins(split.story_id, split.new_story, split.moved, split.evidence()))
        members = self._members.pop(split.story_id)
        self._members[split.story_id] = [m for m in members if m.article_id not in moved]
        self._members[split.new_story] = [m for m in members if m.article_id in moved]
        self._save_story(split.story_id)
        self._save_story(split.new_story)
        return split.new_story if article_id in moved else None

    def _store_signals(self, article, assignment, sig, vec, feats) -> None:
        self.store.add_article(article, content_hash=content_hash(article), minhash=to_bytes(sig),
                               embedding=vec.astype(np.float32).tobytes(), features=asdict(feats))
        seen = to_iso(article.published)
        self._members.setdefault(assignment.story_id, []).append(
            _Member(article.id, article.title, lede_of(article.text), vec, seen))
        self._save_story(assignment.story_id)
        self.store.assign(article.id, assignment)
        seen_card = article.published or article.fetched
        if article.trend is not None and seen_card:  # a trend card on the page: a time-stamped sighting of its query
            self.store.record_trend_card(article.trend, article.id, seen=seen_card)

    def _save_story(self, story_id: str) -> None:
        members = self._members[story_id]
        seen = sorted(m.seen for m in members if m.seen)
        self.store.save_story(story_id, story_title(members), seen[0] if seen else None,
                              seen[-1] if seen else None)


_FEATURE_FIELDS = frozenset(ArticleFeatures.__dataclass_fields__)


def _stored_features(data: str) -> ArticleFeatures:
    """Features as stored with an article (fields this version does not know are ignored;
    ``terms`` is None when they were stored without content-word counts)."""
    stored = {k: v for k, v in json.loads(data).items() if k in _FEATURE_FIELDS}
    if not isinstance(stored.get("terms"), dict):
        stored["terms"] = None
    return ArticleFeatures(**stored)


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


def lede_of(text: str) -> str:
    """The first sentence of a body, cut to 16 words: a story title when no article has one.

    A list number or a one-word line is not a title: the first sentence of four
    words or more is taken, without a leading "1." or bullet.
    """
    words: list[str] = []
    for para in text.split("\n\n")[:6]:
        for sentence in sentences(re.sub(r"^\s*(?:\d{1,2}[.)]|[-*•·])\s+", "", para)):
            words = sentence.split()
            if len(words) >= 4:
                return " ".join(words[:16]) + ("…" if len(words) > 16 else "")
    return " ".join(words[:16])


def story_title(members: list[_Member]) -> str:
    """The title of the member closest to the story's centroid; a lede when none has a title."""
    centroid = np.sum([m.vec for m in members], axis=0)
    titled = [m for m in members if _readable(m.title)] or members
    best = max(titled, key=lambda m: float(m.vec @ centroid))
    return best.title if _readable(best.title) else (best.lede or best.title)


def _readable(title: str) -> bool:
    """A headline, not a dateline or a section label: three or more words, mostly letters."""
    words = [w for w in title.split() if any(c.isalpha() for c in w)]
    letters = sum(c.isalpha() for c in title)
    return len(words) >= 3 and letters >= 0.6 * len(title.replace(" ", ""))
