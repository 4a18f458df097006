#!/usr/bin/env bash
# Started by playwright.config.ts (webServer): a real JupyterLab 4 from the project venv with the
# ConvLab extension installed into a test prefix, serving the fixture notebooks.
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
cd "$HERE"
node --import tsx prepare.ts "$HERE/.jupyter-root" "$HERE/.prefix"
export JUPYTER_PATH="$HERE/.prefix/share/jupyter"
export JUPYTERLAB_GALATA_ROOT_DIR="$HERE/.jupyter-root"
export JUPYTER_CONFIG_DIR="$HERE/.prefix/etc/jupyter"
export JUPYTER_DATA_DIR="$HERE/.prefix/data"
mkdir -p "$JUPYTER_CONFIG_DIR" "$JUPYTER_DATA_DIR"
exec "$ROOT/.venv/bin/jupyter" lab --config "$HERE/jupyter_server_test_config.py"
