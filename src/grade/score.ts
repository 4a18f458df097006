/**
 * Scores from a run. A test cell with `check(...)` statements earns the points of the checks
 * whose own statement completed and returned a passing grade bundle (points from the source,
 * never from the submission); a plain test cell earns its points when no statement failed, or
 * a numeric last value as partial credit (as nbgrader). stderr never costs points. Messages
 * meant for the student never quote hidden tests.
 */
import { GRADE_MIME, type GradePayload } from "./api/check.js";
import type { Output } from "./notebook.js";
import type { CellRun, UnitRun } from "./run.js";

/** One graded cell's result. */
export interface CellScore {
  readonly gradeId: string;
  readonly points: number;
  /** null for answers graded by hand. */
  readonly score: number | null;
  /** Whether the cell had hidden tests (its results are shown after publishing). */
  readonly hasHidden: boolean;
  /** Lines a student may see. */
  readonly feedback: string[];
}

function resultBundle(unit: UnitRun): GradePayload | undefined {
  const result = unit.outputs.find((o) => o.output_type === "execute_result");
  const data = (result?.data ?? {}) as Record<string, unknown>;
  const payload = data[GRADE_MIME] as GradePayload | undefined;
  return payload && typeof payload === "object" ? payload : undefined;
}

function failure(unit: UnitRun): string {
  switch (unit.status) {
    case "timeout":
      return `did not finish within ${unit.seconds.toFixed(1)} s`;
    case "died":
      return "the kernel ended while it ran";
    case "lost":
      return `the kernel had to replace its executor (${unit.error?.ename ?? "lost"}: ${unit.error?.evalue ?? ""})`;
    case "skipped":
      return "not run: the notebook's time budget was used up";
    default:
      return unit.error ? `${unit.error.ename}: ${unit.error.evalue}` : "failed";
  }
}

/** Whether a check statement passed: it completed and its own result says so. */
export function checkPassed(unit: UnitRun): boolean {
  if (!unit.check || unit.status !== "ok") return false;
  const payload = resultBundle(unit);
  return payload !== undefined && payload.name === unit.check.name && payload.passed === true;
}

function checkFeedback(unit: UnitRun, scrub: (text: string) => string): string {
  const name = unit.check!.name;
  if (checkPassed(unit)) return `✓ ${name} (${unit.check!.points} points)`;
  const payload = unit.status === "ok" ? resultBundle(unit) : undefined;
  const why = payload
    ? payload.message || "failed"
    : unit.status === "ok"
      ? "no grade result"
      : failure(unit);
  return `✗ ${name} (0 of ${unit.check!.points} points): ${scrub(why)}`;
}

function partialCredit(outputs: readonly Output[], points: number): number {
  const result = outputs.find((o) => o.output_type === "execute_result");
  const text = (result?.data as Record<string, unknown> | undefined)?.["text/plain"];
  if (
    typeof text !== "string" ||
    text.trim() === "" ||
    !/^\s*[-+]?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?\s*$/i.test(text)
  ) {
    return points;
  }
  const value = Number(text);
  return value >= 0 ? Math.min(value, points) : points;
}

/** Replaces any line of hidden test code that appears in `text`. */
export function hiddenScrubber(units: readonly UnitRun[]): (text: string) => string {
  const lines = units
    .filter((u) => u.hidden)
    .flatMap((u) => u.code.split("\n"))
    .map((l) => l.trim())
    .filter((l) => l.length >= 6 && l !== "restoreIntrinsics();");
  return (text: string) => {
    let out = text;
    for (const line of lines) out = out.split(line).join("[hidden test]");
    return out;
  };
}

/**
 * Scores one graded cell's run.
 *
 * @example
 * ```ts
 * import { scoreCell } from "convlab/cli";
 * const cell = { role: "test", gradeId: "t", points: 1, cellType: "code", runSource: "", studentSource: "", metadata: {} } as const;
 * scoreCell({ cell, units: [{ code: "1", hidden: false, status: "ok", outputs: [], seconds: 0 }] }).score; // 1
 * ```
 */
export function scoreCell(run: CellRun): CellScore {
  const { cell, units } = run;
  const gradeId = cell.gradeId ?? "";
  const hasHidden = units.some((u) => u.hidden);
  if (cell.role !== "test") {
    return { gradeId, points: cell.points, score: null, hasHidden, feedback: ["graded by hand"] };
  }
  const scrub = hiddenScrubber(units);
  const checks = units.filter((u) => u.check);
  const feedback: string[] = [];
  let score: number;
  if (checks.length > 0) {
    score = 0;
    let hiddenPassed = 0;
    let hiddenTotal = 0;
    for (const unit of checks) {
      if (checkPassed(unit)) score += unit.check!.points;
      if (unit.hidden) {
        hiddenTotal++;
        if (checkPassed(unit)) hiddenPassed++;
      } else {
        feedback.push(checkFeedback(unit, scrub));
      }
    }
    if (hiddenTotal > 0) feedback.push(`hidden tests: ${hiddenPassed} of ${hiddenTotal} passed`);
    score = Math.min(score, cell.points);
  } else {
    const failed = units.find((u) => u.status !== "ok");
    if (failed) {
      score = 0;
      feedback.push(failed.hidden ? "✗ a hidden test failed" : `✗ ${scrub(failure(failed))}`);
    } else {
      const last = units[units.length - 1];
      score = last ? partialCredit(last.outputs, cell.points) : cell.points;
      feedback.push(score === cell.points ? "✓ all assertions passed" : `partial credit: ${score}`);
    }
  }
  return { gradeId, points: cell.points, score, hasHidden, feedback };
}

/** Scores every graded cell of a run, in notebook order. */
export function scoreRun(cells: readonly CellRun[]): CellScore[] {
  return cells.filter((c) => c.cell.role === "test" || c.cell.role === "written").map(scoreCell);
}
