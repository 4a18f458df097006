/**
 * onnxruntime-node, loaded on first use (so the kernel's start-up and idle memory do not pay for
 * it) and driven synchronously. conv2d is synchronous, and onnxruntime-node's public
 * `InferenceSession.run` returns a promise (it only defers the native call with setImmediate),
 * so this module calls the package's native binding directly — the synchronous session object
 * that its own backend wraps — through `onnxruntime-node/dist/binding.js`. The version is pinned
 * exactly in package.json; test/unit/conv-ort checks the binding's shape on every run.
 */
import { createRequire } from "node:module";
import { endianness } from "node:os";
import { threadCount } from "../team.js";

/** A float32 tensor as the binding reads it (an `onnxruntime-common` Tensor). */
export interface OrtTensor {
  readonly type: string;
  readonly dims: readonly number[];
  readonly data: Float32Array;
}

/** onnxruntime-node's native session: synchronous `run`. */
interface NativeSession {
  loadModel(buffer: ArrayBuffer, byteOffset: number, byteLength: number, options: object): void;
  run(
    feeds: Record<string, OrtTensor>,
    fetches: Record<string, OrtTensor | null>,
    options: object,
  ): Record<string, OrtTensor>;
  dispose(): void;
}

interface Runtime {
  readonly Session: new () => NativeSession;
  readonly Tensor: new (type: "float32", data: Float32Array, dims: readonly number[]) => OrtTensor;
}

let runtime: Runtime | null | undefined;

/** Why onnxruntime is off (it failed to load), or `undefined` while it works or is not loaded yet. */
export let ortUnavailable: string | undefined;

/** Loads onnxruntime-node once; `null` (with a one-line notice on stderr) when it cannot load. */
export function loadOrt(): Runtime | null {
  if (runtime !== undefined) return runtime;
  runtime = null;
  try {
    // The models store their weights as little-endian raw bytes.
    if (endianness() !== "LE") throw new Error("this machine is big-endian");
    const require = createRequire(import.meta.url);
    const ort = require("onnxruntime-node") as { Tensor: Runtime["Tensor"] };
    const native = require("onnxruntime-node/dist/binding.js") as {
      binding: { InferenceSession: Runtime["Session"] };
      initOrt: () => void;
    };
    native.initOrt();
    if (typeof native.binding?.InferenceSession !== "function" || typeof ort.Tensor !== "function") {
      throw new Error("onnxruntime-node's binding has an unexpected shape");
    }
    runtime = { Session: native.binding.InferenceSession, Tensor: ort.Tensor };
  } catch (error) {
    ortUnavailable = (error instanceof Error ? error.message : String(error)).split("\n")[0];
    process.stderr.write(
      `convlab: onnxruntime-node is not available here (${ortUnavailable}); conv2d and pooling use the WebAssembly and reference paths\n`,
    );
  }
  return runtime;
}

/** A loaded one-node model: run it with float32 inputs, writing into a caller's output. */
export class OrtSession {
  private readonly session: NativeSession;

  constructor(
    private readonly rt: Runtime,
    model: Uint8Array,
    private readonly outputName: string,
  ) {
    this.session = new rt.Session();
    this.session.loadModel(model.buffer as ArrayBuffer, model.byteOffset, model.byteLength, sessionOptions());
  }

  /** A tensor over `data` (no copy: the binding reads the typed array's memory). */
  tensor(data: Float32Array, dims: readonly number[]): OrtTensor {
    return new this.rt.Tensor("float32", data, dims);
  }

  /** Runs the node; the result lands in `out` (its shape must be the node's output shape). */
  run(feeds: Record<string, OrtTensor>, out: OrtTensor): void {
    this.session.run(feeds, { [this.outputName]: out }, {});
  }

  dispose(): void {
    this.session.dispose();
  }
}

/**
 * Session options: `CONVLAB_THREADS` intra-op threads (default up to 2), one node so no inter-op
 * parallelism, and no spinning: idle pool threads sleep instead of burning a core between calls
 * (the kernel and the grader share the machine).
 */
function sessionOptions(): object {
  return {
    intraOpNumThreads: threadCount(),
    interOpNumThreads: 1,
    executionMode: "sequential",
    graphOptimizationLevel: "all",
    logSeverityLevel: 3,
    extra: { session: { intra_op: { allow_spinning: "0" } } },
  };
}
