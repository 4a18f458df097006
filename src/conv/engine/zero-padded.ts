/**
 * What the fast engines compute from: the plan's input with a non-zero padding mode (reflect,
 * replicate, circular) materialised by the reference `pad`, and the zero padding left to do.
 */
import type { TensorData } from "../../tensor/tensor.js";
import { pad } from "../pad.js";
import { isZeroPadding, type Sides } from "../params.js";
import type { Conv2dPlan } from "../plan/conv.js";

/** An input the kernels pad with zeros themselves: its data, size, and the zeros to add. */
export interface ZeroPadded {
  readonly x: TensorData;
  readonly padding: Sides;
  readonly h: number;
  readonly w: number;
}

/**
 * The plan's input with non-zero padding modes materialised, and the zero padding left to do.
 *
 * @example
 * ```ts
 * import { planConv2d, zeros } from "convlab";
 * import { zeroPadded } from "./zero-padded.js";
 * const plan = planConv2d(zeros([1, 1, 4, 4]), zeros([1, 1, 3, 3]), { padding: 1, paddingMode: "reflect" });
 * const { h, w, padding } = zeroPadded(plan);
 * [h, w, padding.top]; // [6, 6, 0]
 * ```
 */
export function zeroPadded(plan: Conv2dPlan): ZeroPadded {
  let input = plan.input;
  let padding = plan.padding;
  let [h, w] = plan.inputSize;
  if (plan.paddingMode !== "zeros" && !isZeroPadding(padding)) {
    input = pad(input, padding, plan.paddingMode);
    h += padding.top + padding.bottom;
    w += padding.left + padding.right;
    padding = { top: 0, bottom: 0, left: 0, right: 0 };
  }
  return { x: input.data, padding, h, w };
}
