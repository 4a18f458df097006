import { ConvLabError } from "../errors.js";
import { Tensor } from "../tensor/tensor.js";
import { asBatch, outputBatch } from "./layout.js";
import { pad } from "./pad.js";
import {
  checkPaddingMode,
  type IntOrPair,
  isZeroPadding,
  type PaddingMode,
  type PaddingSpec,
} from "./params.js";
import { conv2dOutputShape, type ShapeArithmetic } from "./shape.js";

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
  /** Write the result here instead of allocating (must have the output's shape and dtype). */
  out?: Tensor;
}

/** Checks channel/group consistency the way PyTorch does, with a fix in every message. */
export function checkGroups(
  inChannels: number,
  weightShape: readonly number[],
  groups: number,
  transposed = false,
): void {
  if (!Number.isInteger(groups) || groups < 1) {
    throw new ConvLabError({
      parameter: "groups",
      value: groups,
      rule: "groups must be a positive integer",
      fix: "use groups: 1 for an ordinary convolution, or groups: C_in for a depthwise one",
      category: "groups",
    });
  }
  if (inChannels % groups !== 0) {
    throw new ConvLabError({
      parameter: "groups",
      value: groups,
      rule: `in_channels must be divisible by groups: ${inChannels} is not a multiple of ${groups}`,
      fix: `use a groups value that divides ${inChannels}`,
      category: "groups",
    });
  }
  const outChannels = transposed ? weightShape[1]! * groups : weightShape[0]!;
  if (outChannels % groups !== 0) {
    throw new ConvLabError({
      parameter: "groups",
      value: groups,
      rule: `out_channels must be divisible by groups: ${outChannels} is not a multiple of ${groups}`,
      fix: `use a groups value that divides ${outChannels}`,
      category: "groups",
    });
  }
  const expected = transposed ? inChannels : inChannels / groups;
  const actual = transposed ? weightShape[0]! : weightShape[1]!;
  if (actual !== expected) {
    const layout = transposed ? "[C_in, C_out/groups, kH, kW]" : "[C_out, C_in/groups, kH, kW]";
    throw new ConvLabError({
      parameter: "weight",
      value: [...weightShape],
      rule: `weight ${layout} expects the input to have ${transposed ? actual : actual * groups} channels (groups=${groups}), but it has ${inChannels}`,
      fix: transposed
        ? `give the weight ${inChannels} rows, or pass an input with ${actual} channels`
        : `give the weight ${inChannels / groups} input channels, or pass an input with ${actual * groups} channels`,
      category: "channels",
    });
  }
}

/** Reads a bias argument into an array of `length` numbers, or zeros when absent. */
export function readBias(bias: Tensor | readonly number[] | null | undefined, length: number): Float64Array {
  const values = new Float64Array(length);
  if (bias === undefined || bias === null) return values;
  const source = bias instanceof Tensor ? Array.from(bias.data) : bias;
  if (source.length !== length) {
    throw new ConvLabError({
      parameter: "bias",
      value: bias instanceof Tensor ? [...bias.shape] : source.length,
      rule: `needs one value per output channel: ${length}, got ${source.length}`,
      fix: `pass ${length} bias values, or bias: null`,
      category: "shape",
    });
  }
  values.set(source);
  return values;
}

/** Checks that a weight is `[C_out, C_in/groups, kH, kW]`. */
export function checkWeight(weight: Tensor, operation: string): readonly [number, number, number, number] {
  if (!(weight instanceof Tensor) || weight.ndim !== 4) {
    throw new ConvLabError({
      parameter: "weight",
      value: weight instanceof Tensor ? [...weight.shape] : typeof weight,
      rule: `${operation} needs a 4-D weight tensor`,
      fix: "a single 2-D kernel K becomes K.reshape(1, 1, kH, kW)",
      category: "shape",
    });
  }
  return weight.shape as unknown as readonly [number, number, number, number];
}

/**
 * The shape arithmetic {@link conv2d} will use for this input, weight and options, without computing.
 *
 * @example
 * ```ts
 * import { conv2dShape, zeros } from "convlab";
 * conv2dShape(zeros([1, 1, 8, 8]), zeros([1, 1, 3, 3]), { padding: 1, stride: 2 }).output; // [4, 4]
 * ```
 */
export function conv2dShape(input: Tensor, weight: Tensor, options: Conv2dOptions = {}): ShapeArithmetic {
  const batch = asBatch("input", input, "conv2d");
  const [, , kh, kw] = checkWeight(weight, "conv2d");
  checkGroups(batch.c, weight.shape, options.groups ?? 1);
  const shape = conv2dOutputShape({
    input: [batch.h, batch.w],
    kernel: [kh, kw],
    stride: options.stride ?? 1,
    padding: options.padding ?? 0,
    dilation: options.dilation ?? 1,
  });
  checkPaddingMode(options.paddingMode ?? "zeros");
  return shape;
}

/**
 * 2-D cross-correlation over a batch, exactly as PyTorch's `F.conv2d` computes it
 * (no kernel flip): `out[n,o,i,j] = bias[o] + Σ x_pad[n, g·C_g + c, i·s_h + a·d_h, j·s_w + e·d_w] · w[o,c,a,e]`.
 *
 * Input `[N, C_in, H, W]` (or `[C_in, H, W]`), weight `[C_out, C_in/groups, kH, kW]`.
 * The output keeps the input's dtype.
 *
 * @example
 * ```ts
 * import { arange, conv2d, tensor } from "convlab";
 * const X = arange(9).reshape(1, 1, 3, 3);
 * const K = tensor([[0, 1], [2, 3]]).reshape(1, 1, 2, 2);
 * conv2d(X, K).tolist();                              // [[[[19, 25], [37, 43]]]]
 * conv2d(X, K, { padding: 1, stride: [3, 2] }).tolist(); // [[[[0, 8], [6, 8]]]]
 * ```
 */
export function conv2d(input: Tensor, weight: Tensor, options: Conv2dOptions = {}): Tensor {
  const shape = conv2dShape(input, weight, options);
  const mode = checkPaddingMode(options.paddingMode ?? "zeros");
  let batch = asBatch("input", input, "conv2d");
  let padding = shape.padding;
  // Non-zero padding modes materialise the padded input; zeros are skipped implicitly below.
  if (mode !== "zeros" && !isZeroPadding(padding)) {
    batch = asBatch("input", pad(input, padding, mode), "conv2d");
    padding = { top: 0, bottom: 0, left: 0, right: 0 };
  }
  const [cOut, cPerGroup, kh, kw] = weight.shape as [number, number, number, number];
  const groups = options.groups ?? 1;
  const outPerGroup = cOut / groups;
  const bias = readBias(options.bias, cOut);
  const [oh, ow] = shape.output;
  const { height: ha, width: wa } = shape;
  const out = outputBatch(batch, cOut, oh, ow, input.dtype, options.out);
  const x = batch.tensor.data;
  const w = weight.data;
  const y = out.data;
  const { h, w: width } = batch;

  for (let n = 0; n < batch.n; n++) {
    for (let o = 0; o < cOut; o++) {
      const firstChannel = Math.floor(o / outPerGroup) * cPerGroup;
      for (let i = 0; i < oh; i++) {
        const top = i * ha.stride - padding.top;
        // Kernel rows whose tap lands inside the image (the rest read zero padding).
        const aFrom = Math.max(0, Math.ceil(-top / ha.dilation));
        const aTo = Math.min(kh, Math.floor((h - 1 - top) / ha.dilation) + 1);
        for (let j = 0; j < ow; j++) {
          const left = j * wa.stride - padding.left;
          const eFrom = Math.max(0, Math.ceil(-left / wa.dilation));
          const eTo = Math.min(kw, Math.floor((width - 1 - left) / wa.dilation) + 1);
          let sum = bias[o]!;
          for (let c = 0; c < cPerGroup; c++) {
            const xPlane = (n * batch.c + firstChannel + c) * h * width;
            const wPlane = (o * cPerGroup + c) * kh * kw;
            for (let a = aFrom; a < aTo; a++) {
              const xRow = xPlane + (top + a * ha.dilation) * width + left;
              const wRow = wPlane + a * kw;
              for (let e = eFrom; e < eTo; e++) sum += x[xRow + e * wa.dilation]! * w[wRow + e]!;
            }
          }
          y[((n * cOut + o) * oh + i) * ow + j] = sum;
        }
      }
    }
  }
  return out;
}
