import type { Tensor } from "../tensor/tensor.js";
import { ortPool2d, requestedEngine } from "./engine/ort/index.js";
import { maxPool2dFast, maxPoolFastSupports } from "./engine/pool.js";
import { loopGeometry, outputOf } from "./layout.js";
import type { IntOrPair } from "./params.js";
import { type AvgPool2dOptions, type MaxPool2dOptions, type Pool2dPlan, planPool2d } from "./plan/pool.js";
import type { ShapeArithmetic } from "./shape.js";

export type { AvgPool2dOptions, MaxPool2dOptions, Pool2dOptions } from "./plan/pool.js";

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
  options: MaxPool2dOptions & AvgPool2dOptions = {},
  operation: "maxPool2d" | "avgPool2d" = "maxPool2d",
): ShapeArithmetic {
  return planPool2d(input, kernelSize, options, operation).arithmetic;
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
  const plan = planPool2d(input, kernelSize, options, "maxPool2d");
  // The WebAssembly max-pool beats onnxruntime where it applies (bench:conv D); onnxruntime takes
  // the other large poolings, or every one it can when CONVLAB_ENGINE=ort.
  const fast = maxPoolFastSupports(plan);
  if (fast && requestedEngine() !== "ort") return maxPool2dFast(plan);
  return ortPool2d(plan) ?? (fast ? maxPool2dFast(plan) : maxPool2dReference(plan));
}

/** The reference loops of {@link maxPool2d}, run from a checked plan. */
export function maxPool2dReference(plan: Pool2dPlan): Tensor {
  const { h, w, kh, kw, sh, sw, dh, dw, oh, ow } = loopGeometry(plan);
  const [ph, pw] = plan.padding;
  const out = outputOf(plan);
  const x = plan.input.data;
  const y = out.data;
  for (let plane = 0; plane < plan.batch * plan.channels; plane++) {
    const base = plane * h * w;
    for (let i = 0; i < oh; i++) {
      for (let j = 0; j < ow; j++) {
        let best = Number.NEGATIVE_INFINITY;
        for (let a = 0; a < kh; a++) {
          const r = i * sh - ph + a * dh;
          if (r < 0 || r >= h) continue;
          for (let e = 0; e < kw; e++) {
            const c = j * sw - pw + e * dw;
            if (c < 0 || c >= w) continue;
            const v = x[base + r * w + c]!;
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
  const plan = planPool2d(input, kernelSize, options, "avgPool2d");
  return ortPool2d(plan) ?? avgPool2dReference(plan);
}

/** The reference loops of {@link avgPool2d}, run from a checked plan. */
export function avgPool2dReference(plan: Pool2dPlan): Tensor {
  const { h, w, kh, kw, sh, sw, oh, ow } = loopGeometry(plan);
  const [ph, pw] = plan.padding;
  const { countIncludePad, divisorOverride } = plan;
  const out = outputOf(plan);
  const x = plan.input.data;
  const y = out.data;
  for (let plane = 0; plane < plan.batch * plan.channels; plane++) {
    const base = plane * h * w;
    for (let i = 0; i < oh; i++) {
      const r0 = i * sh - ph;
      const r1 = Math.min(r0 + kh, h + ph);
      const rFrom = Math.max(r0, 0);
      const rTo = Math.min(r1, h);
      for (let j = 0; j < ow; j++) {
        const c0 = j * sw - pw;
        const c1 = Math.min(c0 + kw, w + pw);
        const cFrom = Math.max(c0, 0);
        const cTo = Math.min(c1, w);
        let sum = 0;
        for (let r = rFrom; r < rTo; r++) for (let c = cFrom; c < cTo; c++) sum += x[base + r * w + c]!;
        const divisor =
          divisorOverride ??
          (countIncludePad ? (r1 - r0) * (c1 - c0) : Math.max(0, rTo - rFrom) * Math.max(0, cTo - cFrom));
        y[(plane * oh + i) * ow + j] = sum / divisor;
      }
    }
  }
  return out;
}
