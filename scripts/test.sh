#!/usr/bin/env bash
# README command 2: set up, then lint, type-check, run the eval gate and the test suite.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh dev
echo "== ruff"
.venv/bin/ruff check src tests bench
.venv/bin/ruff format --check src tests bench
echo "== mypy"
.venv/bin/mypy
echo "== eval gates (bench/eval_*.py, pinned floors in bench/floors.json)"
if [ -d ../shared/bench-data ]; then
  for gate in bench/eval_*.py; do
    echo "-- $gate"
    .venv/bin/python "$gate"
  done
elif [ "${CI:-}" = "true" ]; then
  echo "../shared/bench-data is missing: CI must run the eval gate" >&2; exit 1
else
  echo "skipped: ../shared/bench-data not found beside the checkout"
fi
echo "== pytest"
.venv/bin/python -m pytest -q "$@"
