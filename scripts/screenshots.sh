#!/usr/bin/env bash
# Regenerate the screenshots in docs/ from the bundled example corpus.
# Needs ./.venv (bash scripts/install.sh) and Debian's chromium + chromium-driver.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=.venv/bin/python
DESK=$(mktemp -d)/example-desk.db
trap 'rm -rf "$(dirname "$DESK")"' EXIT
.venv/bin/newsdesk --db "$DESK" brief examples/corpus/*.txt examples/corpus/*.html examples/corpus/*.jsonl \
    --quiet -o /dev/null
$PY -m newsdesk.web.shot --db "$DESK" --page front --size 1100x1500 --output docs/screenshot-front.png
$PY -m newsdesk.web.shot --db "$DESK" --page story --size 1100x1700 --output docs/screenshot-story.png
$PY -m newsdesk.web.shot --db "$DESK" --page story --dark --size 1100x1700 --output docs/screenshot-story-dark.png
