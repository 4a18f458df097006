/** `convlab install`: registers the ConvLab kernel with Jupyter (no Python needed). */
import type { Command } from "commander";
import { ConvLabError } from "../errors.js";
import { DISPLAY_NAME, type InstallTarget, installKernelspec } from "../kernel/kernelspec.js";

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
    .description(`install the "${DISPLAY_NAME}" Jupyter kernel`)
    .option("--user", "install for the current user (default)")
    .option("--sys-prefix", "install into the active Python environment (VIRTUAL_ENV or CONDA_PREFIX)")
    .option("--prefix <dir>", "install into <dir>/share/jupyter/kernels")
    .action((options: InstallOptions) => {
      const dir = installKernelspec(targetOf(options));
      process.stdout.write(`installed kernelspec "convlab" (${DISPLAY_NAME}) in ${dir}\n`);
    });
}
