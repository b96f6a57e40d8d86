#!/usr/bin/env bash
# README command 2 (and CI): set up, lint, then every test tier inside real QGIS.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
bash scripts/setup.sh
.venv/bin/ruff check .
.venv/bin/ruff format --check .
export QT_QPA_PLATFORM=offscreen
exec .venv/bin/python -m pytest "$@"
