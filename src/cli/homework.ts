/** Registers the homework subcommands (assign, grade, gradescope) on the `convlab` program. */
import type { Command } from "commander";
import { assignCommand } from "./assign.js";

export function registerHomework(program: Command): void {
  program
    .command("assign")
    .description("write the student version of a homework notebook (solutions stubbed, hidden tests removed)")
    .argument("<source>", "the instructor notebook (nbgrader v3 cell metadata)")
    .requiredOption("--out <dir>", "directory for the student notebook")
    .action((source: string, options: { out: string }) => {
      process.stdout.write(`${assignCommand(source, options.out).text}\n`);
    });
}
