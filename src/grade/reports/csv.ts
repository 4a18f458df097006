/** grades.csv with nbgrader's export columns. */

/** nbgrader's `export` columns, in its order. */
export const GRADES_COLUMNS = [
  "assignment",
  "duedate",
  "timestamp",
  "student_id",
  "last_name",
  "first_name",
  "email",
  "raw_score",
  "late_submission_penalty",
  "score",
  "max_score",
] as const;

export type GradeRow = Record<(typeof GRADES_COLUMNS)[number], string | number>;

function field(value: string | number): string {
  const text = String(value);
  return /[",\n\r]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/**
 * The CSV text for rows sorted by student id.
 *
 * @example
 * ```ts
 * import { gradesCsv } from "convlab/cli";
 * gradesCsv([{ assignment: "hw1", duedate: "", timestamp: "", student_id: "ada", last_name: "", first_name: "", email: "", raw_score: 9.5, late_submission_penalty: 0, score: 9.5, max_score: 10 }]).split("\n")[1]; // "hw1,,,ada,,,,9.5,0,9.5,10"
 * ```
 */
export function gradesCsv(rows: readonly GradeRow[]): string {
  const sorted = [...rows].sort((a, b) => String(a.student_id).localeCompare(String(b.student_id)));
  const lines = [
    GRADES_COLUMNS.join(","),
    ...sorted.map((row) => GRADES_COLUMNS.map((c) => field(row[c])).join(",")),
  ];
  return `${lines.join("\n")}\n`;
}
