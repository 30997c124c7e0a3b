"""Ingesting files: the runner behind `newsdesk ingest`, `brief PATH...` and :func:`newsdesk.ingest`.

Paths (files, folders, globs) are expanded, read document by document
(:mod:`newsdesk.inputs`) and handed to the :class:`~newsdesk.pipeline.Ingestor`;
``progress`` hears every outcome as it happens. Printing is the caller's.
"""
from __future__ import annotations

import itertools
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .records import IngestOutcome, RawDoc
    from .store import Store

DEFAULT_MAX_BYTES = 20_000_000  # the same default as newsdesk.extract, without importing it (CLI start-up)


@dataclass(frozen=True, slots=True)
class IngestPlan:
    """What a list of paths holds: the files, the paths that failed, and how many documents (when known)."""

    files: list[Path]
    missing: list[IngestOutcome]
    total: int | None  # None when an archive is among the files (counted while reading)


def plan(paths: Iterable[str]) -> IngestPlan:
    from .inputs import count_documents, expand_paths

    files, missing = expand_paths(paths)
    counted = count_documents(files)
    return IngestPlan(files, missing, None if counted is None else counted + len(missing))


def ingest(store: Store, paths: Iterable[str] | IngestPlan, *, source: str | None = None,
           max_bytes: int = DEFAULT_MAX_BYTES,
           progress: Callable[[IngestOutcome], None] | None = None) -> list[IngestOutcome]:
    """Store the documents of ``paths``; one outcome per document (ingested, duplicate or skipped).

    ``source`` names the outlet of documents that name none themselves.
    """
    from .extract import ExtractOptions
    from .inputs import read_inputs
    from .pipeline import IngestOptions, Ingestor

    todo = paths if isinstance(paths, IngestPlan) else plan(paths)
    ingestor = Ingestor(store, IngestOptions(extract=ExtractOptions(max_bytes=max_bytes)))
    items = itertools.chain(todo.missing, named(read_inputs(todo.files, max_bytes=max_bytes), source))
    return list(ingestor.ingest(items, progress))


def named(items: Iterable[RawDoc | IngestOutcome], source: str | None) -> Iterator[RawDoc | IngestOutcome]:
    """Documents carrying the outlet name given at ingest when they name none themselves."""
    from .records import RawDoc

    for item in items:
        if source and isinstance(item, RawDoc) and not item.source:
            item.source = source
        yield item


def summary_line(outcomes: list[IngestOutcome]) -> str:
    status = Counter(o.status for o in outcomes)
    reasons = Counter(o.reason for o in outcomes if o.status == "skipped")
    line = f"ingested {status['ingested']}, duplicates {status['duplicate']}, skipped {status['skipped']}"
    if reasons:
        line += " (" + "; ".join(f"{n} {r.split(':')[0]}" for r, n in reasons.most_common()) + ")"
    return line
