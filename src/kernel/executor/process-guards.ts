/**
 * What the executor does to the process it runs in: `process.exit()` in a cell throws instead
 * of ending the kernel, stray errors and rejections are routed to the executor, SIGINT
 * interrupts the cell, and losing the protocol process ends the executor's process group.
 */
import v8 from "node:v8";
import vm from "node:vm";
import { ProcessExitError } from "./cell-errors.js";
import { endProcessGroup } from "./watchdog.js";

/** Where the guarded process's events go. */
export interface GuardHandlers {
  /** An uncaught exception or unhandled rejection (`kind` says which, for the user). */
  onStrayError(kind: string, reason: unknown): void;
  /** SIGINT from the protocol process. */
  onInterrupt(): void;
}

/**
 * Installs the guards on this process (once, when the executor starts).
 *
 * @example
 * ```ts
 * installProcessGuards({ onStrayError: (kind, reason) => report(kind, reason), onInterrupt: () => runner.interrupt() });
 * ```
 */
export function installProcessGuards(handlers: GuardHandlers): void {
  process.exit = ((code?: number) => {
    throw new ProcessExitError(code);
  }) as typeof process.exit;
  process.on("unhandledRejection", (reason) => handlers.onStrayError("Unhandled promise rejection", reason));
  process.on("uncaughtException", (error) => handlers.onStrayError("Uncaught exception", error));
  process.on("SIGINT", () => handlers.onInterrupt());
  // The protocol process is gone: end with every child a cell started (./watchdog.ts).
  process.on("disconnect", endProcessGroup);
}

/**
 * A full garbage collection, through V8's `gc` made available to this function only (the
 * documented `--expose-gc` at run time; cells do not see a `gc` global).
 *
 * @example
 * ```ts
 * import { collectGarbage } from "./process-guards.js";
 * collectGarbage();
 * ```
 */
export function collectGarbage(): void {
  v8.setFlagsFromString("--expose-gc");
  const gc = vm.runInNewContext("gc") as () => void;
  gc();
}
