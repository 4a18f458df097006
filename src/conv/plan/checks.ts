/**
 * The checks every conv plan runs on its tensors and options: weight layout, groups against
 * channels, bias values, the `out` buffer (shape, dtype, no shared memory) and option names.
 * They live here, with the plans, so that each rule is written once.
 */
import { ConvLabError, type ConvLabErrorCategory } from "../../errors.js";
import { type DType, Tensor } from "../../tensor/tensor.js";
import { bufferOf } from "../engine/outputs.js";

/** Throws a groups error unless `groups` divides this channel count. */
function checkDivides(groups: number, what: "in_channels" | "out_channels", channels: number): void {
  if (channels % groups === 0) return;
  throw new ConvLabError({
    parameter: "groups",
    value: groups,
    rule: `${what} must be divisible by groups: ${channels} is not a multiple of ${groups}`,
    fix: `use a groups value that divides ${channels}`,
    category: "groups",
  });
}

/** Checks channel/group consistency the way PyTorch does, with a fix in every message. */
export function checkGroups(
  inChannels: number,
  weightShape: readonly number[],
  groups: number,
  transposed = false,
): void {
  if (typeof groups !== "number" || !Number.isInteger(groups) || groups < 1) {
    throw new ConvLabError({
      parameter: "groups",
      value: groups,
      rule: "groups must be a positive integer",
      fix: "use groups: 1 for an ordinary convolution, or groups: C_in for a depthwise one",
      category: "groups",
    });
  }
  checkDivides(groups, "in_channels", inChannels);
  checkDivides(groups, "out_channels", transposed ? weightShape[1]! * groups : weightShape[0]!);
  const expected = transposed ? inChannels : inChannels / groups;
  const actual = transposed ? weightShape[0]! : weightShape[1]!;
  if (actual !== expected) {
    const layout = transposed ? "[C_in, C_out/groups, kH, kW]" : "[C_out, C_in/groups, kH, kW]";
    throw new ConvLabError({
      parameter: "weight",
      value: [...weightShape],
      rule: `weight ${layout} expects the input to have ${transposed ? actual : actual * groups} channels (groups=${groups}), but it has ${inChannels}`,
      fix: transposed
        ? `give the weight ${inChannels} rows, or pass an input with ${actual} channels`
        : `give the weight ${inChannels / groups} input channels, or pass an input with ${actual * groups} channels`,
      category: "channels",
    });
  }
}

/** Reads a bias argument into an array of `length` numbers, or `null` when absent. */
export function readBias(bias: unknown, length: number): Float64Array | null {
  if (bias === undefined || bias === null) return null;
  if (!(bias instanceof Tensor) && !Array.isArray(bias)) {
    throw new ConvLabError({
      parameter: "bias",
      value: typeof bias,
      rule: "must be a Tensor, an array of numbers or null",
      fix: `pass ${length} numbers, e.g. bias: [${Array.from({ length: Math.min(length, 3) }, () => 0).join(", ")}${length > 3 ? ", …" : ""}]`,
      category: "argument",
    });
  }
  const source: ArrayLike<unknown> = bias instanceof Tensor ? bias.data : (bias as unknown[]);
  if (source.length !== length || (bias instanceof Tensor && bias.ndim !== 1)) {
    throw new ConvLabError({
      parameter: "bias",
      value: bias instanceof Tensor ? [...bias.shape] : source.length,
      rule: `needs one value per output channel: ${length}, got ${bias instanceof Tensor ? `shape [${bias.shape.join(", ")}]` : source.length}`,
      fix: `pass ${length} bias values, or bias: null`,
      category: "shape",
    });
  }
  const values = new Float64Array(length);
  for (let i = 0; i < length; i++) {
    const v = source[i];
    if (typeof v !== "number") {
      throw new ConvLabError({
        parameter: `bias[${i}]`,
        value: v,
        rule: `every bias value must be a number, got ${i in (source as object) ? typeof v : "a hole in a sparse array"}`,
        fix: typeof v === "string" ? `convert it: Number(${JSON.stringify(v)})` : "pass numbers only",
        category: "argument",
      });
    }
    values[i] = v;
  }
  return values;
}

/** Checks that a weight is a 4-D tensor and returns its shape. */
export function checkWeight(weight: Tensor, operation: string): readonly [number, number, number, number] {
  if (!(weight instanceof Tensor) || weight.ndim !== 4) {
    throw new ConvLabError({
      parameter: "weight",
      value: weight instanceof Tensor ? [...weight.shape] : typeof weight,
      rule: `${operation} needs a 4-D weight tensor`,
      fix: "a single 2-D kernel K becomes K.reshape(1, 1, kH, kW)",
      category: "shape",
    });
  }
  return weight.shape as unknown as readonly [number, number, number, number];
}

/** Whether two typed arrays share any byte of memory. */
export function overlaps(a: ArrayBufferView, b: ArrayBufferView): boolean {
  if (bufferOf(a) !== bufferOf(b)) return false;
  return a.byteOffset < b.byteOffset + b.byteLength && b.byteOffset < a.byteOffset + a.byteLength;
}

/**
 * Checks a caller's `out` buffer: a Tensor of the output's shape and dtype that shares no memory
 * with any input (writing the output would overwrite pixels still to be read).
 */
export function checkOut(
  out: unknown,
  shape: readonly number[],
  dtype: DType,
  inputs: Readonly<Record<string, Tensor>>,
): Tensor | undefined {
  if (out === undefined) return undefined;
  if (
    !(out instanceof Tensor) ||
    out.shape.length !== shape.length ||
    out.shape.some((s, i) => s !== shape[i]) ||
    out.dtype !== dtype
  ) {
    throw new ConvLabError({
      parameter: "out",
      value: out instanceof Tensor ? [...out.shape] : typeof out,
      rule: `the output buffer must be a ${dtype} Tensor of shape [${shape.join(", ")}]`,
      fix: `allocate it with zeros([${shape.join(", ")}], { dtype: "${dtype}" })`,
      category: "shape",
    });
  }
  for (const [name, tensor] of Object.entries(inputs)) {
    if (overlaps(out.data, tensor.data)) {
      throw new ConvLabError({
        parameter: "out",
        value: [...out.shape],
        rule: `the output buffer shares memory with ${name}: writing the result would overwrite ${name} while it is still being read`,
        fix: `pass a separate buffer, e.g. out: zeros([${shape.join(", ")}], { dtype: "${dtype}" }), or leave out unset`,
        category: "argument",
      });
    }
  }
  return out;
}

/**
 * Rejects options that look valid but that the operation does not have (like `dilation` on average
 * pooling, which PyTorch's avg_pool2d lacks): silently ignoring them would give wrong numbers.
 * Other extra keys are ignored, so one geometry object can describe several operations.
 */
export function checkOptionNames(
  operation: string,
  options: object,
  misplaced: Readonly<Record<string, string>> = {},
): void {
  if (options === null || typeof options !== "object" || Array.isArray(options)) {
    throw new ConvLabError({
      parameter: "options",
      value: options,
      rule: `${operation} takes its options as an object`,
      fix: "for example { padding: 1, stride: 2 }",
      category: "argument",
    });
  }
  for (const [name, fix] of Object.entries(misplaced)) {
    const value = (options as Record<string, unknown>)[name];
    if (value === undefined) continue;
    throw new ConvLabError({
      parameter: name,
      value,
      rule: `${operation} has no option '${name}'`,
      fix,
      category: "argument",
    });
  }
}

/** Checks that an option is a boolean. */
export function checkBoolean(parameter: string, value: unknown, category: ConvLabErrorCategory): boolean {
  if (typeof value !== "boolean") {
    throw new ConvLabError({
      parameter,
      value,
      rule: "must be true or false",
      fix: `use ${parameter}: true or ${parameter}: false`,
      category,
    });
  }
  return value;
}
