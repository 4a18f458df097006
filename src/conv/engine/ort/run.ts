/**
 * Runs conv and pooling plans on onnxruntime: the input and the caller's output are handed to
 * the native code as they are (no copies), through cached sessions. A conv's first call with a
 * weight uses a session fed the weight at run time (one per geometry); a weight seen again gets
 * its own session with the weight stored in the model, which onnxruntime pre-packs (NCHWc on
 * x86: up to twice as fast on B and C of the benchmark).
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

interface Entry {
  readonly session: OrtSession;
  /** For a session with stored weights: the weight and bias it holds. */
  readonly stored?: readonly Float32Array[];
  dispose(): void;
}

const sessions = new LruCache<Entry>(SESSION_CAPACITY);
/** Weights seen once (their session key); a second sighting builds a session that stores them. */
const seen = new Set<string>();

function open(model: NodeModel, stored?: readonly Float32Array[]): Entry {
  const session = new OrtSession(loadOrt()!, encodeModel(model), "y");
  return { session, ...(stored && { stored }), dispose: () => session.dispose() };
}

const f32 = (data: ArrayLike<number>) => (data instanceof Float32Array ? data : Float32Array.from(data));
const ZERO: Sides = { top: 0, bottom: 0, left: 0, right: 0 };
/** NCHW dims of a plan's input (an unbatched input is a batch of one). */
const nchw = (n: number, c: number, [h, w]: readonly number[]) => [n, c, h!, w!];

/** The session for this conv and the tensors to feed it besides `x`. */
function convSession(plan: Conv2dPlan, padding: Sides): { entry: Entry; fed: Float32Array[] } {
  const weight = f32(plan.weight.data);
  const bias = plan.bias ? Float32Array.from(plan.bias) : null;
  const values = bias ? [weight, bias] : [weight];
  const geometry = convKey(plan, padding);
  const key = `${geometry} #${fingerprint(values)}`;
  const stored = sessions.peek(key);
  if (stored?.stored?.every((v, i) => sameBits(v, values[i]!))) return { entry: stored, fed: [] };
  if (stored === undefined && seen.has(key)) {
    seen.delete(key);
    const copies = values.map((v) => v.slice());
    const entry = sessions.get(key, () =>
      open(convModel(plan, padding, { weight: copies[0]!, bias: copies[1] ?? null }), copies),
    );
    return { entry, fed: [] };
  }
  if (seen.size >= 4 * SESSION_CAPACITY) seen.clear();
  seen.add(key);
  return { entry: sessions.get(geometry, () => open(convModel(plan, padding))), fed: values };
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
  const { entry, fed } = convSession(plan, padding);
  const s = entry.session;
  const feeds = { x: s.tensor(input.data as Float32Array, nchw(plan.batch, plan.inChannels, size)) };
  if (fed.length > 0) {
    Object.assign(feeds, { w: s.tensor(fed[0]!, plan.weight.shape) });
    if (fed[1]) Object.assign(feeds, { b: s.tensor(fed[1], [plan.outChannels]) });
  }
  const out = outputOf(plan);
  s.run(feeds, s.tensor(out.data as Float32Array, nchw(plan.batch, plan.outChannels, plan.output)));
  return out;
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
  const outDims = nchw(plan.batch, plan.channels, plan.output);
  session.run({ x: session.tensor(x, dims) }, session.tensor(out.data as Float32Array, outDims));
  return out;
}

/** Sessions held now (bounded by {@link SESSION_CAPACITY}). */
export function ortSessionCount(): number {
  return sessions.size;
}
