/**
 * The ten Fashion-MNIST classes, in label order (label 0 is "T-shirt/top", 9 is "Ankle boot"),
 * as listed in Zalando Research's README.
 *
 * @example
 * ```ts
 * import { FASHION_MNIST_CLASSES } from "convlab";
 * FASHION_MNIST_CLASSES[9]; // "Ankle boot"
 * ```
 */
export const FASHION_MNIST_CLASSES = [
  "T-shirt/top",
  "Trouser",
  "Pullover",
  "Dress",
  "Coat",
  "Sandal",
  "Shirt",
  "Sneaker",
  "Bag",
  "Ankle boot",
] as const;

/** A Fashion-MNIST class name. */
export type FashionMnistClass = (typeof FASHION_MNIST_CLASSES)[number];
