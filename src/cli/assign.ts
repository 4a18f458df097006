/** `convlab assign SOURCE --out DIR`: writes the student version of a homework notebook. */
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { assignNotebook } from "../grade/assign.js";
import { isGrade, notebookJson, pointsOf, readNotebook } from "../grade/notebook.js";

/**
 * Writes `<out>/<name>.ipynb` (the student version of `source`) and returns a one-line report.
 *
 * @example
 * ```ts
 * import { assignCommand } from "convlab/cli";
 * assignCommand("notebooks/homework/hw1-output-size.ipynb", "/tmp/convlab-assign-example").file; // "/tmp/convlab-assign-example/hw1-output-size.ipynb"
 * ```
 */
export function assignCommand(source: string, out: string): { file: string; text: string } {
  const student = assignNotebook(readNotebook(source));
  mkdirSync(out, { recursive: true });
  const file = path.join(path.resolve(out), path.basename(source));
  writeFileSync(file, notebookJson(student));
  const graded = student.cells.filter(isGrade);
  const points = graded.reduce((sum, cell) => sum + pointsOf(cell), 0);
  return {
    file,
    text: `wrote ${file}: ${student.cells.length} cells, ${graded.length} graded, ${points} points`,
  };
}
