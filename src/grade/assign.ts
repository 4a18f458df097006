/**
 * `convlab assign`: the student version of a homework notebook, as nbgrader's
 * generate_assignment makes it: solution regions replaced by a stub, hidden tests removed,
 * outputs cleared, cells locked, checksums computed on the student version.
 */
import { ConvLabError } from "../errors.js";
import { computeChecksum } from "./checksum.js";
import { type Cell, isGrade, isLocked, isSolution, type Notebook, nbgraderOf } from "./notebook.js";

/** What replaces a solution in a code cell (nbgrader's `ClearSolutions.code_stub` for TypeScript). */
export const CODE_STUB = '// YOUR CODE HERE\nthrow new Error("not implemented");';
/** What replaces a written answer (nbgrader's default `text_stub`). */
export const TEXT_STUB = "YOUR ANSWER HERE";
export const BEGIN_SOLUTION = "BEGIN SOLUTION";
export const END_SOLUTION = "END SOLUTION";
export const BEGIN_HIDDEN_TESTS = "BEGIN HIDDEN TESTS";
export const END_HIDDEN_TESTS = "END HIDDEN TESTS";

function regionError(cell: Cell, rule: string): ConvLabError {
  return new ConvLabError({
    parameter: "cell",
    value: nbgraderOf(cell)?.grade_id ?? cell.id ?? "(no grade_id)",
    rule,
    fix: "pair every BEGIN line with an END line, one region at a time",
    category: "argument",
  });
}

/**
 * Replaces (or removes, with `stub` undefined) every region between a line containing `begin`
 * and one containing `end`, marker lines included; the stub takes the begin line's indent.
 *
 * @example
 * ```ts
 * import { replaceRegions } from "convlab/cli";
 * replaceRegions("a\n  // BEGIN SOLUTION\n  x\n  // END SOLUTION", "BEGIN SOLUTION", "END SOLUTION", "stub").source; // "a\n  stub"
 * ```
 */
export function replaceRegions(
  source: string,
  begin: string,
  end: string,
  stub?: string,
  cell?: Cell,
): { source: string; replaced: boolean } {
  const kept: string[] = [];
  let inside = false;
  let replaced = false;
  for (const line of source.split("\n")) {
    if (line.includes(begin)) {
      if (inside && cell) throw regionError(cell, `a nested "${begin}"`);
      inside = true;
      replaced = true;
      if (stub !== undefined) {
        const indent = /^\s*/.exec(line)?.[0] ?? "";
        for (const stubLine of stub.split("\n")) kept.push(indent + stubLine);
      }
    } else if (line.includes(end)) {
      inside = false;
    } else if (!inside) {
      kept.push(line);
    }
  }
  if (inside && cell) throw regionError(cell, `"${begin}" without "${end}"`);
  return { source: kept.join("\n"), replaced };
}

/** The student version of one cell's source (solutions stubbed, hidden tests removed). */
export function studentSource(cell: Cell): string {
  const stub = cell.cell_type === "code" ? CODE_STUB : TEXT_STUB;
  const solution = replaceRegions(cell.source, BEGIN_SOLUTION, END_SOLUTION, stub, cell);
  if (solution.replaced && !isSolution(cell)) {
    throw regionError(cell, "has a solution region but is not a solution cell (metadata solution: false)");
  }
  let source = solution.replaced || !isSolution(cell) ? solution.source : stub;
  if (isGrade(cell))
    source = replaceRegions(source, BEGIN_HIDDEN_TESTS, END_HIDDEN_TESTS, undefined, cell).source;
  return source;
}

function checkMetadata(nb: Notebook): void {
  const seen = new Set<string>();
  for (const cell of nb.cells) {
    const meta = nbgraderOf(cell);
    if (!meta) continue;
    const id = meta.grade_id;
    const fail = (rule: string, fix: string): never => {
      throw new ConvLabError({
        parameter: "cell",
        value: id ?? "(no grade_id)",
        rule,
        fix,
        category: "argument",
      });
    };
    if (typeof id !== "string" || id === "")
      fail("every nbgrader cell needs a grade_id", "give the cell a unique grade_id");
    if (seen.has(id)) fail("grade_ids must be unique", "rename one of the cells");
    seen.add(id);
    if (meta.grade && !(typeof meta.points === "number" && meta.points >= 0)) {
      fail("a grade cell needs points ≥ 0", "set metadata.nbgrader.points");
    }
  }
}

/**
 * Makes the student version of an instructor notebook (the source is not modified).
 *
 * @example
 * ```ts
 * import { assignNotebook } from "convlab/cli";
 * const meta = { grade: false, grade_id: "s", locked: false, schema_version: 3, solution: true, task: false };
 * const nb = { cells: [{ cell_type: "code", metadata: { nbgrader: meta }, source: "const x = 1;", outputs: [] }], metadata: {}, nbformat: 4, nbformat_minor: 5 } as const;
 * assignNotebook(nb).cells[0].source; // '// YOUR CODE HERE\nthrow new Error("not implemented");'
 * ```
 */
export function assignNotebook(source: Notebook): Notebook {
  checkMetadata(source);
  const cells = source.cells.map((original): Cell => {
    const cell: Cell = structuredClone(original);
    const meta = nbgraderOf(cell);
    if (cell.cell_type === "code") {
      cell.outputs = [];
      cell.execution_count = null;
      delete cell.metadata.collapsed;
      delete cell.metadata.scrolled;
    }
    if (!meta) return cell;
    cell.source = studentSource(cell);
    if (isSolution(cell)) {
      cell.metadata.deletable = false;
    } else if (isGrade(cell) || isLocked(cell)) {
      cell.metadata.deletable = false;
      cell.metadata.editable = false;
    }
    meta.cell_type = cell.cell_type; // nbgrader records it to detect changed cell types
    meta.checksum = computeChecksum(cell);
    return cell;
  });
  const metadata = { ...source.metadata };
  delete metadata.celltoolbar;
  return { ...source, cells, metadata };
}
