/**
 * Running a sanitized submission: solution and locked cells whole, test cells one statement at a
 * time, each with a time budget and the whole notebook with another. When a unit hangs, kills
 * its kernel, or makes the kernel replace its executor (an async busy loop, heap exhaustion),
 * the grader takes a fresh kernel (or the replaced executor), replays the units that had
 * completed and goes on, so later questions are graded on the student's state. A student
 * function that already timed out is given only a short budget afterwards.
 */
import type { Output } from "./notebook.js";
import type { Execution } from "./sandbox/jupyter-client.js";
import type { PlannedCell } from "./sanitize.js";
import { declaredNames, identifiersIn, splitTestCell, type TestUnit } from "./split.js";

/** What the runner needs of a kernel (the sandboxed kernel, or a fake in tests). */
export interface GradingKernel {
  execute(code: string, timeoutMs: number): Promise<Execution>;
  dispose(): void;
}

export interface RunOptions {
  /** Budget of one cell or test statement. */
  readonly cellTimeoutMs: number;
  /** Budget of the whole notebook. */
  readonly notebookTimeoutMs: number;
  /** Budget of a statement that calls a function which already timed out. */
  readonly repeatTimeoutMs: number;
  /** A fresh kernel (pre-warmed by the pool). */
  readonly newKernel: () => Promise<GradingKernel>;
}

/** One unit's run. `skipped` when the notebook budget was used up. */
export interface UnitRun extends TestUnit {
  readonly status: Execution["status"] | "skipped" | "lost";
  readonly outputs: Output[];
  readonly error?: Execution["error"];
  readonly seconds: number;
}

export interface CellRun {
  readonly cell: PlannedCell;
  readonly units: UnitRun[];
}

export interface NotebookRun {
  readonly cells: CellRun[];
  /** How many times completed units were replayed on a fresh kernel or executor. */
  readonly replays: number;
  readonly seconds: number;
  /** Notes for the instructor (timeouts, kernel deaths, replays). */
  readonly notes: string[];
}

/** Errors with which the ConvLab kernel reports that it replaced its executor. */
const EXECUTOR_LOST = new Set(["InterruptedError", "OutOfMemoryError", "ExecutorCrashed", "KernelRestarted"]);

function executorLost(execution: Execution): boolean {
  if (execution.error && EXECUTOR_LOST.has(execution.error.ename)) return true;
  return execution.outputs.some(
    (o) =>
      o.output_type === "stream" && String(o.text).includes("[convlab kernel] the executor was replaced"),
  );
}

/** The units of a planned cell. Test statements first put patched built-ins back. */
export function unitsOf(cell: PlannedCell): TestUnit[] {
  if (cell.cellType !== "code") return [];
  if (cell.role !== "test") return [{ code: cell.runSource, hidden: false }];
  return splitTestCell(cell.runSource).map((unit) => ({
    ...unit,
    code: `restoreIntrinsics();\n${unit.code}`,
  }));
}

/**
 * Runs every code cell of a planned submission; never throws for anything the student did.
 * Takes ownership of `kernel` (it is disposed at the end).
 */
export async function runSubmission(
  cells: readonly PlannedCell[],
  kernel: GradingKernel,
  options: RunOptions,
): Promise<NotebookRun> {
  const started = Date.now();
  const completed: string[] = [];
  const studentNames = new Set(
    cells
      .filter((c) => c.role === "solution" || c.role === "written" || c.role === "extra")
      .flatMap((c) => safeNames(c.runSource)),
  );
  const suspicious = new Set<string>();
  const notes: string[] = [];
  let replays = 0;
  let current = kernel;

  const replay = async (why: string): Promise<void> => {
    replays++;
    notes.push(`${why}; replayed ${completed.length} completed cells`);
    for (const code of completed) {
      const result = await current.execute(code, options.cellTimeoutMs);
      if (result.status === "timeout" || result.status === "died") {
        current.dispose();
        current = await options.newKernel();
        notes.push("a replayed cell did not finish; continuing on a fresh kernel without it");
      }
    }
  };

  const runs: CellRun[] = [];
  for (const cell of cells) {
    const units: UnitRun[] = [];
    for (const unit of unitsOf(cell)) {
      const left = options.notebookTimeoutMs - (Date.now() - started);
      if (left <= 0) {
        units.push({ ...unit, status: "skipped", outputs: [], seconds: 0 });
        continue;
      }
      const names = identifiersIn(unit.code).filter((n) => studentNames.has(n));
      const repeat = names.some((n) => suspicious.has(n));
      const budget = Math.min(repeat ? options.repeatTimeoutMs : options.cellTimeoutMs, left);
      const execution = await current.execute(unit.code, budget);
      const where = cell.gradeId ?? "an added cell";
      if (execution.status === "timeout" || execution.status === "died") {
        if (execution.status === "timeout") for (const n of names) suspicious.add(n);
        units.push({ ...unit, ...execution });
        current.dispose();
        current = await options.newKernel();
        await replay(
          execution.status === "timeout"
            ? `${where}: stopped after ${(budget / 1000).toFixed(1)} s`
            : `${where}: the kernel ended (killed or crashed)`,
        );
      } else if (executorLost(execution)) {
        for (const n of names) suspicious.add(n);
        units.push({ ...unit, ...execution, status: "lost" });
        await replay(`${where}: the kernel replaced its executor (${execution.error?.ename ?? "lost"})`);
      } else {
        units.push({ ...unit, ...execution });
        if (execution.status === "ok" && !unit.check) completed.push(unit.code);
      }
    }
    runs.push({ cell, units });
  }
  current.dispose();
  return { cells: runs, replays, seconds: (Date.now() - started) / 1000, notes };
}

function safeNames(source: string): string[] {
  try {
    return declaredNames(source);
  } catch {
    return [];
  }
}
