/**
 * The executor dies with the protocol process, whatever kills it (SIGKILL included), together
 * with everything it spawned. Two paths, because either one alone misses a case:
 * - the IPC channel closes (the parent ended): the executor kills its process group at once
 *   ({@link endProcessGroup}, wired to `disconnect`); an idle executor goes this way, and
 *   exiting normally instead would leave the children a cell spawned behind (orphans of init);
 * - a worker thread checks the parent every 100 ms, so a cell that blocks the main thread (a
 *   busy loop, `execSync`), whose `disconnect` event never runs, cannot keep the executor alive.
 * The executor leads its process group (the protocol process forks it detached), so killing the
 * group ends it and every child it started.
 */
import { Worker } from "node:worker_threads";

const WATCH = `
const { workerData } = require("node:worker_threads");
const gone = () => {
  if (process.ppid !== workerData.parent) return true;
  try { process.kill(workerData.parent, 0); return false; } catch { return true; }
};
setInterval(() => {
  if (!gone()) return;
  try { process.kill(-workerData.group, "SIGKILL"); } catch {}
  process.kill(workerData.self, "SIGKILL");
}, workerData.intervalMs);
`;

/**
 * Starts the watch (call first thing in the executor process).
 *
 * @example
 * ```ts
 * watchParent(process.ppid); // the executor now ends within 100 ms of its parent
 * ```
 */
export function watchParent(parent: number, intervalMs = 100): void {
  const worker = new Worker(WATCH, {
    eval: true,
    workerData: { parent, group: process.pid, self: process.pid, intervalMs },
    stdout: false,
    stderr: false,
  });
  worker.unref();
}

/**
 * Ends this process and every process it started: SIGKILL to its process group (which it
 * leads), then to itself in case it does not lead one.
 *
 * @example
 * ```ts
 * process.on("disconnect", endProcessGroup); // the parent is gone: take the children along
 * ```
 */
export function endProcessGroup(): void {
  try {
    process.kill(-process.pid, "SIGKILL");
  } catch {
    // Not a group leader (e.g. started by hand): only this process ends.
  }
  process.kill(process.pid, "SIGKILL");
}
