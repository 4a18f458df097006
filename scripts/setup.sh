#!/usr/bin/env bash
# ConvLab setup: installs everything the project needs on a fresh machine, idempotently.
# Each stage records a stamp of its inputs and is skipped when nothing changed, so a second
# run is fast. Stages: Fashion-MNIST (Debian package) -> npm packages -> TypeScript build ->
# Chromium (apt) -> Python venv (.venv, pinned requirements.txt) -> JupyterLab extension build ->
# `convlab install` (kernelspec + prebuilt extension) into the venv -> JupyterLab settings (news off).
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

stage_dataset() {
  # Fashion-MNIST from Debian's dataset-fashion-mnist (files in /usr/share/datasets/fashion-mnist/).
  # Skipped where apt is not available: ConvLab then finds the data in CONVLAB_FASHION_MNIST_DIR or
  # ~/.cache/convlab/fashion-mnist (`convlab data download` fills the cache).
  if dpkg -s dataset-fashion-mnist >/dev/null 2>&1; then
    say "Fashion-MNIST (dataset-fashion-mnist) already installed"
    return
  fi
  if ! command -v apt-get >/dev/null 2>&1; then
    say "apt-get not available: skipping dataset-fashion-mnist (see 'convlab data check')"
    return
  fi
  local sudo=""
  if [ "$(id -u)" != 0 ]; then
    if command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then sudo="sudo -n"; else
      say "not root and no password-less sudo: skipping dataset-fashion-mnist (see 'npx convlab data check')"
      return
    fi
  fi
  say "installing Fashion-MNIST (apt-get install dataset-fashion-mnist)"
  # apt-get update only when the package lists do not know the package yet (fresh machines).
  if ! apt-cache show dataset-fashion-mnist >/dev/null 2>&1; then
    $sudo apt-get update -qq || true
  fi
  if ! DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends dataset-fashion-mnist >/dev/null; then
    echo "setup: WARNING: could not install dataset-fashion-mnist; the dataset tests will fail." >&2
    echo "setup: get the data as 'npx convlab data check' explains, then run setup again." >&2
  fi
}

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

# Debian's Chromium drives the UI tests and the render benchmark (Playwright never downloads one).
stage_chromium() {
  if [ -x /usr/bin/chromium ]; then
    say "chromium present"
    return
  fi
  say "installing chromium (apt-get)"
  if [ "$(id -u)" != 0 ]; then
    echo "setup: /usr/bin/chromium is missing; install it with: sudo apt-get install -y chromium" >&2
    exit 1
  fi
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
}

# The project venv: JupyterLab 4, jupyter_client, nbclient, jupyter_kernel_test, pytest (pinned).
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
  # The venv sits inside this "type": "module" package; JupyterLab's bundled CommonJS helpers
  # (jupyter_builder/yarn.js) must not inherit that, or `jupyter lab` prints yarn errors.
  echo '{ "type": "commonjs" }' > .venv/package.json
  stamp_save venv requirements.txt
}

# The prebuilt JupyterLab extension (labextension/convlab_labextension).
stage_labextension() {
  local inputs
  inputs=$(find labextension/src labextension/style labextension/schema labextension/scripts -type f -not -path "*/generated/*" | sort)
  # shellcheck disable=SC2086
  inputs="$inputs labextension/package.json labextension/tsconfig.json package-lock.json $(find src/figure -type f | sort)"
  # shellcheck disable=SC2086
  if stamp_ok labextension $inputs && [ -f labextension/convlab_labextension/package.json ]; then
    say "JupyterLab extension up to date"
    return
  fi
  say "building the JupyterLab extension (npm run build -w labextension)"
  npm run --silent build -w labextension >/dev/null
  # shellcheck disable=SC2086
  stamp_save labextension $inputs
}

# `convlab install --sys-prefix`: the kernelspec and the prebuilt JupyterLab extension, into .venv.
stage_install() {
  local spec=.venv/share/jupyter/kernels/convlab/kernel.json
  local ext=.venv/share/jupyter/labextensions/convlab-labextension/package.json
  local inputs="src/kernel/kernelspec.ts src/cli/install.ts src/cli/install-labextension.ts labextension/convlab_labextension/package.json"
  # shellcheck disable=SC2086
  if stamp_ok install $inputs $(find labextension/convlab_labextension -type f | sort) && [ -f "$spec" ] && [ -f "$ext" ] && grep -q "$ROOT/dist" "$spec"; then
    say "kernel and JupyterLab extension installed"
    return
  fi
  say "installing the ConvLab kernel and JupyterLab extension into .venv (convlab install --sys-prefix)"
  VIRTUAL_ENV="$ROOT/.venv" node bin/convlab.js install --sys-prefix
  # shellcheck disable=SC2086
  stamp_save install $inputs $(find labextension/convlab_labextension -type f | sort)
}

# The venv's JupyterLab does not ask "Would you like to get notified about official Jupyter news?"
# (the prompt covered the figures on a first `convlab lab`): fetchNews = "false" in the venv's
# settings overrides (<sys.prefix>/share/jupyter/lab/settings/overrides.json; other keys kept). The
# user's own JupyterLab settings are not touched.
stage_jupyterlab_settings() {
  local overrides=.venv/share/jupyter/lab/settings/overrides.json
  if [ -f "$overrides" ] && grep -q '"fetchNews": "false"' "$overrides"; then
    say "JupyterLab news prompt already off in .venv"
    return
  fi
  say "turning the JupyterLab news prompt off in .venv ($overrides)"
  .venv/bin/python - "$overrides" <<'PY'
import json, pathlib, sys
path = pathlib.Path(sys.argv[1])
path.parent.mkdir(parents=True, exist_ok=True)
data = json.loads(path.read_text()) if path.exists() else {}
data.setdefault("@jupyterlab/apputils-extension:notification", {})["fetchNews"] = "false"
path.write_text(json.dumps(data, indent=2) + "\n")
PY
}

export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1
stage_dataset
stage_npm
stage_build
stage_chromium
stage_venv
stage_labextension
stage_install
stage_jupyterlab_settings
say "done"
