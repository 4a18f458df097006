import { ConvLabError } from "../errors.js";
import { allocate, type DType, numelOf, Tensor } from "../tensor/tensor.js";
import { takeOutputArray } from "./engine/outputs.js";

/** An image batch seen as NCHW, remembering whether the caller passed an unbatched CHW tensor. */
export interface Batch {
  readonly tensor: Tensor;
  readonly n: number;
  readonly c: number;
  readonly h: number;
  readonly w: number;
  /** True when the caller passed `[C, H, W]`; outputs are then returned unbatched too. */
  readonly unbatched: boolean;
}

/** Views a `[N, C, H, W]` or `[C, H, W]` tensor as a batch, or throws a shape error naming `parameter`. */
export function asBatch(parameter: string, t: Tensor, operation: string): Batch {
  if (!(t instanceof Tensor)) {
    throw new ConvLabError({
      parameter,
      value: typeof t,
      rule: `${operation} needs a Tensor`,
      fix: "build one with tensor(...), zeros(...) or arange(...).reshape(...)",
      category: "argument",
    });
  }
  if (t.ndim === 4) {
    const [n, c, h, w] = t.shape as [number, number, number, number];
    return { tensor: t, n, c, h, w, unbatched: false };
  }
  if (t.ndim === 3) {
    const [c, h, w] = t.shape as [number, number, number];
    return { tensor: t, n: 1, c, h, w, unbatched: true };
  }
  throw new ConvLabError({
    parameter,
    value: [...t.shape],
    rule: `${operation} expects a 4-D [N, C, H, W] or 3-D [C, H, W] tensor, got ${t.ndim}-D`,
    fix:
      t.ndim === 2
        ? `reshape it: ${parameter}.reshape(1, 1, ${t.shape[0]}, ${t.shape[1]})`
        : "reshape it to NCHW",
    category: "shape",
  });
}

/**
 * The tensor a planned operation writes into: the caller's checked `out` buffer, or a new one
 * (float32 from the pooled allocator, engine/outputs.ts: every op writes all of its output).
 */
export function outputOf(plan: {
  readonly out: Tensor | undefined;
  readonly outputShape: readonly number[];
  readonly dtype: DType;
}): Tensor {
  if (plan.out) return plan.out;
  const length = numelOf(plan.outputShape);
  const data = plan.dtype === "float32" ? takeOutputArray(length) : allocate(plan.dtype, length);
  return new Tensor(plan.outputShape, data);
}

/**
 * A plan's window geometry as the loops read it: input, kernel, stride, dilation and output,
 * each split into its height and width value.
 */
export function loopGeometry(plan: {
  readonly inputSize: readonly [number, number];
  readonly kernel: readonly [number, number];
  readonly stride: readonly [number, number];
  readonly dilation: readonly [number, number];
  readonly output: readonly [number, number];
}) {
  const [h, w] = plan.inputSize;
  const [kh, kw] = plan.kernel;
  const [sh, sw] = plan.stride;
  const [dh, dw] = plan.dilation;
  const [oh, ow] = plan.output;
  return { h, w, kh, kw, sh, sw, dh, dw, oh, ow };
}
