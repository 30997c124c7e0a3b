"""Inputs: turn command-line paths (files, folders, globs) into RawDocs.

Unreadable inputs become ``IngestOutcome(status="skipped")`` with a one-line
reason instead of raising, so one bad file never stops a run.
"""
from __future__ import annotations

import glob
import os
from pathlib import Path
from typing import Iterable, Iterator

from .errors import InputError
from .extract import decode, iter_jsonl
from .records import IngestOutcome, RawDoc

__all__ = ["expand_paths", "read_inputs", "count_documents"]

SKIP_NAMES = {".DS_Store", "Thumbs.db"}
# Project files that sit beside articles in a folder and are not articles themselves.
SKIP_STEMS = {"readme", "license", "licence", "changelog", "changes", "copying", "notice", "authors",
              "contributing", "manifest"}
ARTICLE_SUFFIXES = {".html", ".htm", ".xhtml", ".txt", ".text", ".md", ".jsonl", ".ndjson", ""}


def expand_paths(paths: Iterable[str]) -> tuple[list[Path], list[IngestOutcome]]:
    """Files named, found recursively in folders, or matched by globs (sorted, unique)."""
    files: dict[Path, None] = {}
    missing: list[IngestOutcome] = []
    for spec in paths:
        matches = [Path(p) for p in sorted(glob.glob(spec, recursive=True))] if glob.has_magic(spec) else [Path(spec)]
        if not matches or not matches[0].exists():
            missing.append(IngestOutcome(spec, "skipped", "no such file or folder"))
            continue
        for match in matches:
            if match.is_dir():
                for root, dirs, names in os.walk(match):
                    dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                    for name in sorted(names):
                        path = Path(root) / name
                        if not name.startswith(".") and name not in SKIP_NAMES and _wanted(path):
                            files[path] = None
            else:
                files[match] = None
    return list(files), missing


def _wanted(path: Path) -> bool:
    """In folders, only files that may hold articles (explicitly named files are always tried)."""
    name = path.name.lower()
    if path.stem.lower() in SKIP_STEMS:
        return False
    return (path.suffix.lower() in ARTICLE_SUFFIXES or name.endswith((".warc", ".warc.gz")))


def count_documents(files: list[Path]) -> int:
    total = 0
    for path in files:
        if path.suffix.lower() in (".jsonl", ".ndjson"):
            try:
                with open(path, "rb") as handle:
                    total += sum(1 for line in handle if line.strip())
            except OSError:
                total += 1
        else:
            total += 1
    return total


def read_inputs(files: list[Path], *, max_bytes: int) -> Iterator[RawDoc | IngestOutcome]:
    for path in files:
        yield from _read_one(path, max_bytes)


def _read_one(path: Path, max_bytes: int) -> Iterator[RawDoc | IngestOutcome]:
    uri = str(path)
    if uri.lower().endswith((".warc", ".warc.gz")):  # archives: streamed record by record
        from .collect.warc import read_warc

        yield from read_warc(path, max_bytes=max_bytes)
        return
    try:
        size = path.stat().st_size
        if size == 0:
            yield IngestOutcome(uri, "skipped", "empty file")
            return
        if size > max_bytes and path.suffix.lower() not in (".jsonl", ".ndjson"):
            yield IngestOutcome(uri, "skipped", f"too large ({size:,} bytes > {max_bytes:,}); raise --max-bytes to ingest it")
            return
        data = path.read_bytes()
    except OSError as exc:
        yield IngestOutcome(uri, "skipped", f"cannot read: {exc.strerror or exc}")
        return
    if path.suffix.lower() in (".jsonl", ".ndjson"):
        yield from _read_jsonl(path, data)
        return
    yield RawDoc(uri=uri, content=data, path=uri)


def _read_jsonl(path: Path, data: bytes) -> Iterator[RawDoc | IngestOutcome]:
    uri = str(path)
    try:
        text = decode(data)
    except InputError as exc:
        yield IngestOutcome(uri, "skipped", str(exc))
        return
    container = RawDoc(uri=uri, content="", path=uri)
    for item in iter_jsonl(container, text):
        if isinstance(item, tuple):
            yield IngestOutcome(f"{uri}:{item[0]}", "skipped", item[1])
        else:
            yield item
