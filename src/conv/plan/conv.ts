/**
 * The plan of a 2-D convolution: its geometry computed and checked once — batch, channels,
 * groups, sizes, per-axis padding/stride/dilation, padding mode and the worked arithmetic —
 * the way tfjs computes a `Conv2DInfo` once for every backend. The reference loops and the
 * fast engine both run from a plan; {@link conv2dShape} returns its arithmetic.
 */
import { ConvLabError } from "../../errors.js";
import type { Tensor } from "../../tensor/tensor.js";
import { checkSize } from "../../tensor/tensor.js";
import { asBatch } from "../layout.js";
import { checkModeLimits } from "../pad.js";
import {
  checkPaddingMode,
  type IntOrPair,
  isZeroPadding,
  type PaddingMode,
  type PaddingSpec,
  type Sides,
} from "../params.js";
import { conv2dOutputShape } from "../shape.js";
import { checkGroups, checkOptionNames, checkWeight } from "./checks.js";
import { type ConvPlanCommon, convPlanCommon, nchwShape } from "./common.js";

/** Options of {@link conv2d}, named like PyTorch's `F.conv2d` / `nn.Conv2d`. */
export interface Conv2dOptions {
  /** One value per output channel, added to every output pixel of that channel. */
  bias?: Tensor | readonly number[] | null;
  /** Step between windows; an integer or `[h, w]`. Default 1. */
  stride?: IntOrPair;
  /** See {@link PaddingSpec}. Default 0. */
  padding?: PaddingSpec;
  /** How padded pixels are filled. Default `'zeros'`. */
  paddingMode?: PaddingMode;
  /** Spacing between kernel taps. Default 1. */
  dilation?: IntOrPair;
  /** Split channels into this many independent groups (`groups = C_in` is depthwise). Default 1. */
  groups?: number;
  /** Write the result here instead of allocating (the output's shape and dtype, sharing no memory with the input or weight). */
  out?: Tensor;
  /**
   * An activation applied to each output value in the same pass, as tfjs's `fused.conv2d` does:
   * `'relu'` gives exactly `relu(conv2d(…))` (negatives become 0; NaN stays NaN, as in
   * `torch.relu`) without a second pass over the output. Default `'none'`.
   */
  activation?: Conv2dActivation;
}

/** The activations {@link conv2d} can fuse. */
export type Conv2dActivation = "none" | "relu";

const ACTIVATIONS: readonly Conv2dActivation[] = ["none", "relu"];

function checkActivation(value: unknown): Conv2dActivation {
  if (ACTIVATIONS.includes(value as Conv2dActivation)) return value as Conv2dActivation;
  throw new ConvLabError({
    parameter: "activation",
    value,
    rule: `must be one of ${ACTIVATIONS.map((a) => `'${a}'`).join(", ")}`,
    fix: "use activation: 'relu' for relu(conv2d(…)) in one pass, or leave it out",
    category: "argument",
  });
}

/** Everything a convolution needs to run, checked. */
export interface Conv2dPlan extends ConvPlanCommon {
  readonly operation: "conv2d";
  /** Pixels added on each side (resolved from any padding spec). */
  readonly padding: Sides;
  readonly paddingMode: PaddingMode;
  /** Applied to every output value (see {@link Conv2dOptions.activation}). */
  readonly activation: Conv2dActivation;
}

/**
 * Checks a convolution's arguments once and computes its geometry.
 *
 * @example
 * ```ts
 * import { planConv2d, zeros } from "convlab";
 * const plan = planConv2d(zeros([2, 4, 28, 28]), zeros([8, 2, 3, 3]), { padding: 1, stride: 2, groups: 2 });
 * plan.outputShape; // [2, 8, 14, 14]
 * plan.inPerGroup;  // 2
 * ```
 */
export function planConv2d(input: Tensor, weight: Tensor, options: Conv2dOptions = {}): Conv2dPlan {
  checkOptionNames("conv2d", options);
  const batch = asBatch("input", input, "conv2d");
  const [cOut, , kh, kw] = checkWeight(weight, "conv2d");
  const groups = options.groups ?? 1;
  checkGroups(batch.c, weight.shape, groups);
  const paddingMode = checkPaddingMode(options.paddingMode ?? "zeros");
  const activation = checkActivation(options.activation ?? "none");
  const arithmetic = conv2dOutputShape({
    input: [batch.h, batch.w],
    kernel: [kh, kw],
    stride: options.stride ?? 1,
    padding: options.padding ?? 0,
    dilation: options.dilation ?? 1,
  });
  const { height, width, padding } = arithmetic;
  if (paddingMode !== "zeros" && !isZeroPadding(padding)) {
    checkModeLimits(paddingMode, padding, batch.h, batch.w);
    checkSize("padding", { ...padding }, [batch.n, batch.c, height.paddedInput, width.paddedInput], sizeFix);
  }
  const outputShape = nchwShape(batch, cOut, arithmetic.output);
  const large = padding.top + padding.bottom + padding.left + padding.right > batch.h + batch.w;
  checkSize(large ? "padding" : "input", large ? { ...padding } : [...input.shape], outputShape, sizeFix);
  const channels = { inChannels: batch.c, outChannels: cOut, groups };
  const common = convPlanCommon(input, weight, batch, channels, arithmetic, options);
  return { ...common, operation: "conv2d", padding, paddingMode, activation };
}

const sizeFix = "use less padding or a smaller input, or process the batch in chunks";
