/**
 * A small library of named 2-D kernels for feature-map figures. Each is a cross-correlation
 * kernel (what `conv2d` applies, as in PyTorch: no flip).
 */
import { ConvLabError } from "../errors.js";
import { seededRandom } from "../tensor/random.js";
import { Tensor } from "../tensor/tensor.js";

/** A kernel with a name and a one-line description; `tensor` is `[height, width]`, float32. */
export interface NamedKernel {
  readonly name: string;
  readonly description: string;
  readonly tensor: Tensor;
}

/** The names {@link namedKernel} knows. */
export const KERNEL_NAMES = [
  "identity",
  "box-blur",
  "gaussian-blur",
  "sharpen",
  "sobel-x",
  "sobel-y",
  "laplacian",
  "edge",
  "random",
] as const;

/** A kernel name. */
export type KernelName = (typeof KERNEL_NAMES)[number];

/** Options of {@link namedKernel}. */
export interface KernelOptions {
  /** Side length for `box-blur`, `gaussian-blur` and `random` (odd, default 3). */
  readonly size?: number;
  /** Seed for `random` (default 0). */
  readonly seed?: number;
}

function make(name: string, description: string, rows: readonly (readonly number[])[]): NamedKernel {
  const height = rows.length;
  const width = rows[0]!.length;
  const data = new Float32Array(height * width);
  rows.forEach((row, i) => {
    row.forEach((value, j) => {
      data[i * width + j] = value;
    });
  });
  return { name, description, tensor: new Tensor([height, width], data) };
}

/** Row `n − 1` of Pascal's triangle: the binomial weights that approximate a Gaussian. */
function binomialRow(n: number): number[] {
  const row = [1];
  for (let k = 1; k < n; k++) row.push((row[k - 1]! * (n - k)) / k);
  return row;
}

function checkSize(size: number): void {
  if (!Number.isInteger(size) || size < 1 || size > 64) {
    throw new ConvLabError({
      parameter: "size",
      value: size,
      rule: "kernel size must be an integer from 1 to 64",
      fix: "use size: 3 or size: 5",
      category: "kernel",
    });
  }
}

/**
 * A reproducible random kernel: standard normal values from {@link seededRandom}.
 *
 * @example
 * ```ts
 * import { randomKernel } from "convlab";
 * randomKernel({ size: 3, seed: 1 }).tensor.shape; // [3, 3]
 * randomKernel({ seed: 1 }).tensor.allclose(randomKernel({ seed: 1 }).tensor); // true
 * ```
 */
export function randomKernel(options: KernelOptions = {}): NamedKernel {
  const size = options.size ?? 3;
  const seed = options.seed ?? 0;
  checkSize(size);
  const random = seededRandom(seed);
  const data = new Float32Array(size * size);
  for (let i = 0; i < data.length; i++) data[i] = random.normal();
  return {
    name: `random-${seed}`,
    description: `${size}x${size} standard normal values, seed ${seed}`,
    tensor: new Tensor([size, size], data),
  };
}

/**
 * A named kernel: `identity`, `box-blur`, `gaussian-blur` (binomial weights), `sharpen`, `sobel-x`
 * (responds to left-to-right increases), `sobel-y` (top-to-bottom), `laplacian`, `edge` (the
 * book's `[[1, -1]]` edge detector) or `random` (seeded).
 *
 * @example
 * ```ts
 * import { namedKernel } from "convlab";
 * namedKernel("sobel-x").tensor.tolist();       // [[-1, 0, 1], [-2, 0, 2], [-1, 0, 1]]
 * namedKernel("edge").tensor.tolist();          // [[1, -1]]
 * namedKernel("gaussian-blur").tensor.sum();    // 1
 * namedKernel("box-blur", { size: 5 }).tensor.shape; // [5, 5]
 * ```
 */
export function namedKernel(name: KernelName, options: KernelOptions = {}): NamedKernel {
  const size = options.size ?? 3;
  checkSize(size);
  switch (name) {
    case "identity": {
      const rows = Array.from({ length: size }, (_, i) =>
        Array.from({ length: size }, (_, j) => (i === (size - 1) / 2 && j === (size - 1) / 2 ? 1 : 0)),
      );
      if (size % 2 === 0) {
        throw new ConvLabError({
          parameter: "size",
          value: size,
          rule: "an identity kernel needs an odd size (a centre pixel)",
          fix: "use size: 3",
          category: "kernel",
        });
      }
      return make("identity", "copies the input (a single 1 at the centre)", rows);
    }
    case "box-blur":
      return make(
        "box-blur",
        `mean of each ${size}x${size} window`,
        Array.from({ length: size }, () => new Array<number>(size).fill(1 / (size * size))),
      );
    case "gaussian-blur": {
      const row = binomialRow(size);
      const total = row.reduce((a, b) => a + b, 0) ** 2;
      return make(
        "gaussian-blur",
        `${size}x${size} binomial approximation of a Gaussian blur`,
        row.map((a) => row.map((b) => (a * b) / total)),
      );
    }
    case "sharpen":
      return make("sharpen", "adds the difference from the 4 neighbours", [
        [0, -1, 0],
        [-1, 5, -1],
        [0, -1, 0],
      ]);
    case "sobel-x":
      return make("sobel-x", "horizontal gradient: responds to vertical edges", [
        [-1, 0, 1],
        [-2, 0, 2],
        [-1, 0, 1],
      ]);
    case "sobel-y":
      return make("sobel-y", "vertical gradient: responds to horizontal edges", [
        [-1, -2, -1],
        [0, 0, 0],
        [1, 2, 1],
      ]);
    case "laplacian":
      return make("laplacian", "second derivative: responds to edges and spots", [
        [0, 1, 0],
        [1, -4, 1],
        [0, 1, 0],
      ]);
    case "edge":
      return make("edge", "the book's [1, -1] edge detector: X[i, j] − X[i, j + 1]", [[1, -1]]);
    case "random":
      return randomKernel(options);
    default:
      throw new ConvLabError({
        parameter: "kernel",
        value: name,
        rule: `unknown kernel name: must be one of ${KERNEL_NAMES.map((k) => `'${k}'`).join(", ")}`,
        fix: "pick one of those, or pass your own tensor",
        category: "kernel",
      });
  }
}
