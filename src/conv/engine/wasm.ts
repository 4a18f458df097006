/**
 * The fast conv engine: WebAssembly SIMD kernels (native/conv-kernels.c) behind the same plan as
 * the reference loops. It runs float32 convolutions of any stride, dilation, groups and padding
 * (non-zero padding modes are materialised first by the reference `pad`), a batch chunk at a
 * time through one pooled scratch memory, so memory stays bounded however large the batch.
 * Where WebAssembly SIMD is missing it reports once and the reference loops run instead.
 */
import type { Tensor } from "../../tensor/tensor.js";
import { outputOf } from "../layout.js";
import { pad } from "../pad.js";
import { isZeroPadding } from "../params.js";
import type { Conv2dPlan } from "../plan/conv.js";
import { CONV_KERNELS_WASM } from "./generated/conv-kernels-wasm.js";

/** The parts of the WebAssembly API the engine uses (Node has it; the TS lib here does not declare it). */
interface WasmApi {
  validate(bytes: Uint8Array): boolean;
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { exports: unknown };
}

interface Kernels {
  readonly memory: { readonly buffer: ArrayBuffer; grow(pages: number): number };
  conv2d(geo: number, x: number, w: number, bias: number, y: number): void;
  pad_zeros(
    x: number,
    xp: number,
    planes: number,
    h: number,
    w: number,
    top: number,
    left: number,
    hp: number,
    wp: number,
  ): void;
}

/** Set `CONVLAB_ENGINE=reference` to always run the reference loops. */
export const ENGINE_ENV = "CONVLAB_ENGINE";

/** Scratch bytes a chunk of a batch aims at (input, padded input and output together). */
const CHUNK_BYTES = 2 << 20;
/** Floats of slack after every array: the kernels may read a vector past a row's end. */
const SLACK = 16;
/** Bytes below this offset belong to the module (its stack and data). */
const BASE = 1 << 17;

let kernels: Kernels | null | undefined;

/** Why the fast engine is off, or `undefined` when it runs. */
export let engineUnavailable: string | undefined;

function load(): Kernels | null {
  if (kernels !== undefined) return kernels;
  kernels = null;
  if (process.env[ENGINE_ENV] === "reference") {
    engineUnavailable = `${ENGINE_ENV}=reference`;
    return kernels;
  }
  try {
    const bytes = Buffer.from(CONV_KERNELS_WASM, "base64");
    const wasm = (globalThis as { WebAssembly?: WasmApi }).WebAssembly;
    if (wasm === undefined) throw new Error("no WebAssembly");
    if (!wasm.validate(bytes)) throw new Error("this WebAssembly has no SIMD");
    const instance = new wasm.Instance(new wasm.Module(bytes), {});
    kernels = instance.exports as unknown as Kernels;
  } catch (error) {
    engineUnavailable = error instanceof Error ? error.message : String(error);
    process.stderr.write(
      `convlab: WebAssembly SIMD is not available here (${engineUnavailable}); conv2d uses the reference loops\n`,
    );
  }
  return kernels;
}

/**
 * Whether the fast engine runs this plan: float32 input and output, on a machine with
 * WebAssembly SIMD (and `CONVLAB_ENGINE` not set to `reference`).
 */
export function engineSupports(plan: Conv2dPlan): boolean {
  return plan.dtype === "float32" && load() !== null;
}

/** Hands out 16-byte-aligned float offsets in the scratch memory, growing it (it never shrinks). */
class Scratch {
  private next = BASE;
  constructor(private readonly k: Kernels) {}
  take(floats: number): number {
    const at = this.next;
    this.next += Math.ceil((floats + SLACK) / 4) * 16;
    const missing = this.next - this.k.memory.buffer.byteLength;
    if (missing > 0) this.k.memory.grow(Math.ceil(missing / 65536));
    return at;
  }
}

/**
 * Runs a checked plan with the WebAssembly kernels (call only when {@link engineSupports} says so).
 */
export function conv2dFast(plan: Conv2dPlan): Tensor {
  const k = load()!;
  let input = plan.input;
  let padding = plan.padding;
  let [h, w] = plan.inputSize;
  if (plan.paddingMode !== "zeros" && !isZeroPadding(padding)) {
    input = pad(input, padding, plan.paddingMode);
    h += padding.top + padding.bottom;
    w += padding.left + padding.right;
    padding = { top: 0, bottom: 0, left: 0, right: 0 };
  }
  const hp = h + padding.top + padding.bottom;
  const wp = w + padding.left + padding.right;
  const padded = !isZeroPadding(padding);
  const { batch, inChannels: cin, outChannels: cout } = plan;
  const [oh, ow] = plan.output;
  const inImage = cin * h * w;
  const padImage = padded ? cin * hp * wp : 0;
  const outImage = cout * oh * ow;
  const chunk = Math.max(1, Math.min(batch, Math.floor(CHUNK_BYTES / 4 / (inImage + padImage + outImage))));

  const scratch = new Scratch(k);
  const geo = scratch.take(16);
  const wOff = scratch.take(plan.weight.numel);
  const bOff = scratch.take(cout);
  const xOff = scratch.take(chunk * inImage);
  const pOff = padded ? scratch.take(chunk * padImage) : xOff;
  const yOff = scratch.take(chunk * outImage);
  const f32 = new Float32Array(k.memory.buffer);
  f32.set(plan.weight.data, wOff / 4);
  if (plan.bias) f32.set(plan.bias, bOff / 4);
  else f32.fill(0, bOff / 4, bOff / 4 + cout);
  const out = outputOf(plan);
  const x = input.data;
  for (let start = 0; start < batch; start += chunk) {
    const n = Math.min(chunk, batch - start);
    new Int32Array(k.memory.buffer, geo, 14).set([
      n,
      cin,
      hp,
      wp,
      cout,
      plan.groups,
      plan.kernel[0],
      plan.kernel[1],
      plan.stride[0],
      plan.stride[1],
      plan.dilation[0],
      plan.dilation[1],
      oh,
      ow,
    ]);
    f32.set(x.subarray(start * inImage, (start + n) * inImage), xOff / 4);
    if (padded) k.pad_zeros(xOff, pOff, n * cin, h, w, padding.top, padding.left, hp, wp);
    k.conv2d(geo, pOff, wOff, bOff, yOff);
    out.data.set(f32.subarray(yOff / 4, yOff / 4 + n * outImage), start * outImage);
  }
  return out;
}

/** Bytes of scratch memory the engine holds (0 before its first use): bounded by the chunk size. */
export function engineMemoryBytes(): number {
  return kernels ? kernels.memory.buffer.byteLength : 0;
}
