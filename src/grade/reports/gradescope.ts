/** Gradescope's results.json: one test per grade cell, named by its grade_id. */
import type { SanitizeReport } from "../sanitize.js";
import type { CellScore } from "../score.js";

export interface GradescopeTest {
  name: string;
  score: number;
  max_score: number;
  visibility: "visible" | "after_published";
  output: string;
}

export interface GradescopeResults {
  score: number;
  output: string;
  tests: GradescopeTest[];
  execution_time: number;
}

/**
 * The results of one submission in Gradescope's format. Cells with hidden tests are
 * `after_published`; answers graded by hand are left out (graded in Gradescope by hand) and
 * named in the output.
 *
 * @example
 * ```ts
 * import { gradescopeResults } from "convlab/cli";
 * const scores = [{ gradeId: "q1", points: 2, score: 1, hasHidden: true, feedback: ["hidden tests: 1 of 2 passed"] }];
 * gradescopeResults(scores, { tampering: [], expected: [] }, 3).tests[0].visibility; // "after_published"
 * ```
 */
export function gradescopeResults(
  scores: readonly CellScore[],
  report: SanitizeReport,
  seconds: number,
): GradescopeResults {
  const tests = scores
    .filter((s) => s.score !== null)
    .map(
      (s): GradescopeTest => ({
        name: s.gradeId,
        score: s.score ?? 0,
        max_score: s.points,
        visibility: s.hasHidden ? "after_published" : "visible",
        output: s.feedback.join("\n"),
      }),
    );
  const manual = scores.filter((s) => s.score === null).map((s) => `${s.gradeId} (${s.points} points)`);
  const lines = [
    ...(manual.length > 0 ? [`Graded by hand: ${manual.join(", ")}.`] : []),
    ...(report.tampering.length > 0
      ? ["Changes to locked or test cells were undone:", ...report.tampering]
      : []),
  ];
  const score = tests.reduce((sum, t) => sum + t.score, 0);
  return { score, output: lines.join("\n"), tests, execution_time: Math.round(seconds * 1000) / 1000 };
}
