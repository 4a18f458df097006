import { inspect } from "node:util";
import { MIME_BUNDLE, type MimeBundle } from "../display.js";
import { ConvLabError } from "../errors.js";
import { formatTensor } from "./format.js";

/** Element types a {@link Tensor} can hold. float32 is the default, like PyTorch. */
export type DType = "float32" | "float64";

/** The typed array behind a tensor of each dtype. */
export type TensorData = Float32Array | Float64Array;

/** A nested array of numbers of any depth, e.g. `[[0, 1], [2, 3]]`. */
export type NestedArray = number | readonly NestedArray[];

/** The dtypes ConvLab supports. */
export const DTYPES: readonly DType[] = ["float32", "float64"];

/**
 * The most elements ConvLab allocates for one tensor: 2^28 = 268,435,456 (1 GiB of float32,
 * 2 GiB of float64). Larger requests are refused before any memory is touched.
 */
export const MAX_ELEMENTS = 2 ** 28;

/** Checks a dtype option, naming the supported ones. */
export function checkDType(dtype: unknown, parameter = "dtype"): DType {
  if (!(DTYPES as readonly unknown[]).includes(dtype)) {
    throw new ConvLabError({
      parameter,
      value: dtype,
      rule: `unsupported dtype: ConvLab tensors are ${DTYPES.map((d) => `'${d}'`).join(" or ")}`,
      fix: `use dtype: "float32" (the default, like PyTorch) or "float64"`,
      category: "argument",
    });
  }
  return dtype as DType;
}

/**
 * Throws a {@link ConvLabError} if a tensor of `shape` would hold more than {@link MAX_ELEMENTS}
 * elements; `parameter` names the argument that made it so big.
 */
export function checkSize(parameter: string, value: unknown, shape: readonly number[], fix: string): void {
  const numel = numelOf(shape);
  if (numel > MAX_ELEMENTS) {
    throw new ConvLabError({
      parameter,
      value,
      rule: `the result [${shape.join(", ")}] would hold ${numel.toExponential(2)} elements, more than ConvLab's limit of 2^28 = ${MAX_ELEMENTS.toLocaleString("en-US")} per tensor`,
      fix,
      category: "shape",
    });
  }
}

/** Allocates a zero-filled typed array of `dtype` holding `length` elements (at most {@link MAX_ELEMENTS}). */
export function allocate(dtype: DType, length: number): TensorData {
  checkDType(dtype);
  checkSize("length", length, [length], "allocate fewer elements, e.g. process the batch in chunks");
  return dtype === "float64" ? new Float64Array(length) : new Float32Array(length);
}

/** The dtype of a typed array. */
export function dtypeOf(data: TensorData): DType {
  return data instanceof Float64Array ? "float64" : "float32";
}

/** Number of elements of a shape. */
export function numelOf(shape: readonly number[]): number {
  return shape.reduce((a, b) => a * b, 1);
}

/**
 * A dense, row-major (C order) tensor: a shape and a flat typed array.
 *
 * ConvLab keeps this deliberately small — enough to hold images (NCHW), kernels
 * (`[C_out, C_in/groups, kH, kW]`) and feature maps, and to print like PyTorch.
 *
 * @example
 * ```ts
 * import { tensor } from "convlab";
 * const X = tensor([[0, 1, 2], [3, 4, 5]]);
 * X.shape;      // [2, 3]
 * X.get(1, 2);  // 5
 * String(X);    // "tensor([[0., 1., 2.],\n        [3., 4., 5.]])"
 * ```
 */
export class Tensor {
  /** Size along each dimension, outermost first. */
  readonly shape: readonly number[];
  /** The elements in row-major order. */
  readonly data: TensorData;

  constructor(shape: readonly number[], data: TensorData) {
    for (const size of shape) {
      if (!Number.isInteger(size) || size < 0) {
        throw new ConvLabError({
          parameter: "shape",
          value: [...shape],
          rule: "every dimension must be a non-negative integer",
          fix: "for example [1, 1, 28, 28]",
          category: "shape",
        });
      }
    }
    if (numelOf(shape) !== data.length) {
      throw new ConvLabError({
        parameter: "shape",
        value: [...shape],
        rule: `holds ${numelOf(shape)} elements but the data has ${data.length}`,
        fix: "pass data whose length is the product of the shape",
        category: "shape",
      });
    }
    this.shape = Object.freeze([...shape]);
    this.data = data;
  }

  /** `"float32"` or `"float64"`. */
  get dtype(): DType {
    return dtypeOf(this.data);
  }

  /** Number of dimensions. */
  get ndim(): number {
    return this.shape.length;
  }

  /** Total number of elements. */
  get numel(): number {
    return this.data.length;
  }

  /** Row-major strides, in elements. */
  get strides(): number[] {
    const strides = new Array<number>(this.shape.length).fill(1);
    for (let d = this.shape.length - 2; d >= 0; d--) strides[d] = strides[d + 1]! * this.shape[d + 1]!;
    return strides;
  }

  /**
   * The element at a full index (negative indices count from the end, like Python).
   *
   * @example
   * ```ts
   * import { arange } from "convlab";
   * arange(9).reshape(3, 3).get(-1, 0); // 6
   * ```
   */
  get(...index: number[]): number {
    return this.data[this.offsetOf(index)]!;
  }

  /** Sets the element at a full index. */
  set(value: number, ...index: number[]): void {
    this.data[this.offsetOf(index)] = value;
  }

  private offsetOf(index: readonly number[]): number {
    if (index.length !== this.shape.length) {
      throw new ConvLabError({
        parameter: "index",
        value: [...index],
        rule: `a tensor of shape [${this.shape.join(", ")}] needs ${this.shape.length} indices`,
        fix: `pass one index per dimension, e.g. get(${this.shape.map(() => 0).join(", ")})`,
        category: "argument",
      });
    }
    let offset = 0;
    const strides = this.strides;
    index.forEach((raw, d) => {
      const size = this.shape[d]!;
      const i = raw < 0 ? raw + size : raw;
      if (!Number.isInteger(i) || i < 0 || i >= size) {
        throw new ConvLabError({
          parameter: `index[${d}]`,
          value: raw,
          rule: `is out of range for dimension ${d} of size ${size}`,
          fix: `use an index from ${-size} to ${size - 1}`,
          category: "argument",
        });
      }
      offset += i * strides[d]!;
    });
    return offset;
  }

  /**
   * The same data viewed with a new shape; one dimension may be `-1` (inferred).
   *
   * @example
   * ```ts
   * import { arange } from "convlab";
   * arange(16).reshape(1, 1, 4, -1).shape; // [1, 1, 4, 4]
   * ```
   */
  reshape(...shape: number[]): Tensor {
    const unknown = shape.filter((s) => s === -1).length;
    const known = numelOf(shape.filter((s) => s !== -1));
    if (unknown > 1 || (unknown === 1 && (known === 0 || this.numel % known !== 0))) {
      throw new ConvLabError({
        parameter: "shape",
        value: shape,
        rule: `cannot reshape ${this.numel} elements this way (at most one -1, and it must divide evenly)`,
        fix: `choose sizes whose product is ${this.numel}`,
        category: "shape",
      });
    }
    const resolved = shape.map((s) => (s === -1 ? this.numel / known : s));
    if (numelOf(resolved) !== this.numel) {
      throw new ConvLabError({
        parameter: "shape",
        value: shape,
        rule: `has ${numelOf(resolved)} elements but the tensor has ${this.numel}`,
        fix: `choose sizes whose product is ${this.numel}`,
        category: "shape",
      });
    }
    return new Tensor(resolved, this.data);
  }

  /** The elements as nested arrays, like PyTorch's `tolist()`. */
  tolist(): NestedArray {
    if (this.shape.length === 0) return this.data[0]!;
    const build = (dim: number, offset: number): NestedArray[] => {
      const size = this.shape[dim]!;
      const stride = this.strides[dim]!;
      const out: NestedArray[] = [];
      for (let i = 0; i < size; i++) {
        out.push(
          dim === this.shape.length - 1 ? this.data[offset + i]! : build(dim + 1, offset + i * stride),
        );
      }
      return out;
    };
    return build(0, 0);
  }

  /** The single value of a one-element tensor. */
  item(): number {
    if (this.numel !== 1) {
      throw new ConvLabError({
        parameter: "tensor",
        value: [...this.shape],
        rule: "item() needs exactly one element",
        fix: "use get(...) with an index, or sum()",
        category: "shape",
      });
    }
    return this.data[0]!;
  }

  /** A copy converted to `dtype`. */
  to(dtype: DType): Tensor {
    const data = allocate(dtype, this.numel);
    data.set(this.data);
    return new Tensor(this.shape, data);
  }

  /** A deep copy. */
  clone(): Tensor {
    return this.to(this.dtype);
  }

  /** Sum of all elements. */
  sum(): number {
    let total = 0;
    for (const v of this.data) total += v;
    return total;
  }

  /** Largest element (NaN if any element is NaN). */
  max(): number {
    let best = Number.NEGATIVE_INFINITY;
    for (const v of this.data) if (v > best || Number.isNaN(v)) best = v;
    return best;
  }

  /** Smallest element (NaN if any element is NaN). */
  min(): number {
    let best = Number.POSITIVE_INFINITY;
    for (const v of this.data) if (v < best || Number.isNaN(v)) best = v;
    return best;
  }

  /**
   * Whether `other` has the same shape and every element is within tolerance:
   * |a − b| ≤ atol + rtol·|b| (PyTorch's `allclose` rule).
   */
  allclose(other: Tensor | NestedArray, rtol = 1e-5, atol = 1e-8): boolean {
    const b = other instanceof Tensor ? other : fromNested(other, "float64");
    if (b.shape.length !== this.shape.length || b.shape.some((s, i) => s !== this.shape[i])) return false;
    for (let i = 0; i < this.numel; i++) {
      const x = this.data[i]!;
      const y = b.data[i]!;
      if (!(Math.abs(x - y) <= atol + rtol * Math.abs(y)) && !(x === y)) return false;
    }
    return true;
  }

  /** Prints like PyTorch: `tensor([[19., 25.], [37., 43.]])`. */
  toString(): string {
    return formatTensor(this);
  }

  [inspect.custom](): string {
    return this.toString();
  }

  /** Displays in notebooks as PyTorch prints it. */
  [MIME_BUNDLE](): MimeBundle {
    return { data: { "text/plain": this.toString() } };
  }
}

/** The most dimensions a tensor built from nested arrays may have (also stops circular arrays). */
export const MAX_NESTING = 32;

/** Builds a tensor from nested arrays, checking that they are rectangular, dense and finite in depth. */
export function fromNested(values: NestedArray, dtype: DType): Tensor {
  checkDType(dtype);
  const shape: number[] = [];
  let probe: unknown = values;
  while (Array.isArray(probe)) {
    if (shape.length === MAX_NESTING) {
      throw new ConvLabError({
        parameter: "values",
        value: `arrays nested more than ${MAX_NESTING} deep`,
        rule: `a tensor has at most ${MAX_NESTING} dimensions (an array that contains itself nests forever)`,
        fix: "pass plain nested arrays of numbers, e.g. [[0, 1], [2, 3]]",
        category: "shape",
      });
    }
    shape.push(probe.length);
    if (probe.length === 0) break;
    probe = probe[0];
  }
  checkSize("values", `nested arrays of shape [${shape.join(", ")}]`, shape, "pass fewer values");
  const data = allocate(dtype, numelOf(shape));
  let cursor = 0;
  const where = (path: number[]): string => (path.length ? `values[${path.join("][")}]` : "values");
  const walk = (node: unknown, dim: number, path: number[]): void => {
    if (dim === shape.length) {
      if (typeof node !== "number") {
        throw new ConvLabError({
          parameter: where(path),
          value: node,
          rule: `every element must be a number at depth ${shape.length} (nested arrays must be rectangular), got ${typeof node}`,
          fix:
            typeof node === "string"
              ? `convert it: Number(${JSON.stringify(node)})`
              : "make every row the same length",
          category: "shape",
        });
      }
      data[cursor++] = node;
      return;
    }
    if (!Array.isArray(node) || node.length !== shape[dim]) {
      throw new ConvLabError({
        parameter: where(path),
        value: Array.isArray(node) ? `an array of length ${node.length}` : node,
        rule: `expected an array of length ${shape[dim]} (nested arrays must be rectangular)`,
        fix: "make every row the same length",
        category: "shape",
      });
    }
    for (let i = 0; i < node.length; i++) {
      if (!(i in node)) {
        throw new ConvLabError({
          parameter: where([...path, i]),
          value: "a hole (a sparse array such as [1, , 3])",
          rule: "every element must be given: sparse arrays have no value there",
          fix: "write the missing number, e.g. [1, 0, 3]",
          category: "shape",
        });
      }
      walk(node[i], dim + 1, [...path, i]);
    }
  };
  walk(values, 0, []);
  return new Tensor(shape, data);
}
