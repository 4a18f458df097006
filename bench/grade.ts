/**
 * `npm run bench:grade`: grades the same generated submissions of homework 1 (correct, partial,
 * wrong and adversarial) with `convlab grade` and with nbgrader's autograde (PyPI, in .venv,
 * the shipped config) in one run, and reports submissions per minute for both.
 * Targets: convlab ≥ 60 per minute on this 2-core machine and ≥ 3× nbgrader's rate.
 *
 *   npm run bench:grade [-- --count 100 --jobs 2]
 */
import { spawnSync } from "node:child_process";
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { gradeSubmissions } from "../src/grade/grade.js";
import { notebookJson } from "../src/grade/notebook.js";
import { CASES, correctSubmission, SOURCE } from "../test/grade/adversarial.js";

function option(name: string, fallback: number): number {
  const at = process.argv.indexOf(`--${name}`);
  return at >= 0 ? Number(process.argv[at + 1]) : fallback;
}
const count = option("count", 100);
const jobs = option("jobs", 2);
const root = process.cwd();
const name = path.basename(SOURCE);
const work = mkdtempSync(path.join(os.tmpdir(), "convlab-bench-grade-"));

// The mix: 40% correct, 30% partial, 20% wrong or empty, 10% adversarial.
const kinds = [
  "honest-full",
  "honest-partial",
  "edit-tests",
  "honest-stub",
  "console-warn",
  "patch-assert",
  "fake-passed",
  "async-busy-loop",
  "process-exit",
  "sync-infinite-loop",
];
const weights = [4, 3, 1, 1, 0.2, 0.2, 0.2, 0.15, 0.15, 0.1];
const pool = kinds.flatMap((k, i) => Array.from({ length: Math.round(weights[i]! * 10) }, () => k));
const submitted = path.join(work, "course", "submitted");
for (let i = 0; i < count; i++) {
  const kind = pool[(i * 7) % pool.length]!;
  const nb = correctSubmission();
  CASES.find((c) => c.student === kind)!.edit(nb);
  const dir = path.join(submitted, `s${String(i).padStart(3, "0")}-${kind}`, "hw");
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, name), notebookJson(nb));
}

process.stdout.write(`grading ${count} submissions of ${name} (${jobs} jobs for convlab)\n`);
let started = Date.now();
const ours = await gradeSubmissions({
  source: SOURCE,
  submissions: submitted,
  out: path.join(work, "convlab-out"),
  jobs,
  timeoutS: 10,
});
const oursMinutes = (Date.now() - started) / 60_000;
const oursRate = ours.length / oursMinutes;
process.stdout.write(
  `convlab grade: ${ours.length} in ${(oursMinutes * 60).toFixed(1)} s = ${oursRate.toFixed(1)} submissions per minute\n`,
);

const course = path.join(work, "course");
mkdirSync(path.join(course, "source", "hw"), { recursive: true });
copyFileSync(
  path.join(root, "notebooks/homework/nbgrader_config.py"),
  path.join(course, "nbgrader_config.py"),
);
copyFileSync(SOURCE, path.join(course, "source", "hw", name));
const venv = path.join(root, ".venv", "bin");
const env = {
  ...process.env,
  PATH: `${venv}:${process.env.PATH}`,
  JUPYTER_PATH: path.join(root, ".venv", "share", "jupyter"),
};
const nbgrader = (...args: string[]) =>
  spawnSync(path.join(venv, "nbgrader"), args, { cwd: course, env, encoding: "utf8" });
nbgrader("generate_assignment", "hw", "--force");
started = Date.now();
const run = nbgrader("autograde", "hw", "--force");
const theirMinutes = (Date.now() - started) / 60_000;
const theirRate = count / theirMinutes;
if (run.status !== 0)
  process.stdout.write(`nbgrader autograde exited with ${run.status}\n${run.stderr.slice(-2000)}\n`);
process.stdout.write(
  `nbgrader autograde: ${count} in ${(theirMinutes * 60).toFixed(1)} s = ${theirRate.toFixed(1)} submissions per minute\n`,
);

const ratio = oursRate / theirRate;
process.stdout.write(
  `\nconvlab grade ${oursRate.toFixed(1)}/min (target ≥ 60: ${oursRate >= 60 ? "met" : "NOT met"}), ` +
    `${ratio.toFixed(2)}× nbgrader (target ≥ 3×: ${ratio >= 3 ? "met" : "NOT met"})\n`,
);
rmSync(work, { recursive: true, force: true });
