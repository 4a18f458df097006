/**
 * The journal of cells that completed successfully, kept by the protocol process so that a
 * replaced executor (async busy loop, heap exhaustion, a crash) gets the notebook's state back:
 * the kernel replays the journal into the new executor. A cell opts out with a line
 * `// %no-replay` (e.g. one that sends mail or appends to a file).
 */

/** One journaled cell: its number (for tracebacks) and its code. */
export interface JournalEntry {
  readonly cell: number;
  readonly code: string;
}

/**
 * Cells to replay, in the order they ran.
 *
 * @example
 * ```ts
 * import { Journal } from "./journal.js";
 * const journal = new Journal();
 * journal.record(1, "const a = 1;");
 * journal.record(2, "const b = a + 1;");
 * journal.drop(1);
 * journal.entries().map((e) => e.cell); // [2]
 * ```
 */
export class Journal {
  private readonly list: JournalEntry[] = [];

  record(cell: number, code: string): void {
    this.list.push({ cell, code });
  }

  /** Forgets a cell (it failed when replayed). */
  drop(cell: number): void {
    const at = this.list.findIndex((e) => e.cell === cell);
    if (at >= 0) this.list.splice(at, 1);
  }

  entries(): readonly JournalEntry[] {
    return [...this.list];
  }
}

/**
 * The one line that tells the user what a replay did.
 *
 * @example
 * ```ts
 * import { replayNotice } from "./journal.js";
 * replayNotice("the cell did not stop", [1, 2], [], 420);
 * // "[convlab kernel] the executor was replaced (the cell did not stop); replayed cells [1], [2] in 0.42 s\n"
 * ```
 */
export function replayNotice(
  reason: string,
  replayed: readonly number[],
  failed: readonly number[],
  ms: number,
): string {
  const cells = (list: readonly number[]) => list.map((c) => `[${c}]`).join(", ");
  const what = replayed.length > 0 ? `replayed cells ${cells(replayed)}` : "no earlier cells to replay";
  const failures = failed.length > 0 ? `; cells ${cells(failed)} failed on replay and were skipped` : "";
  return `[convlab kernel] the executor was replaced (${reason}); ${what} in ${(ms / 1000).toFixed(2)} s${failures}\n`;
}
