"""newsdesk: a local news desk that groups coverage into stories and writes cited explainers.

The public API (docs/api.md)::

    import newsdesk

    with newsdesk.Store("desk.db") as desk:
        newsdesk.ingest(desk, ["articles/"])
        report = newsdesk.build_report(desk)  # the newsdesk.report/1 dict

Names are imported on first use (PEP 562), so ``import newsdesk`` (and the
command line, which imports the package first) stays fast.
"""
from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .ingestion import ingest
    from .report import build_report
    from .store import Store

__all__ = ["Store", "__version__", "build_report", "ingest"]

_API = {"Store": ("newsdesk.store", "Store"), "ingest": ("newsdesk.ingestion", "ingest"),
        "build_report": ("newsdesk.report", "build_report")}


def __getattr__(name: str) -> Any:
    if name == "__version__":
        from importlib.metadata import PackageNotFoundError, version

        try:
            return version("newsdesk")  # the one version: pyproject.toml's
        except PackageNotFoundError:
            return "0+unknown"  # running from a source tree that was never installed
    if name not in _API:
        raise AttributeError(f"module 'newsdesk' has no attribute {name!r}")
    module, attribute = _API[name]
    value = getattr(import_module(module), attribute)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
