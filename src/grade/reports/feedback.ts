/** The graded notebook and the feedback page returned to a student (never hidden tests). */
import { escapeHtml } from "../../display.js";
import type { Cell, Notebook, Output } from "../notebook.js";
import type { NotebookRun } from "../run.js";
import type { SanitizeReport } from "../sanitize.js";
import { type CellScore, hiddenScrubber } from "../score.js";

function scrubOutput(output: Output, scrub: (text: string) => string): Output {
  return JSON.parse(scrub(JSON.stringify(output))) as Output;
}

/**
 * The student's notebook as graded: the student version of every locked cell (no hidden
 * tests), the student's answers, the outputs of visible statements, and a score line under
 * each test cell.
 *
 * @example
 * ```ts
 * import { gradedNotebook } from "convlab/cli";
 * gradedNotebook({ cells: [], replays: 0, seconds: 0, notes: [] }, [], {}).cells.length; // 0
 * ```
 */
export function gradedNotebook(
  run: NotebookRun,
  scores: readonly CellScore[],
  metadata: Record<string, unknown>,
): Notebook {
  const byId = new Map(scores.map((s) => [s.gradeId, s]));
  const cells = run.cells.map(({ cell, units }): Cell => {
    const scrub = hiddenScrubber(units);
    const out: Cell = { cell_type: cell.cellType, metadata: cell.metadata, source: cell.studentSource };
    if (cell.cellType !== "code") return out;
    const outputs = units
      .filter((u) => !u.hidden)
      .flatMap((u) => u.outputs.map((o) => scrubOutput(o, scrub)));
    const score = cell.gradeId ? byId.get(cell.gradeId) : undefined;
    if (score && score.score !== null) {
      outputs.push({
        output_type: "display_data",
        data: { "text/plain": `Score: ${score.score} of ${score.points}\n${score.feedback.join("\n")}` },
        metadata: {},
      });
    }
    return { ...out, outputs, execution_count: null };
  });
  return { cells, metadata, nbformat: 4, nbformat_minor: 5 };
}

/**
 * A self-contained HTML page with the student's scores and the visible feedback.
 *
 * @example
 * ```ts
 * import { feedbackHtml } from "convlab/cli";
 * feedbackHtml("ada", "hw1", [], { tampering: [], expected: [] }).startsWith("<!DOCTYPE html>"); // true
 * ```
 */
export function feedbackHtml(
  student: string,
  assignment: string,
  scores: readonly CellScore[],
  report: SanitizeReport,
): string {
  const auto = scores.filter((s) => s.score !== null);
  const total = auto.reduce((sum, s) => sum + (s.score ?? 0), 0);
  const max = scores.reduce((sum, s) => sum + s.points, 0);
  const rows = scores
    .map(
      (s) =>
        `<tr><td>${escapeHtml(s.gradeId)}</td><td>${s.score === null ? "by hand" : s.score} / ${s.points}</td>` +
        `<td><pre>${escapeHtml(s.feedback.join("\n"))}</pre></td></tr>`,
    )
    .join("\n");
  const tampering =
    report.tampering.length > 0
      ? `<h2>Changes that were undone</h2><ul>${report.tampering.map((t) => `<li>${escapeHtml(t)}</li>`).join("")}</ul>`
      : "";
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(assignment)}: ${escapeHtml(student)}</title>
<style>body{font-family:system-ui,sans-serif;margin:2em;max-width:60em}table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:.3em .6em;vertical-align:top}pre{margin:0;white-space:pre-wrap}</style>
</head><body>
<h1>${escapeHtml(assignment)}: ${escapeHtml(student)}</h1>
<p>Autograded score: <b>${total}</b> of ${auto.reduce((sum, s) => sum + s.points, 0)} (assignment total ${max}, answers graded by hand not yet included).</p>
<table><tr><th>question</th><th>score</th><th>feedback</th></tr>
${rows}
</table>
${tampering}
</body></html>
`;
}
