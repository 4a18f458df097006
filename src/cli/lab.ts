/** `convlab lab`: start JupyterLab from the project's venv with the first lecture open. */
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { ConvLabError } from "../errors.js";
import { POOL_SOCKET_ENV } from "../kernel/pool/handover.js";
import { startWarmPool } from "../kernel/pool/start-pool.js";

/** The repository (or installed package) root: two levels above dist/cli or src/cli. */
export const PROJECT_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "../..");

/** The notebook JupyterLab opens first. */
export const FIRST_LECTURE = "notebooks/lecture/01-shrinking-and-padding.ipynb";

/** Options of {@link labCommand}. */
export interface LabOptions {
  readonly port: number;
  readonly ip: string;
  /** The notebook to open, relative to the project root. */
  readonly open: string;
  /** The Jupyter executable; defaults to the project's `.venv/bin/jupyter`. */
  readonly jupyter?: string;
  readonly token?: string;
  /**
   * Keep a warm kernel ready (default true): a kernel then starts in about a tenth of a second
   * instead of a second, for one idle kernel's memory (see `src/kernel/pool/`).
   */
  readonly warmPool?: boolean;
}

/**
 * The command line that starts JupyterLab, its environment and the URL that opens the lecture.
 * The token travels in the environment (`JUPYTER_TOKEN`), never on the command line, where any
 * local user could read it with `ps`.
 *
 * @example
 * ```ts
 * import { labCommand } from "convlab/cli";
 * const { url } = labCommand({ port: 8888, ip: "127.0.0.1", open: "notebooks/lecture/01-shrinking-and-padding.ipynb", token: "abc" });
 * url; // "http://127.0.0.1:8888/lab/tree/notebooks/lecture/01-shrinking-and-padding.ipynb?token=abc"
 * ```
 */
export function labCommand(options: LabOptions): {
  command: string;
  args: string[];
  env: Record<string, string>;
  url: string;
} {
  const token = options.token ?? randomBytes(24).toString("hex");
  const jupyter = options.jupyter ?? join(PROJECT_ROOT, ".venv", "bin", "jupyter");
  const path = relative(PROJECT_ROOT, resolve(PROJECT_ROOT, options.open)).split("\\").join("/");
  const args = [
    "lab",
    "--no-browser",
    `--ip=${options.ip}`,
    `--port=${options.port}`,
    "--port-retries=0",
    `--ServerApp.root_dir=${PROJECT_ROOT}`,
    `--LabApp.default_url=/lab/tree/${path}`,
  ];
  if (process.getuid?.() === 0) args.push("--allow-root");
  return {
    command: jupyter,
    args,
    env: { JUPYTER_TOKEN: token },
    url: `http://${options.ip}:${options.port}/lab/tree/${path}?token=${token}`,
  };
}

/** Starts JupyterLab in the foreground and prints the URL to open. */
export function runLab(options: LabOptions): Promise<number> {
  const { command, args, env, url } = labCommand(options);
  if (!existsSync(command)) {
    throw new ConvLabError({
      parameter: "jupyter",
      value: command,
      rule: "JupyterLab is not installed in the project's venv",
      fix: "run `npm start` (or `bash scripts/setup.sh`) from the project root first",
      category: "argument",
    });
  }
  if (!existsSync(resolve(PROJECT_ROOT, options.open))) {
    throw new ConvLabError({
      parameter: "--open",
      value: options.open,
      rule: "no such notebook in the project",
      fix: `pick one under notebooks/, e.g. ${FIRST_LECTURE}`,
      category: "argument",
    });
  }
  const pool =
    options.warmPool === false ? undefined : startWarmPool(dirname(resolve(PROJECT_ROOT, options.open)));
  const child = spawn(command, args, {
    cwd: PROJECT_ROOT,
    env: { ...process.env, ...env, ...(pool && { [POOL_SOCKET_ENV]: pool.socketPath }) },
    stdio: ["ignore", "inherit", "pipe"],
  });
  child.on("exit", () => pool?.stop());
  let announced = false;
  child.stderr.on("data", (chunk: Buffer) => {
    process.stderr.write(chunk);
    if (!announced && chunk.toString().includes("is running at")) {
      announced = true;
      process.stdout.write(
        `\nConvLab is ready. Open the lecture at:\n\n    ${url}\n\n(Ctrl+C stops JupyterLab.)\n`,
      );
    }
  });
  const stop = (): void => {
    child.kill("SIGTERM");
  };
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
  return new Promise((resolvePromise) => child.on("exit", (code) => resolvePromise(code ?? 0)));
}
