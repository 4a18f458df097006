/** `convlab grade`: grades a folder of submissions with a progress bar and a summary table. */
import cliProgress from "cli-progress";
import { ConvLabError } from "../errors.js";
import { gradeSubmissions, type SubmissionResult } from "../grade/grade.js";
import { sandboxAvailable } from "../grade/sandbox/sandbox.js";

export interface GradeCommand {
  source: string;
  submissions: string;
  out: string;
  jobs?: string;
  timeout?: string;
  notebookTimeout?: string;
  force?: boolean;
}

function positive(parameter: string, value: string | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0) {
    throw new ConvLabError({
      parameter,
      value,
      rule: "must be a positive number",
      fix: `for example ${parameter} ${fallback}`,
      category: "argument",
    });
  }
  return n;
}

/**
 * The summary table printed after grading.
 *
 * @example
 * ```ts
 * import { summaryTable } from "convlab/cli";
 * summaryTable([{ student: "ada", status: "graded", score: 9, maxScore: 10, tampering: 0, seconds: 4.2, replays: 0 }]).split("\n")[2]; // "ada      graded  9 / 10          0        0      4.2"
 * ```
 */
export function summaryTable(results: readonly SubmissionResult[]): string {
  const rows = [...results]
    .sort((a, b) => a.student.localeCompare(b.student))
    .map((r) => [
      r.student,
      r.status,
      `${r.score} / ${r.maxScore}`,
      String(r.tampering),
      String(r.replays),
      r.seconds.toFixed(1),
    ]);
  const header = ["student", "status", "score", "tampering", "replays", "seconds"];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]): string =>
    cells
      .map((c, i) => (i >= 2 ? c.padStart(widths[i]!) : c.padEnd(widths[i]!)))
      .join("  ")
      .trimEnd();
  return [line(header), widths.map((w) => "-".repeat(w)).join("  "), ...rows.map(line)].join("\n");
}

/** Runs `convlab grade` (progress on stderr, summary on stdout); returns the results. */
export async function gradeCommand(options: GradeCommand): Promise<SubmissionResult[]> {
  const available = sandboxAvailable();
  if (!available.ok) {
    throw new ConvLabError({
      parameter: "sandbox",
      value: "bwrap",
      rule: `bubblewrap must work here: ${available.reason}`,
      fix: "run scripts/setup.sh, which installs bubblewrap",
      category: "argument",
    });
  }
  const controller = new AbortController();
  const stop = (): void => {
    if (controller.signal.aborted) process.exit(130);
    controller.abort();
    process.stderr.write(
      "\nconvlab grade: stopping after the running submissions (Ctrl-C again to stop now; finished results are kept)\n",
    );
  };
  process.on("SIGINT", stop);
  const bar = new cliProgress.SingleBar(
    { format: "grading |{bar}| {value}/{total} {student}", stream: process.stderr, hideCursor: true },
    cliProgress.Presets.shades_classic,
  );
  let started = false;
  const startedAt = Date.now();
  try {
    const results = await gradeSubmissions({
      source: options.source,
      submissions: options.submissions,
      out: options.out,
      jobs: positive("--jobs", options.jobs, 1),
      timeoutS: positive("--timeout", options.timeout, 15),
      notebookTimeoutS: positive("--notebook-timeout", options.notebookTimeout, 120),
      force: options.force === true,
      signal: controller.signal,
      onResult: (result, done, total) => {
        if (!started) {
          bar.start(total, 0, { student: "" });
          started = true;
        }
        bar.update(done, { student: result.student });
      },
    });
    if (started) bar.stop();
    const minutes = (Date.now() - startedAt) / 60_000;
    const graded = results.filter((r) => r.status !== "skipped").length;
    process.stdout.write(`${summaryTable(results)}\n`);
    for (const failed of results.filter((r) => r.status === "failed")) {
      process.stderr.write(
        `convlab grade: ${failed.student} was not graded (run again to retry): ${failed.error}\n`,
      );
      process.exitCode = 1;
    }
    process.stdout.write(
      `graded ${graded}, skipped ${results.length - graded} (already graded; --force to redo) in ${(minutes * 60).toFixed(1)} s` +
        (graded > 0 ? ` (${(graded / minutes).toFixed(1)} submissions per minute)` : "") +
        `; results in ${options.out}\n`,
    );
    return results;
  } finally {
    process.off("SIGINT", stop);
  }
}
