/** `convlab demo`: the lecture's key numbers, computed live, in the lecture's order. */
import { conv2d } from "../conv/conv2d.js";
import { corr2d } from "../conv/corr2d.js";
import { maxPool2d } from "../conv/pool.js";
import { conv2dOutputShape } from "../conv/shape.js";
import { convTranspose2d } from "../conv/transpose.js";
import { layers as L } from "../net/index.js";
import { summary } from "../net/summary.js";
import { arange, tensor, zeros } from "../tensor/create.js";

/**
 * The demo's text: each lecture point with the number ConvLab computes for it.
 *
 * @example
 * ```ts
 * import { demoText } from "convlab/cli";
 * demoText().includes("[[19, 25], [37, 43]]"); // true
 * ```
 */
export function demoText(): string {
  const X = arange(9).reshape(3, 3);
  const K = tensor([
    [0, 1],
    [2, 3],
  ]);
  const X4 = X.reshape(1, 1, 3, 3);
  const K4 = K.reshape(1, 1, 2, 2);
  const sizes = [32];
  for (let i = 0; i < 7; i++) sizes.push(conv2dOutputShape({ input: sizes[i]!, kernel: 5 }).output[0]);
  const comp = (kernel: [number, number], padding: [number, number], stride: [number, number]): string =>
    conv2dOutputShape({ input: [8, 8], kernel, padding, stride }).output.join("x");
  const fashion = summary(
    [L.Conv2d(1, 6, 5, { padding: 2 }), L.Conv2d(6, 6, 3, { padding: 1 }), L.MaxPool2d(2)],
    [1, 1, 28, 28],
  );
  const up = convTranspose2d(zeros([1, 1, 14, 14]), zeros([1, 1, 2, 2]), { stride: 2 });
  const show = (values: unknown): string => JSON.stringify(values).replaceAll(",", ", ");
  return [
    "ConvLab: Padding and Stride, the lecture's numbers",
    "",
    "1. Without padding the image shrinks by k−1 per layer (32x32, seven 5x5 convs):",
    `   ${sizes.join(" → ")}   ("game over" after seven layers)`,
    "2. The book's cross-correlation: 3x3 input 0..8 with K = [[0,1],[2,3]]",
    `   corr2d(X, K) = ${show(corr2d(X, K).tolist())}`,
    `   with padding 1: ${show(conv2d(X4, K4, { padding: 1 }).tolist())}`,
    "3. Padding (k−1)/2 keeps the shape (28x28: 5x5 pad 2, 3x3 pad 1, then a 2x2 max pool):",
    `   ${fashion.rows.map((r) => r.outputShape.slice(2).join("x")).join(" → ")}`,
    "4. Stride: padding 1, stride (3, 2) on the same X:",
    `   ${show(conv2d(X4, K4, { padding: 1, stride: [3, 2] }).tolist())}`,
    `   comp_conv2d on 8x8: k3 p1 → ${comp([3, 3], [1, 1], [1, 1])}; k(5,3) p(2,1) → ${comp([5, 3], [2, 1], [1, 1])};`,
    `   k3 p1 s2 → ${comp([3, 3], [1, 1], [2, 2])}; k(3,5) p(0,1) s(3,4) → ${comp([3, 5], [0, 1], [3, 4])}`,
    "5. Pooling: 4x4 0..15, 3x3 max pool, padding 1, stride 2:",
    `   ${show(maxPool2d(arange(16).reshape(1, 1, 4, 4), 3, { padding: 1, stride: 2 }).tolist())}`,
    `Exercise: a "stride of ½" is a transposed convolution with stride 2: 14x14 → ${up.shape.slice(2).join("x")}`,
    "",
    "Try: npx convlab shape --input 32x32 --kernel 5 --repeat 7",
  ].join("\n");
}
