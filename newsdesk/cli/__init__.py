"""The ``newsdesk`` command: one sub-command module per concern.

Each module in this package exposes ``register(subparsers)``; a sub-command's
handler gets the parsed arguments and returns an exit status.
"""
from __future__ import annotations

import argparse
import os
import sys
from typing import Sequence

from ..errors import NewsdeskError
from . import desk

MODULES = [desk]


def _optional_modules() -> list:
    found = []
    for name in ("batch", "brief", "collect", "web"):
        try:
            found.append(__import__(f"newsdesk.cli.{name}", fromlist=["register"]))
        except ModuleNotFoundError as exc:
            if exc.name != f"newsdesk.cli.{name}":
                raise
    return found


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="newsdesk", description="A local news desk: ingest coverage, group it into events, "
        "cross-check facts across independent sources, write cited explainers.")
    parser.add_argument("--db", default=os.environ.get("NEWSDESK_DB", "newsdesk.db"),
                        help="desk database file (default: ./newsdesk.db, or $NEWSDESK_DB)")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    sub.required = True
    for module in MODULES + _optional_modules():
        module.register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return int(args.handler(args) or 0)
    except NewsdeskError as exc:
        print(f"newsdesk: error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("newsdesk: interrupted; everything committed before the interruption is kept", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
