#!/usr/bin/env bash
# README command 1: set up, then analyze the bundled example into storyline.db.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
status=0
.venv/bin/storyline analyze examples/kazakhstan-reforms --db storyline.db || status=$?
echo
.venv/bin/storyline articles --db storyline.db
echo
echo "Look closer:  .venv/bin/storyline show ID --db storyline.db"
echo "Export:       .venv/bin/storyline export --format json --db storyline.db -o dossier.json"
exit $status
