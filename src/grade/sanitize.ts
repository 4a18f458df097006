/**
 * Sanitizing a submission before it runs, as nbgrader's OverwriteCells does and more: locked,
 * test and read-only cells are restored from the source by grade_id (hidden tests put back),
 * deleted ones re-added, metadata and points taken from the source, cells the student added
 * kept in place but never graded. Real tampering (a changed locked or test cell, changed
 * metadata or points, a deleted cell, a redefined grading API) is reported apart from the
 * expected change of cells whose hidden tests were removed in the student version.
 */
import { assignNotebook } from "./assign.js";
import { computeChecksum } from "./checksum.js";
import {
  type Cell,
  isAutogradedTest,
  isGrade,
  isSolution,
  type NbgraderMetadata,
  type Notebook,
  nbgraderOf,
  pointsOf,
} from "./notebook.js";
import { declaredNames } from "./split.js";

/** What a cell is for the grader. */
export type CellRole = "solution" | "test" | "written" | "locked" | "extra";

/** A cell as the grader will run and return it. */
export interface PlannedCell {
  readonly role: CellRole;
  readonly gradeId?: string;
  readonly points: number;
  readonly cellType: Cell["cell_type"];
  /** What runs: the instructor's source (hidden tests included) for locked and test cells. */
  readonly runSource: string;
  /** What the student sees in the returned notebook (never hidden tests). */
  readonly studentSource: string;
  /** Metadata of the returned cell (the student version's). */
  readonly metadata: Cell["metadata"];
}

/** Findings about one submission. */
export interface SanitizeReport {
  /** Real tampering, one line per finding. */
  readonly tampering: string[];
  /** Expected differences (hidden tests restored), one line per cell. */
  readonly expected: string[];
}

/** Names a solution cell may not declare: the grading API test cells rely on. */
export const PROTECTED_NAMES = [
  "check",
  "expectEqual",
  "expectClose",
  "restoreIntrinsics",
  "GradeResult",
  "GRADE_MIME",
  "ExpectationError",
  "assert",
];

const SANDBOX_INTERNALS = /__convlabCell|vnd\.convlab\.grade/;

function roleOf(cell: Cell): CellRole {
  if (isSolution(cell)) return isGrade(cell) ? "written" : "solution";
  if (isAutogradedTest(cell)) return "test";
  return "locked";
}

function metadataChanges(expected: NbgraderMetadata, got: NbgraderMetadata | undefined): string[] {
  if (!got) return ["its nbgrader metadata was removed"];
  const changes: string[] = [];
  for (const key of ["grade", "solution", "locked", "task", "points"] as const) {
    const a = expected[key];
    const b = got[key];
    if ((a ?? null) !== (b ?? null) && !(key === "points" && Number(a) === Number(b))) {
      changes.push(
        `metadata ${key} changed from ${JSON.stringify(a ?? null)} to ${JSON.stringify(b ?? null)}`,
      );
    }
  }
  return changes;
}

/**
 * Plans the cells of one submission against the source notebook.
 *
 * @example
 * ```ts
 * import { sanitizeSubmission, assignNotebook } from "convlab/cli";
 * const meta = { grade: true, grade_id: "t", locked: true, points: 1, schema_version: 3, solution: false, task: false };
 * const source = { cells: [{ cell_type: "code", metadata: { nbgrader: meta }, source: "check('a', 1, () => true)", outputs: [] }], metadata: {}, nbformat: 4, nbformat_minor: 5 } as const;
 * const edited = structuredClone(assignNotebook(source));
 * edited.cells[0].source = "1";
 * sanitizeSubmission(source, edited).report.tampering; // ["t: the test cell's source was edited (restored)"]
 * ```
 */
export function sanitizeSubmission(
  source: Notebook,
  submission: Notebook,
): { cells: PlannedCell[]; report: SanitizeReport } {
  const student = assignNotebook(source);
  const tampering: string[] = [];
  const expected: string[] = [];
  const known = new Set(
    source.cells.map((c) => nbgraderOf(c)?.grade_id).filter((id): id is string => Boolean(id)),
  );
  const submitted = new Map<string, Cell>();
  const extrasAfter = new Map<string, Cell[]>();
  let last = "";
  for (const cell of submission.cells) {
    const id = nbgraderOf(cell)?.grade_id;
    if (id && known.has(id)) {
      if (submitted.has(id)) tampering.push(`${id}: the cell appears twice (the first copy is used)`);
      else submitted.set(id, cell);
      last = id;
    } else {
      if (nbgraderOf(cell) && (isGrade(cell) || pointsOf(cell) > 0)) {
        tampering.push(`${id ?? "(no grade_id)"}: an added cell claims to be graded (ignored)`);
      }
      extrasAfter.set(last, [...(extrasAfter.get(last) ?? []), cell]);
    }
  }
  const cells: PlannedCell[] = [];
  const pushExtras = (after: string): void => {
    for (const extra of extrasAfter.get(after) ?? []) {
      const metadata = { ...extra.metadata };
      delete metadata.nbgrader;
      cells.push({
        role: "extra",
        points: 0,
        cellType: extra.cell_type,
        runSource: extra.source,
        studentSource: extra.source,
        metadata,
      });
    }
  };
  pushExtras("");
  source.cells.forEach((original, index) => {
    const released = student.cells[index]!;
    const meta = nbgraderOf(original);
    if (!meta) {
      cells.push({
        role: "extra",
        points: 0,
        cellType: original.cell_type,
        runSource: original.source,
        studentSource: released.source,
        metadata: released.metadata,
      });
      return;
    }
    const id = meta.grade_id;
    const role = roleOf(original);
    const got = submitted.get(id);
    const base = {
      role,
      gradeId: id,
      points: pointsOf(original),
      cellType: original.cell_type,
      metadata: released.metadata,
    };
    const kind = role === "test" ? "test" : role === "solution" || role === "written" ? "answer" : "locked";
    if (!got) {
      tampering.push(`${id}: the ${kind} cell was deleted (re-added)`);
    } else {
      for (const change of metadataChanges(nbgraderOf(released)!, nbgraderOf(got)))
        tampering.push(`${id}: ${change} (restored)`);
      if (got.cell_type !== original.cell_type)
        tampering.push(`${id}: the cell type was changed to ${got.cell_type} (restored)`);
    }
    if (role === "solution" || role === "written") {
      let answer = got && got.cell_type === original.cell_type ? got.source : released.source;
      if (role === "solution" && got) {
        const shadowed = declaredNames(answer).filter((n) => PROTECTED_NAMES.includes(n));
        if (shadowed.length > 0 || SANDBOX_INTERNALS.test(answer)) {
          tampering.push(
            `${id}: the answer redefines the grading API (${shadowed.length > 0 ? shadowed.join(", ") : "kernel internals"}); it was not run`,
          );
          answer = released.source;
        }
      }
      cells.push({ ...base, runSource: answer, studentSource: got?.source ?? released.source });
      pushExtras(id);
      return;
    }
    if (got && got.source !== released.source) {
      tampering.push(`${id}: the ${kind} cell's source was edited (restored)`);
    }
    if (original.source !== released.source) {
      expected.push(
        `${id}: hidden tests restored (its checksum differs from the student version, as expected)`,
      );
    } else if (
      got &&
      nbgraderOf(got)?.checksum &&
      nbgraderOf(got)?.checksum !== computeChecksum(released) &&
      got.source === released.source
    ) {
      tampering.push(`${id}: the stored checksum was changed`);
    }
    cells.push({ ...base, runSource: original.source, studentSource: released.source });
    pushExtras(id);
  });
  return { cells, report: { tampering, expected } };
}
