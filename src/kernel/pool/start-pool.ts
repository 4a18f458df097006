/** Starts a warm pool as a child process, for a Jupyter server's lifetime (`convlab lab`). */
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

const poolMain = path.join(path.dirname(fileURLToPath(import.meta.url)), "main.js");

/** A running pool: the socket to put in `CONVLAB_POOL_SOCKET`, and how to stop it. */
export interface StartedPool {
  readonly socketPath: string;
  readonly process: ChildProcess;
  stop(): void;
}

/**
 * Starts a pool whose first warm kernel runs in `directory`, on a socket in a fresh owner-only
 * temporary directory. It ends when stopped or when this process ends.
 *
 * @example
 * ```ts
 * const pool = startWarmPool("/home/me/notebooks");
 * spawn("jupyter", ["lab"], { env: { ...process.env, CONVLAB_POOL_SOCKET: pool.socketPath } });
 * // … on exit:
 * pool.stop();
 * ```
 */
export function startWarmPool(directory: string): StartedPool {
  const home = mkdtempSync(path.join(tmpdir(), "convlab-pool-"));
  const socketPath = path.join(home, "pool.sock");
  const child = spawn(process.execPath, [poolMain, socketPath, directory], {
    stdio: ["ignore", "inherit", "inherit"],
    // Its own process group: a Ctrl+C in the terminal goes to Jupyter (which may ask to confirm),
    // not to the pool; the pool ends when stopped, or when this process ends.
    detached: true,
  });
  return {
    socketPath,
    process: child,
    stop() {
      child.kill("SIGTERM");
      rmSync(home, { recursive: true, force: true });
    },
  };
}
