#!/usr/bin/env bash
# ConvLab setup: installs everything the project needs on a fresh machine, idempotently.
# Each stage records a stamp of its inputs and is skipped when nothing changed, so a second
# run is fast. Stages: npm packages -> TypeScript build -> Python venv (.venv, from the pinned
# requirements.txt) -> the ConvLab Jupyter kernel installed into the venv.
#
#   scripts/setup.sh            all stages
#   CONVLAB_SETUP_QUIET=1 ...   less output
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
STAMPS="$ROOT/.cache/setup"
mkdir -p "$STAMPS"
cd "$ROOT"

say() { [ "${CONVLAB_SETUP_QUIET:-}" = 1 ] || echo "setup: $*"; }

# stamp_ok NAME INPUT...: true when the hash of the inputs matches the last successful run.
stamp_hash() { cat "$@" 2>/dev/null | sha256sum | cut -d' ' -f1; }
stamp_ok() { local name=$1; shift; [ -f "$STAMPS/$name" ] && [ "$(cat "$STAMPS/$name")" = "$(stamp_hash "$@")" ]; }
stamp_save() { local name=$1; shift; stamp_hash "$@" > "$STAMPS/$name"; }

stage_npm() {
  if stamp_ok npm package.json package-lock.json && [ -d node_modules ]; then
    say "npm packages up to date"
    return
  fi
  say "installing npm packages (npm ci)"
  npm ci --no-audit --no-fund --loglevel=error
  stamp_save npm package.json package-lock.json
}

stage_build() {
  local inputs
  inputs=$(find src tsconfig.json tsconfig.build.json package-lock.json -type f | sort)
  # shellcheck disable=SC2086
  if stamp_ok build $inputs && [ -f dist/index.js ]; then
    say "build up to date"
    return
  fi
  say "building TypeScript (npm run build)"
  npm run --silent build
  # shellcheck disable=SC2086
  stamp_save build $inputs
}

stage_venv() {
  if stamp_ok venv requirements.txt && [ -x .venv/bin/python ]; then
    say "python venv up to date"
    return
  fi
  if ! python3 -m venv --help >/dev/null 2>&1 || ! python3 -c "import ensurepip" >/dev/null 2>&1; then
    say "installing python3-venv (apt-get)"
    apt-get update -qq && apt-get install -y -qq python3-venv >/dev/null
  fi
  say "creating .venv and installing requirements.txt (pip)"
  [ -x .venv/bin/python ] || python3 -m venv .venv
  .venv/bin/pip install --quiet --disable-pip-version-check -r requirements.txt
  stamp_save venv requirements.txt
}

stage_kernel() {
  local spec=.venv/share/jupyter/kernels/convlab/kernel.json
  if stamp_ok kernel src/kernel/kernelspec.ts src/cli/install.ts && [ -f "$spec" ] && grep -q "$ROOT/dist" "$spec"; then
    say "jupyter kernel up to date"
    return
  fi
  say "installing the ConvLab kernel into .venv (convlab install --sys-prefix)"
  VIRTUAL_ENV="$ROOT/.venv" node bin/convlab.js install --sys-prefix
  stamp_save kernel src/kernel/kernelspec.ts src/cli/install.ts
}

stage_npm
stage_build
stage_venv
stage_kernel
say "done"
