/**
 * The feature-map payload (`application/vnd.convlab.featuremaps.v1+json`): its TypeScript types,
 * which mirror schema/featuremaps.v1.schema.json, and the codec of its quantized arrays.
 *
 * Browser-safe: no Node imports, so the JupyterLab renderer imports this module as it is.
 */

import { deflateSync, inflateSync } from "fflate";

/** The mime type of the payload (defined in src/payload/mime.ts). */
export { FEATUREMAPS_MIME_TYPE } from "../payload/mime.js";

/**
 * A row-major array stored as little-endian unsigned integers (8 or 16 bits) in base64;
 * element value = `offset + scale · q`. With `compression: "deflate-raw"` the base64 holds those
 * integers compressed (raw DEFLATE, RFC 1951): about half the bytes for feature maps.
 */
export interface QuantizedArray {
  readonly shape: readonly number[];
  readonly bits: 8 | 16;
  readonly scale: number;
  readonly offset: number;
  readonly base64: string;
  readonly compression?: "deflate-raw";
}

/** One input image (one channel). `pixels` has shape `[height, width]`. */
export interface PayloadImage {
  /** What the image shows, e.g. the Fashion-MNIST class name. */
  readonly label: string;
  readonly classIndex?: number;
  readonly datasetIndex?: number;
  readonly split?: "train" | "test" | "synthetic";
  readonly height: number;
  readonly width: number;
  readonly pixels: QuantizedArray;
}

/** One kernel, values row-major. */
export interface PayloadKernel {
  readonly name: string;
  readonly description?: string;
  readonly height: number;
  readonly width: number;
  readonly values: readonly number[];
}

/** The shape arithmetic of one axis, as `src/conv/shape.ts` computed it. */
export interface PayloadAxis {
  readonly input: number;
  readonly kernel: number;
  readonly dilation: number;
  readonly padBefore: number;
  readonly padAfter: number;
  readonly stride: number;
  readonly output: number;
  readonly formula: string;
  readonly worked: string;
}

/** One padding/stride/dilation setting and every output map it gives. */
export interface PayloadVariant {
  readonly id: string;
  readonly title: string;
  readonly padding: {
    readonly top: number;
    readonly bottom: number;
    readonly left: number;
    readonly right: number;
  };
  readonly stride: readonly [number, number];
  readonly dilation: readonly [number, number];
  readonly paddingMode: "zeros" | "reflect" | "replicate" | "circular";
  readonly height: PayloadAxis;
  readonly width: PayloadAxis;
  /** Shape `[inputs, kernels, outHeight, outWidth]`. */
  readonly maps: QuantizedArray;
  readonly range: { readonly min: number; readonly max: number };
}

/** The whole payload. */
export interface FeatureMapPayload {
  readonly version: 1;
  readonly title: string;
  readonly inputs: readonly PayloadImage[];
  readonly kernels: readonly PayloadKernel[];
  readonly variants: readonly PayloadVariant[];
  /** The colour scale shared by all output maps; `min = −max` when zero-centred. */
  readonly colorScale: { readonly min: number; readonly max: number; readonly zeroCentered: boolean };
}

const CHUNK = 0x8000;

/**
 * Base64 of bytes (standard alphabet, with padding), using the platform's `btoa`.
 *
 * @example
 * ```ts
 * import { encodeBase64 } from "convlab";
 * encodeBase64(new Uint8Array([0, 1, 255])); // "AAH/"
 * ```
 */
export function encodeBase64(bytes: Uint8Array): string {
  // Node's Buffer when there is one (about 10× faster); the browser path below otherwise.
  const NodeBuffer = (
    globalThis as {
      Buffer?: { from(b: ArrayBuffer, o: number, l: number): { toString(e: "base64"): string } };
    }
  ).Buffer;
  if (NodeBuffer !== undefined)
    return NodeBuffer.from(bytes.buffer as ArrayBuffer, bytes.byteOffset, bytes.byteLength).toString(
      "base64",
    );
  let binary = "";
  for (let i = 0; i < bytes.length; i += CHUNK) {
    binary += String.fromCharCode(...bytes.subarray(i, i + CHUNK));
  }
  return btoa(binary);
}

/**
 * Bytes of a base64 string, using the platform's `atob`.
 *
 * @example
 * ```ts
 * import { decodeBase64 } from "convlab";
 * Array.from(decodeBase64("AAH/")); // [0, 1, 255]
 * ```
 */
export function decodeBase64(text: string): Uint8Array {
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

/**
 * How many bytes a base64 string decodes to, without decoding it (undefined if its length is not
 * a multiple of 4).
 *
 * @example
 * ```ts
 * import { base64DecodedLength } from "convlab";
 * base64DecodedLength("AAH/"); // 3
 * base64DecodedLength("AA=="); // 1
 * ```
 */
export function base64DecodedLength(text: string): number | undefined {
  if (text.length % 4 !== 0) return undefined;
  const padding = text.endsWith("==") ? 2 : text.endsWith("=") ? 1 : 0;
  return (text.length / 4) * 3 - padding;
}

/**
 * Quantizes `values` (row-major, of shape `shape`) linearly onto `bits`-bit integers spanning
 * `[min, max]` (default: the values' own range); the error is at most half a step, `scale / 2`.
 *
 * @example
 * ```ts
 * import { quantize, dequantize } from "convlab";
 * const q = quantize([0, 0.5, 1], [3], { bits: 8, min: 0, max: 1 });
 * [q.scale, q.offset, q.base64]; // [0.00392156862745098, 0, "AID/"]
 * Array.from(dequantize(q)).map((v) => Math.round(v * 1000) / 1000); // [0, 0.502, 1]
 * ```
 */
export function quantize(
  values: ArrayLike<number>,
  shape: readonly number[],
  options: {
    bits?: 8 | 16;
    min?: number;
    max?: number;
    compress?: boolean;
    /** Raw DEFLATE (RFC 1951) to compress with instead of fflate's (e.g. Node's zlib, about twice as fast). */
    deflateRaw?: (bytes: Uint8Array) => Uint8Array;
  } = {},
): QuantizedArray {
  const bits = options.bits ?? 8;
  let min = options.min ?? Number.POSITIVE_INFINITY;
  let max = options.max ?? Number.NEGATIVE_INFINITY;
  if (options.min === undefined || options.max === undefined) {
    for (let i = 0; i < values.length; i++) {
      const v = values[i]!;
      if (options.min === undefined && v < min) min = v;
      if (options.max === undefined && v > max) max = v;
    }
  }
  if (!(min <= max)) [min, max] = [0, 0];
  const levels = bits === 8 ? 255 : 65535;
  const scale = (max - min) / levels;
  const bytes = new Uint8Array(values.length * (bits / 8));
  const view = new DataView(bytes.buffer);
  for (let i = 0; i < values.length; i++) {
    const q = scale === 0 ? 0 : Math.min(levels, Math.max(0, Math.round((values[i]! - min) / scale)));
    if (bits === 8) bytes[i] = q;
    else view.setUint16(2 * i, q, true);
  }
  if (options.compress === true) {
    const packed =
      options.deflateRaw === undefined ? deflateSync(bytes, { level: 6 }) : options.deflateRaw(bytes);
    return {
      shape: [...shape],
      bits,
      scale,
      offset: min,
      base64: encodeBase64(packed),
      compression: "deflate-raw",
    };
  }
  return { shape: [...shape], bits, scale, offset: min, base64: encodeBase64(bytes) };
}

/**
 * The stored integers of a quantized array as bytes: base64-decoded and, if compressed, inflated,
 * never to more than the shape needs (so a hostile stream cannot grow without bound); the caller
 * checks the length.
 *
 * @example
 * ```ts
 * import { quantize, quantizedBytes } from "convlab";
 * Array.from(quantizedBytes(quantize([0, 0.5, 1], [3], { min: 0, max: 1, compress: true }))); // [0, 128, 255]
 * ```
 */
export function quantizedBytes(array: QuantizedArray): Uint8Array {
  const bytes = decodeBase64(array.base64);
  if (array.compression !== "deflate-raw") return bytes;
  const expected = (array.shape.reduce((a, b) => a * b, 1) * array.bits) / 8;
  try {
    return inflateSync(bytes, { out: new Uint8Array(expected + 1) }).slice();
  } catch {
    return new Uint8Array(0);
  }
}

/**
 * The values of a quantized array: `offset + scale · q`, as a Float32Array (browser-safe decoder).
 *
 * @example
 * ```ts
 * import { dequantize } from "convlab";
 * Array.from(dequantize({ shape: [2], bits: 8, scale: 0.5, offset: -1, base64: "AAQ=" })); // [-1, 1]
 * ```
 */
export function dequantize(array: QuantizedArray): Float32Array {
  const bytes = quantizedBytes(array);
  const count = array.bits === 8 ? bytes.length : bytes.length >> 1;
  const out = new Float32Array(count);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  for (let i = 0; i < count; i++) {
    const q = array.bits === 8 ? bytes[i]! : view.getUint16(2 * i, true);
    out[i] = array.offset + array.scale * q;
  }
  return out;
}
