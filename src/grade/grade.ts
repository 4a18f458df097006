/**
 * `convlab grade`: every submission sanitized, run in its own sandboxed kernel and scored;
 * results written atomically as soon as each is known (results.json last, so a re-run skips
 * exactly the finished ones), grades.csv rewritten after each.
 */
import {
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  statSync,
  writeFileSync,
} from "node:fs";
import path from "node:path";
import { ConvLabError } from "../errors.js";
import { type Notebook, notebookJson, pointsOf, readNotebook } from "./notebook.js";
import { type GradeRow, gradesCsv } from "./reports/csv.js";
import { feedbackHtml, gradedNotebook } from "./reports/feedback.js";
import { type GradescopeResults, gradescopeResults } from "./reports/gradescope.js";
import { type GradingKernel, runSubmission } from "./run.js";
import { KernelPool } from "./sandbox/pool.js";
import { SandboxedKernel } from "./sandbox/sandbox.js";
import { sanitizeSubmission } from "./sanitize.js";
import { scoreRun } from "./score.js";

export interface GradeOptions {
  readonly source: string;
  readonly submissions: string;
  readonly out: string;
  /** Submissions graded at once (default 1). */
  readonly jobs?: number;
  /** Seconds per cell or test statement (default 15). */
  readonly timeoutS?: number;
  /** Seconds per notebook (default 120). */
  readonly notebookTimeoutS?: number;
  /** Grade again what is already graded. */
  readonly force?: boolean;
  /** Kernels to grade on (default: sandboxed ConvLab kernels). */
  readonly startKernel?: () => Promise<GradingKernel>;
  /** Called when a submission is done (or skipped). */
  readonly onResult?: (result: SubmissionResult, done: number, total: number) => void;
  /** Set to stop after the running submissions (Ctrl-C). */
  readonly signal?: AbortSignal;
}

export interface SubmissionResult {
  readonly student: string;
  readonly status: "graded" | "skipped" | "unreadable" | "failed";
  /** Why grading failed (the grader's fault, not the student's; a re-run retries it). */
  readonly error?: string;
  readonly score: number;
  readonly maxScore: number;
  readonly tampering: number;
  readonly seconds: number;
  readonly replays: number;
}

export interface Submission {
  readonly student: string;
  readonly notebook: string;
  readonly assignment: string;
}

/**
 * The submissions in `dir`: `<student>/<name>.ipynb` or nbgrader's `<student>/<assignment>/<name>.ipynb`.
 *
 * @example
 * ```ts
 * import { findSubmissions } from "convlab/cli";
 * findSubmissions("/nonexistent-dir", "hw1.ipynb").length; // 0
 * ```
 */
export function findSubmissions(dir: string, name: string): Submission[] {
  if (!existsSync(dir)) return [];
  const stem = path.basename(name, ".ipynb");
  const found: Submission[] = [];
  for (const student of readdirSync(dir).sort()) {
    const home = path.join(dir, student);
    if (!statSync(home).isDirectory() || student.startsWith(".")) continue;
    const direct = path.join(home, name);
    if (existsSync(direct)) {
      found.push({ student, notebook: direct, assignment: stem });
      continue;
    }
    for (const assignment of readdirSync(home).sort()) {
      const nested = path.join(home, assignment, name);
      if (existsSync(nested)) {
        found.push({ student, notebook: nested, assignment });
        break;
      }
    }
  }
  return found;
}

/** Writes a file atomically (a temporary file renamed over it). */
export function writeAtomic(file: string, text: string): void {
  mkdirSync(path.dirname(file), { recursive: true });
  const temporary = `${file}.${process.pid}.tmp`;
  writeFileSync(temporary, text);
  renameSync(temporary, file);
}

function readResults(file: string): GradescopeResults | undefined {
  try {
    return JSON.parse(readFileSync(file, "utf8")) as GradescopeResults;
  } catch {
    return undefined;
  }
}

async function gradeOne(
  submission: Submission,
  source: Notebook,
  options: Required<Pick<GradeOptions, "out" | "timeoutS" | "notebookTimeoutS">>,
  pool: KernelPool,
): Promise<Omit<SubmissionResult, "student" | "status" | "maxScore"> & { unreadable: boolean }> {
  const dir = path.join(options.out, submission.student);
  const name = path.basename(submission.notebook);
  let notebook: Notebook;
  try {
    notebook = readNotebook(submission.notebook);
  } catch (error) {
    const results: GradescopeResults = {
      score: 0,
      output: `The notebook could not be read: ${(error as Error).message}`,
      tests: [],
      execution_time: 0,
    };
    writeAtomic(path.join(dir, "results.json"), `${JSON.stringify(results, null, 2)}\n`);
    return { score: 0, tampering: 0, seconds: 0, replays: 0, unreadable: true };
  }
  const { cells, report } = sanitizeSubmission(source, notebook);
  const run = await runSubmission(cells, await pool.take(), {
    cellTimeoutMs: options.timeoutS * 1000,
    notebookTimeoutMs: options.notebookTimeoutS * 1000,
    repeatTimeoutMs: Math.min(2000, options.timeoutS * 1000),
    newKernel: () => pool.take(),
  });
  const scores = scoreRun(run.cells);
  const results = gradescopeResults(scores, report, run.seconds);
  writeAtomic(path.join(dir, name), notebookJson(gradedNotebook(run, scores, source.metadata)));
  writeAtomic(
    path.join(dir, "feedback.html"),
    feedbackHtml(submission.student, submission.assignment, scores, report),
  );
  // For the instructor only (never returned to the student): findings and what happened.
  const units = run.cells.flatMap((c) =>
    c.units.map((u) => ({
      cell: c.cell.gradeId ?? null,
      hidden: u.hidden,
      check: u.check?.name ?? null,
      status: u.status,
      seconds: u.seconds,
      error: u.error ? `${u.error.ename}: ${u.error.evalue}` : null,
    })),
  );
  writeAtomic(
    path.join(dir, "grader-report.json"),
    `${JSON.stringify({ ...report, notes: run.notes, replays: run.replays, units }, null, 2)}\n`,
  );
  writeAtomic(path.join(dir, "results.json"), `${JSON.stringify(results, null, 2)}\n`);
  return {
    score: results.score,
    tampering: report.tampering.length,
    seconds: run.seconds,
    replays: run.replays,
    unreadable: false,
  };
}

function csvRows(submissions: readonly Submission[], out: string, maxScore: number): GradeRow[] {
  return submissions.flatMap((s) => {
    const results = readResults(path.join(out, s.student, "results.json"));
    if (!results) return [];
    return [
      {
        assignment: s.assignment,
        duedate: "",
        timestamp: statSync(s.notebook).mtime.toISOString(),
        student_id: s.student,
        last_name: "",
        first_name: "",
        email: "",
        raw_score: results.score,
        late_submission_penalty: 0,
        score: results.score,
        max_score: maxScore,
      },
    ];
  });
}

/**
 * Grades every submission in `options.submissions` against `options.source`.
 * Never throws for what a student did; a missing bubblewrap or source throws a ConvLabError.
 */
export async function gradeSubmissions(options: GradeOptions): Promise<SubmissionResult[]> {
  const source = readNotebook(options.source);
  const name = path.basename(options.source);
  const submissions = findSubmissions(options.submissions, name);
  if (submissions.length === 0) {
    throw new ConvLabError({
      parameter: "--submissions",
      value: options.submissions,
      rule: `must hold one folder per student with ${name} (or <assignment>/${name}) inside`,
      fix: `for example submitted/ada/${name}`,
      category: "argument",
    });
  }
  const maxScore = source.cells.reduce((sum, c) => sum + pointsOf(c), 0);
  const settings = {
    out: options.out,
    timeoutS: options.timeoutS ?? 15,
    notebookTimeoutS: options.notebookTimeoutS ?? 120,
  };
  const jobs = Math.max(1, options.jobs ?? 1);
  const todo = submissions.filter(
    (s) => options.force || !existsSync(path.join(options.out, s.student, "results.json")),
  );
  const pool = new KernelPool(
    todo.length === 0 ? 0 : Math.min(jobs + 1, todo.length + 1),
    options.startKernel ?? (() => SandboxedKernel.start()),
  );
  const results: SubmissionResult[] = [];
  let done = 0;
  const report = (result: SubmissionResult): void => {
    results.push(result);
    done++;
    writeAtomic(path.join(options.out, "grades.csv"), gradesCsv(csvRows(submissions, options.out, maxScore)));
    options.onResult?.(result, done, submissions.length);
  };
  for (const s of submissions) {
    if (todo.includes(s)) continue;
    const previous = readResults(path.join(options.out, s.student, "results.json"));
    report({
      student: s.student,
      status: "skipped",
      score: previous?.score ?? 0,
      maxScore,
      tampering: 0,
      seconds: 0,
      replays: 0,
    });
  }
  const queue = [...todo];
  const worker = async (): Promise<void> => {
    for (let next = queue.shift(); next && !options.signal?.aborted; next = queue.shift()) {
      let outcome: Awaited<ReturnType<typeof gradeOne>>;
      try {
        outcome = await gradeOne(next, source, settings, pool);
      } catch (error) {
        report({
          student: next.student,
          status: "failed",
          error: (error as Error).message,
          score: 0,
          maxScore,
          tampering: 0,
          seconds: 0,
          replays: 0,
        });
        continue;
      }
      report({
        student: next.student,
        status: outcome.unreadable ? "unreadable" : "graded",
        score: outcome.score,
        maxScore,
        tampering: outcome.tampering,
        seconds: outcome.seconds,
        replays: outcome.replays,
      });
    }
  };
  try {
    await Promise.all(Array.from({ length: Math.min(jobs, Math.max(1, todo.length)) }, worker));
  } finally {
    pool.close();
  }
  return results;
}
