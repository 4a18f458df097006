/**
 * Every PyTorch vector in the conformance files, run through ConvLab in float64
 * (|a−b| ≤ 1e-9·max(1,|a|,|b|)) and float32 (1e-5 relative).
 */
import { describe, expect, it } from "vitest";
import {
  avgPool2d,
  conv2d,
  convTranspose2d,
  type DType,
  maxPool2d,
  type PaddingMode,
  type PaddingSpec,
  type Pair,
  pad,
  resolvePadding,
  type Tensor,
  tensor,
} from "../../src/index.js";
import { mismatch } from "../support/compare.js";
import { fpadSides } from "../support/torch-to-convlab.js";
import { type ConvVector, loadConformanceFiles } from "../support/vectors.js";

const TOLERANCE: Record<DType, number> = { float64: 1e-9, float32: 1e-5 };

function pairOf(v: number[] | undefined, fallback: number): Pair {
  return v ? [v[0]!, v[1] ?? v[0]!] : [fallback, fallback];
}

function paddingOf(v: ConvVector): PaddingSpec {
  return typeof v.padding === "string" ? (v.padding as PaddingSpec) : pairOf(v.padding, 0);
}

function run(v: ConvVector, dtype: DType): Tensor {
  let x = tensor(v.input as number[], { dtype });
  if (v.pre_pad) {
    const mode = v.pre_pad.mode === "constant" ? "zeros" : (v.pre_pad.mode as PaddingMode);
    x = pad(x, fpadSides(v.pre_pad.fpad_tuple_left_right_top_bottom), mode);
  }
  const weight = (): Tensor => tensor(v.weight as number[], { dtype });
  const bias = v.bias ?? null;
  switch (v.op) {
    case "conv2d":
      return conv2d(x, weight(), {
        bias,
        stride: pairOf(v.stride, 1),
        padding: paddingOf(v),
        dilation: pairOf(v.dilation, 1),
        groups: v.groups ?? 1,
        paddingMode: (v.padding_mode ?? "zeros") as PaddingMode,
      });
    case "conv_transpose2d":
      return convTranspose2d(x, weight(), {
        bias,
        stride: pairOf(v.stride, 1),
        padding: pairOf(v.padding as number[] | undefined, 0),
        outputPadding: pairOf(v.output_padding, 0),
        dilation: pairOf(v.dilation, 1),
        groups: v.groups ?? 1,
      });
    case "max_pool2d":
      return maxPool2d(x, pairOf(v.kernel_size, 1), {
        stride: pairOf(v.stride ?? v.kernel_size, 1),
        padding: pairOf(v.padding as number[] | undefined, 0),
        dilation: pairOf(v.dilation, 1),
        ceilMode: v.ceil_mode ?? false,
      });
    case "avg_pool2d":
      return avgPool2d(x, pairOf(v.kernel_size, 1), {
        stride: pairOf(v.stride ?? v.kernel_size, 1),
        padding: pairOf(v.padding as number[] | undefined, 0),
        ceilMode: v.ceil_mode ?? false,
        countIncludePad: v.count_include_pad ?? true,
        ...(v.divisor_override != null && { divisorOverride: v.divisor_override }),
      });
    default:
      throw new Error(`unknown op '${v.op}' in vector ${v.id}`);
  }
}

for (const file of loadConformanceFiles().filter((f) => f.vectors.length > 0)) {
  describe(file.path, () => {
    for (const v of file.vectors) {
      it(`${v.id} (${v.op})`, () => {
        for (const dtype of ["float64", "float32"] as const) {
          const out = run(v, dtype);
          expect(out.dtype).toBe(dtype);
          expect(mismatch(out, v.output_shape, v.output, TOLERANCE[dtype]), dtype).toBeUndefined();
        }
        if (v.op === "conv2d" && v.resolved_padding_left_right_top_bottom) {
          const [left, right, top, bottom] = v.resolved_padding_left_right_top_bottom;
          const inputHW: Pair = [v.input_shape[2]!, v.input_shape[3]!];
          const pre = v.pre_pad ? fpadSides(v.pre_pad.fpad_tuple_left_right_top_bottom) : undefined;
          const padded: Pair = pre
            ? [inputHW[0] + pre.top + pre.bottom, inputHW[1] + pre.left + pre.right]
            : inputHW;
          const kernel: Pair = [v.weight_shape![2]!, v.weight_shape![3]!];
          const sides = resolvePadding(
            paddingOf(v),
            padded,
            kernel,
            pairOf(v.stride, 1),
            pairOf(v.dilation, 1),
          );
          expect(sides).toEqual({ top, bottom, left, right });
        }
      });
    }
  });
}
