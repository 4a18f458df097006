#!/usr/bin/env bash
# The JupyterLab version matrix: the prebuilt ConvLab extension in the lowest JupyterLab 4 it
# supports and in the newest 4.x, both from PyPI (pins in labextension/ui-tests/matrix/).
# For each: a small venv under .cache/ui-matrix/<name> (JupyterLab only), the extension installed
# into it the way setup.sh installs it into .venv (`convlab install --sys-prefix`), `jupyter
# labextension list` must report it "enabled OK", then the smoke UI test (render + dark theme)
# against that venv's server. Called by scripts/test.sh after the main UI tests.
#
#   scripts/ui-matrix.sh                 lowest and newest
#   scripts/ui-matrix.sh lowest          one of them
#   scripts/ui-matrix.sh --venvs-only    only build the venvs (e.g. while other tests use port 8888)
#
# Like setup.sh: a venv is stamped with the hash of its requirements file once pip has finished;
# a run killed while a venv is built leaves a marker (.convlab-incomplete) and the next run
# rebuilds it; two runs at once wait for each other (flock on .cache/ui-matrix.lock).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
MATRIX=labextension/ui-tests/matrix
mkdir -p .cache/ui-matrix
exec 8>.cache/ui-matrix.lock
flock 8

matrix_venv() {
  local name=$1 req=$MATRIX/requirements-$1.txt venv=.cache/ui-matrix/$1 hash
  hash=$(sha256sum "$req" | cut -d' ' -f1)
  if [ -f "$venv/.convlab-stamp" ] && [ "$(cat "$venv/.convlab-stamp")" = "$hash" ] &&
    [ ! -e "$venv/.convlab-incomplete" ] && "$venv/bin/python" -m pip --version >/dev/null 2>&1; then
    echo "ui-matrix: $name venv up to date ($(grep -m1 '^jupyterlab==' "$req"))"
    return
  fi
  echo "ui-matrix: creating the $name venv ($venv: $(grep -m1 '^jupyterlab==' "$req"))"
  rm -rf "$venv"
  mkdir -p "$venv"
  touch "$venv/.convlab-incomplete"
  python3 -m venv "$venv"
  "$venv/bin/python" -m pip install --quiet --disable-pip-version-check -r "$req" 2>&1 |
    grep -v "^WARNING: Location" || true
  "$venv/bin/python" -c "import jupyterlab" # pip's status is lost in the pipe: check the result
  # as setup.sh does for .venv: JupyterLab's CommonJS helpers must not inherit "type": "module"
  echo '{ "type": "commonjs" }' >"$venv/package.json"
  rm -f "$venv/.convlab-incomplete"
  printf '%s\n' "$hash" >"$venv/.convlab-stamp.tmp.$$"
  mv -f "$venv/.convlab-stamp.tmp.$$" "$venv/.convlab-stamp"
}

matrix_check() {
  local name=$1 venv="$ROOT/.cache/ui-matrix/$1" list version
  matrix_venv "$name"
  version=$("$venv/bin/jupyter" lab --version)
  VIRTUAL_ENV="$venv" node bin/convlab.js install --sys-prefix >/dev/null
  list=$("$venv/bin/jupyter" labextension list 2>&1 | sed 's/\x1b\[[0-9;]*m//g')
  if ! grep -Eq "convlab-labextension v[0-9.]+ +enabled +OK" <<<"$list"; then
    echo "ui-matrix: JupyterLab $version does not report the ConvLab extension enabled and OK:" >&2
    echo "$list" >&2
    exit 1
  fi
  echo "ui-matrix: JupyterLab $version: $(grep -Eo "convlab-labextension v[0-9.]+ +enabled +OK" <<<"$list")"
  CONVLAB_UI_VENV="$venv" npm run --silent test:ui -w labextension -- --project smoke
}

if [ "${1:-}" = --venvs-only ]; then
  matrix_venv lowest
  matrix_venv newest
  exit 0
fi
for name in "${@:-lowest newest}"; do
  for one in $name; do matrix_check "$one"; done
done
