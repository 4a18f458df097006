/**
 * The one module through which the renderer reads a feature-map payload: schema validation
 * (Ajv standalone code compiled from schema/featuremaps.v1.schema.json), consistency and size
 * checks, and lazy decoding of the quantized arrays.
 *
 * When src/figure/validate.ts and src/figure/payload.ts (the producer side) are merged, point
 * the imports below at them; the renderer only uses what this module exports.
 */
import validateSchema from "../generated/featuremaps-validator.js";
import { checkConsistency } from "./check.js";
import { decodeQuantized } from "./decode.js";
import type { FeatureMapsPayload, Variant } from "./types.js";

export { checkConsistency, expectedOutputSize, MAX_TOTAL_BASE64 } from "./check.js";
export { decodeBase64, decodeQuantized, elementCount } from "./decode.js";
export type * from "./types.js";

/** The mime type this payload travels under. */
export const FEATUREMAPS_MIME = "application/vnd.convlab.featuremaps.v1+json";

/** A validated payload whose pixel arrays are decoded on first use. */
export class FeatureMapsFigure {
  readonly payload: FeatureMapsPayload;
  private readonly inputCache = new Map<number, Float32Array>();
  private readonly mapCache = new Map<number, Float32Array>();

  constructor(payload: FeatureMapsPayload) {
    this.payload = payload;
  }

  /** Number of output maps per variant (inputs × kernels). */
  get mapCount(): number {
    return this.payload.inputs.length * this.payload.kernels.length;
  }

  /** Pixels of input `index`, row-major [height, width]. */
  inputPixels(index: number): Float32Array {
    let pixels = this.inputCache.get(index);
    if (!pixels) {
      pixels = decodeQuantized(this.image(index).pixels);
      this.inputCache.set(index, pixels);
    }
    return pixels;
  }

  /** All output maps of variant `index`, row-major [inputs, kernels, outHeight, outWidth]. */
  variantMaps(index: number): Float32Array {
    let maps = this.mapCache.get(index);
    if (!maps) {
      maps = decodeQuantized(this.variant(index).maps);
      this.mapCache.set(index, maps);
    }
    return maps;
  }

  variant(index: number): Variant {
    const variant = this.payload.variants[index];
    if (!variant) throw new RangeError(`no variant ${index}`);
    return variant;
  }

  private image(index: number) {
    const image = this.payload.inputs[index];
    if (!image) throw new RangeError(`no input ${index}`);
    return image;
  }
}

export type ValidationResult =
  | { readonly ok: true; readonly figure: FeatureMapsFigure }
  | { readonly ok: false; readonly problems: readonly string[] };

function describeSchemaError(error: {
  instancePath: string;
  message?: string;
  params: Record<string, unknown>;
}): string {
  const where = error.instancePath === "" ? "the payload" : error.instancePath;
  const extra =
    typeof error.params.additionalProperty === "string"
      ? ` (${JSON.stringify(error.params.additionalProperty).slice(0, 80)})`
      : Array.isArray(error.params.allowedValues)
        ? ` (${error.params.allowedValues.map((v) => JSON.stringify(v)).join(", ")})`
        : "";
  return `${where} ${error.message ?? "is invalid"}${extra}`;
}

/**
 * Validates untrusted data as a feature-map payload: schema (with its size limits), then the
 * cross-field consistency checks. Never throws.
 *
 * @example
 * ```ts
 * const result = validateFeatureMaps(JSON.parse(text));
 * if (result.ok) result.figure.variantMaps(0); else console.log(result.problems.join("\n"));
 * ```
 */
export function validateFeatureMaps(data: unknown): ValidationResult {
  try {
    if (!validateSchema(data)) {
      const errors = validateSchema.errors ?? [];
      return {
        ok: false,
        problems:
          errors.length > 0 ? errors.map(describeSchemaError) : ["the payload does not match the schema"],
      };
    }
    const payload = data as FeatureMapsPayload;
    const problems = checkConsistency(payload);
    return problems.length > 0
      ? { ok: false, problems }
      : { ok: true, figure: new FeatureMapsFigure(payload) };
  } catch (error) {
    return { ok: false, problems: [`the payload could not be checked: ${String(error)}`] };
  }
}
