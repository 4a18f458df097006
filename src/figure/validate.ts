/**
 * The one validator of the feature-map payload, used by the producer (before it displays a figure)
 * and by the JupyterLab renderer (before it draws one). Two layers:
 *
 * 1. the JSON Schema (schema/featuremaps.v1.schema.json), compiled ahead of time into
 *    ./generated/featuremaps-schema.ts by Ajv's standalone mode (no `new Function` or `eval`:
 *    safe under a strict Content-Security-Policy; `npm run generate:validator` rebuilds it);
 * 2. the rules a schema cannot express: decoded array sizes, map shapes, the shape arithmetic
 *    (recomputed with src/conv/shape.ts), ranges, unique ids and a total size limit.
 *
 * Browser-safe: no Node imports (test/unit/figure/validate.test.ts checks the import graph).
 */
import { convAxis } from "../conv/shape.js";
import { ConvLabError } from "../errors.js";
import schemaValidator from "./generated/featuremaps-schema.js";
import {
  base64DecodedLength,
  type FeatureMapPayload,
  type PayloadAxis,
  type QuantizedArray,
  quantizedBytes,
} from "./payload.js";

/** The largest magnitude of a map value or colour-scale end a figure can draw. */
export const MAX_PAYLOAD_VALUE = 1e30;

/** The largest payload accepted: 32 MiB of decoded pixel data. */
export const MAX_PAYLOAD_DATA_BYTES = 32 * 1024 * 1024;

/** One problem found in a payload: where (a JSON pointer) and what. */
export interface PayloadIssue {
  readonly path: string;
  readonly message: string;
}

/** The verdict of {@link validateFeatureMapPayload}. */
export type PayloadValidation =
  | { readonly valid: true; readonly payload: FeatureMapPayload }
  | { readonly valid: false; readonly issues: readonly PayloadIssue[]; readonly message: string };

interface SchemaError {
  instancePath: string;
  message?: string;
  keyword: string;
  params: Record<string, unknown>;
}

const validateSchema = schemaValidator as unknown as ((data: unknown) => boolean) & {
  errors?: SchemaError[] | null;
};

function schemaIssue(error: SchemaError): PayloadIssue {
  let message = error.message ?? error.keyword;
  if (error.keyword === "additionalProperties")
    message = `unknown property '${String(error.params.additionalProperty)}'`;
  if (error.keyword === "enum")
    message += ` (${(error.params.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(", ")})`;
  return { path: error.instancePath || "/", message };
}

function product(shape: readonly number[]): number {
  return shape.reduce((a, b) => a * b, 1);
}

/** Semantic checks; assumes the payload passed the schema. */
function semanticIssues(payload: FeatureMapPayload, maxBytes: number): PayloadIssue[] {
  const issues: PayloadIssue[] = [];
  const add = (path: string, message: string) => issues.push({ path, message });
  let totalBytes = 0;

  const checkArray = (path: string, array: QuantizedArray, shape: readonly number[]): void => {
    if (array.shape.length !== shape.length || array.shape.some((s, i) => s !== shape[i])) {
      add(`${path}/shape`, `must be [${shape.join(", ")}], got [${array.shape.join(", ")}]`);
      return;
    }
    const expected = (product(array.shape) * array.bits) / 8;
    totalBytes += expected;
    const encoded = base64DecodedLength(array.base64);
    // A compressed array is inflated (bounded by the shape's size) to check its length.
    const decoded =
      encoded === undefined || array.compression === undefined || encoded > expected + 1024
        ? encoded
        : quantizedBytes(array).length;
    if (decoded === undefined) {
      add(`${path}/base64`, `length ${array.base64.length} is not a multiple of 4 (truncated base64)`);
    } else if (decoded !== expected) {
      add(
        `${path}/base64`,
        `decodes to ${decoded} bytes, but shape [${array.shape.join(", ")}] at ${array.bits} bits needs ${expected}`,
      );
    }
    if (!(array.scale >= 0)) add(`${path}/scale`, `must be ≥ 0, got ${array.scale}`);
  };

  const first = payload.inputs[0]!;
  payload.inputs.forEach((image, i) => {
    const path = `/inputs/${i}`;
    if (image.height !== first.height || image.width !== first.width) {
      add(
        path,
        `is ${image.height}x${image.width}, but /inputs/0 is ${first.height}x${first.width}: all inputs must have one size`,
      );
    }
    checkArray(`${path}/pixels`, image.pixels, [image.height, image.width]);
  });

  const kernel = payload.kernels[0]!;
  payload.kernels.forEach((k, i) => {
    const path = `/kernels/${i}`;
    if (k.values.length !== k.height * k.width) {
      add(
        `${path}/values`,
        `has ${k.values.length} values, but a ${k.height}x${k.width} kernel needs ${k.height * k.width}`,
      );
    }
    if (k.height !== kernel.height || k.width !== kernel.width) {
      add(
        path,
        `is ${k.height}x${k.width}, but /kernels/0 is ${kernel.height}x${kernel.width}: all kernels must have one size`,
      );
    }
  });

  const ids = new Set<string>();
  payload.variants.forEach((variant, v) => {
    const path = `/variants/${v}`;
    if (ids.has(variant.id))
      add(`${path}/id`, `'${variant.id}' is used by an earlier variant; ids must be unique`);
    ids.add(variant.id);
    const axes: [string, PayloadAxis, number, number, number, number, number, number][] = [
      [
        "height",
        variant.height,
        first.height,
        kernel.height,
        variant.padding.top,
        variant.padding.bottom,
        variant.stride[0],
        variant.dilation[0],
      ],
      [
        "width",
        variant.width,
        first.width,
        kernel.width,
        variant.padding.left,
        variant.padding.right,
        variant.stride[1],
        variant.dilation[1],
      ],
    ];
    for (const [axis, given, input, k, before, after, stride, dilation] of axes) {
      const expected = { input, kernel: k, padBefore: before, padAfter: after, stride, dilation };
      for (const [key, value] of Object.entries(expected)) {
        const actual = given[key as keyof PayloadAxis];
        if (actual !== value)
          add(`${path}/${axis}/${key}`, `is ${String(actual)}, but the figure says ${value}`);
      }
      if (dilation * (k - 1) + 1 > input + before + after) {
        add(
          `${path}/${axis}`,
          `the ${k}-tap kernel (dilation ${dilation}) does not fit in the padded input ${input + before + after}`,
        );
        continue;
      }
      const largest = Math.max(before, after);
      if (variant.paddingMode === "reflect" && largest >= input) {
        add(`${path}/padding`, `reflect padding ${largest} must be less than the ${axis} ${input}`);
      }
      if (variant.paddingMode === "circular" && largest > input) {
        add(`${path}/padding`, `circular padding ${largest} must be at most the ${axis} ${input}`);
      }
      const arithmetic = convAxis(axis as "height" | "width", expected);
      // The numbers must add up; `formula` and `worked` are display text (their wording may change
      // between ConvLab versions, and notebooks saved earlier must still render).
      if (given.output !== arithmetic.output) {
        add(
          `${path}/${axis}/output`,
          `is ${given.output}, but the shape arithmetic gives ${arithmetic.output}`,
        );
      }
    }
    checkArray(`${path}/maps`, variant.maps, [
      payload.inputs.length,
      payload.kernels.length,
      variant.height.output,
      variant.width.output,
    ]);
    if (!(variant.range.min <= variant.range.max))
      add(`${path}/range`, `min ${variant.range.min} is above max ${variant.range.max}`);
  });

  const scale = payload.colorScale;
  if (!(scale.min <= scale.max)) add("/colorScale", `min ${scale.min} is above max ${scale.max}`);
  // A scale or value beyond ±MAX_PAYLOAD_VALUE would overflow the renderer's arithmetic
  // (max − min = Infinity) and draw a blank map: refuse it with the reason instead.
  const bounded: [string, number][] = [
    ["/colorScale/min", scale.min],
    ["/colorScale/max", scale.max],
    ...payload.variants.flatMap((v, i): [string, number][] => [
      [`/variants/${i}/range/min`, v.range.min],
      [`/variants/${i}/range/max`, v.range.max],
      [`/variants/${i}/maps/offset`, v.maps.offset],
      [`/variants/${i}/maps/scale`, v.maps.scale * (2 ** v.maps.bits - 1)],
    ]),
  ];
  for (const [path, value] of bounded) {
    if (!(Math.abs(value) <= MAX_PAYLOAD_VALUE)) {
      add(
        path,
        `${value} is beyond ±${MAX_PAYLOAD_VALUE}, the largest value a figure can draw; rescale the maps`,
      );
    }
  }
  if (scale.zeroCentered && scale.min !== -scale.max)
    add("/colorScale", `is zero-centred, so min must be −max, got [${scale.min}, ${scale.max}]`);
  if (totalBytes > maxBytes) {
    add("/", `holds ${totalBytes} bytes of pixel data, more than the limit of ${maxBytes}`);
  }
  return issues;
}

/**
 * Checks a value against the feature-map payload schema and the rules the schema cannot express.
 * Never throws: hostile input gives `{ valid: false, issues, message }` with a readable message.
 *
 * @example
 * ```ts
 * import { validateFeatureMapPayload } from "convlab";
 * const verdict = validateFeatureMapPayload({ version: 2 });
 * verdict.valid; // false
 * ```
 */
export function validateFeatureMapPayload(
  value: unknown,
  options: { maxDataBytes?: number } = {},
): PayloadValidation {
  let issues: PayloadIssue[];
  if (!validateSchema(value)) {
    issues = (validateSchema.errors ?? []).map(schemaIssue);
  } else {
    issues = semanticIssues(value as FeatureMapPayload, options.maxDataBytes ?? MAX_PAYLOAD_DATA_BYTES);
  }
  if (issues.length === 0) return { valid: true, payload: value as FeatureMapPayload };
  const shown = issues.slice(0, 8).map((issue) => `${issue.path}: ${issue.message}`);
  if (issues.length > shown.length) shown.push(`… and ${issues.length - shown.length} more`);
  return {
    valid: false,
    issues,
    message: `invalid feature-map payload (${issues.length} problem${issues.length === 1 ? "" : "s"}): ${shown.join("; ")}`,
  };
}

/**
 * The payload, typed, if it is valid; otherwise throws a {@link ConvLabError} (category `"data"`)
 * listing the problems.
 *
 * @example
 * ```ts
 * import { assertFeatureMapPayload, ConvLabError } from "convlab";
 * let error: unknown;
 * try { assertFeatureMapPayload({ version: 1 }); } catch (e) { error = e; }
 * error instanceof ConvLabError; // true
 * ```
 */
export function assertFeatureMapPayload(
  value: unknown,
  options: { maxDataBytes?: number } = {},
): FeatureMapPayload {
  const verdict = validateFeatureMapPayload(value, options);
  if (verdict.valid) return verdict.payload;
  throw new ConvLabError({
    parameter: "payload",
    value: "(feature-map payload)",
    rule: verdict.message,
    fix: "produce the payload with convlab's featureMaps(...) or follow schema/featuremaps.v1.schema.json",
    category: "data",
  });
}
