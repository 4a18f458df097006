#!/usr/bin/env bash
# Started by playwright.config.ts (webServer): a real JupyterLab 4 from the project venv with the
# ConvLab extension installed into a test prefix, serving the fixture notebooks. The same server
# serves Jupyter Notebook 7 (/tree, /notebooks/<path>) where the venv has the `notebook` package.
#
# CONVLAB_UI_VENV=<venv>: serve from that venv instead (scripts/ui-matrix.sh: the lowest and the
# newest JupyterLab 4 from PyPI); the extension is then the one installed into that venv (the
# check is that the venv's own install works), not a copy in the test prefix.
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
cd "$HERE"
VENV="${CONVLAB_UI_VENV:-$ROOT/.venv}"
[ -n "${CONVLAB_UI_VENV:-}" ] && export CONVLAB_UI_NO_EXTENSION=1
node --import tsx prepare.ts "$HERE/.jupyter-root" "$HERE/.prefix"
export JUPYTER_PATH="$HERE/.prefix/share/jupyter"
export JUPYTERLAB_GALATA_ROOT_DIR="$HERE/.jupyter-root"
export JUPYTER_CONFIG_DIR="$HERE/.prefix/etc/jupyter"
export JUPYTER_DATA_DIR="$HERE/.prefix/data"
mkdir -p "$JUPYTER_CONFIG_DIR" "$JUPYTER_DATA_DIR"
exec "$VENV/bin/jupyter" lab --config "$HERE/jupyter_server_test_config.py"
