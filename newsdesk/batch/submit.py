"""The file to give ``spark-submit``: it runs ``newsdesk batch`` with the arguments that follow.

    spark-submit [spark options] "$(python -m newsdesk.batch.submit --path)" INPUTS... --out DIR

``python -m newsdesk.batch.submit --path`` prints this file's path.
"""
from __future__ import annotations

import sys


def main(argv: list[str]) -> int:
    if argv == ["--path"]:
        print(__file__)
        return 0
    from newsdesk.cli import main as cli

    return cli(["batch", *argv])


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
