#!/usr/bin/env bash
# Sets up this checkout (Debian packages, .venv, front-end libraries) and runs the
# server with sample data. Extra arguments go to `sunbeon serve`, e.g. --port 8080.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
exec .venv/bin/sunbeon serve --demo --host 0.0.0.0 "$@"
