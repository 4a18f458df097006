/**
 * Runs conv and pooling plans on onnxruntime: the input and the caller's output are handed to
 * the native code as they are (no copies), through cached sessions; a conv's session stores its
 * weight, which onnxruntime pre-packs (NCHWc on x86: twice as fast on B of the benchmark as a
 * session fed the weight on every run).
 */
import type { Tensor } from "../../../tensor/tensor.js";
import { outputOf } from "../../layout.js";
import { pad } from "../../pad.js";
import { isZeroPadding, type Sides } from "../../params.js";
import type { Conv2dPlan } from "../../plan/conv.js";
import type { Pool2dPlan } from "../../plan/pool.js";
import { convKey, convModel, poolKey, poolModel, sumModel } from "./graphs.js";
import { encodeModel, type NodeModel } from "./onnx-model.js";
import { loadOrt, OrtSession } from "./runtime.js";
import { fingerprint, LruCache, sameBits } from "./sessions.js";

/** Sessions alive at once (each holds an idle pool thread and its packed weights). */
export const SESSION_CAPACITY = 16;
/** Bytes of input or output one native run handles at most (a batch runs a chunk at a time). */
const CHUNK_BYTES = 4 << 20;

interface Entry {
  readonly session: OrtSession;
  /** For a session with stored weights: the weight and bias it holds. */
  readonly stored?: readonly Float32Array[];
  dispose(): void;
}

const sessions = new LruCache<Entry>(SESSION_CAPACITY);

function open(model: NodeModel, stored?: readonly Float32Array[]): Entry {
  const session = new OrtSession(loadOrt()!, encodeModel(model), "y");
  return { session, ...(stored && { stored }), dispose: () => session.dispose() };
}

const f32 = (data: ArrayLike<number>) => (data instanceof Float32Array ? data : Float32Array.from(data));
const ZERO: Sides = { top: 0, bottom: 0, left: 0, right: 0 };
/** NCHW dims of a plan's input (an unbatched input is a batch of one). */
const nchw = (n: number, c: number, [h, w]: readonly number[]) => [n, c, h!, w!];

/**
 * The session for this conv: one per geometry and weight (and bias), the weight stored in the
 * model. A session fed its weights would serve every weight, but onnxruntime then cannot
 * pre-pack them (half the speed on B) and it computes by another kernel than the stored-weight
 * session, so a call would not give the same bits as the call before with the same weight.
 */
function convSession(plan: Conv2dPlan, padding: Sides): { entry: Entry; cached: boolean } {
  const weight = f32(plan.weight.data);
  const values = plan.bias ? [weight, Float32Array.from(plan.bias)] : [weight];
  const key = `${convKey(plan, padding)} #${fingerprint(values)}`;
  const found = sessions.peek(key);
  if (found?.stored?.every((v, i) => sameBits(v, values[i]!))) return { entry: found, cached: true };
  const copies = values.map((v) => v.slice());
  const build = () => open(convModel(plan, padding, { weight: copies[0]!, bias: copies[1] ?? null }), copies);
  if (found === undefined) return { entry: sessions.get(key, build), cached: true };
  // Two weights with one fingerprint (rare): this call gets a session of its own, not cached.
  return { entry: build(), cached: false };
}

/**
 * Runs a float32 conv plan on onnxruntime (call when `ortTakesConv(plan)`); `undefined` when the
 * native library cannot load, so the caller falls back.
 */
export function conv2dOrt(plan: Conv2dPlan): Tensor | undefined {
  if (loadOrt() === null) return undefined;
  let input = plan.input;
  let padding = plan.padding;
  let size = plan.inputSize;
  if (plan.paddingMode !== "zeros" && !isZeroPadding(padding)) {
    input = pad(input, padding, plan.paddingMode);
    size = [size[0] + padding.top + padding.bottom, size[1] + padding.left + padding.right];
    padding = ZERO;
  }
  const { entry, cached } = convSession(plan, padding);
  const out = outputOf(plan);
  try {
    const image = [plan.inChannels, ...size];
    runInChunks(entry.session, input.data as Float32Array, image, out.data as Float32Array, [
      plan.outChannels,
      ...plan.output,
    ]);
  } finally {
    if (!cached) entry.dispose();
  }
  return out;
}

/**
 * Runs a session over a batch a chunk of images at a time, so the buffers onnxruntime keeps for
 * a run (its arena holds them for the next one) stay a few MB however large the batch.
 */
function runInChunks(
  session: OrtSession,
  x: Float32Array,
  image: readonly number[],
  y: Float32Array,
  outImage: readonly number[],
): void {
  const inSize = image.reduce((a, b) => a * b, 1);
  const outSize = outImage.reduce((a, b) => a * b, 1);
  const batch = x.length / inSize;
  const chunk = Math.max(1, Math.floor(CHUNK_BYTES / 4 / Math.max(inSize, outSize)));
  for (let start = 0; start < batch; start += chunk) {
    const n = Math.min(chunk, batch - start);
    session.run(
      { x: session.tensor(x.subarray(start * inSize, (start + n) * inSize), [n, ...image]) },
      session.tensor(y.subarray(start * outSize, (start + n) * outSize), [n, ...outImage]),
    );
  }
}

/** Whether a float32 tensor holds a NaN, asked of onnxruntime (a sum is NaN when any value is). */
function mayHoldNaN(x: Float32Array, dims: readonly number[]): boolean {
  const { session } = sessions.get("ReduceSum", () => open(sumModel()));
  const sum = new Float32Array(1);
  session.run({ x: session.tensor(x, dims) }, session.tensor(sum, []));
  return Number.isNaN(sum[0]);
}

/**
 * Runs a float32 pooling plan on onnxruntime (call when `ortTakesPool(plan)`); `undefined` when
 * the library cannot load or, for max pooling, when the input may hold a NaN (onnxruntime would
 * not propagate it as PyTorch does), so the caller runs the exact path.
 */
export function pool2dOrt(plan: Pool2dPlan): Tensor | undefined {
  if (loadOrt() === null) return undefined;
  const x = plan.input.data as Float32Array;
  const dims = nchw(plan.batch, plan.channels, plan.inputSize);
  if (plan.operation === "maxPool2d" && mayHoldNaN(x, dims)) return undefined;
  const { session } = sessions.get(poolKey(plan), () => open(poolModel(plan)));
  const out = outputOf(plan);
  runInChunks(session, x, dims.slice(1), out.data as Float32Array, [plan.channels, ...plan.output]);
  return out;
}

/** Sessions held now (bounded by {@link SESSION_CAPACITY}). */
export function ortSessionCount(): number {
  return sessions.size;
}
