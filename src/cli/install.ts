/**
 * `convlab install`: registers the ConvLab kernel with Jupyter and installs the prebuilt
 * JupyterLab extension beside it (no Python needed).
 */
import { dirname } from "node:path";
import type { Command } from "commander";
import { ConvLabError } from "../errors.js";
import {
  DISPLAY_NAME,
  type InstallTarget,
  installKernelspec,
  kernelsDirectory,
} from "../kernel/kernelspec.js";
import { installLabextension } from "./install-labextension.js";

interface InstallOptions {
  user?: boolean;
  sysPrefix?: boolean;
  prefix?: string;
}

function targetOf(options: InstallOptions): InstallTarget {
  const chosen = [options.user, options.sysPrefix, options.prefix !== undefined].filter(Boolean).length;
  if (chosen > 1) {
    throw new ConvLabError({
      parameter: "install target",
      value: [options.user && "--user", options.sysPrefix && "--sys-prefix", options.prefix && "--prefix"]
        .filter(Boolean)
        .join(" "),
      rule: "choose at most one of --user, --sys-prefix, --prefix DIR",
      category: "argument",
    });
  }
  if (options.prefix !== undefined) return { kind: "prefix", prefix: options.prefix };
  if (options.sysPrefix) return { kind: "sys-prefix" };
  return { kind: "user" };
}

/** Adds the `install` subcommand. */
export function registerInstall(program: Command): void {
  program
    .command("install")
    .description(`install the "${DISPLAY_NAME}" Jupyter kernel and the ConvLab JupyterLab extension`)
    .option("--user", "install for the current user (default)")
    .option("--sys-prefix", "install into the active Python environment (VIRTUAL_ENV or CONDA_PREFIX)")
    .option("--prefix <dir>", "install into <dir>/share/jupyter (kernels/ and labextensions/)")
    .option("--no-labextension", "install the kernelspec only")
    .action((options: InstallOptions & { labextension: boolean }) => {
      const target = targetOf(options);
      const dir = installKernelspec(target);
      process.stdout.write(`installed kernelspec "convlab" (${DISPLAY_NAME}) in ${dir}\n`);
      if (options.labextension) {
        // The extension goes into the same Jupyter data directory as the kernelspec.
        const dataDir = dirname(kernelsDirectory(target));
        const installed = installLabextension({ prefix: dataDir, dataDir });
        process.stdout.write(
          `installed JupyterLab extension ${installed.name} ${installed.version} in ${installed.directory}\n`,
        );
      }
    });
}
