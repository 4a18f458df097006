/**
 * Checks the schema cannot express: the sizes and the shape arithmetic must agree with each
 * other, and the whole payload must stay within the renderer's size limits.
 */
import { elementCount } from "./decode.js";
import type { AxisArithmetic, FeatureMapsPayload, QuantizedArray } from "./types.js";

/** Upper bound of all base64 text in one payload (characters). */
export const MAX_TOTAL_BASE64 = 64 * 1024 * 1024;

/** Output size of one axis, PyTorch's rule: ⌊(n + p_before + p_after − d·(k−1) − 1) / s⌋ + 1. */
export function expectedOutputSize(axis: Omit<AxisArithmetic, "output" | "formula" | "worked">): number {
  const span = axis.input + axis.padBefore + axis.padAfter - axis.dilation * (axis.kernel - 1) - 1;
  return span < 0 ? 0 : Math.floor(span / axis.stride) + 1;
}

/** Exact byte count that a padded base64 string decodes to. */
function base64ByteCount(text: string): number {
  const padding = text.endsWith("==") ? 2 : text.endsWith("=") ? 1 : 0;
  return (text.length / 4) * 3 - padding;
}

function checkQuantized(
  path: string,
  array: QuantizedArray,
  shape: readonly number[],
  problems: string[],
): void {
  if (array.shape.length !== shape.length || array.shape.some((size, i) => size !== shape[i])) {
    problems.push(`${path}/shape must be [${shape.join(", ")}], got [${array.shape.join(", ")}]`);
    return;
  }
  if (array.base64.length % 4 !== 0) {
    problems.push(
      `${path}/base64 must be padded base64 (length a multiple of 4), got ${array.base64.length} characters`,
    );
    return;
  }
  const needed = (elementCount(shape) * array.bits) / 8;
  const held = base64ByteCount(array.base64);
  if (held !== needed) {
    problems.push(
      `${path}/base64 holds ${held} bytes, but shape [${shape.join(", ")}] at ${array.bits} bits needs ${needed}`,
    );
  }
}

function checkAxis(
  path: string,
  axis: AxisArithmetic,
  expected: {
    input: number;
    kernel: number;
    padBefore: number;
    padAfter: number;
    stride: number;
    dilation: number;
  },
  problems: string[],
): void {
  for (const key of ["input", "kernel", "padBefore", "padAfter", "stride", "dilation"] as const) {
    if (axis[key] !== expected[key]) {
      problems.push(
        `${path}/${key} must be ${expected[key]} to match the images, kernels and padding, got ${axis[key]}`,
      );
    }
  }
  const output = expectedOutputSize(axis);
  if (axis.output !== output) {
    problems.push(
      `${path}/output must be ⌊(n + p − d·(k−1) − 1) / s⌋ + 1 = ${output} for n=${axis.input}, k=${axis.kernel}, p=${axis.padBefore}+${axis.padAfter}, s=${axis.stride}, d=${axis.dilation}, got ${axis.output}`,
    );
  }
}

/**
 * Returns every inconsistency in a schema-valid payload (empty when it is drawable).
 *
 * @example
 * ```ts
 * checkConsistency(payload); // [] or ["/variants/0/maps/shape must be [1, 2, 14, 14], got [1, 2, 14, 13]"]
 * ```
 */
export function checkConsistency(payload: FeatureMapsPayload): string[] {
  const problems: string[] = [];
  let totalBase64 = 0;
  const first = payload.inputs[0];
  const firstKernel = payload.kernels[0];
  if (!first || !firstKernel) return ["/inputs and /kernels must not be empty"];
  payload.inputs.forEach((image, i) => {
    if (image.height !== first.height || image.width !== first.width) {
      problems.push(
        `/inputs/${i} is ${image.height}×${image.width}, but all inputs must share the size of /inputs/0 (${first.height}×${first.width})`,
      );
    }
    checkQuantized(`/inputs/${i}/pixels`, image.pixels, [image.height, image.width], problems);
    totalBase64 += image.pixels.base64.length;
  });
  payload.kernels.forEach((kernel, i) => {
    if (kernel.height !== firstKernel.height || kernel.width !== firstKernel.width) {
      problems.push(
        `/kernels/${i} is ${kernel.height}×${kernel.width}, but all kernels must share the size of /kernels/0 (${firstKernel.height}×${firstKernel.width})`,
      );
    }
    if (kernel.values.length !== kernel.height * kernel.width) {
      problems.push(
        `/kernels/${i}/values must hold height·width = ${kernel.height * kernel.width} numbers, got ${kernel.values.length}`,
      );
    }
  });
  payload.variants.forEach((variant, v) => {
    const path = `/variants/${v}`;
    const { padding, stride, dilation } = variant;
    checkAxis(
      `${path}/height`,
      variant.height,
      {
        input: first.height,
        kernel: firstKernel.height,
        padBefore: padding.top,
        padAfter: padding.bottom,
        stride: stride[0],
        dilation: dilation[0],
      },
      problems,
    );
    checkAxis(
      `${path}/width`,
      variant.width,
      {
        input: first.width,
        kernel: firstKernel.width,
        padBefore: padding.left,
        padAfter: padding.right,
        stride: stride[1],
        dilation: dilation[1],
      },
      problems,
    );
    if (variant.paddingMode === "reflect" || variant.paddingMode === "circular") {
      const strict = variant.paddingMode === "reflect";
      const tooWide = (pad: number, size: number) => (strict ? pad >= size : pad > size);
      if (
        tooWide(Math.max(padding.top, padding.bottom), first.height) ||
        tooWide(Math.max(padding.left, padding.right), first.width)
      ) {
        problems.push(
          `${path}/padding must be ${strict ? "smaller than" : "at most"} the input size for ${variant.paddingMode} padding`,
        );
      }
    }
    if (variant.range.min > variant.range.max) {
      problems.push(`${path}/range/min (${variant.range.min}) must not exceed max (${variant.range.max})`);
    }
    const shape = [
      payload.inputs.length,
      payload.kernels.length,
      variant.height.output,
      variant.width.output,
    ];
    checkQuantized(`${path}/maps`, variant.maps, shape, problems);
    totalBase64 += variant.maps.base64.length;
  });
  if (payload.colorScale.min > payload.colorScale.max) {
    problems.push(
      `/colorScale/min (${payload.colorScale.min}) must not exceed /colorScale/max (${payload.colorScale.max})`,
    );
  }
  if (totalBase64 > MAX_TOTAL_BASE64) {
    problems.push(
      `the payload holds ${totalBase64} base64 characters; the renderer accepts at most ${MAX_TOTAL_BASE64} (send fewer variants or maps)`,
    );
  }
  return problems;
}
