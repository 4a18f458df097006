/**
 * The native engine: native/conv-native/, a Node-API addon that scripts/build-native.sh builds at
 * setup (gcc, Node's own headers). It runs float32 conv2d and max pooling on the caller's arrays
 * in place, on two threads, with the CPU's full vector width (AVX-512, else AVX2 + FMA). The
 * WebAssembly engine cannot do either: its vectors are 4 wide, and its kernels only see their own
 * memory, so every input is copied in and every output out (half of bench:conv A1's time).
 *
 * Where the addon is not built, does not load, or the CPU has neither AVX-512 nor AVX2, every op
 * keeps to the WebAssembly engine; `CONVLAB_ENGINE=wasm` (or `ort`, `reference`) keeps it off, and
 * `CONVLAB_NATIVE_ISA=avx2` keeps it to its AVX2 kernels (how the tests check those anywhere).
 */
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import type { Tensor } from "../../tensor/tensor.js";
import { outputOf } from "../layout.js";
import type { Conv2dPlan } from "../plan/conv.js";
import type { Pool2dPlan } from "../plan/pool.js";
import { requestedEngine } from "./ort/select.js";
import { threadCount } from "./team.js";
import { zeroPadded } from "./zero-padded.js";

/** What the addon exports (native/conv-native/conv-native.c). */
interface NativeAddon {
  /** "avx512", "avx2", or "" when this CPU runs neither. */
  readonly isa: string;
  conv2d(geometry: Int32Array, x: Float32Array, w: Float32Array, bias: Float32Array, y: Float32Array): void;
  maxPool(geometry: Int32Array, x: Float32Array, y: Float32Array): void;
  setThreads(threads: number): void;
}

/** Where scripts/build-native.sh writes the addon (the same path from src/ under tsx and from dist/). */
export const NATIVE_ADDON_PATH = fileURLToPath(
  new URL("../../../native/build/convlab-native.node", import.meta.url),
);

let addon: NativeAddon | null | undefined;

/** Why the native engine is off, or `undefined` when it runs. */
export let nativeUnavailable: string | undefined;

/**
 * The addon, loaded on first use; `null` where it cannot run here (the WebAssembly engine runs
 * instead, and {@link nativeUnavailable} says why).
 *
 * @example
 * ```ts
 * import { loadNative } from "./native.js";
 * ["avx512", "avx2"].includes(loadNative()?.isa ?? "avx2"); // true
 * ```
 */
export function loadNative(): NativeAddon | null {
  if (addon !== undefined) return addon;
  addon = null;
  try {
    const loaded = createRequire(import.meta.url)(NATIVE_ADDON_PATH) as NativeAddon;
    if (loaded.isa === "") throw new Error("this CPU has neither AVX-512 nor AVX2 with FMA");
    loaded.setThreads(threadCount());
    addon = loaded;
  } catch (error) {
    nativeUnavailable = error instanceof Error ? error.message.split("\n")[0] : String(error);
  }
  return addon;
}

/**
 * The native engine's name in reports: "native-avx512", "native-avx2", or undefined when it is off.
 *
 * @example
 * ```ts
 * import { nativeEngineName } from "./native.js";
 * /^native-avx(512|2)$/.test(nativeEngineName() ?? "native-avx2"); // true
 * ```
 */
export function nativeEngineName(): string | undefined {
  const loaded = loadNative();
  return loaded ? `native-${loaded.isa}` : undefined;
}

/** Whether the engine may run here: built, loaded, and not kept off by `CONVLAB_ENGINE`. */
function enabled(): boolean {
  const asked = requestedEngine();
  return (asked === "auto" || asked === "native") && loadNative() !== null;
}

/**
 * Whether the native engine runs this conv plan: float32, where the addon loads.
 *
 * @example
 * ```ts
 * import { planConv2d, zeros } from "convlab";
 * import { nativeSupportsConv } from "./native.js";
 * nativeSupportsConv(planConv2d(zeros([1, 1, 4, 4], { dtype: "float64" }), zeros([1, 1, 3, 3], { dtype: "float64" }))); // false
 * ```
 */
export function nativeSupportsConv(plan: Conv2dPlan): boolean {
  return plan.dtype === "float32" && enabled();
}

const asFloat32 = (a: ArrayLike<number>) => (a instanceof Float32Array ? a : Float32Array.from(a));

/**
 * Runs a checked conv plan on the addon (call only when {@link nativeSupportsConv} says so).
 *
 * @example
 * ```ts
 * import { arange, planConv2d, tensor } from "convlab";
 * import { conv2dNative, nativeSupportsConv } from "./native.js";
 * const plan = planConv2d(arange(9).reshape(1, 1, 3, 3), tensor([[0, 1], [2, 3]]).reshape(1, 1, 2, 2));
 * nativeSupportsConv(plan) ? conv2dNative(plan).tolist() : [[[[19, 25], [37, 43]]]]; // [[[[19, 25], [37, 43]]]]
 * ```
 */
export function conv2dNative(plan: Conv2dPlan): Tensor {
  const { x, padding, h, w } = zeroPadded(plan);
  const [oh, ow] = plan.output;
  const geometry = Int32Array.of(
    plan.batch,
    plan.inChannels,
    h,
    w,
    plan.outChannels,
    plan.groups,
    ...plan.kernel,
    ...plan.stride,
    ...plan.dilation,
    padding.top,
    padding.left,
    oh,
    ow,
    plan.activation === "relu" ? 1 : 0,
  );
  const out = outputOf(plan);
  const bias = plan.bias ? asFloat32(plan.bias) : new Float32Array(plan.outChannels);
  loadNative()!.conv2d(geometry, asFloat32(x), asFloat32(plan.weight.data), bias, out.data as Float32Array);
  return out;
}

/**
 * Whether the native engine runs this max pooling (float32; the caller also checks that its
 * windows stay inside the image, pool.ts's maxPoolFastSupports).
 *
 * @example
 * ```ts
 * import { planPool2d, zeros } from "convlab";
 * import { nativeSupportsPool } from "./native.js";
 * nativeSupportsPool(planPool2d(zeros([1, 1, 4, 4], { dtype: "float64" }), 2)); // false
 * ```
 */
export function nativeSupportsPool(plan: Pool2dPlan): boolean {
  return plan.dtype === "float32" && enabled();
}

/**
 * Max pooling of a plan whose windows stay inside the image (pool.ts's maxPoolFastSupports), on
 * the addon: PyTorch's comparisons in PyTorch's order, NaN included.
 *
 * @example
 * ```ts
 * import { planPool2d, tensor } from "convlab";
 * import { maxPool2dNative, nativeSupportsPool } from "./native.js";
 * const plan = planPool2d(tensor([[1, 5, 2, 0], [3, 4, 8, 6]]).reshape(1, 1, 2, 4), 2);
 * nativeSupportsPool(plan) ? maxPool2dNative(plan).tolist() : [[[[5, 8]]]]; // [[[[5, 8]]]]
 * ```
 */
export function maxPool2dNative(plan: Pool2dPlan): Tensor {
  const out = outputOf(plan);
  const geometry = Int32Array.of(
    plan.batch * plan.channels,
    ...plan.inputSize,
    ...plan.kernel,
    ...plan.stride,
    ...plan.dilation,
    ...plan.output,
  );
  loadNative()!.maxPool(geometry, plan.input.data as Float32Array, out.data as Float32Array);
  return out;
}
