/**
 * `convlab gradescope`: a Gradescope autograder. `setup.sh` installs Node 20, bubblewrap and
 * ConvLab (packed into the zip); `run_autograder` grades `/autograder/submission` with
 * `convlab grade` and writes `/autograder/results/results.json`.
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { PACKAGE_ROOT } from "../sandbox/sandbox.js";
import { type ZipEntry, zipArchive } from "./zip.js";

/** The autograder's setup script (runs once when Gradescope builds the image). */
export const SETUP_SH = `#!/usr/bin/env bash
# Gradescope autograder setup for ConvLab homework: Node 20, bubblewrap, ConvLab.
set -euo pipefail
cd "$(dirname "$0")"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq bubblewrap ca-certificates curl >/dev/null
if ! command -v node >/dev/null 2>&1 || [ "$(node -p 'process.versions.node.split(".")[0]')" -lt 20 ]; then
  curl -fsSL https://deb.nodesource.com/setup_20.x | bash -
  apt-get install -y -qq nodejs >/dev/null
fi
npm install --no-audit --no-fund --omit=dev --prefix "$PWD/convlab" ./convlab.tgz
`;

/** The script Gradescope runs for each submission. */
export function runAutograderScript(notebook: string): string {
  return `#!/usr/bin/env bash
# Grades the submitted notebook with \`convlab grade\` (sandboxed kernel) into results/results.json.
set -uo pipefail
ROOT="\${AUTOGRADER_ROOT:-/autograder}"
CONVLAB="\${CONVLAB_BIN:-$ROOT/source/convlab/node_modules/convlab/bin/convlab.js}"
NAME=${JSON.stringify(notebook)}
WORK="$(mktemp -d)"
mkdir -p "$WORK/submissions/student" "$ROOT/results"
fail() { printf '{"score": 0, "output": %s, "tests": []}\\n' "$(node -e 'console.log(JSON.stringify(process.argv[1]))' "$1")" > "$ROOT/results/results.json"; exit 0; }
NB="$(find "$ROOT/submission" -type f -name "$NAME" | head -n 1)"
[ -n "$NB" ] || NB="$(find "$ROOT/submission" -type f -name '*.ipynb' | head -n 1)"
[ -n "$NB" ] || fail "No notebook found in the submission: please upload $NAME."
cp "$NB" "$WORK/submissions/student/$NAME"
node "$CONVLAB" grade --source "$ROOT/source/$NAME" --submissions "$WORK/submissions" --out "$WORK/out" --timeout 15 >"$WORK/log.txt" 2>&1
if [ -f "$WORK/out/student/results.json" ]; then
  cp "$WORK/out/student/results.json" "$ROOT/results/results.json"
else
  fail "The grader could not grade this submission: $(tail -n 5 "$WORK/log.txt")"
fi
`;
}

/** `npm pack` of this ConvLab into a temporary directory; returns the tarball's bytes. */
function packConvlab(): Buffer {
  const dir = mkdtempSync(path.join(os.tmpdir(), "convlab-pack-"));
  try {
    const name = execFileSync("npm", ["pack", "--silent", "--pack-destination", dir], {
      cwd: PACKAGE_ROOT,
      encoding: "utf8",
    })
      .trim()
      .split("\n")
      .pop()!;
    return readFileSync(path.join(dir, name));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * The autograder zip's entries: setup.sh, run_autograder, the instructor notebook and ConvLab.
 * Pass `convlab` to reuse a packed ConvLab (tests); by default this ConvLab is packed.
 *
 * @example
 * ```ts
 * import { autograderEntries } from "convlab/cli";
 * autograderEntries("notebooks/homework/hw1-output-size.ipynb", Buffer.alloc(0)).map((e) => e.name); // ["setup.sh", "run_autograder", "hw1-output-size.ipynb", "convlab.tgz"]
 * ```
 */
export function autograderEntries(source: string, convlab: Buffer = packConvlab()): ZipEntry[] {
  const name = path.basename(source);
  return [
    { name: "setup.sh", data: Buffer.from(SETUP_SH), mode: 0o755 },
    { name: "run_autograder", data: Buffer.from(runAutograderScript(name)), mode: 0o755 },
    { name, data: readFileSync(source) },
    { name: "convlab.tgz", data: convlab },
  ];
}

/** The autograder zip for `source`. */
export function autograderZip(source: string, convlab?: Buffer): Buffer {
  return zipArchive(autograderEntries(source, convlab));
}
