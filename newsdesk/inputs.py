"""Inputs: turn command-line paths (files, folders, globs) into RawDocs.

Unreadable inputs become ``IngestOutcome(status="skipped")`` with a one-line
reason instead of raising, so one bad file never stops a run. JSONL files are
streamed line by line; a bad line is skipped on its own.
"""
from __future__ import annotations

import glob
import os
from pathlib import Path
from typing import Iterable, Iterator

from .errors import InputError
from .extract import binary_reason, decode, jsonl_record
from .records import IngestOutcome, RawDoc

__all__ = ["expand_paths", "read_inputs", "count_documents", "JSONL_SUFFIXES"]

SKIP_NAMES = {".DS_Store", "Thumbs.db"}
# Project files that sit beside articles in a folder and are not articles themselves.
SKIP_STEMS = {"readme", "license", "licence", "changelog", "changes", "copying", "notice", "authors",
              "contributing", "manifest"}
ARTICLE_SUFFIXES = {".html", ".htm", ".xhtml", ".txt", ".text", ".md", ".jsonl", ".ndjson", ""}
JSONL_SUFFIXES = (".jsonl", ".ndjson")
MAX_BAD_JSONL_START = 20  # a "JSONL" file whose first lines are all bad is not JSONL: skip it whole


def expand_paths(paths: Iterable[str]) -> tuple[list[Path], list[IngestOutcome]]:
    """Files named, found recursively in folders, or matched by globs (in order, each once)."""
    files: dict[Path, None] = {}
    missing: list[IngestOutcome] = []
    for spec in paths:
        matches = [Path(p) for p in sorted(glob.glob(spec, recursive=True))] if glob.has_magic(spec) else [Path(spec)]
        if not matches or not matches[0].exists():
            missing.append(IngestOutcome(spec, "skipped", "no such file or folder"))
            continue
        for match in matches:
            files.update(dict.fromkeys(_walk(match) if match.is_dir() else [match]))
    return list(files), missing


def _walk(folder: Path) -> Iterator[Path]:
    """Article-like files under a folder, sorted, hidden files and folders left out."""
    for root, dirs, names in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(names):
            path = Path(root) / name
            if not name.startswith(".") and name not in SKIP_NAMES and _wanted(path):
                yield path


def _wanted(path: Path) -> bool:
    """In folders, only files that may hold articles (explicitly named files are always tried)."""
    name = path.name.lower()
    if path.stem.lower() in SKIP_STEMS:
        return False
    return path.suffix.lower() in ARTICLE_SUFFIXES or name.endswith((".warc", ".warc.gz"))


def count_documents(files: list[Path]) -> int | None:
    """How many documents the files hold (a JSONL file counts its lines), for a progress bar;
    None when an archive is among them (its records are only counted while reading it)."""
    total = 0
    for path in files:
        if path.name.lower().endswith((".warc", ".warc.gz")):
            return None
        if path.suffix.lower() in JSONL_SUFFIXES:
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
    if path.suffix.lower() in JSONL_SUFFIXES:
        yield from _read_jsonl(path, max_bytes)
        return
    try:
        size = path.stat().st_size
        if size == 0:
            yield IngestOutcome(uri, "skipped", "empty file")
            return
        if size > max_bytes:
            yield IngestOutcome(uri, "skipped", _too_large(size, max_bytes))
            return
        data = path.read_bytes()
    except OSError as exc:
        yield IngestOutcome(uri, "skipped", f"cannot read: {exc.strerror or exc}")
        return
    yield RawDoc(uri=uri, content=data, path=uri)


def _too_large(size: int, max_bytes: int) -> str:
    return f"too large: {size:,} bytes > {max_bytes:,}; raise --max-bytes to ingest it"


def _read_jsonl(path: Path, max_bytes: int) -> Iterator[RawDoc | IngestOutcome]:
    """One RawDoc per good line and a skip per bad line (its uri ends in ':LINE'); the whole
    file is skipped when it is binary, empty, or its first lines are all bad (not JSON Lines)."""
    uri = str(path)
    try:
        with open(path, "rb") as handle:
            reason = binary_reason(handle.read(8192))
            handle.seek(0)
            if reason:
                yield IngestOutcome(uri, "skipped", f"binary file: {reason}, not JSON Lines")
                return
            yield from _jsonl_items(RawDoc(uri=uri, content="", path=uri), handle, max_bytes)
    except OSError as exc:
        yield IngestOutcome(uri, "skipped", f"cannot read: {exc.strerror or exc}")


def _jsonl_items(container: RawDoc, handle, max_bytes: int) -> Iterator[RawDoc | IngestOutcome]:
    pending: list[IngestOutcome] = []  # bad lines before the first good one
    seen_good = False
    for number, line in enumerate(handle, 1):
        item = _jsonl_line(container, line, number, max_bytes)
        if item is None:
            continue
        if not seen_good and isinstance(item, IngestOutcome):
            pending.append(item)
            if len(pending) >= MAX_BAD_JSONL_START:
                yield IngestOutcome(container.uri, "skipped", f"not JSON Lines: the first {len(pending)} lines "
                                                              "are not article records (one JSON object a line)")
                return
            continue
        seen_good = True
        yield from pending
        pending = []
        yield item
    yield from pending
    if not seen_good and not pending:
        yield IngestOutcome(container.uri, "skipped", "empty file")


def _jsonl_line(container: RawDoc, line: bytes, number: int, max_bytes: int) -> RawDoc | IngestOutcome | None:
    where = f"{container.uri}:{number}"
    if not line.strip():
        return None
    if len(line) > max_bytes:
        return IngestOutcome(where, "skipped", _too_large(len(line), max_bytes))
    try:
        text = decode(line.removeprefix(b"\xef\xbb\xbf"))
    except InputError as exc:
        return IngestOutcome(where, "skipped", str(exc))
    item = jsonl_record(container, text, number)
    return IngestOutcome(where, "skipped", item[1]) if isinstance(item, tuple) else item
