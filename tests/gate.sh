#!/usr/bin/env bash
# The static gate that runs before the tests: lint (ruff), types (mypy, 0 errors) and the rule
# files' formatting (snakefmt). Uses the tools of the virtual environment the test extras
# installed (.venv, or $VENV).
set -euo pipefail
cd "$(dirname "$0")/.."
bin="${VENV:-.venv}/bin"
"$bin/ruff" check .
"$bin/mypy" traaser
"$bin/snakefmt" --check Snakefile rules/
