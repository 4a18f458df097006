/**
 * Which plans go to onnxruntime. `CONVLAB_ENGINE` forces an engine (`native`, `ort`, `wasm`, `reference`);
 * unset (or `auto`), a float32 conv goes to onnxruntime (when the native addon does not take it
 * first, select.ts) when one image's work is big enough for the call to pay, and so does a large
 * pooling (measured with bench/conv-ort-sweep.ts, which
 * times both engines shape by shape: below the thresholds the WebAssembly kernels are as fast or
 * faster). The conv rule looks at one image, not the batch, so a batch and its slices
 * (conv2dAsync) run on the same engine and give the same bits.
 */
import type { Conv2dPlan } from "../../plan/conv.js";
import type { Pool2dPlan } from "../../plan/pool.js";
import { ENGINE_ENV } from "../wasm.js";

/** The engines `CONVLAB_ENGINE` can name; `auto` picks per shape. */
export type EngineName = "auto" | "native" | "ort" | "wasm" | "reference";

const NAMES: readonly EngineName[] = ["auto", "native", "ort", "wasm", "reference"];

/** Multiply-adds per image from which a conv goes to onnxruntime under `auto` (a 1→1 3×3 conv of a 28×28 image has 6,084). */
export const ORT_MIN_IMAGE_MACS = 1 << 13;
/** Input values from which a pooling goes to onnxruntime under `auto` (the batch included). */
export const ORT_MIN_POOL_VALUES = 1 << 16;

/**
 * The engine `CONVLAB_ENGINE` asks for (`auto` when unset or unknown).
 *
 * @example
 * ```ts
 * import { requestedEngine } from "./select.js";
 * ["auto", "native", "ort", "wasm", "reference"].includes(requestedEngine()); // true
 * ```
 */
export function requestedEngine(): EngineName {
  const value = process.env[ENGINE_ENV] ?? "auto";
  return (NAMES as readonly string[]).includes(value) ? (value as EngineName) : "auto";
}

/**
 * Multiply-adds of one image of a conv plan.
 *
 * @example
 * ```ts
 * import { planConv2d, zeros } from "convlab";
 * import { imageMacs } from "./select.js";
 * imageMacs(planConv2d(zeros([1000, 1, 28, 28]), zeros([8, 1, 3, 3]), { padding: 1 })); // 56448
 * ```
 */
export function imageMacs(plan: Conv2dPlan): number {
  const [oh, ow] = plan.output;
  const [kh, kw] = plan.kernel;
  return plan.outChannels * oh * ow * plan.inPerGroup * kh * kw;
}

/**
 * Whether onnxruntime should run this conv: float32, something to compute, and either forced
 * (`CONVLAB_ENGINE=ort`) or enough work per image under `auto`.
 *
 * @example
 * ```ts
 * import { planConv2d, zeros } from "convlab";
 * import { ortTakesConv } from "./select.js";
 * const lecture = planConv2d(zeros([1000, 1, 28, 28]), zeros([8, 1, 3, 3]), { padding: 1 });
 * const tiny = planConv2d(zeros([100, 1, 6, 6]), zeros([1, 1, 3, 3]));
 * ortTakesConv(lecture, "auto");                                       // true
 * ortTakesConv(tiny, "auto");                                          // false
 * ortTakesConv(tiny, "ort");                                           // true
 * ortTakesConv(planConv2d(zeros([1, 1, 6, 6], { dtype: "float64" }), zeros([1, 1, 3, 3])), "ort"); // false
 * ```
 */
export function ortTakesConv(plan: Conv2dPlan, engine: EngineName = requestedEngine()): boolean {
  if (plan.dtype !== "float32" || engine === "native" || engine === "wasm" || engine === "reference")
    return false;
  const macs = imageMacs(plan);
  if (macs === 0 || plan.batch === 0) return false;
  return engine === "ort" || macs >= ORT_MIN_IMAGE_MACS;
}

/**
 * Whether onnxruntime should run this pooling: float32, floor-mode windows (or a ceil mode that
 * adds no window), no `divisorOverride`, no window that sees only padding (PyTorch gives −∞
 * there, onnxruntime −3.4e38), and forced or big enough.
 *
 * @example
 * ```ts
 * import { planPool2d, zeros } from "convlab";
 * import { ortTakesPool } from "./select.js";
 * ortTakesPool(planPool2d(zeros([1000, 8, 28, 28]), 2), "auto");                          // true
 * ortTakesPool(planPool2d(zeros([1, 1, 4, 4]), 2), "auto");                               // false
 * ortTakesPool(planPool2d(zeros([1, 1, 5, 5]), 2, { ceilMode: true }), "ort");            // false
 * ortTakesPool(planPool2d(zeros([1, 1, 4, 4]), 2, { divisorOverride: 3 }, "avgPool2d"), "ort"); // false
 * ortTakesPool(planPool2d(zeros([1, 1, 1, 1]), 2, { stride: 1, padding: 1, dilation: 2 }), "ort"); // false
 * ```
 */
export function ortTakesPool(plan: Pool2dPlan, engine: EngineName = requestedEngine()): boolean {
  if (plan.dtype !== "float32" || engine === "native" || engine === "wasm" || engine === "reference")
    return false;
  if (plan.divisorOverride !== null || !floorWindows(plan) || !windowsTouchImage(plan)) return false;
  const values = plan.batch * plan.channels * plan.inputSize[0] * plan.inputSize[1];
  if (values === 0 || plan.output[0] * plan.output[1] === 0) return false;
  return engine === "ort" || values >= ORT_MIN_POOL_VALUES;
}

/** Whether the plan's output size is the floor-mode size (ONNX's ceil mode counts windows differently). */
function floorWindows(plan: Pool2dPlan): boolean {
  return [0, 1].every((axis) => {
    const span = plan.inputSize[axis]! + 2 * plan.padding[axis]!;
    const reach = plan.dilation[axis]! * (plan.kernel[axis]! - 1) + 1;
    return Math.floor((span - reach) / plan.stride[axis]!) + 1 === plan.output[axis];
  });
}

/** Whether every window has a tap inside the image (with dilation, one can fall wholly in the padding). */
function windowsTouchImage(plan: Pool2dPlan): boolean {
  return [0, 1].every((axis) => {
    const [size, k, s, p, d] = [plan.inputSize, plan.kernel, plan.stride, plan.padding, plan.dilation].map(
      (v) => v[axis]!,
    ) as [number, number, number, number, number];
    for (let i = 0; i < plan.output[axis]!; i++) {
      let touches = false;
      for (let a = 0; a < k && !touches; a++) {
        const at = i * s - p + a * d;
        touches = at >= 0 && at < size;
      }
      if (!touches) return false;
    }
    return true;
  });
}
