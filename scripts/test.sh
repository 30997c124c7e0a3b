#!/usr/bin/env bash
# Install newsdesk with its test extras into ./.venv and run the test suite.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install.sh test
.venv/bin/python -m pytest -q "$@"
