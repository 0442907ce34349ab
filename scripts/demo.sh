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
# The example's Russian companion page: its statement and the English renderings it matches.
echo "Across languages:"
ru_quote=$(.venv/bin/storyline quotes --db storyline.db --speaker "Узра Зея" --kind direct | awk '/Мы готовы/ && !found {print $1; found = 1}') || true
if [ -n "$ru_quote" ]; then .venv/bin/storyline quote "$ru_quote" --db storyline.db; fi
echo
.venv/bin/storyline report --db storyline.db -o dossier.html
echo
echo "Look closer:  .venv/bin/storyline show ID --db storyline.db"
echo "An entity:    .venv/bin/storyline entity Tokayev --db storyline.db"
echo "A story:      .venv/bin/storyline story ID --db storyline.db   (outlets side by side, coverage, framing)"
echo "Who said it:  .venv/bin/storyline quotes --db storyline.db   then   .venv/bin/storyline quote ID --db storyline.db"
echo "Export:       .venv/bin/storyline export --format json --db storyline.db -o dossier.json"
echo
echo "Where to look: $(pwd)/dossier.html  (open it in a browser: one file, works offline, can be mailed)"
echo "or browse:     .venv/bin/storyline serve --db storyline.db   then go to http://127.0.0.1:8000/"
exit $status
