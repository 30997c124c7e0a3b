"""Stage 2, origins: exact duplicates, then near-duplicate groups by LSH banding in Spark.

The desk decides both online, one article after another; this stage gives the
same answers for the whole archive at once, over the same signals, in the
job's time order (:func:`newsdesk.batch.signals.order_key`):

* **duplicates** — an article whose id (canonical URL) or content hash an
  earlier *kept* article has is not kept. Only articles sharing an id or a hash
  with another can be affected; they are few, collected, and decided in order.
* **origins** — the desk's :class:`~newsdesk.fingerprint.OriginIndex` queries a
  MinHash-LSH with ``b`` bands of ``r`` rows (datasketch's choice for the
  threshold) and gives an article the origin of its most similar earlier
  article with estimated Jaccard >= the threshold (ties: the smallest id).
  Here: the same band keys (slices of the stored MinHash bytes) are joined,
  each candidate pair is scored from the two signatures as datasketch scores
  it, each article keeps its best earlier match (``copy_of``), and origins
  are found by following ``copy_of`` links to their first article (pointer
  jumping: a chain of length n needs log2(n) rounds).
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np

from .session import Frame, Spark

if TYPE_CHECKING:
    from ..fingerprint import FingerprintOptions
    from .job import Job

__all__ = ["band_layout", "jaccard", "run"]


def band_layout(threshold: float, num_perm: int) -> tuple[int, int]:
    """(bands, rows per band) exactly as the desk's MinHash-LSH picks them."""
    from datasketch import MinHashLSH

    lsh = MinHashLSH(threshold=threshold, num_perm=num_perm)
    return lsh.b, lsh.r


def jaccard(a: bytes, b: bytes) -> float:
    """Estimated Jaccard of two stored signatures (as ``MinHash.jaccard`` computes it)."""
    left, right = np.frombuffer(a, dtype=np.uint64), np.frombuffer(b, dtype=np.uint64)
    return float(np.float64(np.count_nonzero(left == right)) / np.float64(len(left)))


def run(job: Job) -> dict[str, Any]:
    return job.unit("origins", "stage 2: duplicates and origins", lambda: _origins(job))


def _origins(job: Job) -> dict[str, Any]:
    spark = job.spark
    signals = job.read("signals").select("id", "order_key", "content_hash", "minhash")
    duplicates = _duplicates(spark, signals)
    duplicates.write.mode("overwrite").parquet(job.path("duplicates"))
    kept = signals.join(duplicates.select("order_key"), "order_key", "left_anti")
    links = _best_earlier(kept, job.options.ingest.fingerprint).persist()
    roots = _roots(links)
    origins = (kept.select("id", "order_key")
               .join(links.select("id", "copy_of", "jaccard"), "id", "left")
               .join(roots, "id", "left")
               .selectExpr("id", "order_key", "coalesce(origin, id) AS origin", "copy_of", "jaccard"))
    origins.write.mode("overwrite").parquet(job.path("origins"))
    links.unpersist()
    written = job.read("origins")
    return {"articles": written.count(), "origins": written.filter("origin = id").count(),
            "duplicates": job.read("duplicates").count()}


def _duplicates(spark: Spark, signals: Frame) -> Frame:
    """(order_key, id, duplicate_of) of every article an earlier kept article has the id or text of."""
    shared_ids = signals.groupBy("id").count().filter("count > 1").select("id")
    shared_hashes = signals.groupBy("content_hash").count().filter("count > 1").select("content_hash")
    involved = (signals.join(shared_ids, "id", "left_semi")
                .unionByName(signals.join(shared_hashes, "content_hash", "left_semi"))
                .select("order_key", "id", "content_hash").distinct())
    by_id: dict[str, str] = {}
    by_hash: dict[str, str] = {}
    dropped: list[tuple[str, str, str]] = []
    for row in sorted(involved.collect(), key=lambda r: r.order_key):
        existing = by_id.get(row.id) or by_hash.get(row.content_hash)
        if existing:
            dropped.append((row.order_key, row.id, existing))
            continue
        by_id[row.id] = by_hash[row.content_hash] = row.id
    return spark.createDataFrame(dropped, "order_key string, id string, duplicate_of string")


def _best_earlier(kept: Frame, options: FingerprintOptions) -> Frame:
    """(id, copy_of, jaccard) of every article with an earlier near-duplicate: its most similar one."""
    from pyspark.sql import Window
    from pyspark.sql import functions as F

    bands, rows = band_layout(options.threshold, options.num_perm)
    width = 8 * rows  # bytes of one band: ``rows`` uint64 hash values
    keys = kept.select("id", "order_key", F.explode(F.array(*[
        F.struct(F.lit(i).alias("band"), F.substring("minhash", i * width + 1, width).alias("key"))
        for i in range(bands)])).alias("b")).select("id", "order_key", "b.band", "b.key")
    later, earlier = keys.alias("later"), keys.alias("earlier")
    pairs = (later.join(earlier, (F.col("later.band") == F.col("earlier.band"))
                        & (F.col("later.key") == F.col("earlier.key"))
                        & (F.col("earlier.order_key") < F.col("later.order_key")))
             .select(F.col("later.id").alias("id"), F.col("earlier.id").alias("copy_of")).distinct())
    signatures = kept.select("id", "minhash")
    scored = (pairs.join(signatures, "id")
              .join(signatures.withColumnRenamed("id", "copy_of").withColumnRenamed("minhash", "other"), "copy_of")
              .rdd.map(lambda r: (r.id, r.copy_of, jaccard(r.minhash, r.other)))
              .filter(lambda t: t[2] >= options.threshold))
    scored = kept.sparkSession.createDataFrame(scored, "id string, copy_of string, jaccard double")
    best = Window.partitionBy("id").orderBy(F.col("jaccard").desc(), F.col("copy_of"))
    return scored.withColumn("rank", F.row_number().over(best)).filter("rank = 1").drop("rank")


def _roots(links: Frame) -> Frame:
    """(id, origin) for every article with a ``copy_of`` link: the first article of its chain."""
    from pyspark.sql import functions as F

    current = links.select("id", F.col("copy_of").alias("origin")).localCheckpoint()
    while True:
        step = (current.alias("a").join(current.alias("b"), F.col("a.origin") == F.col("b.id"), "left")
                .select(F.col("a.id").alias("id"), F.coalesce(F.col("b.origin"), F.col("a.origin")).alias("origin"),
                        F.col("b.id").isNotNull().alias("moved"))).localCheckpoint()
        if step.filter("moved").isEmpty():
            return step.drop("moved")
        current = step.drop("moved")
