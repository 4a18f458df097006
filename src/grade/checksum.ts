/**
 * nbgrader's cell checksum (`nbgrader.utils.compute_checksum`), byte for byte: MD5 over the
 * source, the cell type, Python's `str()` of is-grade / is-solution / is-locked, the grade id
 * and, for grade cells, Python's `str(float(points))`.
 */
import { createHash } from "node:crypto";
import { type Cell, isGrade, isLocked, isSolution, nbgraderOf } from "./notebook.js";

/**
 * Python's `str(float(x))`: the shortest round-trip digits, fixed notation for exponents
 * −4…15 (with ".0" for integers), else "1e-05" / "1.5e+16".
 *
 * @example
 * ```ts
 * import { pythonFloatStr } from "convlab/cli";
 * pythonFloatStr(2); // "2.0"
 * pythonFloatStr(0.5); // "0.5"
 * pythonFloatStr(0.00001); // "1e-05"
 * pythonFloatStr(1.5e16); // "1.5e+16"
 * ```
 */
export function pythonFloatStr(x: number): string {
  if (Number.isNaN(x)) return "nan";
  if (!Number.isFinite(x)) return x > 0 ? "inf" : "-inf";
  if (x === 0) return Object.is(x, -0) ? "-0.0" : "0.0";
  const [mantissa, exp] = x.toExponential().split("e") as [string, string];
  const exponent = Number(exp);
  if (exponent >= -4 && exponent < 16) {
    const fixed = x.toFixed(Math.max(0, (mantissa.split(".")[1]?.length ?? 0) - exponent));
    return fixed.includes(".") ? fixed : `${fixed}.0`;
  }
  const sign = exponent < 0 ? "-" : "+";
  return `${mantissa}e${sign}${String(Math.abs(exponent)).padStart(2, "0")}`;
}

const pyBool = (b: boolean): string => (b ? "True" : "False");

/**
 * The checksum nbgrader stores in `metadata.nbgrader.checksum`.
 *
 * @example
 * ```ts
 * import { computeChecksum } from "convlab/cli";
 * const cell = { cell_type: "code", source: "1", metadata: { nbgrader: { grade: true, grade_id: "t", locked: true, points: 1, schema_version: 3, solution: false, task: false } } } as const;
 * computeChecksum(cell).length; // 32
 * ```
 */
export function computeChecksum(cell: Cell): string {
  const meta = nbgraderOf(cell);
  const md5 = createHash("md5");
  md5.update(cell.source, "utf8");
  md5.update(cell.cell_type, "utf8");
  md5.update(pyBool(isGrade(cell)));
  md5.update(pyBool(isSolution(cell)));
  md5.update(pyBool(isLocked(cell)));
  md5.update(String(meta?.grade_id ?? ""), "utf8");
  if (isGrade(cell)) md5.update(pythonFloatStr(Number(meta?.points ?? 0)));
  return md5.digest("hex");
}
