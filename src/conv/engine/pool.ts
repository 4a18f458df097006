/**
 * The fast path of max pooling: windows that never leave the image (no padding, floor mode)
 * need no bounds tests, and the 2×2 window of every CNN gets its own loop. Same comparisons as
 * the reference (NaN wins, as in PyTorch), so the results are identical.
 */
import type { Tensor } from "../../tensor/tensor.js";
import { outputOf } from "../layout.js";
import type { Pool2dPlan } from "../plan/pool.js";

/** Whether {@link maxPool2dFast} runs this plan: no padding and no window past the input's edge. */
export function maxPoolFastSupports(plan: Pool2dPlan): boolean {
  const [h, w] = plan.inputSize;
  const [oh, ow] = plan.output;
  const reach = (o: number, s: number, k: number, d: number) => (o - 1) * s + (k - 1) * d + 1;
  return (
    plan.operation === "maxPool2d" &&
    plan.padding[0] === 0 &&
    plan.padding[1] === 0 &&
    reach(oh, plan.stride[0], plan.kernel[0], plan.dilation[0]) <= h &&
    reach(ow, plan.stride[1], plan.kernel[1], plan.dilation[1]) <= w
  );
}

/** Max pooling for plans {@link maxPoolFastSupports} accepts. */
export function maxPool2dFast(plan: Pool2dPlan): Tensor {
  const [h, w] = plan.inputSize;
  const [kh, kw] = plan.kernel;
  const [sh, sw] = plan.stride;
  const [dh, dw] = plan.dilation;
  const [oh, ow] = plan.output;
  const out = outputOf(plan);
  const x = plan.input.data;
  const y = out.data;
  const planes = plan.batch * plan.channels;
  const twoByTwo = kh === 2 && kw === 2 && dh === 1 && dw === 1;
  let o = 0;
  for (let p = 0; p < planes; p++) {
    const base = p * h * w;
    for (let i = 0; i < oh; i++) {
      const row = base + i * sh * w;
      if (twoByTwo) {
        for (let j = 0, c = row; j < ow; j++, c += sw) {
          let best = x[c]!;
          const b = x[c + 1]!;
          if (b > best || Number.isNaN(b)) best = b;
          const d = x[c + w]!;
          if (d > best || Number.isNaN(d)) best = d;
          const e = x[c + w + 1]!;
          if (e > best || Number.isNaN(e)) best = e;
          y[o++] = best;
        }
        continue;
      }
      for (let j = 0; j < ow; j++) {
        let best = Number.NEGATIVE_INFINITY;
        for (let a = 0; a < kh; a++) {
          const r = row + a * dh * w + j * sw;
          for (let e = 0; e < kw; e++) {
            const v = x[r + e * dw]!;
            if (v > best || Number.isNaN(v)) best = v;
          }
        }
        y[o++] = best;
      }
    }
  }
  return out;
}
