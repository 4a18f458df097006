import { ConvLabError } from "../errors.js";
import { seededRandom } from "./random.js";
import {
  allocate,
  checkDType,
  checkSize,
  type DType,
  fromNested,
  type NestedArray,
  numelOf,
  Tensor,
} from "./tensor.js";

/** Options shared by the tensor constructors. */
export interface CreateOptions {
  /** Element type; `"float32"` unless given. */
  dtype?: DType;
}

/** Options of the seeded random constructors. */
export interface RandomOptions extends CreateOptions {
  /** Seed of the generator; the same seed gives the same tensor. Defaults to 0. */
  seed?: number;
}

function checkShape(shape: readonly number[]): void {
  if (!Array.isArray(shape) || shape.some((s) => typeof s !== "number" || !Number.isInteger(s) || s < 0)) {
    throw new ConvLabError({
      parameter: "shape",
      value: shape,
      rule: "must be an array of whole numbers ≥ 0",
      fix: "for example [1, 1, 28, 28]",
      category: "shape",
    });
  }
  checkSize("shape", [...shape], shape, "ask for a smaller tensor");
}

/**
 * A tensor from nested arrays (like `torch.tensor`).
 *
 * @example
 * ```ts
 * import { tensor } from "convlab";
 * const K = tensor([[0, 1], [2, 3]]);
 * K.shape; // [2, 2]
 * ```
 */
export function tensor(values: NestedArray, options: CreateOptions = {}): Tensor {
  return fromNested(values, options.dtype ?? "float32");
}

/**
 * A tensor of zeros (like `torch.zeros`).
 *
 * @example
 * ```ts
 * import { zeros } from "convlab";
 * zeros([1, 1, 3, 3]).sum(); // 0
 * ```
 */
export function zeros(shape: readonly number[], options: CreateOptions = {}): Tensor {
  checkShape(shape);
  return new Tensor(shape, allocate(checkDType(options.dtype ?? "float32"), numelOf(shape)));
}

/**
 * A tensor filled with `value` (like `torch.full`).
 *
 * @example
 * ```ts
 * import { full } from "convlab";
 * full([2, 2], 7).sum(); // 28
 * ```
 */
export function full(shape: readonly number[], value: number, options: CreateOptions = {}): Tensor {
  const t = zeros(shape, options);
  t.data.fill(value);
  return t;
}

/**
 * A tensor of ones (like `torch.ones`).
 *
 * @example
 * ```ts
 * import { ones } from "convlab";
 * ones([2, 3]).sum(); // 6
 * ```
 */
export function ones(shape: readonly number[], options: CreateOptions = {}): Tensor {
  return full(shape, 1, options);
}

/**
 * A 1-D tensor of evenly spaced values in [start, end) (like `torch.arange`).
 * With one argument it counts from 0: `arange(9)` is 0, 1, …, 8.
 *
 * @example
 * ```ts
 * import { arange } from "convlab";
 * arange(9).reshape(3, 3).tolist(); // [[0, 1, 2], [3, 4, 5], [6, 7, 8]]
 * arange(1, 2, 0.25).tolist();      // [1, 1.25, 1.5, 1.75]
 * ```
 */
export function arange(start: number, end?: number, step = 1, options: CreateOptions = {}): Tensor {
  const [from, to] = end === undefined ? [0, start] : [start, end];
  for (const [name, bound] of [
    ["start", from],
    ["end", to],
  ] as const) {
    if (typeof bound !== "number" || !Number.isFinite(bound)) {
      throw new ConvLabError({
        parameter: name,
        value: bound,
        rule: "must be a finite number",
        fix: "for example arange(0, 10)",
        category: "argument",
      });
    }
  }
  if (typeof step !== "number" || !Number.isFinite(step) || step === 0) {
    throw new ConvLabError({
      parameter: "step",
      value: step,
      rule: "must be a non-zero finite number",
      fix: "for example arange(0, 1, 0.25)",
      category: "argument",
    });
  }
  const length = Math.max(0, Math.ceil((to - from) / step));
  checkSize("end", to, [length], "ask for fewer values: a larger step or a closer end");
  const data = allocate(checkDType(options.dtype ?? "float32"), length);
  for (let i = 0; i < length; i++) data[i] = from + i * step;
  return new Tensor([length], data);
}

/**
 * A tensor of uniform random values in [0, 1), reproducible from `seed` (like `torch.rand`).
 *
 * @example
 * ```ts
 * import { rand } from "convlab";
 * rand([2, 2], { seed: 1 }).allclose(rand([2, 2], { seed: 1 })); // true
 * ```
 */
export function rand(shape: readonly number[], options: RandomOptions = {}): Tensor {
  const t = zeros(shape, options);
  const random = seededRandom(options.seed ?? 0);
  for (let i = 0; i < t.numel; i++) t.data[i] = random.next();
  return t;
}

/**
 * A tensor of standard normal values, reproducible from `seed` (like `torch.randn`).
 *
 * @example
 * ```ts
 * import { randn } from "convlab";
 * randn([1, 1, 3, 3], { seed: 42 }).shape; // [1, 1, 3, 3]
 * ```
 */
export function randn(shape: readonly number[], options: RandomOptions = {}): Tensor {
  const t = zeros(shape, options);
  const random = seededRandom(options.seed ?? 0);
  for (let i = 0; i < t.numel; i++) t.data[i] = random.normal();
  return t;
}
