/** The CLI's building blocks, importable as `convlab/cli` (the `convlab` binary uses them). */
export { type DataFileStatus, dataCheckReport, dataDownloadReport } from "./data.js";
export { demoText } from "./demo.js";
export {
  type FeatureMapsCommand,
  featureMapsCommand,
  MAX_CLI_ZOOM,
  parseBounded,
  parseVariants,
} from "./featuremaps.js";
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
