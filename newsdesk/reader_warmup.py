"""Imported once by the reading pool's forkserver (never by the main process): loads what
reading a document or a feed needs — the parser libraries and the language model — and spaCy's
NER for the features of ingest's chunks (:mod:`newsdesk.featurise`), so that every
worker forked from it, first or replacement, starts warm and its time budget is spent on
the document alone."""
from __future__ import annotations

import feedparser  # noqa: F401 - imported for its side effect: loaded once, shared by every worker
import readability  # noqa: F401
import trafilatura  # noqa: F401

from . import featurise  # noqa: F401
from .collect import feeds, trends  # noqa: F401
from .features import nlp
from .prepare import warm_up

warm_up()
nlp()  # no threads of its own: safe to fork (the embedding model is not: each worker loads it)
