/**
 * Turns what went wrong in a cell into Jupyter's error fields: `ename`, `evalue` and a
 * traceback trimmed to the user's code, with cell numbers and cell line numbers.
 */
import { inspect } from "node:util";
import type { WireError } from "../ipc.js";
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
 * import { errorFields } from "./traceback.js";
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
 * parse, `TSError` (a compile error, not the runtime `TypeError`) when it does not type-check.
 * Each problem names its TS code; each cell line with problems is shown once, underlined.
 *
 * @example
 * ```ts
 * import { diagnosticFields } from "./traceback.js";
 * const diagnostic = { start: { line: 0, column: 6 }, end: { line: 0, column: 7 }, message: "Type 'string' is not assignable to type 'number'.", code: 2322 };
 * const fields = diagnosticFields([diagnostic], "const x: number = 'a'", 3);
 * fields.ename; // "TSError"
 * fields.evalue; // "Type 'string' is not assignable to type 'number'. (TS2322)"
 * ```
 */
export function diagnosticFields(
  diagnostics: readonly CellDiagnostic[],
  source: string,
  cell: number,
): WireError {
  const syntax = diagnostics.filter((d) => d.code >= 1000 && d.code < 2000);
  const shown = syntax.length > 0 ? syntax : diagnostics;
  const ename = syntax.length > 0 ? "SyntaxError" : "TSError";
  const first = shown[0];
  const evalue = first ? `${first.message} (TS${first.code})` : "the cell does not compile";
  const lines = source.split("\n");
  const count = shown.length === 1 ? "1 problem" : `${shown.length} problems`;
  const traceback = [`${RED}${BOLD}${ename}${RESET}: cell [${cell}] does not compile (${count})`];
  const byLine = new Map<string, CellDiagnostic[]>();
  for (const d of shown) {
    const key = d.fileName ? `${d.fileName}:${d.start.line}` : String(d.start.line);
    byLine.set(key, [...(byLine.get(key) ?? []), d]);
  }
  for (const group of byLine.values()) {
    const head = group[0]!;
    const text = head.fileName ? undefined : lines[head.start.line];
    if (text === undefined) {
      for (const d of group) {
        traceback.push(
          `  ${d.fileName ?? "cell"}, line ${d.start.line + 1}, column ${d.start.column + 1}: ${RED}error TS${d.code}${RESET}: ${d.message}`,
        );
      }
      continue;
    }
    traceback.push(`  ${String(head.start.line + 1).padStart(4)} | ${text}`);
    const marks = Array.from({ length: text.length + 1 }, () => " ");
    for (const d of group) {
      const width =
        d.end.line === d.start.line
          ? Math.max(1, d.end.column - d.start.column)
          : text.length - d.start.column;
      for (let c = d.start.column; c < d.start.column + Math.max(1, width); c++) marks[c] = "~";
    }
    traceback.push(`       | ${RED}${marks.join("").trimEnd()}${RESET}`);
    for (const d of group) {
      traceback.push(
        `       | line ${d.start.line + 1}, column ${d.start.column + 1}: ${RED}error TS${d.code}${RESET}: ${d.message}`,
      );
    }
  }
  return { ename, evalue, traceback };
}
