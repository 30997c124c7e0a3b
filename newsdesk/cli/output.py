"""Writing a command's result to a file or to standard output."""
from __future__ import annotations

import sys
from pathlib import Path


def emit(text: str, output: str | None, done: str) -> None:
    """Write ``text`` to ``output`` (saying ``done`` on stderr), or to standard output."""
    if output:
        Path(output).write_text(text, encoding="utf-8")
        print(f"{done} to {output}", file=sys.stderr)
    else:
        sys.stdout.write(text)
