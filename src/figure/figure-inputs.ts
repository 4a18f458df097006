/**
 * What a feature-map figure spec gives as images and kernels, checked and normalised: the images
 * as one-channel `[N, 1, H, W]` float32 with a label each, each kernel as a named `[kh, kw]`
 * tensor, within the figure's limits. Bad input gets an error naming the value and the rule.
 */
import { ConvLabError } from "../errors.js";
import { Tensor } from "../tensor/tensor.js";
import type { FigureImageLabel, FigureImages, FigureKernel } from "./feature-maps.js";
import { type NamedKernel, namedKernel } from "./kernels.js";

/** The most images, kernels and variants one figure holds. */
export const LIMITS = { inputs: 64, kernels: 64, variants: 32 };

/** The error for more than `limit` of `parameter`. */
export function tooMany(parameter: string, count: number, limit: number): ConvLabError {
  return new ConvLabError({
    parameter,
    value: count,
    rule: `a figure holds at most ${limit} ${parameter}`,
    fix: `split it into several figures of ≤ ${limit} ${parameter}`,
    category: "argument",
  });
}

/**
 * The images of a figure spec as one float32 `[N, 1, H, W]` tensor and one label per image
 * (`image i` for a bare tensor); a clear error for any other shape, a missing label, no image or
 * more than {@link LIMITS}.inputs.
 *
 * @example
 * ```ts
 * import { tensor } from "convlab";
 * import { toInputs } from "./figure-inputs.js";
 * const { tensor: t, labels } = toInputs(tensor([[0, 1], [1, 0]]));
 * t.shape;         // [1, 1, 2, 2]
 * labels[0]!.label; // "image 0"
 * ```
 */
export function toInputs(images: FigureImages): { tensor: Tensor; labels: FigureImageLabel[] } {
  const given = images instanceof Tensor ? images : images.tensor;
  if (!(given instanceof Tensor)) {
    throw new ConvLabError({
      parameter: "images",
      value: typeof given,
      rule: "must be a Tensor or a selection { tensor, images }",
      fix: "pass fashion.select({ indices: [0] }) or a tensor [N, 1, H, W]",
      category: "argument",
    });
  }
  const shape = given.shape;
  let tensor: Tensor;
  if (shape.length === 2) tensor = given.reshape(1, 1, shape[0]!, shape[1]!);
  else if (shape.length === 3 && shape[0] === 1) tensor = given.reshape(1, 1, shape[1]!, shape[2]!);
  else if (shape.length === 4 && shape[1] === 1) tensor = given;
  else {
    throw new ConvLabError({
      parameter: "images",
      value: [...shape],
      rule: "must be one-channel images: [N, 1, H, W], [1, H, W] or [H, W]",
      fix: "pick one channel, e.g. reshape a single image to [1, 1, H, W]",
      category: "shape",
    });
  }
  if (tensor.dtype !== "float32") tensor = tensor.to("float32");
  const n = tensor.shape[0]!;
  const labels =
    images instanceof Tensor
      ? Array.from({ length: n }, (_, i) => ({ label: `image ${i}`, split: "synthetic" as const }))
      : [...images.images];
  if (labels.length !== n) {
    throw new ConvLabError({
      parameter: "images",
      value: labels.length,
      rule: `needs one label per image: the tensor has ${n} images but ${labels.length} labels`,
      fix: "give images: { tensor, images } with one { label } per image",
      category: "argument",
    });
  }
  if (n === 0) {
    throw new ConvLabError({
      parameter: "images",
      value: [...shape],
      rule: "needs at least one image",
      fix: "select one or more images, e.g. fashion.select({ indices: [0] })",
      category: "argument",
    });
  }
  if (n > LIMITS.inputs) throw tooMany("images", n, LIMITS.inputs);
  return { tensor, labels };
}

/**
 * A kernel of a figure spec as a named `[kh, kw]` float32 kernel (`kernel i` for a bare tensor).
 *
 * @example
 * ```ts
 * import { tensor } from "convlab";
 * import { toKernel } from "./figure-inputs.js";
 * const kernel = toKernel(tensor([[1, -1]]), 2);
 * [kernel.name, kernel.description, kernel.tensor.shape]; // ["kernel 2", "custom 1x2", [1, 2]]
 * ```
 */
export function toKernel(kernel: FigureKernel, index: number): NamedKernel {
  if (typeof kernel === "string") return namedKernel(kernel);
  if (kernel instanceof Tensor) {
    const shape = kernel.shape;
    const ok = shape.length === 2 || (shape.length === 4 && shape[0] === 1 && shape[1] === 1);
    if (!ok) {
      throw new ConvLabError({
        parameter: `kernels[${index}]`,
        value: [...shape],
        rule: "a kernel must be a [kh, kw] (or [1, 1, kh, kw]) tensor",
        fix: "pass one 2-D kernel, e.g. tensor([[1, -1]]), or a name like 'sobel-x'",
        category: "shape",
      });
    }
    const [kh, kw] = shape.slice(-2) as [number, number];
    return {
      name: `kernel ${index}`,
      description: `custom ${kh}x${kw}`,
      tensor: kernel.reshape(kh, kw).to("float32"),
    };
  }
  return kernel;
}
