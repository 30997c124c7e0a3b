#!/usr/bin/env bash
# Install newsdesk into ./.venv and brief the bundled example corpus.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install.sh
rm -f example.db
.venv/bin/newsdesk --db example.db ingest examples/corpus
.venv/bin/newsdesk --db example.db stories
