"""Featurise: the title+lead embedding and the features of a few articles, in a worker.

    ([title+lead texts], [articles], FeatureOptions) ─ embed ─ features ─► (vectors, features, seconds)

Ingest hands each model batch of new articles (:meth:`newsdesk.embed.Embedder.chunks`)
to the reading pool with :func:`featurise_task`, so the two cores embed and parse at
once while the calling process clusters and stores. Each worker loads the two models
on its first chunk, outside a document's memory budget: not in the pool's forkserver,
whose start every pool user (a feed to parse) would wait for, and onnxruntime starts a
thread at import (a process with threads must not fork).
"""
from __future__ import annotations

import time

import numpy as np

from .embed import Embedder
from .features import FeatureOptions, features_batch, nlp
from .records import Article, ArticleFeatures
from .workers import own_memory

__all__ = ["featurise_task"]

_EMBEDDER: Embedder | None = None


def _embedder() -> Embedder:
    """This process's embedder, loaded once; the model's memory is the worker's, not a document's."""
    global _EMBEDDER
    if _EMBEDDER is None:
        embedder = Embedder()
        with own_memory():  # onnxruntime reserves far more address space while it loads than after
            embedder.embed_chunk(["warm-up"])
        _EMBEDDER = embedder
    return _EMBEDDER


def _features(articles: list[Article], options: FeatureOptions) -> list[ArticleFeatures]:
    global _NLP_LOADED
    if not _NLP_LOADED and options.ner:
        with own_memory():  # spaCy's NER, loaded once, is the worker's too
            nlp()
        _NLP_LOADED = True
    return features_batch(articles, options)


_NLP_LOADED = False


def featurise_task(job: tuple[list[str], list[Article], FeatureOptions]) -> tuple:
    """``(vectors, features, embed_seconds, features_seconds)`` of one chunk; where the embedding
    or the features failed, the exception stands in their place (the caller redoes the chunk
    article by article, so only the culprit is lost)."""
    texts, articles, options = job
    started = time.perf_counter()
    vectors: np.ndarray | Exception = _guarded(lambda: _embedder().embed_chunk(texts))
    middle = time.perf_counter()
    feats: list[ArticleFeatures] | Exception = _guarded(lambda: _features(articles, options))
    return vectors, feats, middle - started, time.perf_counter() - middle


def _guarded(run):
    try:
        return run()
    except MemoryError:
        raise  # the pool replaces this worker: its heap may be left fragmented
    except Exception as exc:  # one chunk's failure is returned, not raised: the other half still counts
        return exc
