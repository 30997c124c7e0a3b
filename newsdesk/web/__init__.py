"""The web desk: front page, story, article and search pages with ``.json`` twins.

    from newsdesk.web import create_app
    app = create_app("newsdesk.db")   # serve with uvicorn; read-only by default
"""
from __future__ import annotations

from .app import create_app
from .data import WebOptions

__all__ = ["WebOptions", "create_app"]
