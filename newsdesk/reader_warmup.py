"""Imported once by the reading pool's forkserver (never by the main process): loads what
reading a document or a feed needs — the parser libraries and the language model — so that every
worker forked from it, first or replacement, starts warm and its time budget is spent on
the document alone."""
from __future__ import annotations

import feedparser  # noqa: F401 - imported for its side effect: loaded once, shared by every worker
import readability  # noqa: F401
import trafilatura  # noqa: F401

from .collect import feeds, trends  # noqa: F401
from .prepare import warm_up

warm_up()
