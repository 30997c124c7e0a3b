#!/usr/bin/env bash
# Install newsdesk with its test and spark extras into ./.venv, run the static checks, then the test suite.
set -euo pipefail
cd "$(dirname "$0")/.."
# Java 17+ for the Spark tests (tests/test_batch.py): Debian's headless JRE, quietly, only when missing.
java_ok() { command -v java >/dev/null && java -version 2>&1 | grep -Eq 'version "(1[7-9]|[2-9][0-9])'; }
if ! java_ok; then
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
        (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq openjdk-17-jre-headless) >/dev/null 2>&1 \
            || echo "warning: could not install openjdk-17-jre-headless" >&2
    fi
    java_ok || echo "warning: no Java 17: the Spark tests will be skipped (they fail in CI)" >&2
fi
bash scripts/install.sh test,spark
bash scripts/check.sh
.venv/bin/python -m pytest -q "$@"
