/** The CLI's building blocks, importable as `convlab/cli` (the `convlab` binary uses them). */

export { assignNotebook, replaceRegions } from "../grade/assign.js";
export { computeChecksum, pythonFloatStr } from "../grade/checksum.js";
export { findSubmissions } from "../grade/grade.js";
export { autograderEntries } from "../grade/gradescope/autograder.js";
export { zipArchive } from "../grade/gradescope/zip.js";
export { notebookJson, parseNotebook } from "../grade/notebook.js";
export { gradesCsv } from "../grade/reports/csv.js";
export { feedbackHtml, gradedNotebook } from "../grade/reports/feedback.js";
export { gradescopeResults } from "../grade/reports/gradescope.js";
export { KernelPool } from "../grade/sandbox/pool.js";
export { sandboxCommand } from "../grade/sandbox/sandbox.js";
export { sanitizeSubmission } from "../grade/sanitize.js";
export { scoreCell } from "../grade/score.js";
export { declaredNames, identifiersIn, splitTestCell } from "../grade/split.js";
// Homework: assign and grade (the grader's building blocks).
export { assignCommand } from "./assign.js";
export { type DataFileStatus, dataCheckReport, dataDownloadReport } from "./data.js";
export { demoText } from "./demo.js";
export {
  type FeatureMapsCommand,
  featureMapsCommand,
  MAX_CLI_ZOOM,
  parseBounded,
  parseVariants,
} from "./featuremaps.js";
export { summaryTable } from "./grade.js";
export { HUB_VARIANTS, type HubOptions, hubCommand } from "./hub.js";
export {
  type InstalledLabextension,
  type InstallLabextensionOptions,
  installLabextension,
  LABEXTENSION_NAME,
  labextensionInstallDir,
} from "./install-labextension.js";
export { FIRST_LECTURE, type LabOptions, labCommand, PROJECT_ROOT } from "./lab.js";
export { parseList, parsePadding, parsePair } from "./parse.js";
export { type ShapeCommand, type ShapeReport, shapeReport } from "./shape.js";
