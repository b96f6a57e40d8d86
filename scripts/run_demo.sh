#!/usr/bin/env bash
# README command 1: set up, build the plugin and the demo county, open QGIS with both.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
bash "$root/scripts/setup.sh"
exec "$root/.venv/bin/python" "$root/scripts/run_demo.py" "$@"
