#!/usr/bin/env bash
# Runs every test suite in order; stops at the first failure. Called by `npm test`.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
# Each suite runs under a bound several times its normal length on the 2-core machine, so a hang
# fails that suite with its name instead of running into CI's overall limit.
bounded() { local limit=$1; shift; timeout --kill-after=60 "$limit" "$@" || {
  local rc=$?; [ "$rc" -ge 124 ] && [ "$rc" -le 137 ] && echo "test.sh: '$*' stopped after $limit (exit $rc)" >&2
  return "$rc"; }; }

echo "== typecheck" && npx tsc -p tsconfig.json --noEmit && npx tsc -p labextension/tsconfig.json --noEmit && npx tsc -p labextension/tsconfig.tools.json
echo "== lint" && npx biome check .
echo "== unit and conformance tests"
bounded 20m npx vitest run --reporter=default --reporter=./test/support/count-reporter.ts
echo "== kernel, notebook and grader tests (real kernel over ZeroMQ: jupyter_client, jupyter_kernel_test, nbclient, nbgrader)"
bounded 30m .venv/bin/python -m pytest test/kernel test/notebooks test/grade -p no:cacheprovider --timeout=300 -r fE
echo "== local JupyterHub (JupyterHub from PyPI, configurable-http-proxy, a student runs a ConvLab cell)"
bounded 20m .venv/bin/python -m pytest test/hub -p no:cacheprovider --timeout=600 -r fE
echo "== setup tests (scripts/setup.sh killed at random points and run twice at once, in copies)"
bounded 20m .venv/bin/python -m pytest test/setup -p no:cacheprovider --timeout=600 -r fE
echo "== JupyterLab extension UI tests (galata: real JupyterLab 4 and Notebook 7, Debian Chromium)"
bounded 30m npm run --silent test:ui -w labextension
echo "== JupyterLab version matrix (the extension in the lowest supported and the newest JupyterLab 4 from PyPI)"
bounded 25m bash scripts/ui-matrix.sh
