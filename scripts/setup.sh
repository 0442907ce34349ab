#!/usr/bin/env bash
# Create .venv and install storyline with pinned dependencies (idempotent).
# Usage: scripts/setup.sh [dev]
set -euo pipefail
cd "$(dirname "$0")/.."
extras=""
# The tests cover every backend and engine: dev brings the scale extra (PostgreSQL, Ray).
[ "${1:-}" = "dev" ] && extras="[dev,scale]"
PY=${PYTHON:-python3}
if ! "$PY" -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; then
  echo "storyline needs Python 3.11 or newer; set PYTHON=/path/to/python3.11" >&2
  exit 2
fi
[ -x .venv/bin/python ] || "$PY" -m venv .venv
stamp=".venv/.installed${extras}"
want=$(cat pyproject.toml constraints.txt | sha256sum | cut -c1-16)
if [ "$(cat "$stamp" 2>/dev/null)" != "$want" ]; then
  echo "setting up .venv (pinned dependencies from constraints.txt)..." >&2
  # pip's notes about package-index folders this machine does not have are noise here.
  quiet() { "$@" 2> >(grep -v "is ignored: it is neither a file nor a directory" >&2); }
  quiet .venv/bin/python -m pip install -q --disable-pip-version-check --upgrade pip >/dev/null
  quiet .venv/bin/python -m pip install -q --disable-pip-version-check -c constraints.txt -e ".${extras}"
  echo "$want" > "$stamp"
fi
