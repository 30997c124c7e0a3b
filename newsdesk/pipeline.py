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
from .errors import InputError
from .extract import ExtractOptions, extract
from .features import FeatureOptions, features_batch, sentences, term_counts
from .fingerprint import FingerprintOptions, OriginIndex, from_bytes, signature, to_bytes
from .pubdate import settle
from .records import Article, ArticleFeatures, Assignment, IngestOutcome, RawDoc
from .store import Store
from .textutil import canonical_url, normalise, stable_id
from .timeutil import to_iso

__all__ = ["IngestOptions", "Ingestor", "prepare"]


@dataclass(frozen=True, slots=True)
class IngestOptions:
    extract: ExtractOptions = field(default_factory=ExtractOptions)
    clean: CleanOptions = field(default_factory=CleanOptions)
    fingerprint: FingerprintOptions = field(default_factory=FingerprintOptions)
    features: FeatureOptions = field(default_factory=FeatureOptions)
    cluster: ClusterOptions = field(default_factory=ClusterOptions)
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

    lang, _ = py3langid.classify(text[:2000])
    return lang


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
        self.origins = OriginIndex(options.fingerprint)
        self.clusterer = StoryClusterer(options.cluster)
        self._members: dict[str, list[_Member]] = {}
        self.timings: defaultdict[str, float] = defaultdict(float)  # seconds spent per stage
        with self._timed("rebuild"):
            self._rebuild()

    @contextmanager
    def _timed(self, stage: str):
        start = time.perf_counter()
        try:
            yield
        finally:
            self.timings[stage] += time.perf_counter() - start

    # -- state ------------------------------------------------------------------
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

    @staticmethod
    def _report(outcome: IngestOutcome, progress) -> IngestOutcome:
        if progress:
            progress(outcome)
        return outcome

    def _commit(self, batch: list[tuple[RawDoc, Article]], progress) -> Iterator[IngestOutcome]:
        with self._timed("duplicates"):
            fresh, outcomes = self._split_duplicates(batch)
        with self._timed("embed"):
            vectors = self.embedder.embed([a.lead(self.options.lead_words) for _, a in fresh])
        with self._timed("features"):
            feats = features_batch([a for _, a in fresh], self.options.features)
        with self.store.transaction():
            for (raw, article), vec, feat in zip(fresh, vectors, feats):
                outcomes.append(self._store_one(raw, article, vec, feat))
        for outcome in outcomes:
            if outcome.status == "duplicate" and outcome.story_id is None:  # of an article in this batch
                outcome.story_id = self.store.story_of(outcome.article_id)
            yield self._report(outcome, progress)

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


def _one_line(exc: BaseException, limit: int = 120) -> str:
    text = " ".join(str(exc).split()) or "no message"
    return text if len(text) <= limit else text[: limit - 1] + "…"


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
