/**
 * Prepares a JupyterLab server for the UI tests: installs the prebuilt extension and the ConvLab
 * kernelspec with the same functions `convlab install` uses (into ui-tests/.prefix, put on
 * JUPYTER_PATH by start-jupyter.sh), and writes the fixture and lecture notebooks into the root.
 * CONVLAB_UI_NO_EXTENSION=1 leaves the extension out of the prefix (the server's venv has it).
 *
 *   node --import tsx prepare.ts <server-root> <prefix>
 */
import { cpSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { installLabextension } from "../../src/cli/install-labextension.js";
import { installKernelspec } from "../../src/kernel/kernelspec.js";
import { fixtureNotebooks } from "./fixture-notebooks.js";

const [rootArg, prefixArg] = process.argv.slice(2);
if (!rootArg || !prefixArg) throw new Error("usage: prepare.ts <server-root> <prefix>");
const root = resolve(rootArg);
rmSync(root, { recursive: true, force: true });
for (const [path, notebook] of Object.entries(fixtureNotebooks())) {
  const file = join(root, path);
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, `${JSON.stringify(notebook, null, 1)}\n`);
}
// The lecture notebooks, as students open them.
const repo = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
cpSync(join(repo, "notebooks", "lecture"), join(root, "lecture"), { recursive: true });
const prefix = resolve(prefixArg);
// a copy left by an earlier run would shadow the venv's own install
rmSync(join(prefix, "share", "jupyter", "labextensions"), { recursive: true, force: true });
const installed =
  process.env.CONVLAB_UI_NO_EXTENSION === "1"
    ? { name: "the extension", version: "(from the venv)", directory: "the server's venv" }
    : installLabextension({ prefix });
const kernelDir = installKernelspec({ kind: "prefix", prefix });
console.log(
  `prepare: notebooks in ${root}; ${installed.name} ${installed.version} in ${installed.directory}; kernel in ${kernelDir}`,
);
