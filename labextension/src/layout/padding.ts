/**
 * The input image as the convolution sees it: padded on each side in the variant's mode.
 */
import { paddingSourceIndex } from "convlab/payload";
import type { PaddingMode, Sides } from "../payload/index.js";

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
  padding: Sides,
  mode: PaddingMode,
): PaddedImage {
  const z: number[][] = [];
  const mask: (1 | null)[][] = [];
  for (let r = -padding.top; r < height + padding.bottom; r++) {
    const sourceRow = paddingSourceIndex(r, height, mode);
    const zRow: number[] = [];
    const maskRow: (1 | null)[] = [];
    for (let c = -padding.left; c < width + padding.right; c++) {
      const sourceColumn = paddingSourceIndex(c, width, mode);
      const inside = r >= 0 && r < height && c >= 0 && c < width;
      zRow.push(sourceRow < 0 || sourceColumn < 0 ? 0 : (pixels[sourceRow * width + sourceColumn] as number));
      maskRow.push(inside ? null : 1);
    }
    z.push(zRow);
    mask.push(maskRow);
  }
  return { z, mask };
}
