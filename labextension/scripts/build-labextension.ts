/**
 * Builds the prebuilt JupyterLab extension (convlab_labextension/) with @jupyter/builder
 * against @jupyterlab/core-meta (JupyterLab's core package metadata of the pinned version), so
 * no Python JupyterLab is needed to build.
 *
 *   node --import tsx scripts/build-labextension.ts [--development]
 */
import { spawnSync } from "node:child_process";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const require = createRequire(import.meta.url);
const builder = require.resolve("@jupyter/builder/lib/build-labextension.js");
const coreMeta = join(dirname(require.resolve("@jupyterlab/core-meta/package.json")), "core.package.json");
const args = [builder, "--core-package-file", coreMeta];
if (process.argv.includes("--development")) args.push("--development");
args.push(join(here, ".."));
const result = spawnSync(process.execPath, args, { stdio: "inherit" });
process.exit(result.status ?? 1);
