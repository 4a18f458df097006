/**
 * Output-shape arithmetic: the one place where ConvLab computes how big a convolution's
 * or pooling's output is, and explains the numbers. conv2d, pooling, the CLI, figure
 * titles and the notebooks all call these functions.
 */
import { ConvLabError } from "../errors.js";
import { resolvePadding } from "./padding-rule.js";
import { type IntOrPair, type PaddingSpec, type Pair, type Sides, toPair } from "./params.js";
import {
  type AxisArithmetic,
  axisRecord,
  describeKernel,
  displayable,
  effective,
  explainLines,
  kernelSummary,
  paddingSummary,
  type ShapeArithmetic,
  sub,
} from "./shape-text.js";

export { resolvePadding } from "./padding-rule.js";
export type { AxisArithmetic, ShapeArithmetic } from "./shape-text.js";
export { type ConvTransposeGeometry, convTranspose2dOutputShape } from "./transpose-shape.js";

/** Geometry of a convolution, as users pass it (unresolved). */
export interface ConvGeometry {
  /** Input `[height, width]`. */
  readonly input: IntOrPair;
  /** Kernel size. */
  readonly kernel: IntOrPair;
  readonly stride?: IntOrPair;
  readonly padding?: PaddingSpec;
  readonly dilation?: IntOrPair;
}

/**
 * The one 1-D output-size rule of every sliding window (convolution and pooling):
 * `⌊(n + p − k_eff) / s⌋ + 1`, or with `ceil` `⌈(n + p − k_eff) / s⌉ + 1`, where `p` is the total
 * padding of the axis and `k_eff = d·(k − 1) + 1` the dilated window.
 *
 * @example
 * ```ts
 * import { slidingOutputSize } from "convlab";
 * slidingOutputSize({ input: 28, kernel: 3, padding: 2, stride: 1, dilation: 1 }); // 28
 * slidingOutputSize({ input: 5, kernel: 2, padding: 0, stride: 2, dilation: 1, ceil: true }); // 3
 * ```
 */
export function slidingOutputSize(g: {
  input: number;
  kernel: number;
  padding: number;
  stride: number;
  dilation: number;
  ceil?: boolean;
}): number {
  const span = g.input + g.padding - effective(g.kernel, g.dilation);
  return Math.floor((span + (g.ceil ? g.stride - 1 : 0)) / g.stride) + 1;
}

/** One axis's geometry as the plans and the shape functions pass it around. */
export interface AxisGeometry {
  input: number;
  kernel: number;
  stride: number;
  padBefore: number;
  padAfter: number;
  dilation: number;
}

/**
 * The output size of a convolution along one axis:
 * `⌊(n − k + p + s) / s⌋` with `k` the dilated kernel and `p` the total padding.
 *
 * @example
 * ```ts
 * import { convAxis } from "convlab";
 * convAxis("height", { input: 8, kernel: 3, stride: 3, padBefore: 0, padAfter: 0, dilation: 1 }).output; // 2
 * ```
 */
export function convAxis(axis: "height" | "width", g: AxisGeometry): AxisArithmetic {
  const k = effective(g.kernel, g.dilation);
  const p = g.padBefore + g.padAfter;
  const padded = g.input + p;
  const output = slidingOutputSize({ ...g, padding: p });
  const x = sub(axis);
  const kText = g.dilation === 1 ? `${g.kernel}` : `${k}`;
  const formula =
    g.stride === 1 ? `n_${x} − k_${x} + p_${x} + 1` : `⌊(n_${x} − k_${x} + p_${x} + s_${x}) / s_${x}⌋`;
  const numerator = g.input - k + p + g.stride;
  const worked =
    g.stride === 1
      ? `${g.input} − ${kText} + ${p} + 1 = ${output}`
      : `⌊(${g.input} − ${kText} + ${p} + ${g.stride}) / ${g.stride}⌋ = ⌊${numerator} / ${g.stride}⌋ = ${output}`;
  return axisRecord(axis, g, { paddedInput: padded, output, formula, worked });
}

/** The geometry of the height (`0`) or width (`1`) axis out of pairs and sides. */
function axisOf(
  i: 0 | 1,
  input: Pair,
  kernel: Pair,
  stride: Pair,
  dilation: Pair,
  padding: Sides,
): AxisGeometry {
  return {
    input: input[i],
    kernel: kernel[i],
    stride: stride[i],
    dilation: dilation[i],
    padBefore: i === 0 ? padding.top : padding.left,
    padAfter: i === 0 ? padding.bottom : padding.right,
  };
}

/** Throws a kernel error unless the dilated kernel fits in the padded input on both axes. */
function checkKernelFits(height: AxisArithmetic, width: AxisArithmetic, kernel: Pair, dilation: Pair): void {
  if (height.effectiveKernel <= height.paddedInput && width.effectiveKernel <= width.paddedInput) return;
  const missing = Math.max(
    height.effectiveKernel - height.paddedInput,
    width.effectiveKernel - width.paddedInput,
  );
  const perSide = Math.ceil(missing / 2);
  const dilated = dilation[0] > 1 || dilation[1] > 1;
  throw new ConvLabError({
    parameter: "kernel",
    value: [...kernel],
    rule: `kernel ${describeKernel(kernel, dilation)} is larger than the padded input ${height.paddedInput}x${width.paddedInput}`,
    fix: `pad at least ${perSide} more per side${dilated ? ", reduce dilation" : ""} or use a smaller kernel`,
    category: "kernel",
  });
}

/**
 * Output shape of a 2-D convolution, with the arithmetic spelled out.
 *
 * @example
 * ```ts
 * import { conv2dOutputShape } from "convlab";
 * const s = conv2dOutputShape({ input: [8, 8], kernel: [3, 5], padding: [0, 1], stride: [3, 4] });
 * s.output;    // [2, 2]
 * s.explain(); // "conv2d: 8x8 → 2x2\n ... height: ⌊(n_h − k_h + p_h + s_h) / s_h⌋ = ⌊(8 − 3 + 0 + 3) / 3⌋ = ⌊8 / 3⌋ = 2 ..."
 * ```
 */
export function conv2dOutputShape(geometry: ConvGeometry): ShapeArithmetic {
  const input = toPair("input", geometry.input, "shape", 1);
  const kernel = toPair("kernel", geometry.kernel, "kernel", 1);
  const stride = toPair("stride", geometry.stride ?? 1, "stride", 1);
  const dilation = toPair("dilation", geometry.dilation ?? 1, "dilation", 1);
  const padding = resolvePadding(geometry.padding ?? 0, input, kernel, stride, dilation);
  const height = convAxis("height", axisOf(0, input, kernel, stride, dilation, padding));
  const width = convAxis("width", axisOf(1, input, kernel, stride, dilation, padding));
  checkKernelFits(height, width, kernel, dilation);
  return displayable({
    operation: "conv2d",
    height,
    width,
    padding,
    output: [height.output, width.output],
    explain: () =>
      explainLines("conv2d", height, width, [
        kernelSummary(kernel, dilation, stride),
        paddingSummary(height, width),
      ]),
  });
}

/** Geometry of a pooling window, as users pass it. */
export interface PoolGeometry {
  readonly input: IntOrPair;
  readonly kernel: IntOrPair;
  /** Defaults to the kernel size, as in PyTorch. */
  readonly stride?: IntOrPair;
  /** Implicit padding on both sides of each axis; at most half the (effective) kernel. */
  readonly padding?: IntOrPair;
  readonly dilation?: IntOrPair;
  /** Round the output size up instead of down (a window may not start in the right padding). */
  readonly ceilMode?: boolean;
  readonly operation?: "maxPool2d" | "avgPool2d";
}

function poolAxis(
  axis: "height" | "width",
  g: { input: number; kernel: number; stride: number; pad: number; dilation: number; ceilMode: boolean },
): AxisArithmetic {
  const k = effective(g.kernel, g.dilation);
  let output = slidingOutputSize({ ...g, padding: 2 * g.pad, ceil: g.ceilMode });
  let dropped = false;
  if (g.ceilMode && (output - 1) * g.stride >= g.input + g.pad) {
    output -= 1;
    dropped = true;
  }
  const x = sub(axis);
  const bracket = g.ceilMode ? ["⌈", "⌉"] : ["⌊", "⌋"];
  const formula = `${bracket[0]}(n_${x} − k_${x} + p_${x} + s_${x}) / s_${x}${bracket[1]}`;
  const numerator = g.input - k + 2 * g.pad + g.stride;
  const raw = g.ceilMode ? Math.ceil(numerator / g.stride) : Math.floor(numerator / g.stride);
  let worked = `${bracket[0]}(${g.input} − ${k} + ${2 * g.pad} + ${g.stride}) / ${g.stride}${bracket[1]} = ${bracket[0]}${numerator} / ${g.stride}${bracket[1]} = ${raw}`;
  if (dropped) worked += ` → ${output} (the last window would start in the right padding)`;
  return axisRecord(
    axis,
    { ...g, padBefore: g.pad, padAfter: g.pad },
    { paddedInput: g.input + 2 * g.pad, output, formula, worked },
  );
}

/**
 * Output shape of max or average pooling, with PyTorch's rules: stride defaults to the
 * kernel, padding at most half the kernel, and in ceil mode no window starts in the right padding.
 *
 * @example
 * ```ts
 * import { pool2dOutputShape } from "convlab";
 * pool2dOutputShape({ input: [5, 5], kernel: 2, ceilMode: true }).output;              // [3, 3]
 * pool2dOutputShape({ input: [5, 5], kernel: 2, padding: 1, ceilMode: true }).output;  // [3, 3]
 * ```
 */
export function pool2dOutputShape(geometry: PoolGeometry): ShapeArithmetic {
  const operation = geometry.operation ?? "maxPool2d";
  const input = toPair("input", geometry.input, "shape", 1);
  const kernel = toPair("kernelSize", geometry.kernel, "pooling", 1);
  const stride = toPair("stride", geometry.stride ?? kernel, "stride", 1);
  const padding = toPair("padding", geometry.padding ?? 0, "padding", 0);
  const dilation = toPair("dilation", geometry.dilation ?? 1, "dilation", 1);
  const ceilMode = geometry.ceilMode ?? false;
  for (const i of [0, 1] as const) {
    const limit = Math.floor(effective(kernel[i], dilation[i]) / 2);
    if (padding[i] > limit) {
      throw new ConvLabError({
        parameter: "padding",
        value: [...padding],
        rule: `pad should be at most half of the (effective) kernel size: pad ${padding[i]} > ${effective(kernel[i], dilation[i])}/2 on the ${i === 0 ? "height" : "width"} axis`,
        fix: `use padding ≤ ${limit}, or a larger kernel`,
        category: "padding",
      });
    }
  }
  const [height, width] = (["height", "width"] as const).map((axis, i) =>
    poolAxis(axis, {
      input: input[i]!,
      kernel: kernel[i]!,
      stride: stride[i]!,
      pad: padding[i]!,
      dilation: dilation[i]!,
      ceilMode,
    }),
  ) as [AxisArithmetic, AxisArithmetic];
  if (height.output < 1 || width.output < 1) {
    throw new ConvLabError({
      parameter: "kernelSize",
      value: [...kernel],
      rule: `output size is too small: a ${describeKernel(kernel, dilation)} window on the ${height.paddedInput}x${width.paddedInput} padded input gives ${Math.max(0, height.output)}x${Math.max(0, width.output)}`,
      fix: "use a smaller pooling window or a larger input",
      category: "pooling",
    });
  }
  return displayable({
    operation,
    height,
    width,
    padding: { top: padding[0], bottom: padding[0], left: padding[1], right: padding[1] },
    output: [height.output, width.output],
    explain: () =>
      explainLines(operation, height, width, [
        `${kernelSummary(kernel, dilation, stride)}${ceilMode ? ", ceil mode" : ""}`,
        paddingSummary(height, width),
      ]),
  });
}
