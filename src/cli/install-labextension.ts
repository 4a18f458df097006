/**
 * Installs ConvLab's prebuilt JupyterLab extension into a prefix, where JupyterLab finds it
 * without a rebuild: `<prefix>/share/jupyter/labextensions/convlab-labextension/`. `convlab
 * install` calls this with the same prefix as the kernelspec.
 */
import {
  cpSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { ConvLabError } from "../errors.js";

/** The extension's package name (also its folder name under labextensions/). */
export const LABEXTENSION_NAME = "convlab-labextension";

/** Where the build puts the prebuilt extension (labextension/convlab_labextension). */
export function defaultLabextensionSource(): string {
  // src/cli/*.ts (tsx) and dist/src/cli/*.js or dist/cli/*.js all sit below the project root.
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 5; i++) {
    const candidate = join(dir, "labextension", "convlab_labextension");
    if (existsSync(join(candidate, "package.json"))) return candidate;
    dir = dirname(dir);
  }
  return resolve(dirname(fileURLToPath(import.meta.url)), "..", "..", "labextension", "convlab_labextension");
}

/**
 * The directory the extension is installed to under `prefix`.
 *
 * @example
 * ```ts
 * import { labextensionInstallDir } from "convlab/cli";
 * labextensionInstallDir("/opt/venv"); // "/opt/venv/share/jupyter/labextensions/convlab-labextension"
 * ```
 */
export function labextensionInstallDir(prefix: string): string {
  return join(resolve(prefix), "share", "jupyter", "labextensions", LABEXTENSION_NAME);
}

export interface InstallLabextensionOptions {
  /** The prefix (a venv, `sys.prefix`, `~/.local`), as for the kernelspec. */
  readonly prefix: string;
  /**
   * The Jupyter data directory to install under, when it is not `<prefix>/share/jupyter`
   * (e.g. `$XDG_DATA_HOME/jupyter` for a user install).
   */
  readonly dataDir?: string;
  /** The prebuilt extension folder (default: the project's labextension/convlab_labextension). */
  readonly source?: string;
}

export interface InstalledLabextension {
  readonly name: string;
  readonly version: string;
  readonly directory: string;
  readonly files: number;
}

function countFiles(dir: string): number {
  return readdirSync(dir, { withFileTypes: true }).reduce(
    (n, entry) => n + (entry.isDirectory() ? countFiles(join(dir, entry.name)) : 1),
    0,
  );
}

/**
 * Copies the prebuilt extension into `<prefix>/share/jupyter/labextensions/convlab-labextension`
 * (replacing an older install) and writes its install.json. Throws a {@link ConvLabError} when
 * the extension has not been built.
 *
 * @example
 * ```ts
 * import { mkdtempSync } from "node:fs";
 * import { tmpdir } from "node:os";
 * import { join } from "node:path";
 * import { installLabextension } from "convlab/cli";
 * const installed = installLabextension({ prefix: mkdtempSync(join(tmpdir(), "convlab-prefix-")) });
 * installed.name; // "convlab-labextension"
 * // then: <prefix>/bin/jupyter labextension list  ->  convlab-labextension v0.1.0 enabled OK
 * ```
 */
export function installLabextension(options: InstallLabextensionOptions): InstalledLabextension {
  const source = resolve(options.source ?? defaultLabextensionSource());
  const manifestPath = join(source, "package.json");
  if (!existsSync(manifestPath) || !existsSync(join(source, "static"))) {
    throw new ConvLabError({
      parameter: "source",
      value: source,
      rule: "must be a built JupyterLab extension (package.json and static/)",
      fix: "build it first with `bash scripts/setup.sh` (or `npm run build -w labextension`)",
      category: "data",
    });
  }
  const manifest = JSON.parse(readFileSync(manifestPath, "utf8")) as {
    name?: string;
    version?: string;
    jupyterlab?: { _build?: unknown };
  };
  if (manifest.name !== LABEXTENSION_NAME || !manifest.jupyterlab?._build) {
    throw new ConvLabError({
      parameter: "source",
      value: source,
      rule: `must hold the built ${LABEXTENSION_NAME} (its package.json has jupyterlab._build)`,
      fix: "rebuild it with `npm run build -w labextension`",
      category: "data",
    });
  }
  const target =
    options.dataDir === undefined
      ? labextensionInstallDir(options.prefix)
      : join(resolve(options.dataDir), "labextensions", LABEXTENSION_NAME);
  mkdirSync(dirname(target), { recursive: true });
  const staging = `${target}.installing-${process.pid}`;
  rmSync(staging, { recursive: true, force: true });
  cpSync(source, staging, { recursive: true });
  writeFileSync(
    join(staging, "install.json"),
    `${JSON.stringify(
      {
        packageManager: "npm",
        packageName: "convlab",
        uninstallInstructions: `Remove ${target}`,
      },
      null,
      2,
    )}\n`,
  );
  rmSync(target, { recursive: true, force: true });
  renameSync(staging, target);
  return {
    name: LABEXTENSION_NAME,
    version: manifest.version ?? "0.0.0",
    directory: target,
    files: countFiles(target),
  };
}
