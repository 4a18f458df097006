import type { Tensor } from "../tensor/tensor.js";
import { checkGroups, checkWeight, readBias } from "./conv2d.js";
import { asBatch, outputBatch } from "./layout.js";
import type { IntOrPair } from "./params.js";
import { convTranspose2dOutputShape, type ShapeArithmetic } from "./shape.js";

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

/**
 * The shape arithmetic {@link convTranspose2d} will use.
 *
 * @example
 * ```ts
 * import { convTranspose2dShape, zeros } from "convlab";
 * convTranspose2dShape(zeros([1, 1, 3, 3]), zeros([1, 1, 3, 3]), { stride: 2, padding: 1, outputPadding: 1 }).output; // [6, 6]
 * ```
 */
export function convTranspose2dShape(
  input: Tensor,
  weight: Tensor,
  options: ConvTranspose2dOptions = {},
): ShapeArithmetic {
  const batch = asBatch("input", input, "convTranspose2d");
  const [, , kh, kw] = checkWeight(weight, "convTranspose2d");
  checkGroups(batch.c, weight.shape, options.groups ?? 1, true);
  return convTranspose2dOutputShape({
    input: [batch.h, batch.w],
    kernel: [kh, kw],
    stride: options.stride ?? 1,
    padding: options.padding ?? 0,
    outputPadding: options.outputPadding ?? 0,
    dilation: options.dilation ?? 1,
  });
}

/**
 * Transposed convolution (PyTorch's `F.conv_transpose2d`): every input pixel scatters a
 * copy of the kernel, scaled by its value, into the output at `stride` spacing. With
 * stride 2 it is the "stride of ½" that doubles the resolution.
 *
 * Weight layout is `[C_in, C_out/groups, kH, kW]` (note: C_in first, as in PyTorch).
 *
 * @example
 * ```ts
 * import { convTranspose2d, tensor } from "convlab";
 * const X = tensor([[0, 1], [2, 3]]).reshape(1, 1, 2, 2);
 * const K = tensor([[0, 1], [2, 3]]).reshape(1, 1, 2, 2);
 * convTranspose2d(X, K).tolist(); // [[[[0, 0, 1], [0, 4, 6], [4, 12, 9]]]]
 * convTranspose2d(X, K, { stride: 2 }).shape; // [1, 1, 4, 4]
 * ```
 */
export function convTranspose2d(input: Tensor, weight: Tensor, options: ConvTranspose2dOptions = {}): Tensor {
  const shape = convTranspose2dShape(input, weight, options);
  const batch = asBatch("input", input, "convTranspose2d");
  const groups = options.groups ?? 1;
  const [cIn, outPerGroup, kh, kw] = weight.shape as [number, number, number, number];
  const inPerGroup = cIn / groups;
  const cOut = outPerGroup * groups;
  const bias = readBias(options.bias, cOut);
  const [oh, ow] = shape.output;
  const { height: ha, width: wa } = shape;
  const out = outputBatch(batch, cOut, oh, ow, input.dtype, options.out);
  const acc = new Float64Array(out.numel);
  const x = input.data;
  const w = weight.data;
  for (let n = 0; n < batch.n; n++) {
    for (let ci = 0; ci < cIn; ci++) {
      const g = Math.floor(ci / inPerGroup);
      for (let i = 0; i < batch.h; i++) {
        for (let j = 0; j < batch.w; j++) {
          const value = x[((n * cIn + ci) * batch.h + i) * batch.w + j]!;
          for (let oc = 0; oc < outPerGroup; oc++) {
            const o = g * outPerGroup + oc;
            const wPlane = (ci * outPerGroup + oc) * kh * kw;
            const yPlane = (n * cOut + o) * oh * ow;
            for (let a = 0; a < kh; a++) {
              const r = i * ha.stride - ha.padBefore + a * ha.dilation;
              if (r < 0 || r >= oh) continue;
              for (let e = 0; e < kw; e++) {
                const c = j * wa.stride - wa.padBefore + e * wa.dilation;
                if (c < 0 || c >= ow) continue;
                acc[yPlane + r * ow + c]! += value * w[wPlane + a * kw + e]!;
              }
            }
          }
        }
      }
    }
  }
  for (let n = 0; n < batch.n; n++) {
    for (let o = 0; o < cOut; o++) {
      const plane = (n * cOut + o) * oh * ow;
      for (let p = 0; p < oh * ow; p++) out.data[plane + p] = acc[plane + p]! + bias[o]!;
    }
  }
  return out;
}
