/**
 * The one module through which the renderer reads a feature-map payload. Types, validation,
 * decoding and the MIME type are the producer's own, imported by name from `convlab/payload`
 * (the core's browser-safe wire-format module): one definition on both sides of the wire.
 * Arrays are decoded lazily, on first use.
 */
import {
  decodeBase64,
  dequantize,
  FEATUREMAPS_MIME_TYPE,
  type FeatureMapPayload,
  type PayloadVariant,
  type QuantizedArray,
  validateFeatureMapPayload,
} from "convlab/payload";

export type * from "./types.js";
export { decodeBase64, FEATUREMAPS_MIME_TYPE };

/** Decodes a quantized array to numbers (value = offset + scale · q). */
export function decodeQuantized(array: QuantizedArray): Float32Array {
  return dequantize(array);
}

/** A validated payload whose pixel arrays are decoded on first use. */
export class DecodedFeatureMaps {
  readonly payload: FeatureMapPayload;
  private readonly inputCache = new Map<number, Float32Array>();
  private readonly mapCache = new Map<number, Float32Array>();

  constructor(payload: FeatureMapPayload) {
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

  variant(index: number): PayloadVariant {
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
  | { readonly ok: true; readonly figure: DecodedFeatureMaps }
  | { readonly ok: false; readonly problems: readonly string[] };

/**
 * Validates untrusted data as a feature-map payload with ConvLab's validator (schema with its
 * size limits, then the rules a schema cannot express). Never throws.
 *
 * @example
 * ```ts
 * const result = validateFeatureMaps(JSON.parse(text));
 * if (result.ok) result.figure.variantMaps(0); else console.log(result.problems.join("\n"));
 * ```
 */
export function validateFeatureMaps(data: unknown): ValidationResult {
  try {
    const verdict = validateFeatureMapPayload(data);
    if (verdict.valid) return { ok: true, figure: new DecodedFeatureMaps(verdict.payload) };
    return { ok: false, problems: verdict.issues.map((issue) => `${issue.path} ${issue.message}`) };
  } catch (error) {
    return { ok: false, problems: [`the payload could not be checked: ${String(error)}`] };
  }
}
