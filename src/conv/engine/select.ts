/**
 * The dispatch point: which engine runs a checked conv2d plan. Engines are tried in order and the
 * first whose `supports` accepts the plan runs it; when none does, the reference loops run.
 * Another engine (say a native library chosen per shape by measurement) is one more entry of
 * {@link CONV2D_ENGINES}, placed before the engines it should win over.
 */
import type { Tensor } from "../../tensor/tensor.js";
import type { Conv2dPlan } from "../plan/conv.js";
import { conv2dFast, engineSupports } from "./wasm.js";

/** One way to run conv2d plans. */
export interface Conv2dEngine {
  /** A short name for reports and tests, e.g. "wasm-simd". */
  readonly name: string;
  /** Whether this engine runs the plan here (cheap; it may consult a measurement made once). */
  supports(plan: Conv2dPlan): boolean;
  /** Computes the plan's output (into `plan.out` when given). */
  run(plan: Conv2dPlan): Tensor;
}

/** The WebAssembly SIMD engine (native/conv-kernels.c). */
export const wasmEngine: Conv2dEngine = { name: "wasm-simd", supports: engineSupports, run: conv2dFast };

/** The engines in the order they are tried. */
export const CONV2D_ENGINES: readonly Conv2dEngine[] = [wasmEngine];

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
