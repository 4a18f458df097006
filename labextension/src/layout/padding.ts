/**
 * The input image as the convolution sees it: padded on each side in the variant's mode.
 */
import type { PaddingMode, PaddingSides } from "../payload/index.js";

/**
 * The input index a padded position copies (PyTorch's F.pad semantics), or −1 for zero padding.
 * `position` is in input coordinates: negative = before the input, ≥ size = after it.
 *
 * @example
 * ```ts
 * padSource(-2, 5, "reflect");   // 2
 * padSource(-1, 5, "replicate"); // 0
 * padSource(5, 5, "circular");   // 0
 * padSource(-1, 5, "zeros");     // -1
 * ```
 */
export function padSource(position: number, size: number, mode: PaddingMode): number {
  if (position >= 0 && position < size) return position;
  switch (mode) {
    case "zeros":
      return -1;
    case "replicate":
      return position < 0 ? 0 : size - 1;
    case "circular":
      return ((position % size) + size) % size;
    case "reflect":
      if (size === 1) return 0;
      return position < 0 ? -position : 2 * (size - 1) - position;
  }
}

/** A padded image for a heatmap, and a mask marking the padding cells. */
export interface PaddedImage {
  /** Rows top to bottom, (height + top + bottom) × (width + left + right). */
  readonly z: number[][];
  /** 1 on padding cells, null on the image itself. */
  readonly mask: (1 | null)[][];
}

/**
 * Pads a row-major `height × width` image.
 *
 * @example
 * ```ts
 * paddedImage(Float32Array.from([1, 2, 3, 4]), 2, 2, { top: 1, bottom: 0, left: 0, right: 1 }, "zeros").z;
 * // [[0, 0, 0], [1, 2, 0], [3, 4, 0]]
 * ```
 */
export function paddedImage(
  pixels: ArrayLike<number>,
  height: number,
  width: number,
  padding: PaddingSides,
  mode: PaddingMode,
): PaddedImage {
  const z: number[][] = [];
  const mask: (1 | null)[][] = [];
  for (let r = -padding.top; r < height + padding.bottom; r++) {
    const sourceRow = padSource(r, height, mode);
    const zRow: number[] = [];
    const maskRow: (1 | null)[] = [];
    for (let c = -padding.left; c < width + padding.right; c++) {
      const sourceColumn = padSource(c, width, mode);
      const inside = r >= 0 && r < height && c >= 0 && c < width;
      zRow.push(sourceRow < 0 || sourceColumn < 0 ? 0 : (pixels[sourceRow * width + sourceColumn] as number));
      maskRow.push(inside ? null : 1);
    }
    z.push(zRow);
    mask.push(maskRow);
  }
  return { z, mask };
}
