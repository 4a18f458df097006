import type { Tensor } from "../tensor/tensor.js";
import { loopGeometry, outputOf } from "./layout.js";
import {
  type ConvTranspose2dOptions,
  type ConvTranspose2dPlan,
  planConvTranspose2d,
} from "./plan/transpose.js";
import type { ShapeArithmetic } from "./shape.js";

export type { ConvTranspose2dOptions } from "./plan/transpose.js";

/**
 * The shape arithmetic {@link convTranspose2d} will use.
 *
 * @example
 * ```ts
 * import { convTranspose2dShape, zeros } from "convlab";
 * convTranspose2dShape(zeros([1, 1, 3, 3]), zeros([1, 1, 3, 3]), { stride: 2, padding: 1, outputPadding: 1 }).output; // [6, 6]
 * ```
 */
export function convTranspose2dShape(
  input: Tensor,
  weight: Tensor,
  options: ConvTranspose2dOptions = {},
): ShapeArithmetic {
  return planConvTranspose2d(input, weight, options).arithmetic;
}

/**
 * Transposed convolution (PyTorch's `F.conv_transpose2d`): every input pixel scatters a
 * copy of the kernel, scaled by its value, into the output at `stride` spacing. With
 * stride 2 it is the "stride of ½" that doubles the resolution.
 *
 * Weight layout is `[C_in, C_out/groups, kH, kW]` (note: C_in first, as in PyTorch).
 *
 * @example
 * ```ts
 * import { convTranspose2d, tensor } from "convlab";
 * const X = tensor([[0, 1], [2, 3]]).reshape(1, 1, 2, 2);
 * const K = tensor([[0, 1], [2, 3]]).reshape(1, 1, 2, 2);
 * convTranspose2d(X, K).tolist(); // [[[[0, 0, 1], [0, 4, 6], [4, 12, 9]]]]
 * convTranspose2d(X, K, { stride: 2 }).shape; // [1, 1, 4, 4]
 * ```
 */
export function convTranspose2d(input: Tensor, weight: Tensor, options: ConvTranspose2dOptions = {}): Tensor {
  return convTranspose2dReference(planConvTranspose2d(input, weight, options));
}

/** The reference loops of {@link convTranspose2d}, run from a checked plan. */
export function convTranspose2dReference(plan: ConvTranspose2dPlan): Tensor {
  const { inChannels: cIn, outChannels: cOut, inPerGroup, outPerGroup, bias } = plan;
  const { h, w: width, kh, kw, sh, sw, dh, dw, oh, ow } = loopGeometry(plan);
  const [ph, pw] = plan.padding;
  const out = outputOf(plan);
  const acc = new Float64Array(out.numel);
  const x = plan.input.data;
  const w = plan.weight.data;
  for (let n = 0; n < plan.batch; n++) {
    for (let ci = 0; ci < cIn; ci++) {
      const g = Math.floor(ci / inPerGroup);
      for (let i = 0; i < h; i++) {
        for (let j = 0; j < width; j++) {
          const value = x[((n * cIn + ci) * h + i) * width + j]!;
          for (let oc = 0; oc < outPerGroup; oc++) {
            const o = g * outPerGroup + oc;
            const wPlane = (ci * outPerGroup + oc) * kh * kw;
            const yPlane = (n * cOut + o) * oh * ow;
            for (let a = 0; a < kh; a++) {
              const r = i * sh - ph + a * dh;
              if (r < 0 || r >= oh) continue;
              for (let e = 0; e < kw; e++) {
                const c = j * sw - pw + e * dw;
                if (c < 0 || c >= ow) continue;
                acc[yPlane + r * ow + c]! += value * w[wPlane + a * kw + e]!;
              }
            }
          }
        }
      }
    }
  }
  for (let n = 0; n < plan.batch; n++) {
    for (let o = 0; o < cOut; o++) {
      const plane = (n * cOut + o) * oh * ow;
      const b = bias === null ? 0 : bias[o]!;
      for (let p = 0; p < oh * ow; p++) out.data[plane + p] = acc[plane + p]! + b;
    }
  }
  return out;
}
