#!/usr/bin/env bash
# ConvLab setup: installs everything the project needs on a fresh machine, idempotently.
# Each stage records a stamp of its inputs and is skipped when nothing changed, so a second
# run is fast. Stages: Fashion-MNIST (Debian package) -> npm packages -> native conv engine (gcc) -> TypeScript build ->
# Chromium (apt) -> Python venv (.venv, pinned requirements.txt) -> JupyterLab extension build ->
# `convlab install` (kernelspec + prebuilt extension) into the venv -> JupyterLab settings (news off).
#
#   scripts/setup.sh                          all stages
#   CONVLAB_SETUP_QUIET=1 ...                 less output
#   CONVLAB_SETUP_ONLY="build labextension"   only the named stages
#
# Safe to interrupt at any point and to run twice at once: a second run waits for the first
# (flock on .cache/setup.lock), apt-get runs under a machine-wide lock (/tmp/apt.lock), and a
# killed stage is redone on the next run (see the helpers below).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
STAMPS="$ROOT/.cache/setup"
mkdir -p "$STAMPS"
cd "$ROOT"

say() { [ "${CONVLAB_SETUP_QUIET:-}" = 1 ] || echo "setup: $*"; }

# Stamps. A stage records the hash of its inputs after it succeeds and is skipped while they are
# unchanged. The hash covers every input's path and contents (a rename counts as a change); an
# unreadable or missing input stops setup with the file's name instead of hashing an empty string.
# A stage clears its stamp before it changes anything (stamp_clear), so a run killed half-way
# never leaves a stamp that vouches for half-built output.
declare -A STAMP_SEEN=()
stamp_hash() {
  if [ $# = 0 ]; then
    echo "setup: internal error: a stamp with no input files" >&2
    return 1
  fi
  local sums
  if ! sums=$(sha256sum -- "$@"); then
    echo "setup: cannot read the input(s) named above; fix them and run setup again" >&2
    return 1
  fi
  printf '%s\n' "$sums" | sha256sum | cut -d' ' -f1
}
# stamp_ok NAME INPUT...: true when the inputs hash as they did after the last successful run.
stamp_ok() {
  local name=$1 hash
  shift
  hash=$(stamp_hash "$@") || exit 1
  STAMP_SEEN[$name]=$hash
  [ -f "$STAMPS/$name" ] && [ "$(cat "$STAMPS/$name")" = "$hash" ]
}
# stamp_save NAME INPUT...: records the hash stamp_ok saw before the work (edits made while the
# stage ran make the next run redo it), written atomically.
stamp_save() {
  local name=$1 hash
  shift
  hash=${STAMP_SEEN[$name]:-}
  [ -n "$hash" ] || hash=$(stamp_hash "$@") || exit 1
  printf '%s\n' "$hash" >"$STAMPS/$name.tmp.$$"
  mv -f "$STAMPS/$name.tmp.$$" "$STAMPS/$name"
}
stamp_clear() { rm -f "$STAMPS/$1"; }

# Debian packages. pkg_installed is dpkg's own verdict ("ii": unpacked and configured); a package an
# interrupted apt-get left half-installed is not installed. apt_get runs apt-get (as root or via
# password-less sudo) under one machine-wide lock, so setups and people running apt at once wait for
# each other, and first finishes whatever dpkg run an earlier interruption left half-done.
APT_LOCK=${CONVLAB_APT_LOCK:-/tmp/apt.lock}
pkg_installed() { [ "$(dpkg-query -W -f='${db:Status-Abbrev}' "$1" 2>/dev/null)" = "ii " ]; }
can_apt() {
  command -v apt-get >/dev/null 2>&1 && { [ "$(id -u)" = 0 ] || { command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; }; }
}
apt_get() {
  local sudo=()
  [ "$(id -u)" = 0 ] || sudo=(sudo -n)
  # shellcheck disable=SC2016
  "${sudo[@]}" flock "$APT_LOCK" sh -c 'dpkg --configure -a >/dev/null 2>&1 || true
    DEBIAN_FRONTEND=noninteractive exec apt-get -o DPkg::Lock::Timeout=600 "$@"' apt-get "$@"
}

# The project venv is usable when it was completed by setup (no .convlab-incomplete marker left by
# a killed run), its python runs pip (a venv killed during ensurepip has none), and its scripts'
# shebangs point into this .venv (a moved clone's venv still points to the old place).
venv_ok() {
  [ -f .venv/pyvenv.cfg ] && [ ! -e .venv/.convlab-incomplete ] || return 1
  .venv/bin/python -m pip --version >/dev/null 2>&1 || return 1
  local interpreter
  interpreter=$(head -n 2 .venv/bin/pip 2>/dev/null | grep -m1 -o '/[^ ]*/bin/python[0-9.]*') || return 1
  [ "$(realpath -m "$(dirname "$interpreter")")" = "$(realpath .venv/bin)" ]
}

stage_dataset() {
  # Fashion-MNIST from Debian's dataset-fashion-mnist (files in /usr/share/datasets/fashion-mnist/).
  # Skipped where apt is not available: ConvLab then finds the data in CONVLAB_FASHION_MNIST_DIR or
  # ~/.cache/convlab/fashion-mnist (`convlab data download` fills the cache).
  if pkg_installed dataset-fashion-mnist; then
    say "Fashion-MNIST (dataset-fashion-mnist) already installed"
    return
  fi
  if ! can_apt; then
    say "no apt-get, or not root and no password-less sudo: skipping dataset-fashion-mnist (see 'npx convlab data check')"
    return
  fi
  say "installing Fashion-MNIST (apt-get install dataset-fashion-mnist)"
  # apt-get update only when the package lists do not know the package yet (fresh machines).
  if ! apt-cache show dataset-fashion-mnist >/dev/null 2>&1; then
    apt_get update -qq || true
  fi
  if ! apt_get install -y -qq --no-install-recommends dataset-fashion-mnist >/dev/null; then
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
  stamp_clear npm
  # onnxruntime-node's postinstall only fetches optional CUDA libraries (from NuGet: fails offline);
  # its CPU library ships in the package. npm >= 11.16 skips it anyway (allowScripts in package.json).
  ONNXRUNTIME_NODE_INSTALL=skip npm ci --no-audit --no-fund --loglevel=error
  stamp_save npm package.json package-lock.json
}

# The native conv engine (a Node-API addon, scripts/build-native.sh). Without gcc and no way to
# install it, ConvLab still runs: conv2d and pooling keep to the WebAssembly engine.
stage_native() {
  local inputs
  inputs=$(find native/conv-native scripts/build-native.sh -type f | sort)
  # shellcheck disable=SC2086
  if stamp_ok native $inputs && [ -f native/build/convlab-native.node ]; then
    say "native conv engine up to date"
    return
  fi
  if ! command -v gcc >/dev/null 2>&1; then
    if ! can_apt; then
      echo "setup: WARNING: no gcc to build the native conv engine; conv2d keeps to WebAssembly (apt-get install gcc)" >&2
      return
    fi
    say "installing gcc (apt-get) for the native conv engine"
    apt_get install -y -qq gcc libc6-dev >/dev/null || { apt_get update -qq && apt_get install -y -qq gcc libc6-dev >/dev/null; }
  fi
  say "building the native conv engine (scripts/build-native.sh)"
  stamp_clear native
  bash scripts/build-native.sh >/dev/null
  # shellcheck disable=SC2086
  stamp_save native $inputs
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
  stamp_clear build
  npm run --silent build
  # shellcheck disable=SC2086
  stamp_save build $inputs
}

# Debian's Chromium drives the UI tests and the render benchmark (Playwright never downloads one).
stage_chromium() {
  if pkg_installed chromium && /usr/bin/chromium --version >/dev/null 2>&1; then
    say "chromium present"
    return
  fi
  say "installing chromium (apt-get)"
  if ! can_apt; then
    echo "setup: chromium is missing or broken; install it with: sudo apt-get install -y chromium" >&2
    exit 1
  fi
  apt_get update -qq
  # --reinstall repairs a package whose files an interrupted install left incomplete.
  apt_get install -y -qq --reinstall chromium >/dev/null
  /usr/bin/chromium --version >/dev/null
}

# bubblewrap: `convlab grade` runs every submission's kernel in a bwrap sandbox.
stage_bubblewrap() {
  if pkg_installed bubblewrap && command -v bwrap >/dev/null 2>&1; then
    say "bubblewrap present"
    return
  fi
  if ! can_apt; then
    echo "setup: WARNING: bwrap is missing and cannot be installed here; 'convlab grade' needs it (apt-get install bubblewrap)" >&2
    return
  fi
  say "installing bubblewrap (apt-get)"
  apt_get install -y -qq bubblewrap >/dev/null || { apt_get update -qq && apt_get install -y -qq bubblewrap >/dev/null; }
}

# The project venv: JupyterLab 4, jupyter_client, nbclient, jupyter_kernel_test, pytest (pinned).
stage_venv() {
  if stamp_ok venv requirements.txt && venv_ok; then
    say "python venv up to date"
    return
  fi
  if ! python3 -m venv --help >/dev/null 2>&1 || ! python3 -c "import ensurepip" >/dev/null 2>&1; then
    say "installing python3-venv (apt-get)"
    apt_get update -qq && apt_get install -y -qq python3-venv >/dev/null
  fi
  stamp_clear venv
  if [ -e .venv ] && ! venv_ok; then
    say "removing .venv: unfinished, without pip, or made for another checkout path; rebuilding it"
    rm -rf .venv
  fi
  say "creating .venv and installing requirements.txt (pip)"
  # The marker stays until pip has finished: a run killed before that rebuilds the venv.
  mkdir -p .venv
  touch .venv/.convlab-incomplete
  [ -x .venv/bin/python ] || python3 -m venv .venv
  .venv/bin/python -m pip install --quiet --disable-pip-version-check -r requirements.txt
  # The venv sits inside this "type": "module" package; JupyterLab's bundled CommonJS helpers
  # (jupyter_builder/yarn.js) must not inherit that, or `jupyter lab` prints yarn errors.
  echo '{ "type": "commonjs" }' > .venv/package.json
  rm -f .venv/.convlab-incomplete
  stamp_save venv requirements.txt
}

# The prebuilt JupyterLab extension (labextension/convlab_labextension).
stage_labextension() {
  local inputs
  inputs=$(find labextension/src labextension/style labextension/schema labextension/scripts -type f -not -path "*/generated/*" | sort)
  # shellcheck disable=SC2086
  # The bundle imports the core's build output (dist/figure/*, which imports conv/, errors, ...):
  # all of src/ and its build configuration count as inputs.
  inputs="$inputs labextension/package.json labextension/tsconfig.json package-lock.json tsconfig.build.json $(find src -type f | sort)"
  # shellcheck disable=SC2086
  if stamp_ok labextension $inputs && [ -f labextension/convlab_labextension/package.json ]; then
    say "JupyterLab extension up to date"
    return
  fi
  say "building the JupyterLab extension (npm run build -w labextension)"
  stamp_clear labextension
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
  stamp_clear install
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

# Sourced (the setup tests call the helpers): define everything, run nothing.
[ "${BASH_SOURCE[0]}" != "$0" ] && return 0

# One setup at a time per checkout: `npm start` and `npm test` started together would otherwise
# race npm ci and pip. The second waits, then finds the stamps fresh and skips the work.
exec 9>"$ROOT/.cache/setup.lock"
if ! flock -n 9; then
  echo "setup: another setup is running in $ROOT; waiting for it to finish (.cache/setup.lock)" >&2
  flock 9
fi

# CONVLAB_SETUP_ONLY="venv install" runs only the named stages (the others are skipped as done).
if [ -n "${CONVLAB_SETUP_ONLY:-}" ]; then
  for stage in $(compgen -A function stage_); do
    [[ " $CONVLAB_SETUP_ONLY " == *" ${stage#stage_} "* ]] || eval "$stage() { :; }"
  done
fi

export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1
stage_dataset
stage_npm
stage_native
stage_build
stage_chromium
stage_bubblewrap
stage_venv
stage_labextension
stage_install
stage_jupyterlab_settings
say "done"
