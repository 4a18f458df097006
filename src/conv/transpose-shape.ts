/** Output-shape arithmetic of a transposed convolution (re-exported by shape.ts). */
import { ConvLabError } from "../errors.js";
import { type IntOrPair, toPair } from "./params.js";
import {
  type AxisArithmetic,
  axisRecord,
  displayable,
  effective,
  explainLines,
  kernelSummary,
  type ShapeArithmetic,
  sub,
} from "./shape-text.js";

/** Geometry of a transposed convolution. */
export interface ConvTransposeGeometry {
  readonly input: IntOrPair;
  readonly kernel: IntOrPair;
  readonly stride?: IntOrPair;
  readonly padding?: IntOrPair;
  readonly outputPadding?: IntOrPair;
  readonly dilation?: IntOrPair;
}

/**
 * Output shape of a transposed convolution: `(n − 1)·s − 2p + d·(k − 1) + output_padding + 1`.
 *
 * @example
 * ```ts
 * import { convTranspose2dOutputShape } from "convlab";
 * convTranspose2dOutputShape({ input: [4, 4], kernel: 2, stride: 2 }).output; // [8, 8]
 * ```
 */
export function convTranspose2dOutputShape(geometry: ConvTransposeGeometry): ShapeArithmetic {
  const input = toPair("input", geometry.input, "shape", 1);
  const kernel = toPair("kernel", geometry.kernel, "kernel", 1);
  const stride = toPair("stride", geometry.stride ?? 1, "stride", 1);
  const padding = toPair("padding", geometry.padding ?? 0, "padding", 0);
  const outputPadding = toPair("outputPadding", geometry.outputPadding ?? 0, "padding", 0);
  const dilation = toPair("dilation", geometry.dilation ?? 1, "dilation", 1);
  for (const i of [0, 1] as const) {
    if (outputPadding[i] >= stride[i] && outputPadding[i] >= dilation[i]) {
      throw new ConvLabError({
        parameter: "outputPadding",
        value: [...outputPadding],
        rule: `output padding must be smaller than either stride or dilation (got ${outputPadding[i]} with stride ${stride[i]}, dilation ${dilation[i]})`,
        fix: `use outputPadding < ${Math.max(stride[i], dilation[i])}`,
        category: "padding",
      });
    }
  }
  const axis = (a: "height" | "width", i: 0 | 1): AxisArithmetic => {
    const k = effective(kernel[i], dilation[i]);
    const output = (input[i] - 1) * stride[i] - 2 * padding[i] + k - 1 + outputPadding[i] + 1;
    const x = sub(a);
    const g = { input: input[i], kernel: kernel[i], dilation: dilation[i], stride: stride[i] };
    return axisRecord(
      a,
      { ...g, padBefore: padding[i], padAfter: padding[i] },
      {
        paddedInput: input[i],
        output,
        formula: `(n_${x} − 1)·s_${x} − 2·p_${x} + k_${x} + op_${x}`,
        worked: `(${input[i]} − 1)·${stride[i]} − 2·${padding[i]} + ${k} + ${outputPadding[i]} = ${output}`,
      },
    );
  };
  const height = axis("height", 0);
  const width = axis("width", 1);
  if (height.output < 1 || width.output < 1) {
    throw new ConvLabError({
      parameter: "padding",
      value: [...padding],
      rule: `removes more than the transposed convolution produces: output would be ${height.output}x${width.output}`,
      fix: "use less padding",
      category: "padding",
    });
  }
  return displayable({
    operation: "convTranspose2d",
    height,
    width,
    padding: { top: padding[0], bottom: padding[0], left: padding[1], right: padding[1] },
    output: [height.output, width.output],
    explain: () => explainLines("convTranspose2d", height, width, [kernelSummary(kernel, dilation, stride)]),
  });
}
