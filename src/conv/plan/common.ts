/** What every convolution plan (conv2d and its transpose) holds, filled in one place. */
import type { DType, Tensor } from "../../tensor/tensor.js";
import type { Batch } from "../layout.js";
import type { Pair } from "../params.js";
import type { ShapeArithmetic } from "../shape.js";
import { checkOut, readBias } from "./checks.js";

/** The fields of a convolution plan that do not depend on which convolution it is. */
export interface ConvPlanCommon {
  readonly input: Tensor;
  readonly weight: Tensor;
  /** N (1 for an unbatched `[C, H, W]` input). */
  readonly batch: number;
  readonly inChannels: number;
  readonly outChannels: number;
  readonly groups: number;
  readonly inPerGroup: number;
  readonly outPerGroup: number;
  /** Input `[H, W]`. */
  readonly inputSize: Pair;
  readonly kernel: Pair;
  readonly stride: Pair;
  readonly dilation: Pair;
  /** Output `[H, W]`. */
  readonly output: Pair;
  /** The shape of the result (`[N, C_out, H, W]`, or `[C_out, H, W]` for an unbatched input). */
  readonly outputShape: readonly number[];
  /** The result's dtype: the input's. */
  readonly dtype: DType;
  /** One value per output channel, or `null`. */
  readonly bias: Float64Array | null;
  /** The caller's output buffer, checked. */
  readonly out: Tensor | undefined;
  /** The output-size arithmetic, spelled out. */
  readonly arithmetic: ShapeArithmetic;
}

/** The result shape of an NCHW operation with `channels` output channels. */
export function nchwShape(batch: Batch, channels: number, output: Pair): number[] {
  return batch.unbatched ? [channels, ...output] : [batch.n, channels, ...output];
}

/**
 * The common fields of a convolution plan, once its size checks have passed: reads the bias and
 * checks the caller's `out` buffer.
 */
export function convPlanCommon(
  input: Tensor,
  weight: Tensor,
  batch: Batch,
  channels: { inChannels: number; outChannels: number; groups: number },
  arithmetic: ShapeArithmetic,
  options: { bias?: Tensor | readonly number[] | null; out?: Tensor },
): ConvPlanCommon {
  const { inChannels, outChannels, groups } = channels;
  const { height, width } = arithmetic;
  const outputShape = nchwShape(batch, outChannels, arithmetic.output);
  return {
    input,
    weight,
    batch: batch.n,
    inChannels,
    outChannels,
    groups,
    inPerGroup: inChannels / groups,
    outPerGroup: outChannels / groups,
    inputSize: [batch.h, batch.w],
    kernel: [height.kernel, width.kernel],
    stride: [height.stride, width.stride],
    dilation: [height.dilation, width.dilation],
    output: arithmetic.output,
    outputShape,
    dtype: input.dtype,
    bias: readBias(options.bias, outChannels),
    out: checkOut(options.out, outputShape, input.dtype, { input, weight }),
    arithmetic,
  };
}
