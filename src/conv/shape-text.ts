/**
 * The vocabulary of output-shape arithmetic and its explanation: the per-axis record, the
 * displayable result, and the lines that spell the numbers out (used by shape.ts).
 */
import { escapeHtml, MIME_BUNDLE, type MimeBundle } from "../display.js";
import type { Pair, Sides } from "./params.js";

/** The arithmetic of one axis (height or width). */
export interface AxisArithmetic {
  readonly axis: "height" | "width";
  /** Input size n. */
  readonly input: number;
  /** Kernel size k (undilated). */
  readonly kernel: number;
  readonly dilation: number;
  /** Dilated kernel size d·(k−1)+1. */
  readonly effectiveKernel: number;
  readonly padBefore: number;
  readonly padAfter: number;
  readonly stride: number;
  /** Input size with padding, n + p. */
  readonly paddedInput: number;
  /** Output size. */
  readonly output: number;
  /** The formula in symbols, e.g. `⌊(n − k + p + s) / s⌋`. */
  readonly formula: string;
  /** The same formula with this axis's numbers filled in, ending in the result. */
  readonly worked: string;
}

/** The arithmetic of a 2-D operation: both axes, the resolved padding, and a readable explanation. */
export interface ShapeArithmetic {
  readonly operation: "conv2d" | "maxPool2d" | "avgPool2d" | "convTranspose2d";
  readonly height: AxisArithmetic;
  readonly width: AxisArithmetic;
  readonly padding: Sides;
  /** Output `[height, width]`. */
  readonly output: Pair;
  /** A few lines spelling out the arithmetic. */
  explain(): string;
  /** The same as {@link ShapeArithmetic.explain}. */
  toString(): string;
  /** Displays the explanation in notebooks. */
  [MIME_BUNDLE](): MimeBundle;
}

/** Adds `toString` and the display method to an arithmetic result. */
export function displayable(result: Omit<ShapeArithmetic, "toString" | typeof MIME_BUNDLE>): ShapeArithmetic {
  return {
    ...result,
    toString: () => result.explain(),
    [MIME_BUNDLE]: () => ({
      data: { "text/plain": result.explain(), "text/html": `<pre>${escapeHtml(result.explain())}</pre>` },
    }),
  };
}

export const sub = (axis: "height" | "width"): string => (axis === "height" ? "h" : "w");

/** The dilated kernel size d·(k − 1) + 1. */
export function effective(kernel: number, dilation: number): number {
  return dilation * (kernel - 1) + 1;
}

function paddingText(before: number, after: number): string {
  return before === after ? `2·${before}` : `${before}+${after}`;
}

/** "3x3", or the effective size of a dilated kernel with its make-up. */
export function describeKernel(kernel: Pair, dilation: Pair): string {
  const eff: Pair = [effective(kernel[0], dilation[0]), effective(kernel[1], dilation[1])];
  if (dilation[0] === 1 && dilation[1] === 1) return `${kernel[0]}x${kernel[1]}`;
  const d = dilation[0] === dilation[1] ? `${dilation[0]}` : `(${dilation[0]}, ${dilation[1]})`;
  return `${eff[0]}x${eff[1]} (${kernel[0]}x${kernel[1]} dilated by ${d})`;
}

/** The explanation: a title line, extra lines, then each axis's formula and worked numbers. */
export function explainLines(
  op: string,
  height: AxisArithmetic,
  width: AxisArithmetic,
  extra: string[] = [],
): string {
  const lines = [
    `${op}: ${height.input}x${width.input} → ${height.output}x${width.output}`,
    ...extra,
    `  height: ${height.formula} = ${height.worked}`,
    `  width:  ${width.formula} = ${width.worked}`,
  ];
  return lines.join("\n");
}

/** The padding line of an explanation. */
export function paddingSummary(height: AxisArithmetic, width: AxisArithmetic): string {
  return `  padding: p_h = ${paddingText(height.padBefore, height.padAfter)} = ${height.padBefore + height.padAfter}, p_w = ${paddingText(width.padBefore, width.padAfter)} = ${width.padBefore + width.padAfter}`;
}

/** The kernel and stride line of an explanation. */
export function kernelSummary(kernel: Pair, dilation: Pair, stride: Pair): string {
  const dilated =
    dilation[0] > 1 || dilation[1] > 1
      ? `, dilation ${dilation[0]}x${dilation[1]} → effective kernel ${describeKernel(kernel, dilation)}`
      : "";
  return `  kernel ${kernel[0]}x${kernel[1]}${dilated}, stride ${stride[0]}x${stride[1]}`;
}

/** An axis's record from its geometry and the computed output, formula and worked numbers. */
export function axisRecord(
  axis: "height" | "width",
  g: { input: number; kernel: number; dilation: number; stride: number; padBefore: number; padAfter: number },
  result: { paddedInput: number; output: number; formula: string; worked: string },
): AxisArithmetic {
  return {
    axis,
    input: g.input,
    kernel: g.kernel,
    dilation: g.dilation,
    effectiveKernel: effective(g.kernel, g.dilation),
    padBefore: g.padBefore,
    padAfter: g.padAfter,
    stride: g.stride,
    ...result,
  };
}
