#!/usr/bin/env bash
# Static checks: ruff (lint, import order), mypy (types) and the layer test (imports run one way).
# Usage: bash scripts/check.sh [--fix]   (--fix applies ruff's safe autofixes first)
# Needs the test extra: bash scripts/install.sh test
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=.venv/bin
[ -x "$BIN/ruff" ] && [ -x "$BIN/mypy" ] || { echo "check: ruff/mypy missing: run bash scripts/install.sh test" >&2; exit 1; }
if [ "${1:-}" = "--fix" ]; then "$BIN/ruff" check --fix --quiet . || true; fi
status=0
echo "check: ruff" && "$BIN/ruff" check . || status=1
echo "check: mypy" && "$BIN/mypy" || status=1
echo "check: layers" && "$BIN/python" -m pytest -q -p no:cacheprovider tests/test_layers.py || status=1
[ $status = 0 ] && echo "check: all passed" || echo "check: failed (bash scripts/check.sh --fix applies ruff's autofixes)" >&2
exit $status
