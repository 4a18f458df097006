import { ConvLabError } from "../errors.js";
import { allocate, Tensor } from "../tensor/tensor.js";
import { conv2dOutputShape } from "./shape.js";

/**
 * The book's single-channel 2-D cross-correlation (D2L's `corr2d`), written as plainly
 * as the book writes it: slide the kernel over the image and sum the elementwise products.
 *
 * `X` is `[H, W]`, `K` is `[kH, kW]`; the result is `[H − kH + 1, W − kW + 1]`.
 *
 * @example
 * ```ts
 * import { arange, corr2d, tensor } from "convlab";
 * corr2d(arange(9).reshape(3, 3), tensor([[0, 1], [2, 3]])).tolist(); // [[19, 25], [37, 43]]
 * ```
 */
export function corr2d(X: Tensor, K: Tensor): Tensor {
  for (const [name, t] of [
    ["X", X],
    ["K", K],
  ] as const) {
    if (!(t instanceof Tensor) || t.ndim !== 2) {
      throw new ConvLabError({
        parameter: name,
        value: t instanceof Tensor ? [...t.shape] : typeof t,
        rule: "corr2d works on one 2-D channel",
        fix: "use conv2d for batches and channels",
        category: "shape",
      });
    }
  }
  const [h, w] = X.shape as [number, number];
  const [kh, kw] = K.shape as [number, number];
  const [oh, ow] = conv2dOutputShape({ input: [h, w], kernel: [kh, kw] }).output;
  const Y = new Tensor([oh, ow], allocate(X.dtype, oh * ow));
  for (let i = 0; i < oh; i++) {
    for (let j = 0; j < ow; j++) {
      let sum = 0;
      for (let a = 0; a < kh; a++) {
        for (let b = 0; b < kw; b++) sum += X.data[(i + a) * w + (j + b)]! * K.data[a * kw + b]!;
      }
      Y.data[i * ow + j] = sum;
    }
  }
  return Y;
}
