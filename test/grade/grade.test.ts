/**
 * `convlab grade` end to end (the real CLI, real bubblewrap sandboxes, real ConvLab kernels over
 * ZeroMQ): the adversarial set and honest submissions side by side, each scored as its honest
 * answers deserve, contained, and nothing hidden in what students get back.
 */
import { execFile } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { beforeAll, describe, expect, it } from "vitest";
import { notebookJson, readNotebook } from "../../src/grade/notebook.js";
import { splitTestCell } from "../../src/grade/split.js";
import { CASES, correctSubmission, SOURCE } from "./adversarial.js";

const root = process.cwd();
const work = mkdtempSync(path.join(os.tmpdir(), "convlab-grade-test-"));
const submissions = path.join(work, "submitted");
const out = path.join(work, "graded");
const name = path.basename(SOURCE);
let firstRun = "";

async function grade(...extra: string[]): Promise<string> {
  const args = [
    "bin/convlab.js",
    "grade",
    "--source",
    SOURCE,
    "--submissions",
    submissions,
    "--out",
    out,
    "--jobs",
    "2",
    "--timeout",
    "6",
    ...extra,
  ];
  const { stdout } = await promisify(execFile)("node", args, { encoding: "utf8", timeout: 400_000 });
  return stdout;
}

beforeAll(async () => {
  CASES.forEach((c, i) => {
    const nb = correctSubmission();
    c.edit(nb);
    // half in nbgrader's layout <student>/<assignment>/<name>
    const dir = i % 2 === 0 ? path.join(submissions, c.student) : path.join(submissions, c.student, "hw1");
    mkdirSync(dir, { recursive: true });
    writeFileSync(path.join(dir, name), notebookJson(nb));
  });
  firstRun = await grade();
}, 420_000);

const results = (student: string) =>
  JSON.parse(readFileSync(path.join(out, student, "results.json"), "utf8")) as {
    score: number;
    output: string;
    tests: { name: string; score: number; max_score: number; visibility: string; output: string }[];
  };
const report = (student: string) =>
  JSON.parse(readFileSync(path.join(out, student, "grader-report.json"), "utf8")) as {
    tampering: string[];
    expected: string[];
    replays: number;
  };
const graded = (student: string) => readFileSync(path.join(out, student, name), "utf8");

describe("convlab grade on the adversarial set", () => {
  for (const c of CASES) {
    it(`${c.student} scores ${c.expected} of 10`, () => {
      expect(results(c.student).score).toBe(c.expected);
      if (c.tampering) expect(report(c.student).tampering.length).toBeGreaterThan(0);
    });
  }

  it("honest submissions report no tampering, only the expected hidden-test restorations", () => {
    for (const student of ["honest-full", "honest-partial", "console-warn"]) {
      expect(report(student).tampering).toEqual([]);
      expect(report(student).expected.join("\n")).toMatch(/q1-test-hidden: hidden tests restored/);
    }
  });

  it("reports each tampering once, not drowned in checksum warnings", () => {
    const found = report("edit-tests").tampering.join("\n");
    expect(found).toMatch(/q1-test-basic: the test cell's source was edited/);
    expect(found).toMatch(/q2-test-assert: the test cell's source was edited/);
    expect(found).toMatch(/q3-test-book: the test cell was deleted/);
    expect(found).toMatch(/intro: the locked cell was deleted/);
    const points = report("change-points").tampering.join("\n");
    expect(points).toMatch(/q4-test-shape: metadata points changed from 1 to 100/);
    expect(points).toMatch(/bonus: an added cell claims to be graded/);
    expect(report("shadow-api").tampering.join("\n")).toMatch(/redefines the grading API \(check\)/);
  });

  it("contains network, file system, processes and memory", () => {
    expect(graded("network")).toContain("network blocked");
    expect(graded("read-source")).not.toContain("Math.floor((n - k + p + s) / s)"); // the source's q1 answer
    expect(graded("read-source")).toMatch(/ENOENT|no such file/);
    for (const file of [path.join(root, "PWNED"), "/usr/PWNED", "/PWNED"])
      expect(existsSync(file)).toBe(false);
    expect(graded("write-outside")).toContain("/home/student/ok.txt: written");
    for (const file of [`${root}/PWNED`, "/usr/PWNED", "/PWNED"]) {
      expect(graded("write-outside")).toMatch(new RegExp(`${file}: (EROFS|EACCES|ENOENT)`));
    }
    expect(report("kill-kernel").replays).toBeGreaterThan(0);
    expect(report("async-busy-loop").replays).toBeGreaterThan(0);
  });

  it("writes Gradescope results: one test per grade cell by grade_id, hidden ones after publishing", () => {
    const tests = results("honest-full").tests;
    const testIds = readNotebook(SOURCE)
      .cells.filter((c) => c.metadata.nbgrader?.grade && !c.metadata.nbgrader.solution)
      .map((c) => c.metadata.nbgrader!.grade_id);
    expect(tests.map((t) => t.name)).toEqual(testIds);
    expect(tests.find((t) => t.name === "q1-test-hidden")?.visibility).toBe("after_published");
    expect(tests.find((t) => t.name === "q1-test-basic")?.visibility).toBe("visible");
  });

  it("never shows hidden test source or messages to students", () => {
    const hidden = readNotebook(SOURCE)
      .cells.flatMap((c) => (c.metadata.nbgrader?.grade ? splitTestCell(c.source) : []))
      .filter((u) => u.hidden)
      .flatMap((u) => [u.code, u.check?.name ?? ""])
      .filter(Boolean);
    expect(hidden.length).toBeGreaterThan(1);
    for (const c of CASES) {
      const visibleTests = results(c.student).tests.filter((t) => t.visibility === "visible");
      const seen = [
        graded(c.student),
        readFileSync(path.join(out, c.student, "feedback.html"), "utf8"),
        JSON.stringify(visibleTests),
      ];
      for (const text of seen) for (const h of hidden) expect(text).not.toContain(h);
    }
  });

  it("writes grades.csv with nbgrader's export columns", () => {
    const lines = readFileSync(path.join(out, "grades.csv"), "utf8").trim().split("\n");
    expect(lines[0]).toBe(
      "assignment,duedate,timestamp,student_id,last_name,first_name,email,raw_score,late_submission_penalty,score,max_score",
    );
    expect(lines).toHaveLength(CASES.length + 1);
    expect(lines.find((l) => l.includes(",honest-full,"))).toMatch(/,10,0,10,10$/);
    expect(firstRun).toMatch(/honest-full\s+graded\s+10 \/ 10/);
  });

  it("skips what is graded on a re-run", async () => {
    expect(await grade()).toMatch(new RegExp(`graded 0, skipped ${CASES.length}`));
  });
});
