/**
 * Prepares a JupyterLab server for the UI tests: installs the prebuilt extension with the same
 * installLabextension that `convlab install` uses (into ui-tests/.prefix, put on JUPYTER_PATH by
 * start-jupyter.sh) and writes the fixture notebooks into the server root.
 *
 *   node --import tsx prepare.ts <server-root> <prefix>
 */
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { installLabextension } from "../../src/cli/install-labextension.js";
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
const installed = installLabextension({ prefix: resolve(prefixArg) });
console.log(
  `prepare: notebooks in ${root}; ${installed.name} ${installed.version} in ${installed.directory}`,
);
