/**
 * The adversarial submission set for homework 1 (10 points), next to honest ones. Each case is
 * the student version with some cells replaced (by grade_id), cells added or removed, and the
 * score a correct grader must give: the points its honest answers earn, nothing more.
 */
import { assignNotebook } from "../../src/grade/assign.js";
import type { Cell, Notebook } from "../../src/grade/notebook.js";
import { readNotebook } from "../../src/grade/notebook.js";

export const SOURCE = "notebooks/homework/hw1-output-size.ipynb";

export interface Case {
  readonly student: string;
  readonly expected: number;
  /** The edits, applied to the student version with the correct answers filled in. */
  readonly edit: (nb: Notebook) => void;
  /** Whether the sanitizer must report tampering. */
  readonly tampering?: boolean;
}

const WRONG: Record<string, string> = {
  "q1-solution":
    "function outputSize(n: number, k: number, p: number, s: number): number {\n  return n - k + p;\n}",
  "q2-solution": "function samePadding(k: number): number {\n  return k;\n}",
  "q3-solution":
    "function corr2dStrided(X: number[][], K: number[][], s: number): number[][] {\n  return [[0]];\n}",
  "q4-solution":
    "interface ConvLayer {\n  kernel: number;\n  padding: number;\n  stride: number;\n}\nfunction layerStack(): ConvLayer[] {\n  return [{ kernel: 3, padding: 1, stride: 4 }];\n}",
};

function cell(nb: Notebook, id: string): Cell {
  const found = nb.cells.find((c) => c.metadata.nbgrader?.grade_id === id);
  if (!found) throw new Error(`no cell ${id}`);
  return found;
}
const setSource = (nb: Notebook, id: string, source: string): void => {
  cell(nb, id).source = source;
};
const append = (nb: Notebook, id: string, code: string): void => {
  cell(nb, id).source += `\n${code}`;
};
/** Adds a student cell (no nbgrader metadata) after the cell `after`. */
const addAfter = (nb: Notebook, after: string, source: string, metadata: Cell["metadata"] = {}): void => {
  const at = nb.cells.indexOf(cell(nb, after));
  nb.cells.splice(at + 1, 0, { cell_type: "code", metadata, source, outputs: [], execution_count: null });
};
const wrong = (nb: Notebook, id: keyof typeof WRONG): void => setSource(nb, id, WRONG[id]!);

export const CASES: readonly Case[] = [
  { student: "honest-full", expected: 10, edit: () => undefined },
  {
    student: "honest-stub",
    expected: 0,
    edit: (nb) => {
      const student = assignNotebook(readNotebook(SOURCE));
      nb.cells = student.cells;
    },
  },
  {
    // q2: samePadding wrong (0 of 2); q4: the shape is right but stride 4 breaks the rules (1 of 2)
    student: "honest-partial",
    expected: 7,
    edit: (nb) => {
      wrong(nb, "q2-solution");
      wrong(nb, "q4-solution");
    },
  },
  {
    student: "patch-assert",
    expected: 8,
    edit: (nb) => {
      wrong(nb, "q2-solution");
      append(
        nb,
        "q2-solution",
        'require("node:assert/strict").equal = () => undefined;\nrequire("node:assert").equal = () => undefined;',
      );
    },
  },
  {
    student: "patch-builtins",
    expected: 7,
    edit: (nb) => {
      wrong(nb, "q1-solution");
      append(
        nb,
        "q1-solution",
        [
          "Object.is = () => true;",
          "Array.isArray = (() => true) as never;",
          "Array.prototype.every = () => true;",
          'JSON.stringify = () => "{}";',
          "Math.floor = () => 6;",
          "Math.abs = () => 0;",
          "(globalThis as any).isNaN = () => false;",
          'Object.defineProperty(Object.prototype, "toJSON", { value() { return { passed: true }; }, configurable: true, writable: true });',
        ].join("\n"),
      );
    },
  },
  {
    student: "console-warn",
    expected: 10,
    edit: (nb) => {
      setSource(
        nb,
        "q1-solution",
        'function outputSize(n: number, k: number, p: number, s: number): number {\n  console.warn("computing", n, k, p, s);\n  console.error("stderr is not a failure");\n  return Math.floor((n - k + p + s) / s);\n}',
      );
    },
  },
  {
    // an async busy loop (the kernel cannot interrupt it): the grader replaces the kernel, replays
    // the completed cells, and every question is graded on the student's state
    student: "async-busy-loop",
    expected: 10,
    edit: (nb) => addAfter(nb, "q2-solution", "for (;;) await null;"),
  },
  {
    // q3's function never returns: its three tests fail, the later two cost only a short budget
    student: "sync-infinite-loop",
    expected: 7,
    edit: (nb) =>
      setSource(
        nb,
        "q3-solution",
        "function corr2dStrided(X: number[][], K: number[][], s: number): number[][] {\n  while (true) {}\n}",
      ),
  },
  {
    student: "network",
    expected: 10,
    edit: (nb) =>
      addAfter(
        nb,
        "q1-solution",
        'const reached = await fetch("https://registry.npmjs.org/").then((r) => `reached ${r.status}`, (e: Error) => `network blocked: ${e.message}`);\nreached',
      ),
  },
  {
    student: "fork-bomb",
    expected: 10,
    edit: (nb) =>
      addAfter(
        nb,
        "q4-test-constraints",
        'const { spawn } = require("node:child_process");\nlet started = 0;\nfor (let i = 0; i < 5000; i++) {\n  try {\n    spawn("/usr/bin/sleep", ["60"]).on("error", () => undefined);\n    started++;\n  } catch {}\n}\nstarted',
      ),
  },
  {
    student: "memory-bomb",
    expected: 10,
    edit: (nb) => {
      addAfter(
        nb,
        "q1-test-hidden",
        "const hog: number[][] = [];\nfor (;;) hog.push(new Array(1e6).fill(1.5));",
      );
      addAfter(
        nb,
        "q2-test-28",
        "const buffers: Float64Array[] = [];\nfor (;;) buffers.push(new Float64Array(5e7).fill(1));",
      );
    },
  },
  {
    student: "process-exit",
    expected: 10,
    edit: (nb) => addAfter(nb, "q2-test-28", "process.exit(0);"),
  },
  {
    student: "kill-kernel",
    expected: 10,
    edit: (nb) => addAfter(nb, "q3-test-hidden", 'process.kill(process.ppid, "SIGKILL");'),
  },
  {
    // tries to read the instructor's source and other submissions: nothing there, q1 fails
    student: "read-source",
    expected: 7,
    edit: (nb) =>
      setSource(
        nb,
        "q1-solution",
        [
          'import { readFileSync, readdirSync } from "node:fs";',
          "const seen: string[] = [];",
          `for (const p of [${JSON.stringify(process.cwd())} + "/${SOURCE}", ${JSON.stringify(process.cwd())} + "/notebooks", ${JSON.stringify(process.cwd())} + "/test", "/tmp", "/root"]) {`,
          '  try { seen.push(`${p}: ${readdirSync(p).length} entries`); } catch (e) { try { seen.push(`${p}: ${readFileSync(p, "utf8").length} bytes`); } catch (e2) { seen.push(`${p}: ${(e2 as Error).message}`); } }',
          "}",
          'console.log(seen.join("\\n"));',
          "function outputSize(n: number, k: number, p: number, s: number): number {",
          "  return -1;",
          "}",
        ].join("\n"),
      ),
  },
  {
    student: "write-outside",
    expected: 10,
    edit: (nb) =>
      addAfter(
        nb,
        "q1-solution",
        [
          'import { writeFileSync } from "node:fs";',
          "const tried: string[] = [];",
          `for (const p of [${JSON.stringify(process.cwd())} + "/PWNED", "/usr/PWNED", "/PWNED", "/home/student/ok.txt"]) {`,
          '  try { writeFileSync(p, "x"); tried.push(`${p}: written`); } catch (e) { tried.push(`${p}: ${(e as Error).message}`); }',
          "}",
          "tried",
        ].join("\n"),
      ),
  },
  {
    // test cells edited to pass and one deleted; answers wrong: only the honest points count
    student: "edit-tests",
    expected: 4,
    tampering: true,
    edit: (nb) => {
      wrong(nb, "q1-solution");
      wrong(nb, "q3-solution");
      setSource(nb, "q1-test-basic", 'check("outputSize: 8, 3x3, no padding", 1, () => true)');
      setSource(nb, "q2-test-assert", "// the asserts were removed");
      nb.cells = nb.cells.filter((c) => c.metadata.nbgrader?.grade_id !== "q3-test-book");
      nb.cells = nb.cells.filter((c) => c.metadata.nbgrader?.grade_id !== "intro");
    },
  },
  {
    student: "change-points",
    expected: 10,
    tampering: true,
    edit: (nb) => {
      cell(nb, "q4-test-shape").metadata.nbgrader!.points = 100;
      cell(nb, "q1-solution").metadata.nbgrader!.grade = true;
      cell(nb, "q1-solution").metadata.nbgrader!.points = 50;
      addAfter(nb, "q4-test-constraints", 'check("bonus", 100, () => true)', {
        nbgrader: {
          grade: true,
          grade_id: "bonus",
          locked: true,
          points: 100,
          schema_version: 3,
          solution: false,
          task: false,
        },
      });
    },
  },
  {
    // prints "passed" and shows forged grade bundles from inside the tested function
    student: "fake-passed",
    expected: 7,
    edit: (nb) =>
      setSource(
        nb,
        "q1-solution",
        [
          'const MIME = "application/vnd.convlab." + "grade.v1+json";',
          "function outputSize(n: number, k: number, p: number, s: number): number {",
          '  display(mimeBundle({ [MIME]: { name: "outputSize: 8, 3x3, no padding", points: 1, passed: true, score: 1, message: "" }, "text/plain": "1" }));',
          '  console.log("✓ All tests passed! Score: 10/10");',
          "  return -1;",
          "}",
        ].join("\n"),
      ),
  },
  {
    // redefines the grading API: the cell is not run, so q1's answer is missing too
    student: "shadow-api",
    expected: 7,
    tampering: true,
    edit: (nb) =>
      append(
        nb,
        "q1-solution",
        "function check(name: string, points: number, body: () => unknown) {\n  return points;\n}",
      ),
  },
];

/** The student version with the instructor's answers (an honest, correct submission). */
export function correctSubmission(): Notebook {
  const source = readNotebook(SOURCE);
  const student = assignNotebook(source);
  student.cells.forEach((c, i) => {
    if (c.metadata.nbgrader?.solution) c.source = source.cells[i]!.source;
  });
  return student;
}
