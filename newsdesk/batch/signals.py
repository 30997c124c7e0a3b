"""Stage 1, map: records → article signals, with the desk's own stage functions.

Per record: :func:`newsdesk.pipeline.prepare` (extract, clean, id, language),
then in batches of the desk's size :func:`newsdesk.fingerprint.signature`,
:func:`newsdesk.features.features_batch` and :meth:`newsdesk.embed.Embedder.embed`
over the same title+lead. Nothing here re-implements a stage: this module only
turns records into rows. The models load once per Python worker (Spark reuses
workers between tasks) and are kept for every partition it runs.

A record that cannot be read becomes a row of the ``skipped`` table with the
reason, as ``newsdesk ingest`` would print it; it never fails the task.
"""
from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from dataclasses import asdict
from functools import partial
from typing import TYPE_CHECKING, Any

from ..errors import InputError
from ..features import features_batch
from ..fingerprint import signature, to_bytes
from ..pipeline import IngestOptions, content_hash, prepare
from ..records import Article, ArticleFeatures, IngestOutcome, RawDoc
from ..timeutil import to_iso

if TYPE_CHECKING:
    import numpy as np

    from ..embed import Embedder
    from .job import Job
    from .sources import InputFile

__all__ = ["SIGNAL_FIELDS", "SKIP_FIELDS", "order_key", "time_key", "signal_rows", "article_columns"]

# Article columns stored as the desk stores them (ISO times, JSON lists and objects), so
# :func:`newsdesk.store.article_from_row` reads a row back into an Article.
ARTICLE_FIELDS = ("title", "text", "url", "path", "source", "site", "author", "published", "updated", "fetched",
                  "published_source", "language", "kind", "flags", "removed", "trend", "meta")
SIGNAL_FIELDS = (("id", "string"), ("order_key", "string"), ("day", "string"), ("wave", "int"),
                 ("file_no", "int"), ("rec_no", "long"), ("uri", "string"), ("content_hash", "string"),
                 *((name, "string") for name in ARTICLE_FIELDS),
                 ("minhash", "binary"), ("embedding", "binary"), ("features", "string"))
SKIP_FIELDS = (("wave", "int"), ("file_no", "int"), ("rec_no", "long"), ("uri", "string"), ("reason", "string"))
UNDATED = "undated"

Row = tuple[Any, ...]  # one row of the signals or skipped table (columns as in SIGNAL_FIELDS, SKIP_FIELDS)

_embedder: Embedder | None = None  # one per Python worker, loaded by the first partition that needs it


def time_key(article: Article) -> str | None:
    """When the article appeared: its publish time, else when it was fetched (an archive's capture)."""
    return to_iso(article.published or article.fetched)


def order_key(article: Article, file_no: int, rec_no: int) -> str:
    """The article's place in the job's time order: time first (undated last), then input order.
    The online stages (duplicates, origins, stories) see articles in this order."""
    return f"{time_key(article) or '~'}|{file_no:09d}|{rec_no:012d}"


def article_columns(article: Article) -> tuple[str | None, ...]:
    """The article's fields in :data:`ARTICLE_FIELDS` order, encoded as the desk stores them."""
    return (article.title, article.text, article.url, article.path, article.source, article.site, article.author,
            to_iso(article.published), to_iso(article.updated), to_iso(article.fetched), article.published_source,
            article.language, article.kind, json.dumps(article.flags), json.dumps([asdict(r) for r in article.removed]),
            json.dumps(asdict(article.trend)) if article.trend else None,
            json.dumps(article.meta, default=str))


def embedder() -> Embedder:
    """This worker's embedder (one model load per worker; as many threads as the task's cores)."""
    global _embedder
    if _embedder is None:
        from pyspark import TaskContext

        from ..embed import Embedder

        context = TaskContext.get()
        _embedder = Embedder(threads=max(1, context.cpus() if context else 1))
    return _embedder


# -- per partition ------------------------------------------------------------------------------
def signal_rows(records: Iterable[tuple[int, int, RawDoc | IngestOutcome]], wave: int,
                options: IngestOptions = IngestOptions()) -> Iterator[tuple[str, Row]]:
    """("signal", row) per readable record and ("skipped", row) per other record."""
    batch: list[tuple[int, int, str, Article]] = []
    for file_no, rec_no, record in records:
        article = record if isinstance(record, IngestOutcome) else _prepared(record, options)
        if isinstance(article, IngestOutcome):
            yield "skipped", (wave, file_no, rec_no, article.uri, article.reason)
            continue
        batch.append((file_no, rec_no, record.uri, article))
        if len(batch) >= options.batch_size:
            yield from _signals(batch, wave, options)
            batch = []
    if batch:
        yield from _signals(batch, wave, options)


def _prepared(raw: RawDoc, options: IngestOptions) -> Article | IngestOutcome:
    """:func:`prepare`, or the reason the record is skipped (a batch job never fails on one record)."""
    try:
        return prepare(raw, options)
    except InputError as exc:
        return IngestOutcome(raw.uri, "skipped", str(exc))
    except Exception as exc:  # a parser library failing on one odd document
        return IngestOutcome(raw.uri, "skipped", _failure(exc))


def _failure(exc: BaseException) -> str:
    text = " ".join(str(exc).split())[:120] or "no message"
    return f"could not be read ({type(exc).__name__}: {text})"


def _signals(batch: list[tuple[int, int, str, Article]], wave: int,
             options: IngestOptions) -> Iterator[tuple[str, Row]]:
    """Signals of a batch; when a model call fails on the batch, article by article, skipping the one
    that fails."""
    try:
        computed = _compute([a for *_, a in batch], options)
    except Exception as exc:
        if len(batch) == 1:
            file_no, rec_no, uri, _ = batch[0]
            yield "skipped", (wave, file_no, rec_no, uri, _failure(exc))
            return
        for one in batch:
            yield from _signals([one], wave, options)
        return
    for (file_no, rec_no, uri, article), (vec, feats, sig) in zip(batch, computed):
        key = order_key(article, file_no, rec_no)
        day = key[:10] if key[0] != "~" else UNDATED
        yield "signal", (article.id, key, day, wave, file_no, rec_no, uri, content_hash(article),
                         *article_columns(article), to_bytes(sig), vec.astype("float32").tobytes(),
                         json.dumps(asdict(feats)))


def _compute(articles: list[Article], options: IngestOptions
             ) -> list[tuple[np.ndarray, ArticleFeatures, np.ndarray]]:
    """(embedding, features, MinHash) of each article, as the desk computes them."""
    vectors = embedder().embed([a.lead(options.lead_words) for a in articles])
    feats = features_batch(articles, options.features)
    sigs = [signature(a.text, options.fingerprint) for a in articles]
    return list(zip(vectors, feats, sigs))


# -- driver ---------------------------------------------------------------------------------------
def run(job: Job) -> dict[str, float]:
    """Stage 1 over every wave of input files not done yet; the counts of all waves."""
    waves = job.waves()
    totals: dict[str, float] = {"signal": 0, "skipped": 0, "seconds": 0.0}
    for number, wave in enumerate(waves):
        label = f"stage 1: signals, wave {number + 1}/{len(waves)} ({len(wave)} files)"
        record = job.unit(f"signals-{number:05d}", label, partial(_wave, job, number, wave))
        for key in totals:
            totals[key] += record.get(key, 0)
    return totals


def _wave(job: Job, number: int, wave: list[InputFile]) -> dict[str, Any]:
    from pyspark import StorageLevel

    from .job import schema
    from .sources import read_file

    sc = job.spark.sparkContext
    records = sc.parallelize(wave, max(1, len(wave))).flatMap(partial(read_file, max_bytes=job.options.max_bytes))
    if len(wave) < 2 * job.parallelism:  # few files: spread their records over every core
        records = records.repartition(4 * job.parallelism)
    rows = records.mapPartitions(partial(signal_rows, wave=number, options=job.options.ingest))
    rows = rows.persist(StorageLevel.MEMORY_AND_DISK)
    tables = (("signal", "signals", SIGNAL_FIELDS, ("day", "wave")), ("skipped", "skipped", SKIP_FIELDS, ("wave",)))
    try:
        for kind, name, fields, partitions in tables:
            table = job.spark.createDataFrame(rows.filter(lambda r, k=kind: r[0] == k).values(), schema(fields))
            table.write.mode("overwrite").partitionBy(*partitions).parquet(job.path(name))
        counts = dict(rows.keys().countByValue())
    finally:
        rows.unpersist()
    return {"signal": counts.get("signal", 0), "skipped": counts.get("skipped", 0)}
