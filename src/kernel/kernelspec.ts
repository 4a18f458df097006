/**
 * The kernelspec Jupyter uses to find and start this kernel: `kernel.json` plus 32 and 64 px
 * logos, written without Python (the same layout `jupyter kernelspec install` produces).
 */
import { mkdirSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { PNG } from "pngjs";
import { ConvLabError } from "../errors.js";

export const KERNEL_NAME = "convlab";
export const DISPLAY_NAME = "TypeScript (ConvLab)";

/** Where to install: the user's data dir, the active environment, or an explicit prefix. */
export type InstallTarget = { kind: "user" } | { kind: "sys-prefix" } | { kind: "prefix"; prefix: string };

/**
 * The kernels directory for a target (Jupyter's own rules: `<prefix>/share/jupyter/kernels`).
 *
 * @example
 * ```ts
 * kernelsDirectory({ kind: "prefix", prefix: ".venv" }); // ".venv/share/jupyter/kernels"
 * ```
 */
export function kernelsDirectory(target: InstallTarget, env: NodeJS.ProcessEnv = process.env): string {
  switch (target.kind) {
    case "prefix":
      return path.resolve(target.prefix, "share", "jupyter", "kernels");
    case "sys-prefix": {
      const prefix = env.VIRTUAL_ENV ?? env.CONDA_PREFIX;
      if (!prefix) {
        throw new ConvLabError({
          parameter: "--sys-prefix",
          value: "VIRTUAL_ENV and CONDA_PREFIX unset",
          rule: "needs an active Python environment",
          fix: "activate the environment, or pass --prefix <dir> (e.g. --prefix .venv)",
          category: "argument",
        });
      }
      return path.resolve(prefix, "share", "jupyter", "kernels");
    }
    case "user": {
      if (process.platform === "darwin") return path.join(os.homedir(), "Library", "Jupyter", "kernels");
      const data = env.XDG_DATA_HOME ?? path.join(os.homedir(), ".local", "share");
      return path.join(data, "jupyter", "kernels");
    }
  }
}

/** The kernel.json content: starts this package's kernel with this Node.js. */
export function kernelJson(): Record<string, unknown> {
  // The compiled kernel, also when this module itself runs from source (src/kernel under tsx).
  const here = path.dirname(fileURLToPath(import.meta.url));
  const compiled =
    here.split(path.sep).slice(-2).join("/") === "src/kernel"
      ? path.resolve(here, "../../dist/kernel")
      : here;
  const main = path.join(compiled, "main.js");
  return {
    argv: [process.execPath, main, "-f", "{connection_file}"],
    display_name: DISPLAY_NAME,
    language: "typescript",
    interrupt_mode: "signal",
    env: {},
    metadata: { debugger: false },
  };
}

/**
 * Writes the kernelspec; returns its directory.
 *
 * @example
 * ```ts
 * installKernelspec({ kind: "prefix", prefix: "/tmp/jupyter-prefix" });
 * // "/tmp/jupyter-prefix/share/jupyter/kernels/convlab"
 * ```
 */
export function installKernelspec(target: InstallTarget): string {
  const dir = path.join(kernelsDirectory(target), KERNEL_NAME);
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, "kernel.json"), `${JSON.stringify(kernelJson(), null, 2)}\n`);
  for (const size of [32, 64]) writeFileSync(path.join(dir, `logo-${size}x${size}.png`), logoPng(size));
  return dir;
}

/**
 * The logo: a feature map (light grid) with a padded border and a 3x3 kernel window.
 *
 * @example
 * ```ts
 * logoPng(32).subarray(1, 4).toString(); // "PNG"
 * ```
 */
export function logoPng(size: number): Buffer {
  const png = new PNG({ width: size, height: size });
  const cells = 8;
  const cell = size / cells;
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const cx = Math.floor(x / cell);
      const cy = Math.floor(y / cell);
      const border = cx === 0 || cy === 0 || cx === cells - 1 || cy === cells - 1;
      const window = cx >= 1 && cx <= 3 && cy >= 1 && cy <= 3;
      const gridLine = x % cell < Math.max(1, size / 64) || y % cell < Math.max(1, size / 64);
      let rgb: [number, number, number] = border ? [226, 232, 240] : [49, 120, 198];
      if (window) rgb = [245, 158, 11];
      if (gridLine) rgb = [255, 255, 255];
      const i = (y * size + x) * 4;
      png.data[i] = rgb[0];
      png.data[i + 1] = rgb[1];
      png.data[i + 2] = rgb[2];
      png.data[i + 3] = 255;
    }
  }
  return PNG.sync.write(png);
}
