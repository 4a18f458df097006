/**
 * The fast conv engine: WebAssembly SIMD kernels (native/conv-kernels.c) behind the same plan as
 * the reference loops. It runs float32 convolutions of any stride, dilation, groups and padding
 * (non-zero padding modes are materialised first by the reference `pad`), a batch chunk at a
 * time through one pooled scratch memory, so memory stays bounded however large the batch. The
 * memory is shared with a helper worker (team.ts) that computes half of every chunk.
 * Where WebAssembly SIMD or shared memory is missing it reports once and the reference loops run.
 */
import type { Tensor } from "../../tensor/tensor.js";
import { outputOf } from "../layout.js";
import { pad } from "../pad.js";
import { isZeroPadding } from "../params.js";
import type { Conv2dPlan } from "../plan/conv.js";
import { CONV_KERNELS_WASM } from "./generated/conv-kernels-wasm.js";
import { Helper, threadCount } from "./team.js";

/** A shared WebAssembly memory: growing it never detaches existing views. */
interface SharedMemory {
  readonly buffer: SharedArrayBuffer;
  grow(pages: number): number;
}

/** The parts of the WebAssembly API the engine uses (Node has it; the TS lib here does not declare it). */
interface WasmApi {
  validate(bytes: Uint8Array): boolean;
  Memory: new (descriptor: { initial: number; maximum: number; shared: boolean }) => SharedMemory;
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { exports: unknown };
}

interface Kernels {
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

/** The loaded engine: kernels on a shared memory, and a helper thread when there are two cores. */
interface Engine {
  readonly k: Kernels;
  readonly memory: SharedMemory;
  readonly helper: Helper | undefined;
}

let engine: Engine | null | undefined;

/** Why the fast engine is off, or `undefined` when it runs. */
export let engineUnavailable: string | undefined;

function load(): Engine | null {
  if (engine !== undefined) return engine;
  engine = null;
  if (process.env[ENGINE_ENV] === "reference") {
    engineUnavailable = `${ENGINE_ENV}=reference`;
    return engine;
  }
  try {
    const bytes = Buffer.from(CONV_KERNELS_WASM, "base64");
    const wasm = (globalThis as unknown as { WebAssembly?: WasmApi }).WebAssembly;
    if (wasm === undefined) throw new Error("no WebAssembly");
    if (!wasm.validate(bytes)) throw new Error("this WebAssembly has no SIMD or threads");
    const module = new wasm.Module(bytes);
    const memory = new wasm.Memory({ initial: BASE / 65536 + 1, maximum: 32768, shared: true });
    const k = new wasm.Instance(module, { env: { memory } }).exports as Kernels;
    let helper: Helper | undefined;
    try {
      helper = threadCount() > 1 ? new Helper(module, memory) : undefined;
    } catch {
      helper = undefined; // no worker threads here: one thread it is
    }
    engine = { k, memory, helper };
  } catch (error) {
    engineUnavailable = error instanceof Error ? error.message : String(error);
    process.stderr.write(
      `convlab: WebAssembly SIMD is not available here (${engineUnavailable}); conv2d uses the reference loops\n`,
    );
  }
  return engine;
}

/**
 * Whether the fast engine runs this plan: float32 input and output, on a machine with
 * WebAssembly SIMD and shared memory (and `CONVLAB_ENGINE` not set to `reference`).
 */
export function engineSupports(plan: Conv2dPlan): boolean {
  return plan.dtype === "float32" && load() !== null;
}

/** Hands out 16-byte-aligned float offsets in the scratch memory, growing it (it never shrinks). */
class Scratch {
  private next = BASE;
  constructor(private readonly memory: SharedMemory) {}
  take(floats: number): number {
    const at = this.next;
    this.next += Math.ceil((floats + SLACK) / 4) * 16;
    const missing = this.next - this.memory.buffer.byteLength;
    if (missing > 0) this.memory.grow(Math.ceil(missing / 65536));
    return at;
  }
}

/**
 * Runs a checked plan with the WebAssembly kernels (call only when {@link engineSupports} says so).
 */
export function conv2dFast(plan: Conv2dPlan): Tensor {
  const { k, memory, helper } = load()!;
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
  const padImage = padded ? cin * hp * wp : inImage;
  const outImage = cout * oh * ow;
  const perImage = inImage + (padded ? padImage : 0) + outImage;
  const chunk = Math.max(1, Math.min(batch, Math.floor(CHUNK_BYTES / 4 / perImage)));

  const scratch = new Scratch(memory);
  const geo = [scratch.take(16), scratch.take(16)] as const;
  const wOff = scratch.take(plan.weight.numel);
  const bOff = scratch.take(cout);
  const xOff = scratch.take(chunk * inImage);
  const pOff = padded ? scratch.take(chunk * padImage) : xOff;
  const yOff = scratch.take(chunk * outImage);
  const f32 = new Float32Array(memory.buffer);
  const i32 = new Int32Array(memory.buffer);
  f32.set(plan.weight.data, wOff / 4);
  if (plan.bias) f32.set(plan.bias, bOff / 4);
  else f32.fill(0, bOff / 4, bOff / 4 + cout);
  const setGeometry = (at: number, n: number) =>
    i32.set(
      [n, cin, hp, wp, cout, plan.groups, ...plan.kernel, ...plan.stride, ...plan.dilation, oh, ow],
      at / 4,
    );
  const out = outputOf(plan);
  const x = input.data;
  for (let start = 0; start < batch; start += chunk) {
    const n = Math.min(chunk, batch - start);
    f32.set(x.subarray(start * inImage, (start + n) * inImage), xOff / 4);
    if (padded) k.pad_zeros(xOff, pOff, n * cin, h, w, padding.top, padding.left, hp, wp);
    // With a helper thread, it takes the first half of the chunk and this thread the second.
    const shared = helper?.ready === true && n > 1 ? Math.floor(n / 2) : 0;
    if (shared > 0) {
      setGeometry(geo[1], shared);
      helper!.start([geo[1], pOff, wOff, bOff, yOff]);
    }
    setGeometry(geo[0], n - shared);
    k.conv2d(geo[0], pOff + shared * padImage * 4, wOff, bOff, yOff + shared * outImage * 4);
    if (shared > 0) helper!.finish();
    out.data.set(f32.subarray(yOff / 4, yOff / 4 + n * outImage), start * outImage);
  }
  return out;
}

/** Bytes of scratch memory the engine holds (0 before its first use): bounded by the chunk size. */
export function engineMemoryBytes(): number {
  return engine ? engine.memory.buffer.byteLength : 0;
}

/** Threads the engine runs on right now: 2 once its helper thread is up, else 1 (0 when off). */
export function engineThreads(): number {
  const loaded = load();
  if (loaded === null) return 0;
  return loaded.helper?.ready ? 2 : 1;
}
