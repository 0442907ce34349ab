#!/usr/bin/env bash
# README command 1: set up, then analyze the bundled example into storyline.db.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
status=0
.venv/bin/storyline analyze examples/kazakhstan-reforms --db storyline.db \
  --aliases examples/kazakhstan-reforms.aliases.toml || status=$?
echo
.venv/bin/storyline articles --db storyline.db
echo
.venv/bin/storyline entities --db storyline.db --min-articles 2
echo
.venv/bin/storyline timeline --db storyline.db
echo
.venv/bin/storyline stories --db storyline.db
echo
echo "Look closer:  .venv/bin/storyline show ID --db storyline.db"
echo "An entity:    .venv/bin/storyline entity Tokayev --db storyline.db"
echo "A story:      .venv/bin/storyline story ID --db storyline.db   (outlets side by side, coverage, framing)"
echo "Who said it:  .venv/bin/storyline quotes --db storyline.db   then   .venv/bin/storyline quote ID --db storyline.db"
echo "Export:       .venv/bin/storyline export --format json --db storyline.db -o dossier.json"
exit $status
