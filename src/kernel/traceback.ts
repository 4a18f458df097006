/**
 * Turns what went wrong in a cell into Jupyter's error fields: `ename`, `evalue` and a
 * traceback trimmed to the user's code, with cell numbers and cell line numbers.
 */
import { inspect } from "node:util";
import type { WireError } from "./ipc.js";
import type { CellDiagnostic, CellPosition } from "./tslab-adapter.js";

const RED = "\u001b[31m";
const BOLD = "\u001b[1m";
const RESET = "\u001b[0m";

/** A cell the executor ran: its number, source and a map from its JS back to its source. */
export interface RunCell {
  readonly cell: number;
  readonly source: string;
  /** Lines of the compiled code (frames past them are the executor's wrapper). */
  readonly codeLines: number;
  mapToCell(position: CellPosition): CellPosition | undefined;
}

/** The file name a cell's code runs under, so stack frames name the cell. */
export function cellFileName(cell: number): string {
  return `convlab-cell-${cell}.js`;
}

/** Lines of wrapper code the executor puts before a cell's code. */
export const WRAPPER_LINES = 1;

const FRAME = /^\s*at (?:(.*?) \()?convlab-cell-(\d+)\.js:(\d+):(\d+)\)?$/;

/**
 * Error fields for a thrown value. Stack frames in cells are rewritten to
 * `at fn (cell [3], line 4, column 9)` with the source line; frames outside cells are dropped.
 *
 * @example
 * ```ts
 * errorFields(new RangeError("bad"), new Map()).ename; // "RangeError"
 * ```
 */
export function errorFields(thrown: unknown, cells: ReadonlyMap<number, RunCell>): WireError {
  if (!(thrown instanceof Error)) {
    const evalue = inspect(thrown, { depth: 2 });
    return { ename: "Uncaught", evalue, traceback: [`${RED}${BOLD}Uncaught${RESET} ${evalue}`] };
  }
  const ename = thrown.name || thrown.constructor?.name || "Error";
  const evalue = thrown.message;
  const traceback = [`${RED}${BOLD}${ename}${RESET}: ${evalue}`];
  let previous = "";
  for (const line of (thrown.stack ?? "").split("\n")) {
    const frame = FRAME.exec(line);
    if (!frame) continue;
    const cellNumber = Number(frame[2]);
    const cell = cells.get(cellNumber);
    const jsPosition = { line: Number(frame[3]) - 1 - WRAPPER_LINES, column: Number(frame[4]) - 1 };
    if (cell && (jsPosition.line < 0 || jsPosition.line >= cell.codeLines)) continue;
    const where = cell?.mapToCell(jsPosition);
    const key = `${cellNumber}:${where?.line}:${where?.column}`;
    if (key === previous) continue;
    previous = key;
    const fn = frame[1] && !frame[1].startsWith("eval") ? `${frame[1]} ` : "";
    if (!cell || !where) {
      traceback.push(`    at ${fn}(cell [${cellNumber}])`);
      continue;
    }
    traceback.push(`    at ${fn}(cell [${cellNumber}], line ${where.line + 1}, column ${where.column + 1})`);
    const text = cell.source.split("\n")[where.line];
    if (text !== undefined) {
      traceback.push(`  ${String(where.line + 1).padStart(4)} | ${text}`);
      traceback.push(`       | ${" ".repeat(where.column)}${RED}^${RESET}`);
    }
  }
  return { ename, evalue, traceback };
}

/**
 * Error fields for TypeScript's compile diagnostics: `SyntaxError` when the cell does not
 * parse, `TypeError` (with every problem listed by cell line) when it does not type-check.
 *
 * @example
 * ```ts
 * diagnosticFields([{ start: { line: 0, column: 6 }, …, message: "Type 'string' is not …", code: 2322 }], "const x: number = 'a'", 3);
 * ```
 */
export function diagnosticFields(
  diagnostics: readonly CellDiagnostic[],
  source: string,
  cell: number,
): WireError {
  const syntax = diagnostics.some((d) => d.code >= 1000 && d.code < 2000);
  const ename = syntax ? "SyntaxError" : "TypeError";
  const first = diagnostics[0];
  const evalue = first ? `${first.message} (TS${first.code})` : "the cell does not compile";
  const lines = source.split("\n");
  const traceback = [`${RED}${BOLD}${ename}${RESET}: ${diagnostics.length} problem(s) in cell [${cell}]`];
  for (const d of diagnostics) {
    const where = d.fileName ? `${d.fileName}, ` : "";
    traceback.push(
      `  ${where}line ${d.start.line + 1}, column ${d.start.column + 1}: ${RED}error TS${d.code}${RESET}: ${d.message}`,
    );
    const text = d.fileName ? undefined : lines[d.start.line];
    if (text !== undefined) {
      traceback.push(`  ${String(d.start.line + 1).padStart(4)} | ${text}`);
      const width =
        d.end.line === d.start.line
          ? Math.max(1, d.end.column - d.start.column)
          : text.length - d.start.column;
      traceback.push(`       | ${" ".repeat(d.start.column)}${RED}${"~".repeat(Math.max(1, width))}${RESET}`);
    }
  }
  return { ename, evalue, traceback };
}
