/** The errors the executor itself raises while running a cell. */

/**
 * A cell called `process.exit()`: the kernel keeps running and reports it as an error.
 *
 * @example
 * ```ts
 * import { ProcessExitError } from "./cell-errors.js";
 * new ProcessExitError(3).message.startsWith("process.exit(3) was called in a cell"); // true
 * ```
 */
export class ProcessExitError extends Error {
  constructor(code: unknown) {
    super(
      `process.exit(${code === undefined ? "" : String(code)}) was called in a cell; the kernel keeps running ` +
        "(to stop it, use the notebook's shutdown or restart)",
    );
    this.name = "ProcessExitError";
  }
}

/**
 * The cell was interrupted (SIGINT from the protocol process).
 *
 * @example
 * ```ts
 * import { InterruptedError } from "./cell-errors.js";
 * new InterruptedError().name; // "InterruptedError"
 * ```
 */
export class InterruptedError extends Error {
  constructor() {
    super("the cell was interrupted");
    this.name = "InterruptedError";
  }
}

/**
 * Whether `vm` stopped a script because of SIGINT (`breakOnSigint`).
 *
 * @example
 * ```ts
 * import { isVmInterrupt } from "./cell-errors.js";
 * isVmInterrupt({ code: "ERR_SCRIPT_EXECUTION_INTERRUPTED" }); // true
 * isVmInterrupt(new Error("x")); // false
 * ```
 */
export function isVmInterrupt(error: unknown): boolean {
  return (error as { code?: string } | null)?.code === "ERR_SCRIPT_EXECUTION_INTERRUPTED";
}
