/** Registers the homework subcommands (assign, grade, gradescope) on the `convlab` program. */
import type { Command } from "commander";
import { assignCommand } from "./assign.js";
import { type GradeCommand, gradeCommand } from "./grade.js";
import { gradescopeCommand } from "./gradescope.js";

export function registerHomework(program: Command): void {
  program
    .command("assign")
    .description("write the student version of a homework notebook (solutions stubbed, hidden tests removed)")
    .argument("<source>", "the instructor notebook (nbgrader v3 cell metadata)")
    .requiredOption("--out <dir>", "directory for the student notebook")
    .action((source: string, options: { out: string }) => {
      process.stdout.write(`${assignCommand(source, options.out).text}\n`);
    });
  program
    .command("grade")
    .description("grade submissions in sandboxed ConvLab kernels (results.json, feedback, grades.csv)")
    .requiredOption("--source <notebook>", "the instructor notebook (with solutions and hidden tests)")
    .requiredOption(
      "--submissions <dir>",
      "one folder per student: <student>/<name>.ipynb or <student>/<assignment>/<name>.ipynb",
    )
    .requiredOption(
      "--out <dir>",
      "where results go: <out>/<student>/results.json, feedback.html, the graded notebook; <out>/grades.csv",
    )
    .option("--jobs <n>", "submissions graded in parallel", "1")
    .option("--timeout <s>", "seconds per cell or test statement", "15")
    .option("--notebook-timeout <s>", "seconds per notebook", "120")
    .option("--force", "grade again what is already graded")
    .action(async (options: GradeCommand) => {
      await gradeCommand(options);
    });
  program
    .command("gradescope")
    .description("write a Gradescope autograder (setup.sh, run_autograder) that grades with convlab grade")
    .argument("<source>", "the instructor notebook")
    .requiredOption("--out <zip>", "the autograder zip to write", "autograder.zip")
    .action((source: string, options: { out: string }) => {
      process.stdout.write(`${gradescopeCommand(source, options.out)}\n`);
    });
}
