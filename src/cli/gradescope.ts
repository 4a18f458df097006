/** `convlab gradescope SOURCE --out autograder.zip`: a Gradescope autograder for one homework. */
import { writeFileSync } from "node:fs";
import path from "node:path";
import { autograderZip } from "../grade/gradescope/autograder.js";
import { readNotebook } from "../grade/notebook.js";

/** Writes the autograder zip; returns a one-line report. */
export function gradescopeCommand(source: string, out: string): string {
  readNotebook(source); // a clear error now rather than in Gradescope
  const zip = autograderZip(source);
  writeFileSync(out, zip);
  return `wrote ${path.resolve(out)} (${(zip.length / 1024).toFixed(0)} KiB): setup.sh, run_autograder, ${path.basename(source)}, convlab.tgz`;
}
