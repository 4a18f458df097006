/** The feature-map JSON Schema compiled independently of src/ (Ajv at test time), for cross-checks. */
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import Ajv2020 from "ajv/dist/2020.js";

const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
const schema = JSON.parse(readFileSync(join(root, "schema", "featuremaps.v1.schema.json"), "utf8")) as object;
const ajv = new Ajv2020.default({ allErrors: true, strict: true });
const compiled = ajv.compile(schema);

/** Ajv's error text for `value`, or "" when it matches the schema. */
export function schemaErrors(value: unknown): string {
  return compiled(value) ? "" : ajv.errorsText(compiled.errors);
}
