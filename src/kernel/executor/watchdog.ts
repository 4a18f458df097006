/**
 * The executor dies with the protocol process, whatever kills it (SIGKILL included), together
 * with everything it spawned. A worker thread checks the parent every 200 ms, so a cell that
 * blocks the main thread (a busy loop, `execSync`) cannot keep the executor alive; when the
 * parent is gone it kills the executor's process group (the executor leads it).
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
 * watchParent(process.ppid); // the executor now ends within 200 ms of its parent
 * ```
 */
export function watchParent(parent: number, intervalMs = 200): void {
  const worker = new Worker(WATCH, {
    eval: true,
    workerData: { parent, group: process.pid, self: process.pid, intervalMs },
    stdout: false,
    stderr: false,
  });
  worker.unref();
}
