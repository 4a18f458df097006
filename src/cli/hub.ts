/**
 * `convlab hub`: a real JupyterHub on this machine with ConvLab, the same configuration as the
 * Zero to JupyterHub deployment (deploy/jupyterhub/values.yaml), minus Kubernetes. The hub itself
 * is deploy/jupyterhub/local_hub.py run by the project's venv; this module only builds its command
 * line, checks the arguments and forwards Ctrl+C.
 */
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { join, resolve } from "node:path";
import type { Command } from "commander";
import { ConvLabError } from "../errors.js";
import { PROJECT_ROOT } from "./lab.js";

/** Helm values overlays shipped beside values.yaml, by the name `--variant` takes. */
export const HUB_VARIANTS: Readonly<Record<string, string>> = {
  /** Homework handed in to a shared directory (values.yaml alone). */
  shared: "",
  /** Homework fetched and submitted through nbgrader's exchange (values-nbgrader.yaml on top). */
  nbgrader: "deploy/jupyterhub/values-nbgrader.yaml",
};

/** Options of {@link hubCommand}. */
export interface HubOptions {
  /** Port on 127.0.0.1; undefined lets the hub pick a free one. */
  readonly port?: number;
  /** Directory for the hub's database, the students' homes and the exchange. */
  readonly state?: string;
  /** A key of {@link HUB_VARIANTS}. */
  readonly variant: string;
  /** The Python that runs the hub; defaults to the project's `.venv/bin/python`. */
  readonly python?: string;
}

/**
 * The command line that starts the local hub.
 *
 * @example
 * ```ts
 * import { hubCommand } from "convlab/cli";
 * const { args } = hubCommand({ port: 8123, variant: "nbgrader" });
 * args.slice(1); // ["--port", "8123", "--values", "deploy/jupyterhub/values-nbgrader.yaml"]
 * ```
 */
export function hubCommand(options: HubOptions): { command: string; args: string[] } {
  const overlay = HUB_VARIANTS[options.variant];
  if (overlay === undefined) {
    throw new ConvLabError({
      parameter: "--variant",
      value: options.variant,
      rule: `must be one of ${Object.keys(HUB_VARIANTS).join(", ")}`,
      fix: "for example --variant nbgrader (homework through nbgrader's exchange)",
      category: "argument",
    });
  }
  if (
    options.port !== undefined &&
    (!Number.isInteger(options.port) || options.port < 1 || options.port > 65535)
  ) {
    throw new ConvLabError({
      parameter: "--port",
      value: options.port,
      rule: "must be a port number 1–65535",
      fix: "for example --port 8123, or leave it out to take a free port",
      category: "argument",
    });
  }
  const args = ["deploy/jupyterhub/local_hub.py"];
  if (options.port !== undefined) args.push("--port", String(options.port));
  if (options.state !== undefined) args.push("--state", resolve(options.state));
  if (overlay) args.push("--values", overlay);
  return { command: options.python ?? join(PROJECT_ROOT, ".venv", "bin", "python"), args };
}

/** Runs the local hub in the foreground until Ctrl+C (which stops every server it started). */
export function runHub(options: HubOptions): Promise<number> {
  const { command, args } = hubCommand(options);
  if (!existsSync(command) || !existsSync(join(PROJECT_ROOT, args[0]!))) {
    throw new ConvLabError({
      parameter: "hub",
      value: command,
      rule: "JupyterHub runs from the project's venv and deploy/ folder, which are not set up here",
      fix: "run `npm run hub` (or `bash scripts/setup.sh`) from a clone of the project",
      category: "argument",
    });
  }
  const child = spawn(command, args, { cwd: PROJECT_ROOT, stdio: "inherit" });
  // The hub's own handler stops the students' servers, the proxy and their kernels.
  const forward = (signal: NodeJS.Signals) => () => child.kill(signal);
  process.once("SIGINT", forward("SIGINT"));
  process.once("SIGTERM", forward("SIGTERM"));
  return new Promise((done) => child.on("exit", (code) => done(code ?? 0)));
}

function parsePort(text: string): number {
  if (!/^\d{1,5}$/.test(text)) {
    throw new ConvLabError({
      parameter: "--port",
      value: text,
      rule: "must be a port number 1–65535",
      fix: "for example --port 8123, or leave it out to take a free port",
      category: "argument",
    });
  }
  return Number(text);
}

/** Adds the `hub` subcommand. */
export function registerHub(program: Command): void {
  program
    .command("hub")
    .description("start a real JupyterHub with ConvLab on 127.0.0.1 (the Helm values, minus Kubernetes)")
    .option("--port <port>", "port on 127.0.0.1 (default: a free one)")
    .option("--state <dir>", "directory for the database, homes and exchange (default: a temporary one)")
    .option("--variant <name>", `homework collection: ${Object.keys(HUB_VARIANTS).join(" or ")}`, "shared")
    .action(async (options: { port?: string; state?: string; variant: string }) => {
      process.exitCode = await runHub({
        ...(options.port !== undefined && { port: parsePort(options.port) }),
        ...(options.state !== undefined && { state: options.state }),
        variant: options.variant,
      });
    });
}
