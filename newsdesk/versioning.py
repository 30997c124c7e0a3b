"""Versions of cached results, derived from the code that computes them.

A cached analysis or report is reused only while the code that made it is
unchanged: the version is a hash of those source files, so an upgrade (or a
local edit) never serves results the current code would not produce.
"""
from __future__ import annotations

import hashlib
from functools import cache
from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


@cache
def code_version(*parts: str) -> str:
    """Hash of the named package files and folders (relative to the package), e.g. 'analyze', 'dates.py'."""
    digest = hashlib.sha256()
    for part in parts:
        path = _PACKAGE / part
        files = sorted(path.rglob("*.py")) if path.is_dir() else [path]
        for file in files:
            digest.update(file.relative_to(_PACKAGE).as_posix().encode())
            digest.update(file.read_bytes())
    return digest.hexdigest()[:12]
