/**
 * Pixel utilisation: how many kernel positions read each input pixel. Without padding the
 * corners are read once and the centre up to k² times: the border "disappears" from deep nets.
 */
import { zeros } from "../tensor/create.js";
import type { Tensor } from "../tensor/tensor.js";
import { type AxisArithmetic, type ConvGeometry, conv2dOutputShape } from "./shape.js";

/** How many windows of one axis cover each input index (padding positions are not counted). */
function axisUsage(axis: AxisArithmetic): number[] {
  const counts = new Array<number>(axis.input).fill(0);
  for (let o = 0; o < axis.output; o++) {
    for (let a = 0; a < axis.kernel; a++) {
      const i = o * axis.stride - axis.padBefore + a * axis.dilation;
      if (i >= 0 && i < axis.input) counts[i]! += 1;
    }
  }
  return counts;
}

/**
 * How often each input pixel is used by a convolution: entry `[i, j]` counts the pairs
 * (output position, kernel tap) that read input pixel `(i, j)`. Padding pixels are not
 * counted; the entries add up to the number of multiply-adds that touch real pixels.
 * The geometry is the one of {@link conv2dOutputShape} (kernel, padding, stride, dilation).
 *
 * @param geometry - input size, kernel size, and optional padding, stride and dilation
 * @returns a float64 tensor of shape `[height, width]` (the input's size)
 * @throws ConvLabError when the geometry is invalid (the same checks as {@link conv2dOutputShape})
 *
 * @example
 * ```ts
 * import { pixelUsage } from "convlab";
 * pixelUsage({ input: 5, kernel: 3 }).tolist()[0];        // [1, 2, 3, 2, 1]
 * pixelUsage({ input: 5, kernel: 3 }).get(2, 2);          // 9
 * pixelUsage({ input: 4, kernel: 2, stride: 2 }).sum();   // 16
 * ```
 */
export function pixelUsage(geometry: ConvGeometry): Tensor {
  const { height, width } = conv2dOutputShape(geometry);
  const rows = axisUsage(height);
  const cols = axisUsage(width);
  const usage = zeros([height.input, width.input], { dtype: "float64" });
  for (let i = 0; i < height.input; i++) {
    for (let j = 0; j < width.input; j++) usage.set(rows[i]! * cols[j]!, i, j);
  }
  return usage;
}
