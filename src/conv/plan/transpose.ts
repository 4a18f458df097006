/** The plan of a transposed convolution: geometry and checks, computed once. */
import type { Tensor } from "../../tensor/tensor.js";
import { checkSize } from "../../tensor/tensor.js";
import { asBatch } from "../layout.js";
import type { IntOrPair, Pair } from "../params.js";
import { convTranspose2dOutputShape } from "../shape.js";
import { checkGroups, checkOptionNames, checkWeight } from "./checks.js";
import { type ConvPlanCommon, convPlanCommon, nchwShape } from "./common.js";

/** Options of {@link convTranspose2d}, named like PyTorch's `F.conv_transpose2d`. */
export interface ConvTranspose2dOptions {
  bias?: Tensor | readonly number[] | null;
  /** Spacing of the input pixels in the output ("a stride of 1/s" seen from the output). Default 1. */
  stride?: IntOrPair;
  /** Removes `padding` pixels from each side of the full output. Default 0. */
  padding?: IntOrPair;
  /** Extra rows/columns added at the bottom/right, to pick among outputs sizes that stride maps together. */
  outputPadding?: IntOrPair;
  dilation?: IntOrPair;
  groups?: number;
  out?: Tensor;
}

/** Everything a transposed convolution needs to run, checked. */
export interface ConvTranspose2dPlan extends ConvPlanCommon {
  readonly operation: "convTranspose2d";
  /** Pixels removed from each side of the full output, `[h, w]`. */
  readonly padding: Pair;
}

/**
 * Checks a transposed convolution's arguments once and computes its geometry.
 *
 * @example
 * ```ts
 * import { planConvTranspose2d, zeros } from "convlab";
 * planConvTranspose2d(zeros([1, 4, 7, 7]), zeros([4, 2, 2, 2]), { stride: 2 }).outputShape; // [1, 2, 14, 14]
 * ```
 */
export function planConvTranspose2d(
  input: Tensor,
  weight: Tensor,
  options: ConvTranspose2dOptions = {},
): ConvTranspose2dPlan {
  checkOptionNames("convTranspose2d", options);
  const batch = asBatch("input", input, "convTranspose2d");
  const [cIn, outPerGroup, kh, kw] = checkWeight(weight, "convTranspose2d");
  const groups = options.groups ?? 1;
  checkGroups(batch.c, weight.shape, groups, true);
  const arithmetic = convTranspose2dOutputShape({
    input: [batch.h, batch.w],
    kernel: [kh, kw],
    stride: options.stride ?? 1,
    padding: options.padding ?? 0,
    outputPadding: options.outputPadding ?? 0,
    dilation: options.dilation ?? 1,
  });
  const { height, width } = arithmetic;
  const cOut = outPerGroup * groups;
  const outputShape = nchwShape(batch, cOut, arithmetic.output);
  checkSize(
    "stride",
    options.stride,
    outputShape,
    "use a smaller stride or input, or process the batch in chunks",
  );
  const channels = { inChannels: cIn, outChannels: cOut, groups };
  const common = convPlanCommon(input, weight, batch, channels, arithmetic, options);
  return {
    ...common,
    operation: "convTranspose2d",
    padding: [height.padBefore, width.padBefore],
    arithmetic,
  };
}
