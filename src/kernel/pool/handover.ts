/**
 * What the kernel launcher and a warm kernel say to each other over the pool's Unix socket: one
 * JSON line from the launcher (the launch request), then short lines both ways (`started`,
 * `interrupt`, `terminate`). The pool only passes the connection on; both ends parse with the
 * functions here.
 */
import type { Duplex } from "node:stream";

/** The environment variable that names the warm pool's socket (set by `convlab lab`). */
export const POOL_SOCKET_ENV = "CONVLAB_POOL_SOCKET";

/** What a launcher asks of a warm kernel: serve this connection file, in this directory, with this environment. */
export interface LaunchRequest {
  readonly connectionFile: string;
  readonly cwd: string;
  readonly env: Readonly<Record<string, string>>;
  /** The launcher's pid (the process Jupyter started and signals). */
  readonly launcherPid: number;
}

/** A line a warm kernel sends back: it serves the connection (`started`). */
export interface StartedLine {
  readonly type: "started";
  /** The protocol process's pid. */
  readonly pid: number;
}

/** A line the launcher sends on: forward Jupyter's SIGINT or SIGTERM. */
export type LauncherSignal = "interrupt" | "terminate";

function fail(field: string, value: unknown, rule: string): never {
  throw new Error(`convlab pool: launch request field ${field} = ${JSON.stringify(value)} ${rule}`);
}

/**
 * Parses and checks a launch request line (the warm kernel trusts nothing it did not check).
 *
 * @example
 * ```ts
 * import { parseLaunchRequest } from "./handover.js";
 * const line = JSON.stringify({ connectionFile: "/tmp/k.json", cwd: "/tmp", env: { A: "1" }, launcherPid: 42 });
 * parseLaunchRequest(line).cwd; // "/tmp"
 * // parseLaunchRequest("{}") throws: launch request field connectionFile = undefined must be an absolute path
 * ```
 */
export function parseLaunchRequest(line: string): LaunchRequest {
  const value = JSON.parse(line) as Record<string, unknown>;
  const absolute = (field: "connectionFile" | "cwd"): string => {
    const v = value[field];
    if (typeof v !== "string" || !v.startsWith("/")) fail(field, v, "must be an absolute path");
    return v;
  };
  const env = value.env;
  if (typeof env !== "object" || env === null || Array.isArray(env)) fail("env", env, "must be an object");
  for (const [key, v] of Object.entries(env)) {
    if (typeof v !== "string") fail(`env.${key}`, v, "must be a string");
  }
  const pid = value.launcherPid;
  if (!Number.isInteger(pid) || (pid as number) <= 0) fail("launcherPid", pid, "must be a positive integer");
  return {
    connectionFile: absolute("connectionFile"),
    cwd: absolute("cwd"),
    env: env as Record<string, string>,
    launcherPid: pid as number,
  };
}

/**
 * Calls `onLine` for each newline-terminated line arriving on `socket` (UTF-8; blank lines skipped).
 *
 * @example
 * ```ts
 * import { PassThrough } from "node:stream";
 * import { onLines } from "./handover.js";
 * const stream = new PassThrough();
 * const lines: string[] = [];
 * onLines(stream, (line) => lines.push(line));
 * stream.write("interrupt\nterm");
 * stream.write("inate\n");
 * await new Promise((resolve) => setImmediate(resolve));
 * lines; // ["interrupt", "terminate"]
 * ```
 */
export function onLines(socket: Duplex, onLine: (line: string) => void): void {
  let buffered = "";
  socket.setEncoding("utf8");
  socket.on("data", (chunk: string) => {
    buffered += chunk;
    for (let end = buffered.indexOf("\n"); end >= 0; end = buffered.indexOf("\n")) {
      const line = buffered.slice(0, end);
      buffered = buffered.slice(end + 1);
      if (line.trim() !== "") onLine(line);
    }
    if (buffered.length > 1_000_000) socket.destroy(new Error("convlab pool: a line over 1 MB"));
  });
}

/**
 * The environment variables that change how an executor runs once it has started (its memory
 * cap, its output cap, Node's own options): a warm executor started with other values is
 * replaced, not reused.
 *
 * @example
 * ```ts
 * import { executorSettings } from "./handover.js";
 * executorSettings({ CONVLAB_KERNEL_MEMORY_MB: "2048", HOME: "/root" }); // "2048||"
 * ```
 */
export function executorSettings(env: Readonly<Record<string, string | undefined>>): string {
  return [env.CONVLAB_KERNEL_MEMORY_MB, env.CONVLAB_MAX_OUTPUT_BYTES, env.NODE_OPTIONS]
    .map((v) => v ?? "")
    .join("|");
}
