/**
 * The WebAssembly runtime of the fast engine: loads the SIMD module (native/conv-kernels.c, with
 * fused multiply-adds where this Node.js runs relaxed SIMD) once on
 * a shared memory, starts the helper thread (team.ts), hands out scratch memory and runs jobs on
 * both threads. Where WebAssembly SIMD or shared memory is missing it reports once (one line on
 * stderr) and every op keeps to its reference loops.
 */
import { setFlagsFromString } from "node:v8";
import { CONV_KERNELS_RELAXED_WASM, CONV_KERNELS_WASM } from "./generated/conv-kernels-wasm.js";
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

/** The module's exports (addresses are byte offsets into the shared memory). */
export interface Kernels {
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
  run_job(job: number): void;
}

/** Set `CONVLAB_ENGINE=reference` to always run the reference loops. */
export const ENGINE_ENV = "CONVLAB_ENGINE";

/** Set `CONVLAB_FMA=0` to keep to the SIMD module without fused multiply-adds. */
export const FMA_ENV = "CONVLAB_FMA";

/**
 * The module to run: the relaxed-SIMD one (fused multiply-adds) where this Node.js accepts it,
 * else plain SIMD. Node 20's V8 runs relaxed SIMD behind a flag, set here before the module is
 * compiled (it only lets WebAssembly modules use the relaxed-SIMD instructions).
 */
function chooseModule(wasm: WasmApi): { bytes: Uint8Array; fma: boolean } {
  const relaxed = Buffer.from(CONV_KERNELS_RELAXED_WASM, "base64");
  if (process.env[FMA_ENV] !== "0") {
    if (!wasm.validate(relaxed)) setFlagsFromString("--experimental-wasm-relaxed-simd");
    if (wasm.validate(relaxed)) return { bytes: relaxed, fma: true };
  }
  return { bytes: Buffer.from(CONV_KERNELS_WASM, "base64"), fma: false };
}

/** Floats of slack after every array: the kernels may read a vector past a row's end. */
const SLACK = 16;
/** Bytes below this offset belong to the module (its stack and data). */
const BASE = 1 << 17;

/** The loaded engine: kernels on a shared memory, and a helper thread when there are two cores. */
export interface Engine {
  readonly k: Kernels;
  /** Whether the kernels fuse multiply and add (the relaxed-SIMD module). */
  readonly fma: boolean;
  readonly memory: SharedMemory;
  readonly helper: Helper | undefined;
}

let engine: Engine | null | undefined;

/** Why the fast engine is off, or `undefined` when it runs. */
export let engineUnavailable: string | undefined;

/** The engine, loaded on first use; `null` where it cannot run here (after a one-line notice). */
export function loadEngine(): Engine | null {
  if (engine !== undefined) return engine;
  engine = null;
  if (process.env[ENGINE_ENV] === "reference") {
    engineUnavailable = `${ENGINE_ENV}=reference`;
    return engine;
  }
  try {
    const wasm = (globalThis as unknown as { WebAssembly?: WasmApi }).WebAssembly;
    if (wasm === undefined) throw new Error("no WebAssembly");
    const { bytes, fma } = chooseModule(wasm);
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
    engine = { k, fma, memory, helper };
  } catch (error) {
    engineUnavailable = error instanceof Error ? error.message : String(error);
    process.stderr.write(
      `convlab: WebAssembly SIMD is not available here (${engineUnavailable}); conv2d uses the reference loops\n`,
    );
  }
  return engine;
}

/** Hands out 16-byte-aligned byte offsets in the scratch memory, growing it (it never shrinks). */
export class Scratch {
  private next = BASE;
  constructor(private readonly memory: SharedMemory) {}
  /** Room for `floats` floats (or ints) and the kernels' slack; returns its byte offset. */
  take(floats: number): number {
    const at = this.next;
    this.next += Math.ceil((floats + SLACK) / 4) * 16;
    const missing = this.next - this.memory.buffer.byteLength;
    if (missing > 0) this.memory.grow(Math.ceil(missing / 65536));
    return at;
  }
}

/** Job kinds of `run_job` (native/conv-kernels.c). */
export const JOB_CONV2D = 0;
export const JOB_MAXPOOL = 1;

/**
 * A job both threads share: `post` hands it to the helper (which starts at once), the caller
 * may then do other work (copies) and `join` makes this thread take items too until all are done.
 */
export class Job {
  /** Byte offset of the job's ints: kind, count, step, counter, then the arguments. */
  readonly at: number;
  private posted = false;
  constructor(
    private readonly e: Engine,
    scratch: Scratch,
  ) {
    this.at = scratch.take(16);
  }

  /** Posts `count` items of `kind` with these arguments (addresses). */
  post(kind: number, count: number, args: readonly number[]): void {
    const i32 = new Int32Array(this.e.memory.buffer, this.at, 16);
    const step = Math.max(1, Math.ceil(count / 32));
    i32.set([kind, count, step, 0, ...args]);
    this.posted = this.e.helper?.ready === true && count > 1;
    if (this.posted) this.e.helper!.start(this.at);
  }

  /** Works on the posted job until every item is done. */
  join(): void {
    this.e.k.run_job(this.at);
    if (this.posted) this.e.helper!.finish();
    this.posted = false;
  }
}

/** Bytes of scratch memory the engine holds (0 before its first use): bounded by the chunk size. */
export function engineMemoryBytes(): number {
  return engine ? engine.memory.buffer.byteLength : 0;
}

/** Threads the engine runs on right now: 2 once its helper thread is up, else 1 (0 when off). */
export function engineThreads(): number {
  const loaded = loadEngine();
  if (loaded === null) return 0;
  return loaded.helper?.ready ? 2 : 1;
}
