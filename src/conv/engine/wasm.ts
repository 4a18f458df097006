/**
 * The fast conv2d: WebAssembly SIMD kernels (native/conv-kernels.c, loaded by runtime.ts) behind
 * the same plan as the reference loops. It runs float32 convolutions of any stride, dilation,
 * groups and padding (non-zero padding modes are materialised first by the reference `pad`), a
 * batch chunk at a time through pooled scratch memory, so memory stays bounded however large the
 * batch. Two chunks are in flight (chunks.ts): while both threads pad and compute one, the previous
 * chunk's output is copied out and the next chunk's input in.
 */
import type { Tensor } from "../../tensor/tensor.js";
import { outputOf } from "../layout.js";
import { isZeroPadding } from "../params.js";
import type { Conv2dPlan } from "../plan/conv.js";
import { runChunks } from "./chunks.js";
import { JOB_CONV2D, Job, loadEngine, Scratch } from "./runtime.js";
import { zeroPadded } from "./zero-padded.js";

export { ENGINE_ENV, engineMemoryBytes, engineThreads, engineUnavailable } from "./runtime.js";

/**
 * Scratch bytes a chunk of a batch aims at (input, padded input and output together). 2 MB ran
 * bench:conv A1–A3 3–8% faster than 1 MB (half as many joins; min of 21 calls, alternating runs).
 */
const CHUNK_BYTES = 2 << 20;

/**
 * Whether the fast engine runs this plan: float32 input and output, on a machine with
 * WebAssembly SIMD and shared memory (and `CONVLAB_ENGINE` not set to `reference`).
 */
export function engineSupports(plan: Conv2dPlan): boolean {
  return plan.dtype === "float32" && loadEngine() !== null;
}

/**
 * Runs a checked plan with the WebAssembly kernels (call only when {@link engineSupports} says so).
 */
export function conv2dFast(plan: Conv2dPlan): Tensor {
  const e = loadEngine()!;
  const { x, padding, h, w } = zeroPadded(plan);
  const hp = h + padding.top + padding.bottom;
  const wp = w + padding.left + padding.right;
  const padded = !isZeroPadding(padding);
  const { batch, inChannels: cin, outChannels: cout } = plan;
  const [oh, ow] = plan.output;
  const inImage = cin * h * w;
  const padImage = padded ? cin * hp * wp : inImage;
  const outImage = cout * oh * ow;
  const perImage = inImage + (padded ? padImage : 0) + outImage;
  const chunk = Math.max(1, Math.min(batch, Math.floor(CHUNK_BYTES / 4 / perImage)));

  const scratch = new Scratch(e.memory);
  const geo = scratch.take(19);
  const job = new Job(e, scratch);
  const wOff = scratch.take(plan.weight.numel);
  const bOff = scratch.take(cout);
  const slots = [0, 1].map(() => {
    const xOff = scratch.take(chunk * inImage);
    return {
      xOff,
      pOff: padded ? scratch.take(chunk * padImage) : xOff,
      yOff: scratch.take(chunk * outImage),
    };
  });
  const f32 = new Float32Array(e.memory.buffer);
  f32.set(plan.weight.data, wOff / 4);
  if (plan.bias) f32.set(plan.bias, bOff / 4);
  else f32.fill(0, bOff / 4, bOff / 4 + cout);
  new Int32Array(e.memory.buffer).set(
    [
      chunk,
      cin,
      hp,
      wp,
      cout,
      plan.groups,
      ...plan.kernel,
      ...plan.stride,
      ...plan.dilation,
      oh,
      ow,
      h,
      w,
      padding.top,
      padding.left,
      plan.activation === "relu" ? 1 : 0,
    ],
    geo / 4,
  );
  const out = outputOf(plan);
  runChunks(e, job, {
    items: batch,
    chunk,
    input: { array: x as Float32Array, perItem: inImage, slots: [slots[0]!.xOff, slots[1]!.xOff] },
    output: { array: out.data as Float32Array, perItem: outImage, slots: [slots[0]!.yOff, slots[1]!.yOff] },
    // Both threads pad their own images of the chunk (the unpadded input is arg 5; 0: none to pad).
    post: (k, count) => {
      const { xOff, pOff, yOff } = slots[k % 2]!;
      job.post(JOB_CONV2D, count, [geo, pOff, wOff, bOff, yOff, padded ? xOff : 0]);
    },
  });
  return out;
}
