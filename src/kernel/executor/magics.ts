/**
 * IPython's timing magics, which readers of the book use: `%time stmt` and a first line `%%time`
 * run the code once and print CPU and wall time; `%timeit stmt` and `%%timeit` pick a loop count
 * (1, 2, 5, 10, 20, 50, … until a run takes at least 0.2 s), run 7 such runs and print the mean
 * ± standard deviation per loop. `%who` lists the names the cells defined. The output follows
 * IPython's format.
 */

/** The magics, for completion. */
export const MAGICS = ["%time", "%timeit", "%%time", "%%timeit", "%who"] as const;

/**
 * Whether a cell is IPython's `%who` (list the names the notebook's cells defined).
 *
 * @example
 * ```ts
 * import { isWhoMagic } from "./magics.js";
 * isWhoMagic("%who"); // true
 * isWhoMagic("%whose"); // false
 * ```
 */
export function isWhoMagic(source: string): boolean {
  return /^\s*%who\s*$/.test(source);
}

/**
 * `%who`'s output as IPython prints it: the names in order, each followed by a tab and a space,
 * nine to a line; or that the namespace is empty.
 *
 * @example
 * ```ts
 * import { formatWho } from "./magics.js";
 * formatWho(["b", "a"]); // "a\t b\t \n"
 * formatWho([]); // "Interactive namespace is empty.\n"
 * ```
 */
export function formatWho(names: readonly string[]): string {
  if (names.length === 0) return "Interactive namespace is empty.\n";
  const sorted = [...names].sort();
  let text = "";
  sorted.forEach((name, i) => {
    text += `${name}\t `;
    if (i % 9 === 8 && i < sorted.length - 1) text += "\n";
  });
  return `${text}\n`;
}

/** A cell that asks to be timed: which magic, and the TypeScript code to time. */
export interface TimedCell {
  readonly magic: "time" | "timeit";
  readonly code: string;
}

const CELL_MAGIC = /^\s*%%(timeit|time)[ \t]*(?:\n|$)/;
const LINE_MAGIC = /^\s*%(timeit|time)[ \t]+([^\n]*\S)\s*$/;

/**
 * Recognizes `%%time` / `%%timeit` as a cell's first line, or a cell that is one `%time stmt`
 * / `%timeit stmt` line; `undefined` for any other cell.
 *
 * @example
 * ```ts
 * import { parseTimingMagic } from "./magics.js";
 * parseTimingMagic("%timeit conv2d(X, K)"); // { magic: "timeit", code: "conv2d(X, K)" }
 * parseTimingMagic("%%time\nconst y = f(x);"); // { magic: "time", code: "\nconst y = f(x);" }
 * parseTimingMagic("1 + 1") === undefined; // true
 * ```
 */
export function parseTimingMagic(source: string): TimedCell | undefined {
  const cell = CELL_MAGIC.exec(source);
  if (cell) {
    // Keep the magic's line as an empty line so cell line numbers stay right.
    const rest = source.slice(cell[0].length);
    return { magic: cell[1] as "time" | "timeit", code: `\n${rest}` };
  }
  const line = LINE_MAGIC.exec(source);
  if (line) return { magic: line[1] as "time" | "timeit", code: line[2]!.trim() };
  return undefined;
}

/**
 * A duration as IPython prints it: three significant digits, in s, ms, µs or ns.
 *
 * @example
 * ```ts
 * import { formatDuration } from "./magics.js";
 * formatDuration(0.00123); // "1.23 ms"
 * formatDuration(2.5e-6); // "2.5 µs"
 * formatDuration(0); // "0 ns"
 * formatDuration(12.3456); // "12.3 s"
 * ```
 */
export function formatDuration(seconds: number): string {
  const units: [string, number][] = [
    ["s", 1],
    ["ms", 1e-3],
    ["µs", 1e-6],
    ["ns", 1e-9],
  ];
  if (seconds > 0) {
    for (const [unit, scale] of units) {
      if (seconds >= scale || unit === "ns") return `${Number((seconds / scale).toPrecision(3))} ${unit}`;
    }
  }
  return "0 ns";
}

/** CPU (user, system) and wall time of one timed run, in seconds. */
export interface Timing {
  readonly user: number;
  readonly system: number;
  readonly wall: number;
}

/**
 * `%time`'s report.
 *
 * @example
 * ```ts
 * import { timeReport } from "./magics.js";
 * timeReport({ user: 0.002, system: 0.001, wall: 0.0051 });
 * // "CPU times: user 2 ms, sys: 1 ms, total: 3 ms\nWall time: 5.1 ms\n"
 * ```
 */
export function timeReport(t: Timing): string {
  return (
    `CPU times: user ${formatDuration(t.user)}, sys: ${formatDuration(t.system)}, ` +
    `total: ${formatDuration(t.user + t.system)}\nWall time: ${formatDuration(t.wall)}\n`
  );
}

/**
 * `%timeit`'s report from the per-loop time of each run.
 *
 * @example
 * ```ts
 * import { timeitReport } from "./magics.js";
 * timeitReport([1e-6, 1e-6, 1e-6], 100000);
 * // "1 µs ± 0 ns per loop (mean ± std. dev. of 3 runs, 100,000 loops each)\n"
 * ```
 */
export function timeitReport(perLoop: readonly number[], loops: number): string {
  const mean = perLoop.reduce((a, b) => a + b, 0) / perLoop.length;
  const variance = perLoop.reduce((a, b) => a + (b - mean) ** 2, 0) / perLoop.length;
  const runs = perLoop.length;
  return (
    `${formatDuration(mean)} ± ${formatDuration(Math.sqrt(variance))} per loop (mean ± std. dev. of ` +
    `${runs} run${runs === 1 ? "" : "s"}, ${loops.toLocaleString("en-US")} loop${loops === 1 ? "" : "s"} each)\n`
  );
}

/** How many loops `%timeit` runs per run: IPython's 1, 2, 5, 10, … until a run takes 0.2 s. */
export async function chooseLoops(run: (loops: number) => Promise<number>): Promise<number> {
  for (let base = 1; ; base *= 10) {
    for (const factor of [1, 2, 5]) {
      const loops = base * factor;
      if ((await run(loops)) >= 0.2 || loops >= 1e9) return loops;
    }
  }
}
