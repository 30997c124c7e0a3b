"""The desk database: the only stateful part of newsdesk.

One SQLite file (default ``./newsdesk.db``), numbered migrations in
``migrations/``, one writer using ``BEGIN IMMEDIATE`` transactions. Each
concern adds its tables through a migration and its queries through a mixin.
"""
from __future__ import annotations

from .analysis import AnalysisMixin
from .articles import ArticlesMixin, article_from_row
from .core import StoreCore, migrations
from .follows import FollowsMixin
from .sources import SourcesMixin
from .state import StateMixin
from .trends import TrendsMixin
from .web import FrontMixin, WebMixin


class Store(AnalysisMixin, FollowsMixin, FrontMixin, SourcesMixin, StateMixin, TrendsMixin, WebMixin, ArticlesMixin,
            StoreCore):
    """A newsdesk desk. Use as a context manager or call :meth:`close`."""


__all__ = ["Store", "article_from_row", "migrations"]
