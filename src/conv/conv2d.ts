import type { Tensor } from "../tensor/tensor.js";
import { runOnEngines } from "./engine/select.js";
import { loopGeometry, outputOf } from "./layout.js";
import { pad } from "./pad.js";
import { isZeroPadding } from "./params.js";
import { type Conv2dOptions, type Conv2dPlan, planConv2d } from "./plan/conv.js";
import type { ShapeArithmetic } from "./shape.js";

export type { Conv2dActivation, Conv2dOptions } from "./plan/conv.js";

/**
 * The shape arithmetic {@link conv2d} will use for this input, weight and options, without computing.
 *
 * @example
 * ```ts
 * import { conv2dShape, zeros } from "convlab";
 * conv2dShape(zeros([1, 1, 8, 8]), zeros([1, 1, 3, 3]), { padding: 1, stride: 2 }).output; // [4, 4]
 * ```
 */
export function conv2dShape(input: Tensor, weight: Tensor, options: Conv2dOptions = {}): ShapeArithmetic {
  return planConv2d(input, weight, options).arithmetic;
}

/**
 * 2-D cross-correlation over a batch, exactly as PyTorch's `F.conv2d` computes it
 * (no kernel flip): `out[n,o,i,j] = bias[o] + Σ x_pad[n, g·C_g + c, i·s_h + a·d_h, j·s_w + e·d_w] · w[o,c,a,e]`.
 *
 * Input `[N, C_in, H, W]` (or `[C_in, H, W]`), weight `[C_out, C_in/groups, kH, kW]`.
 * The output keeps the input's dtype.
 *
 * @example
 * ```ts
 * import { arange, conv2d, tensor } from "convlab";
 * const X = arange(9).reshape(1, 1, 3, 3);
 * const K = tensor([[0, 1], [2, 3]]).reshape(1, 1, 2, 2);
 * conv2d(X, K).tolist();                              // [[[[19, 25], [37, 43]]]]
 * conv2d(X, K, { padding: 1, stride: [3, 2] }).tolist(); // [[[[0, 8], [6, 8]]]]
 * ```
 */
export function conv2d(input: Tensor, weight: Tensor, options: Conv2dOptions = {}): Tensor {
  return runConv2d(planConv2d(input, weight, options));
}

/**
 * Runs a checked plan (from {@link planConv2d}): the first engine of engine/select.ts that
 * supports the plan (onnxruntime on wide layers, the WebAssembly kernels, onnxruntime for the
 * rest), the reference loops otherwise.
 *
 * @example
 * ```ts
 * import { arange, planConv2d, runConv2d, tensor } from "convlab";
 * const plan = planConv2d(arange(9).reshape(1, 1, 3, 3), tensor([[0, 1], [2, 3]]).reshape(1, 1, 2, 2));
 * plan.arithmetic.output;     // [2, 2]
 * runConv2d(plan).tolist();   // [[[[19, 25], [37, 43]]]]
 * ```
 */
export function runConv2d(plan: Conv2dPlan): Tensor {
  return runOnEngines(plan) ?? conv2dReference(plan);
}

/**
 * The reference loops of {@link conv2d}, run from a checked plan: the readable definition every
 * fast path is tested against.
 *
 * @example
 * ```ts
 * import { arange, conv2dReference, planConv2d, tensor } from "convlab";
 * const plan = planConv2d(arange(9).reshape(1, 1, 3, 3), tensor([[0, 1], [2, 3]]).reshape(1, 1, 2, 2));
 * conv2dReference(plan).tolist(); // [[[[19, 25], [37, 43]]]]
 * ```
 */
export function conv2dReference(plan: Conv2dPlan): Tensor {
  let x = plan.input.data;
  let [h, width] = plan.inputSize;
  let padding = plan.padding;
  // Non-zero padding modes materialise the padded input; zeros are skipped implicitly below.
  if (plan.paddingMode !== "zeros" && !isZeroPadding(padding)) {
    x = pad(plan.input, padding, plan.paddingMode).data;
    h += padding.top + padding.bottom;
    width += padding.left + padding.right;
    padding = { top: 0, bottom: 0, left: 0, right: 0 };
  }
  const { outChannels: cOut, inPerGroup: cPerGroup, outPerGroup, inChannels, bias } = plan;
  const { kh, kw, sh, sw, dh, dw, oh, ow } = loopGeometry(plan);
  const out = outputOf(plan);
  const w = plan.weight.data;
  const y = out.data;
  const relu = plan.activation === "relu";

  for (let n = 0; n < plan.batch; n++) {
    for (let o = 0; o < cOut; o++) {
      const firstChannel = Math.floor(o / outPerGroup) * cPerGroup;
      for (let i = 0; i < oh; i++) {
        const top = i * sh - padding.top;
        // Kernel rows whose tap lands inside the image (the rest read zero padding).
        const aFrom = Math.max(0, Math.ceil(-top / dh));
        const aTo = Math.min(kh, Math.floor((h - 1 - top) / dh) + 1);
        for (let j = 0; j < ow; j++) {
          const left = j * sw - padding.left;
          const eFrom = Math.max(0, Math.ceil(-left / dw));
          const eTo = Math.min(kw, Math.floor((width - 1 - left) / dw) + 1);
          let sum = bias === null ? 0 : bias[o]!;
          for (let c = 0; c < cPerGroup; c++) {
            const xPlane = (n * inChannels + firstChannel + c) * h * width;
            const wPlane = (o * cPerGroup + c) * kh * kw;
            for (let a = aFrom; a < aTo; a++) {
              const xRow = xPlane + (top + a * dh) * width + left;
              const wRow = wPlane + a * kw;
              for (let e = eFrom; e < eTo; e++) sum += x[xRow + e * dw]! * w[wRow + e]!;
            }
          }
          // relu: negatives become 0 (NaN stays NaN, as in torch.relu)
          y[((n * cOut + o) * oh + i) * ow + j] = relu && sum < 0 ? 0 : sum;
        }
      }
    }
  }
  return out;
}
