/** The plan of a max or average pooling: geometry and checks, computed once. */
import { ConvLabError } from "../../errors.js";
import type { Tensor } from "../../tensor/tensor.js";
import { checkSize, type DType } from "../../tensor/tensor.js";
import { asBatch } from "../layout.js";
import type { IntOrPair, Pair } from "../params.js";
import { pool2dOutputShape, type ShapeArithmetic } from "../shape.js";
import { checkBoolean, checkOptionNames, checkOut } from "./checks.js";

/** Options shared by both poolings (PyTorch names). */
export interface Pool2dOptions {
  /** Step between windows. Defaults to the kernel size, as in PyTorch. */
  stride?: IntOrPair;
  /** Implicit padding on both sides of each axis, at most half the kernel. Default 0. */
  padding?: IntOrPair;
  /** Round output sizes up; a window may still not start in the right padding. Default false. */
  ceilMode?: boolean;
  /** Write the result here instead of allocating (sharing no memory with the input). */
  out?: Tensor;
}

/** Options of {@link maxPool2d}. */
export interface MaxPool2dOptions extends Pool2dOptions {
  /** Spacing between window taps. Default 1. */
  dilation?: IntOrPair;
}

/** Options of {@link avgPool2d} (like PyTorch's `avg_pool2d`, it has no dilation). */
export interface AvgPool2dOptions extends Pool2dOptions {
  /** Count padding pixels in the divisor (PyTorch default true). */
  countIncludePad?: boolean;
  /** Divide every window by this non-zero integer instead (e.g. 1 for sum pooling). */
  divisorOverride?: number;
}

const AVG_MISPLACED = {
  dilation:
    "average pooling has no dilation (PyTorch's avg_pool2d has none either): use maxPool2d with dilation, or conv2d with a dilated box kernel",
};

/** Everything a pooling needs to run, checked. */
export interface Pool2dPlan {
  readonly operation: "maxPool2d" | "avgPool2d";
  readonly input: Tensor;
  readonly batch: number;
  readonly channels: number;
  readonly inputSize: Pair;
  readonly kernel: Pair;
  readonly stride: Pair;
  /** Padding on both sides of each axis, `[h, w]`. */
  readonly padding: Pair;
  readonly dilation: Pair;
  readonly ceilMode: boolean;
  /** Average pooling only: count padding pixels in the divisor. */
  readonly countIncludePad: boolean;
  /** Average pooling only: the divisor of every window, or `null`. */
  readonly divisorOverride: number | null;
  readonly output: Pair;
  readonly outputShape: readonly number[];
  readonly dtype: DType;
  readonly out: Tensor | undefined;
  readonly arithmetic: ShapeArithmetic;
}

function checkDivisor(value: unknown): number | null {
  if (value === undefined || value === null) return null;
  if (typeof value !== "number" || !Number.isInteger(value) || value === 0) {
    throw new ConvLabError({
      parameter: "divisorOverride",
      value,
      rule: "must be a non-zero integer (the divisor of every window, as in PyTorch)",
      fix: "e.g. divisorOverride: 1 for sum pooling, or leave it unset to divide by the window size",
      category: "pooling",
    });
  }
  return value;
}

/**
 * Checks a pooling's arguments once and computes its geometry.
 *
 * @example
 * ```ts
 * import { planPool2d, zeros } from "convlab";
 * planPool2d(zeros([1000, 8, 28, 28]), 2, {}, "maxPool2d").outputShape; // [1000, 8, 14, 14]
 * ```
 */
export function planPool2d(
  input: Tensor,
  kernelSize: IntOrPair,
  options: MaxPool2dOptions & AvgPool2dOptions = {},
  operation: "maxPool2d" | "avgPool2d" = "maxPool2d",
): Pool2dPlan {
  const avg = operation === "avgPool2d";
  checkOptionNames(operation, options, avg ? AVG_MISPLACED : {});
  const batch = asBatch("input", input, operation);
  const ceilMode = checkBoolean("ceilMode", options.ceilMode ?? false, "pooling");
  const countIncludePad = checkBoolean("countIncludePad", options.countIncludePad ?? true, "pooling");
  const divisorOverride = checkDivisor(options.divisorOverride);
  const arithmetic = pool2dOutputShape({
    operation,
    input: [batch.h, batch.w],
    kernel: kernelSize,
    ...(options.stride !== undefined && { stride: options.stride }),
    padding: options.padding ?? 0,
    dilation: options.dilation ?? 1,
    ceilMode,
  });
  const { height, width } = arithmetic;
  const outputShape = batch.unbatched
    ? [batch.c, height.output, width.output]
    : [batch.n, batch.c, height.output, width.output];
  checkSize("input", [...input.shape], outputShape, "pool a smaller batch at a time");
  const out = checkOut(options.out, outputShape, input.dtype, { input });
  return {
    operation,
    input,
    batch: batch.n,
    channels: batch.c,
    inputSize: [batch.h, batch.w],
    kernel: [height.kernel, width.kernel],
    stride: [height.stride, width.stride],
    padding: [height.padBefore, width.padBefore],
    dilation: [height.dilation, width.dilation],
    ceilMode,
    countIncludePad,
    divisorOverride,
    output: arithmetic.output,
    outputShape,
    dtype: input.dtype,
    out,
    arithmetic,
  };
}
