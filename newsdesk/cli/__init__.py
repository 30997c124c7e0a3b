"""The ``newsdesk`` command: one sub-command module per concern.

Each module returned by :func:`command_modules` exposes ``register(subparsers)`` and
imports its heavy dependencies inside its handlers, so ``--help``, ``stories``
and ``show`` start fast. A handler gets the parsed arguments and returns an exit
status. A sub-command that may create the desk says so with
``set_defaults(writes=True)`` (or a function of the arguments); every other
command refuses a desk that does not exist.
"""
from __future__ import annotations

import argparse
import os
import sqlite3
import sys
from collections.abc import Sequence
from pathlib import Path
from types import ModuleType

from ..errors import NewsdeskError, StoreError

GLOBAL_OPTIONS = ("--db",)  # accepted before or after the sub-command


class _Version(argparse.Action):
    """--version without reading package metadata unless asked."""

    def __call__(self, parser, namespace, values, option_string=None) -> None:
        from .. import __version__

        print(f"newsdesk {__version__}")
        parser.exit()


def command_modules() -> list[ModuleType]:
    """The sub-command modules, in help order."""
    from . import archives, batch, brief, collect, crawler, desk, follow, sources, web

    return [desk, brief, follow, sources, collect, crawler, archives, web, batch]


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="newsdesk", description="A local news desk: ingest coverage, group it into events, "
        "cross-check facts across independent sources, write cited explainers.",
        epilog="--db may also follow the sub-command (newsdesk stories --db other.db).")
    parser.add_argument("--db", default=os.environ.get("NEWSDESK_DB", "newsdesk.db"),
                        help="desk database file (default: ./newsdesk.db, or $NEWSDESK_DB)")
    parser.add_argument("--version", action=_Version, nargs=0, help="print the version and exit")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    sub.required = True
    for module in command_modules():
        module.register(sub)
    return parser


def hoist_global_options(argv: Sequence[str]) -> list[str]:
    """Global options given after the sub-command moved before it (argparse reads them there)."""
    argv = list(argv)
    end = argv.index("--") if "--" in argv else len(argv)
    moved: list[str] = []
    kept: list[str] = []
    index = 0
    while index < end:
        arg = argv[index]
        name = arg.split("=", 1)[0]
        if name in GLOBAL_OPTIONS and index > 0:
            takes_value = "=" not in arg and index + 1 < end
            moved += argv[index:index + 1 + takes_value]
            index += 1 + takes_value
            continue
        kept.append(arg)
        index += 1
    return moved + kept + argv[end:]


def _check_desk(args) -> None:
    writes = getattr(args, "writes", False)
    writes = writes(args) if callable(writes) else writes
    path = getattr(args, "db", None)
    if path and path != ":memory:" and not writes and not Path(path).exists():
        raise StoreError(f"no desk at {path}: `newsdesk --db {path} ingest PATH...` (or `collect`) creates one")


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(hoist_global_options(sys.argv[1:] if argv is None else argv))
    try:
        _check_desk(args)
        return int(args.handler(args) or 0)
    except NewsdeskError as exc:
        print(f"newsdesk: error: {exc}", file=sys.stderr)
        return 2
    except sqlite3.DatabaseError as exc:
        print(f"newsdesk: error: the desk {args.db} cannot be read ({exc}); is it a newsdesk desk?", file=sys.stderr)
        return 2
    except RuntimeError as exc:
        if "model package missing" not in str(exc):  # the models' loaders say so (embed, features, parse)
            raise
        print(f"newsdesk: error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("newsdesk: interrupted; everything committed before the interruption is kept", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
