import type { Tensor } from "../tensor/tensor.js";
import { asBatch, outputBatch } from "./layout.js";
import type { IntOrPair } from "./params.js";
import { pool2dOutputShape, type ShapeArithmetic } from "./shape.js";

/** Options shared by both poolings (PyTorch names). */
export interface Pool2dOptions {
  /** Step between windows. Defaults to the kernel size, as in PyTorch. */
  stride?: IntOrPair;
  /** Implicit padding on both sides of each axis, at most half the kernel. Default 0. */
  padding?: IntOrPair;
  /** Round output sizes up; a window may still not start in the right padding. Default false. */
  ceilMode?: boolean;
  /** Write the result here instead of allocating. */
  out?: Tensor;
}

/** Options of {@link maxPool2d}. */
export interface MaxPool2dOptions extends Pool2dOptions {
  /** Spacing between window taps. Default 1. */
  dilation?: IntOrPair;
}

/** Options of {@link avgPool2d}. */
export interface AvgPool2dOptions extends Pool2dOptions {
  /** Count padding pixels in the divisor (PyTorch default true). */
  countIncludePad?: boolean;
  /** Divide every window by this instead (e.g. 1 for sum pooling). */
  divisorOverride?: number;
}

/**
 * The shape arithmetic a pooling will use.
 *
 * @example
 * ```ts
 * import { pool2dShape, zeros } from "convlab";
 * pool2dShape(zeros([1, 1, 4, 4]), 3, { padding: 1, stride: 2 }).output; // [2, 2]
 * ```
 */
export function pool2dShape(
  input: Tensor,
  kernelSize: IntOrPair,
  options: MaxPool2dOptions = {},
  operation: "maxPool2d" | "avgPool2d" = "maxPool2d",
): ShapeArithmetic {
  const batch = asBatch("input", input, operation);
  return pool2dOutputShape({
    operation,
    input: [batch.h, batch.w],
    kernel: kernelSize,
    ...(options.stride !== undefined && { stride: options.stride }),
    padding: options.padding ?? 0,
    dilation: options.dilation ?? 1,
    ceilMode: options.ceilMode ?? false,
  });
}

/**
 * 2-D max pooling with PyTorch's semantics: padding is −∞ (it never wins), NaN propagates.
 *
 * @example
 * ```ts
 * import { arange, maxPool2d } from "convlab";
 * const X = arange(16).reshape(1, 1, 4, 4);
 * maxPool2d(X, 3).tolist();                          // [[[[10]]]]
 * maxPool2d(X, 3, { padding: 1, stride: 2 }).tolist(); // [[[[5, 7], [13, 15]]]]
 * ```
 */
export function maxPool2d(input: Tensor, kernelSize: IntOrPair, options: MaxPool2dOptions = {}): Tensor {
  const shape = pool2dShape(input, kernelSize, options, "maxPool2d");
  const batch = asBatch("input", input, "maxPool2d");
  const { height: ha, width: wa } = shape;
  const [oh, ow] = shape.output;
  const out = outputBatch(batch, batch.c, oh, ow, input.dtype, options.out);
  const x = input.data;
  const y = out.data;
  for (let plane = 0; plane < batch.n * batch.c; plane++) {
    const base = plane * batch.h * batch.w;
    for (let i = 0; i < oh; i++) {
      for (let j = 0; j < ow; j++) {
        let best = Number.NEGATIVE_INFINITY;
        for (let a = 0; a < ha.kernel; a++) {
          const r = i * ha.stride - ha.padBefore + a * ha.dilation;
          if (r < 0 || r >= batch.h) continue;
          for (let e = 0; e < wa.kernel; e++) {
            const c = j * wa.stride - wa.padBefore + e * wa.dilation;
            if (c < 0 || c >= batch.w) continue;
            const v = x[base + r * batch.w + c]!;
            if (v > best || Number.isNaN(v)) best = v;
          }
        }
        y[(plane * oh + i) * ow + j] = best;
      }
    }
  }
  return out;
}

/**
 * 2-D average pooling with PyTorch's semantics: the window is clipped to the padded input;
 * `countIncludePad` divides by the clipped window (padding included), otherwise by the
 * in-image pixels; `divisorOverride` replaces both.
 *
 * @example
 * ```ts
 * import { arange, avgPool2d } from "convlab";
 * avgPool2d(arange(9).reshape(1, 1, 3, 3), 2, { stride: 1 }).tolist(); // [[[[2, 3], [5, 6]]]]
 * ```
 */
export function avgPool2d(input: Tensor, kernelSize: IntOrPair, options: AvgPool2dOptions = {}): Tensor {
  const shape = pool2dShape(input, kernelSize, options, "avgPool2d");
  const batch = asBatch("input", input, "avgPool2d");
  const { height: ha, width: wa } = shape;
  const [oh, ow] = shape.output;
  const countIncludePad = options.countIncludePad ?? true;
  const out = outputBatch(batch, batch.c, oh, ow, input.dtype, options.out);
  const x = input.data;
  const y = out.data;
  for (let plane = 0; plane < batch.n * batch.c; plane++) {
    const base = plane * batch.h * batch.w;
    for (let i = 0; i < oh; i++) {
      const r0 = i * ha.stride - ha.padBefore;
      const r1 = Math.min(r0 + ha.kernel, batch.h + ha.padAfter);
      const rFrom = Math.max(r0, 0);
      const rTo = Math.min(r1, batch.h);
      for (let j = 0; j < ow; j++) {
        const c0 = j * wa.stride - wa.padBefore;
        const c1 = Math.min(c0 + wa.kernel, batch.w + wa.padAfter);
        const cFrom = Math.max(c0, 0);
        const cTo = Math.min(c1, batch.w);
        let sum = 0;
        for (let r = rFrom; r < rTo; r++) for (let c = cFrom; c < cTo; c++) sum += x[base + r * batch.w + c]!;
        const divisor =
          options.divisorOverride ??
          (countIncludePad ? (r1 - r0) * (c1 - c0) : Math.max(0, rTo - rFrom) * Math.max(0, cTo - cFrom));
        y[(plane * oh + i) * ow + j] = sum / divisor;
      }
    }
  }
  return out;
}
