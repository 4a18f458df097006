/**
 * The executor process as the protocol process sees it from outside: its limits (memory cap,
 * interrupt grace), its resident memory, how to end it with everything it started, and why it
 * ended when it ended by itself.
 */
import type { ChildProcess } from "node:child_process";
import { readFileSync } from "node:fs";

/** The executor was lost while running a request; `ename` says how. */
export class ExecutorLostError extends Error {
  constructor(
    readonly ename: string,
    message: string,
  ) {
    super(message);
    this.name = ename;
  }
}

/**
 * The executor's memory cap in MiB (`CONVLAB_KERNEL_MEMORY_MB`, 64 or more; else 4096): its JS
 * heap and its resident memory.
 *
 * @example
 * ```ts
 * import { memoryLimitMb } from "./executor-process.js";
 * process.env.CONVLAB_KERNEL_MEMORY_MB = "12";
 * memoryLimitMb(); // 4096
 * delete process.env.CONVLAB_KERNEL_MEMORY_MB;
 * ```
 */
export function memoryLimitMb(): number {
  const value = Number(process.env.CONVLAB_KERNEL_MEMORY_MB ?? 4096);
  return Number.isInteger(value) && value >= 64 ? value : 4096;
}

/** How long an interrupted cell may take to stop before its executor is replaced. */
export function interruptGraceMs(): number {
  return Number(process.env.CONVLAB_INTERRUPT_GRACE_MS ?? 3000);
}

/**
 * Kills the executor and everything it started: it leads its own process group (so a Ctrl+C
 * to the kernel's group reaches only the kernel), and children it spawned share that group.
 */
export function killGroup(child: ChildProcess): void {
  try {
    if (child.pid !== undefined) process.kill(-child.pid, "SIGKILL");
  } catch {
    child.kill("SIGKILL");
  }
}

/** How often the executor's resident memory is checked while a cell runs. */
export const MEMORY_POLL_MS = 100;

/**
 * A process's resident memory in MiB (Linux /proc), or undefined where it cannot be read.
 *
 * @example
 * ```ts
 * import { residentMiB } from "./executor-process.js";
 * residentMiB(process.pid)! > 10; // true
 * residentMiB(2 ** 30) === undefined; // true
 * ```
 */
export function residentMiB(pid: number): number | undefined {
  try {
    const pages = Number(readFileSync(`/proc/${pid}/statm`, "utf8").split(" ")[1]);
    return Number.isFinite(pages) ? (pages * 4096) / 2 ** 20 : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Why an executor ended by itself: out of memory (as its last stderr says) or a crash.
 *
 * @example
 * ```ts
 * import { describeCrash } from "./executor-process.js";
 * describeCrash(null, "SIGKILL", "").ename; // "ExecutorCrashed"
 * describeCrash(134, null, "FATAL ERROR: Reached heap limit").ename; // "OutOfMemoryError"
 * ```
 */
export function describeCrash(
  code: number | null,
  signal: NodeJS.Signals | null,
  stderrTail: string,
): ExecutorLostError {
  if (/heap out of memory|Reached heap limit|allocation failed/i.test(stderrTail)) {
    return new ExecutorLostError(
      "OutOfMemoryError",
      `JavaScript heap out of memory: the cell needed more than the kernel's limit of ${memoryLimitMb()} MiB ` +
        "(CONVLAB_KERNEL_MEMORY_MB). The kernel replaced its executor; " +
        "work on smaller tensors or in chunks",
    );
  }
  const how = signal ? `signal ${signal}` : `exit code ${code}`;
  return new ExecutorLostError(
    "ExecutorCrashed",
    `the executor process ended (${how}) while running the cell; the kernel replaced it`,
  );
}
