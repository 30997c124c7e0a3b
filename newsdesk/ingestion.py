"""Ingesting documents: the runner behind `newsdesk ingest`, `brief PATH...`, `warc`, `collect`,
`watch`, `fetch` and :func:`newsdesk.ingest`.

Paths (files, folders, globs) are expanded and read document by document
(:mod:`newsdesk.inputs`), archives record by record with filters
(:func:`archive_documents`), collected pages as they are fetched
(:class:`~newsdesk.collect.runner.Collector`); :func:`ingest_documents`, the one
ingest loop, hands any of them to the :class:`~newsdesk.pipeline.Ingestor`, and
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
    import threading

    from .embed import Embedder
    from .pipeline import IngestOptions
    from .records import IngestOutcome, RawDoc
    from .store import Store
    from .warc import WarcOptions, WarcStats

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
    from .pipeline import IngestOptions

    todo = paths if isinstance(paths, IngestPlan) else plan(paths)
    items = itertools.chain(todo.missing, named(read_inputs(todo.files, max_bytes=max_bytes), source))
    return ingest_documents(store, items, IngestOptions(extract=ExtractOptions(max_bytes=max_bytes)), progress)


def ingest_documents(store: Store, items: Iterable[RawDoc | IngestOutcome], options: IngestOptions | None = None,
                     progress: Callable[[IngestOutcome], None] | None = None, *,
                     embedder: Embedder | None = None) -> list[IngestOutcome]:
    """The one ingest loop: documents (and outcomes of inputs that failed earlier) into the desk.

    ``embedder`` replaces the pipeline's own (a test's or a benchmark's).
    """
    from .pipeline import IngestOptions, Ingestor

    return list(Ingestor(store, options or IngestOptions(), embedder).ingest(items, progress))


def archive_documents(paths: Iterable[str], options: WarcOptions, stats: WarcStats,
                      stop: threading.Event | None = None) -> Iterator[RawDoc | IngestOutcome]:
    """The pages of WARC archives in order; ``options.limit`` counts pages over all of them,
    and a set ``stop`` ends the reading after the current record."""
    from dataclasses import replace

    from .warc import iter_warc

    for path in paths:
        left = None if options.limit is None else options.limit - stats.pages
        if left is not None and left <= 0:
            return
        for item in iter_warc(path, replace(options, limit=left), stats):
            if stop is not None and stop.is_set():
                return
            yield item


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
