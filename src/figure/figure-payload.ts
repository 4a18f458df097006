/**
 * The JSON payload of a feature-map figure (./payload.ts, schema/featuremaps.v1.schema.json):
 * inputs quantized to 8 bits, maps quantized to the figure's bits and compressed (raw DEFLATE by
 * Node's zlib: about twice as fast as fflate's, which the browser-safe ./payload.ts uses on its
 * own), kernels, every variant's arithmetic, the shared colour scale; validated before it is
 * returned. Node only (the kernel and the CLI).
 */
import { deflateRawSync } from "node:zlib";
import type { ShapeArithmetic } from "../conv/shape.js";
import type { FeatureMapFigure } from "./feature-maps.js";
import {
  type FeatureMapPayload,
  type PayloadAxis,
  type PayloadImage,
  type PayloadVariant,
  quantize,
} from "./payload.js";
import { assertFeatureMapPayload } from "./validate.js";

/** Raw DEFLATE at zlib's default level 6, as fflate's level 6 in ./payload.ts. */
function deflateRaw(bytes: Uint8Array): Uint8Array {
  return deflateRawSync(bytes, { level: 6 });
}

function axisPayload(axis: ShapeArithmetic["height"]): PayloadAxis {
  return {
    input: axis.input,
    kernel: axis.kernel,
    dilation: axis.dilation,
    padBefore: axis.padBefore,
    padAfter: axis.padAfter,
    stride: axis.stride,
    output: axis.output,
    formula: axis.formula,
    worked: axis.worked,
  };
}

/**
 * The validated payload of `figure`, its maps quantized to `bits` bits.
 *
 * @example
 * ```ts
 * import { featureMaps, figurePayload, tensor } from "convlab";
 * const payload = figurePayload(featureMaps({ images: tensor([[0, 1], [1, 0]]), kernels: "edge" }), 8);
 * payload.variants[0]!.maps.shape;       // [1, 1, 2, 1]
 * payload.variants[0]!.maps.compression; // "deflate-raw"
 * ```
 */
export function figurePayload(
  figure: Pick<FeatureMapFigure, "inputs" | "labels" | "variants" | "title" | "kernels" | "colorScale">,
  bits: 8 | 16,
): FeatureMapPayload {
  const [, , h, w] = figure.inputs.shape as [number, number, number, number];
  const inRange = figure.inputs.min() >= 0 && figure.inputs.max() <= 1;
  const inputs: PayloadImage[] = figure.labels.map((label, i) => ({
    ...label,
    label: label.label.slice(0, 200),
    height: h,
    width: w,
    pixels: quantize(
      figure.inputs.data.subarray(i * h * w, (i + 1) * h * w),
      [h, w],
      inRange ? { bits: 8, min: 0, max: 1 } : { bits: 8 },
    ),
  }));
  const variants: PayloadVariant[] = figure.variants.map((v) => ({
    id: v.id,
    title: v.title.slice(0, 200),
    padding: v.padding,
    stride: v.stride,
    dilation: v.dilation,
    paddingMode: v.paddingMode,
    height: axisPayload(v.arithmetic.height),
    width: axisPayload(v.arithmetic.width),
    maps: quantize(v.output.data, v.output.shape, {
      bits,
      min: v.range.min,
      max: v.range.max,
      compress: true,
      deflateRaw,
    }),
    range: v.range,
  }));
  const payload: FeatureMapPayload = {
    version: 1,
    title: figure.title,
    inputs,
    kernels: figure.kernels.map((k) => ({
      name: k.name.slice(0, 200),
      description: k.description.slice(0, 200),
      height: k.tensor.shape[0]!,
      width: k.tensor.shape[1]!,
      values: Array.from(k.tensor.data),
    })),
    variants,
    colorScale: figure.colorScale,
  };
  return assertFeatureMapPayload(payload);
}
