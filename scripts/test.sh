#!/usr/bin/env bash
# Sets up everything the tests need (Chromium included) and runs every test.
# Extra arguments go to pytest, e.g. -k engine.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh --test
exec .venv/bin/python -m pytest "$@"
