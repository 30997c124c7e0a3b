#!/usr/bin/env bash
# Install newsdesk into ./.venv, then ingest and brief the bundled example corpus.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install.sh
rm -f example.db
.venv/bin/newsdesk --db example.db brief examples/corpus --output example-briefing.md
.venv/bin/newsdesk --db example.db brief --format html --output example-briefing.html --quiet
.venv/bin/newsdesk --db example.db stories
echo
echo "Briefings: example-briefing.md and example-briefing.html (open in a browser)."
echo "Browse the desk: .venv/bin/newsdesk --db example.db serve   (then http://127.0.0.1:8000/)"
