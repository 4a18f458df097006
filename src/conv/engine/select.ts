/**
 * The dispatch point: which engine runs a checked conv2d plan. Engines are tried in order; the
 * first whose `supports` accepts the plan runs it, and if it cannot after all (onnxruntime
 * failed), the next one that supports it does; when none does, the reference loops run.
 *
 * The order is the measurement (bench:conv, bench/conv-ort-sweep.ts). The native kernels win
 * everywhere they run: on the lecture's few-channel layers (1→8 3×3 and 5×5) by 4–6× over the
 * WebAssembly kernels, and on wide layers (LeNet's 6→16 5×5, a 32→64 3×3) over onnxruntime (B
 * 0.72 against 1.15 ms, C 8.5 against 9.8 ms). Where the addon is not built or cannot run,
 * onnxruntime wins on wide layers, where a conv is a deep matrix product, and the WebAssembly
 * kernels on few channels and small images; onnxruntime then takes what those do not support.
 */
import type { Tensor } from "../../tensor/tensor.js";
import type { Conv2dPlan } from "../plan/conv.js";
import { conv2dNative, nativeEngineName, nativeSupportsConv } from "./native.js";
import { ortConv2d } from "./ort/index.js";
import { ortTakesConv, requestedEngine } from "./ort/select.js";
import { conv2dFast, engineSupports } from "./wasm.js";

/** relu over an engine's output: negatives become 0, NaN stays NaN (as the reference's). */
function reluInPlace(y: Float32Array | Float64Array): void {
  for (let i = 0; i < y.length; i++) if (y[i]! < 0) y[i] = 0;
}

/** One way to run conv2d plans. */
export interface Conv2dEngine {
  /** A short name for reports and tests, e.g. "wasm-simd". */
  readonly name: string;
  /** Whether this engine runs the plan here (cheap; it may consult a measurement made once). */
  supports(plan: Conv2dPlan): boolean;
  /** Computes the plan's output (into `plan.out` when given); `undefined` if it could not after all. */
  run(plan: Conv2dPlan): Tensor | undefined;
  /** Whether `run` applies the plan's activation itself (else it is applied to the output after). */
  readonly fusesActivation: boolean;
}

/**
 * Depth of the matrix product (input channels per group × kernel taps) from which onnxruntime
 * runs a conv ahead of the WebAssembly kernels: B (6·5·5 = 150) and C (32·3·3 = 288) go native,
 * the lecture's 1→8 layers (9 and 25) stay on WebAssembly.
 */
export const ORT_MIN_DEPTH = 64;

/**
 * The depth of a conv's matrix product: input channels per group × kernel taps.
 *
 * @example
 * ```ts
 * import { planConv2d, zeros } from "convlab";
 * import { productDepth } from "./select.js";
 * productDepth(planConv2d(zeros([1, 6, 14, 14]), zeros([16, 6, 5, 5]))); // 150
 * ```
 */
export function productDepth(plan: Conv2dPlan): number {
  return plan.inPerGroup * plan.kernel[0] * plan.kernel[1];
}

/** onnxruntime on wide layers (or on every plan it takes when `CONVLAB_ENGINE=ort`). */
export const ortWideEngine: Conv2dEngine = {
  name: "onnxruntime",
  supports: (plan) =>
    ortTakesConv(plan) && (requestedEngine() === "ort" || productDepth(plan) >= ORT_MIN_DEPTH),
  run: ortConv2d,
  fusesActivation: false,
};

/** The native engine (native/conv-native/, AVX-512 or AVX2 on the caller's arrays). */
export const nativeEngine: Conv2dEngine = {
  get name() {
    return nativeEngineName() ?? "native";
  },
  supports: nativeSupportsConv,
  run: conv2dNative,
  fusesActivation: true,
};

/** The WebAssembly SIMD engine (native/conv-kernels.c). */
export const wasmEngine: Conv2dEngine = {
  name: "wasm-simd",
  supports: engineSupports,
  run: conv2dFast,
  fusesActivation: true,
};

/** onnxruntime for what the WebAssembly kernels do not support and is big enough to pay. */
export const ortRestEngine: Conv2dEngine = {
  name: "onnxruntime",
  supports: (plan) => ortTakesConv(plan),
  run: ortConv2d,
  fusesActivation: false,
};

/** The engines in the order they are tried. */
export const CONV2D_ENGINES: readonly Conv2dEngine[] = [
  nativeEngine,
  ortWideEngine,
  wasmEngine,
  ortRestEngine,
];

/**
 * The engine that runs this plan, or `undefined` for the reference loops.
 *
 * @example
 * ```ts
 * import { planConv2d, zeros } from "convlab";
 * import { selectConv2dEngine } from "./select.js";
 * const plan = planConv2d(zeros([1, 1, 4, 4], { dtype: "float64" }), zeros([1, 1, 3, 3], { dtype: "float64" }));
 * selectConv2dEngine(plan) === undefined; // true (float64 runs the reference loops)
 * ```
 */
export function selectConv2dEngine(plan: Conv2dPlan): Conv2dEngine | undefined {
  return CONV2D_ENGINES.find((engine) => engine.supports(plan));
}

/**
 * Runs the plan on the first engine that supports it and succeeds; `undefined` when none does
 * (the caller runs the reference loops).
 *
 * @example
 * ```ts
 * import { planConv2d, zeros } from "convlab";
 * import { runOnEngines } from "./select.js";
 * const plan = planConv2d(zeros([1, 1, 4, 4], { dtype: "float64" }), zeros([1, 1, 3, 3], { dtype: "float64" }));
 * runOnEngines(plan) === undefined; // true (no engine takes float64: the caller runs the reference)
 * ```
 */
export function runOnEngines(plan: Conv2dPlan): Tensor | undefined {
  for (const engine of CONV2D_ENGINES) {
    if (!engine.supports(plan)) continue;
    const output = engine.run(plan);
    if (!output) continue;
    if (plan.activation === "relu" && !engine.fusesActivation) reluInPlace(output.data);
    return output;
  }
  return undefined;
}
