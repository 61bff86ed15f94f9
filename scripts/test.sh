#!/usr/bin/env bash
# Set up (or refresh) .venv with the development extras and run the whole test suite.
# The browser tests need Debian's chromium: it is installed here where missing (needs root and
# network; without them those tests skip with a reason), in parallel with the Python install.
set -euo pipefail
cd "$(dirname "$0")/.."
(
    if ! command -v chromium >/dev/null 2>&1 && command -v apt-get >/dev/null 2>&1; then
        { apt-get update -qq && apt-get install -y -qq chromium >/dev/null 2>&1; } \
            || echo "chromium could not be installed: the browser tests will skip" >&2
    fi
) &
browser=$!
python3 -m venv .venv
.venv/bin/pip install -q --disable-pip-version-check -e '.[dev]'
wait "$browser"
.venv/bin/python -m pytest -q "$@"
