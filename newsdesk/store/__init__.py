"""The desk database: the only stateful part of newsdesk.

One SQLite file (default ``./newsdesk.db``), numbered migrations in
``migrations/``, one writer using ``BEGIN IMMEDIATE`` transactions. Each
concern adds its tables through a migration and its queries through a mixin,
named after the data it holds or serves (articles, stories' views, sources,
trends, follows, analyses, the clusterer's state).

Two rules every mixin keeps:

- **Transactions**: every method that writes opens ``self.transaction()``
  itself; inside a caller's open transaction it joins it (nothing commits
  until the outermost one ends). A caller that needs several writes to land
  together (a batch of articles, a split) wraps them in one
  ``with store.transaction():``. No method expects its caller to have opened one.
- **Many ids**: a lookup by a list of ids goes through :func:`.core.in_chunks`
  (at most :data:`.core.IN_CHUNK` values per ``IN (...)``).
"""
from __future__ import annotations

from .analysis import AnalysisMixin
from .articles import ArticlesMixin, article_from_row
from .core import StoreCore, migrations
from .follows import FollowsMixin
from .sources import SourcesMixin
from .state import StateMixin
from .story_views import StoryListsMixin, StoryViewsMixin
from .trends import TrendsMixin


class Store(AnalysisMixin, FollowsMixin, StoryListsMixin, SourcesMixin, StateMixin, TrendsMixin, StoryViewsMixin,
            ArticlesMixin, StoreCore):
    """A newsdesk desk. Use as a context manager or call :meth:`close`."""


__all__ = ["Store", "article_from_row", "migrations"]
