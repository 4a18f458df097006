/**
 * The fast path of max pooling: windows that never leave the image (no padding, floor mode)
 * need no bounds tests. For float32 the native engine pools in place on both threads (native.ts),
 * else the WebAssembly engine, a chunk of planes at a time (chunks.ts), both with the 2×2 stride-2
 * window of every CNN vectorised; elsewhere a JavaScript loop. Same comparisons as the reference
 * (NaN wins, as in PyTorch; the first of equal values stays), so the results are identical.
 */
import type { Tensor } from "../../tensor/tensor.js";
import { loopGeometry, outputOf } from "../layout.js";
import type { Pool2dPlan } from "../plan/pool.js";
import { runChunks } from "./chunks.js";
import { maxPool2dNative, nativeSupportsPool } from "./native.js";
import { JOB_MAXPOOL, Job, loadEngine, Scratch } from "./runtime.js";

/**
 * Scratch bytes a chunk of planes aims at (input and output together, two chunks in flight). 2 MB
 * pooled bench:conv D 3–8% faster than 1 MB (half as many joins; min of 21 calls, alternating runs).
 */
const CHUNK_BYTES = 2 << 20;

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

/** Max pooling for plans {@link maxPoolFastSupports} accepts: native, else WebAssembly, else JavaScript. */
export function maxPool2dFast(plan: Pool2dPlan): Tensor {
  if (nativeSupportsPool(plan)) return maxPool2dNative(plan);
  const e = plan.dtype === "float32" ? loadEngine() : null;
  return e === null ? maxPool2dLoops(plan) : maxPool2dWasm(plan, e);
}

function maxPool2dWasm(plan: Pool2dPlan, e: NonNullable<ReturnType<typeof loadEngine>>): Tensor {
  const [h, w] = plan.inputSize;
  const [oh, ow] = plan.output;
  const planes = plan.batch * plan.channels;
  const inPlane = h * w;
  const outPlane = oh * ow;
  const chunk = Math.max(1, Math.min(planes, Math.floor(CHUNK_BYTES / 4 / (inPlane + outPlane))));
  const scratch = new Scratch(e.memory);
  const geo = scratch.take(16);
  const job = new Job(e, scratch);
  const slots = [0, 1].map(() => ({
    xOff: scratch.take(chunk * inPlane),
    yOff: scratch.take(chunk * outPlane),
  }));
  new Int32Array(e.memory.buffer).set(
    [chunk, h, w, ...plan.kernel, ...plan.stride, ...plan.dilation, oh, ow],
    geo / 4,
  );
  const out = outputOf(plan);
  runChunks(e, job, {
    items: planes,
    chunk,
    input: {
      array: plan.input.data as Float32Array,
      perItem: inPlane,
      slots: [slots[0]!.xOff, slots[1]!.xOff],
    },
    output: { array: out.data as Float32Array, perItem: outPlane, slots: [slots[0]!.yOff, slots[1]!.yOff] },
    post: (k, count) => job.post(JOB_MAXPOOL, count, [geo, slots[k % 2]!.xOff, slots[k % 2]!.yOff]),
  });
  return out;
}

/** The JavaScript loops of the fast path (no WebAssembly, or not float32). */
function maxPool2dLoops(plan: Pool2dPlan): Tensor {
  const { h, w, kh, kw, sh, sw, dh, dw, oh, ow } = loopGeometry(plan);
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
