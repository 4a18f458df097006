/** Resolves a padding spec (a number, a pair, sides or a padding string) to pixels per side. */
import { ConvLabError } from "../errors.js";
import {
  type IntOrPair,
  isSides,
  PADDING_STRINGS,
  type PaddingSpec,
  type Pair,
  type Sides,
  toPair,
  toSides,
} from "./params.js";
import { effective } from "./shape-text.js";

/**
 * Resolves any padding spec to the pixels added on each side.
 *
 * `'same'` follows PyTorch (stride 1 only; total `d·(k−1)`, the extra pixel at bottom/right);
 * `'tf-same'` follows TensorFlow (any stride; output `⌈n/s⌉`, the extra pixel at bottom/right).
 *
 * @example
 * ```ts
 * import { resolvePadding } from "convlab";
 * resolvePadding("same", [4, 4], [2, 2], [1, 1], [1, 1]); // { top: 0, bottom: 1, left: 0, right: 1 }
 * resolvePadding([2, 1], [8, 8], [5, 3], [1, 1], [1, 1]); // { top: 2, bottom: 2, left: 1, right: 1 }
 * ```
 */
export function resolvePadding(
  spec: PaddingSpec,
  input: Pair,
  kernel: Pair,
  stride: Pair,
  dilation: Pair,
): Sides {
  if (typeof spec === "string") {
    if (!(PADDING_STRINGS as readonly string[]).includes(spec)) {
      throw new ConvLabError({
        parameter: "padding",
        value: spec,
        rule: `invalid padding string: must be one of ${PADDING_STRINGS.map((s) => `'${s}'`).join(", ")}, a number, [h, w] or {top, bottom, left, right}`,
        fix:
          (spec as string) === "full"
            ? "for 'full' padding use padding: k − 1 (e.g. 2 for a 3×3 kernel)"
            : "use 'same' or 'valid', or give the pixels explicitly",
        category: "padding",
      });
    }
    if (spec === "valid") return { top: 0, bottom: 0, left: 0, right: 0 };
    if (spec === "same") {
      if (stride[0] !== 1 || stride[1] !== 1) {
        throw new ConvLabError({
          parameter: "padding",
          value: "same",
          rule: `padding='same' is not supported for strided convolutions (stride is [${stride.join(", ")}]), as in PyTorch`,
          fix: "use padding: 'tf-same' for TensorFlow's rule (output ⌈n/s⌉), or give the padding explicitly",
          category: "padding",
        });
      }
      const split = (k: number, d: number): [number, number] => {
        const total = d * (k - 1);
        const before = Math.floor(total / 2);
        return [before, total - before];
      };
      const [top, bottom] = split(kernel[0], dilation[0]);
      const [left, right] = split(kernel[1], dilation[1]);
      return { top, bottom, left, right };
    }
    const split = (n: number, k: number, s: number, d: number): [number, number] => {
      const out = Math.ceil(n / s);
      const total = Math.max((out - 1) * s + effective(k, d) - n, 0);
      const before = Math.floor(total / 2);
      return [before, total - before];
    };
    const [top, bottom] = split(input[0], kernel[0], stride[0], dilation[0]);
    const [left, right] = split(input[1], kernel[1], stride[1], dilation[1]);
    return { top, bottom, left, right };
  }
  if (isSides(spec)) return toSides("padding", spec);
  const [ph, pw] = toPair("padding", spec as IntOrPair, "padding", 0);
  return { top: ph, bottom: ph, left: pw, right: pw };
}
