/**
 * The grey levels of the PNG mosaic. The PNG is greyscale because colour does not fit the size
 * budget (≤ 2 bytes per feature-map pixel for the whole bundle; bench/figure.ts measures it):
 * - input pixels: black (0 or less) to white (1 or more), in {@link INPUT_LEVELS} levels;
 * - kernels and feature maps: a zero-centred scale, black = −limit, mid-grey 128 = 0,
 *   white = +limit, in {@link MAP_LEVELS} steps per side (posterized: it compresses far better);
 * - padding cells: a checkerboard of the padded value's grey and its inverse.
 */

/** Grey steps per side of zero on the map scale (33 grey levels in all). */
export const MAP_LEVELS = 16;
/** Grey levels of input pixels (posterized a little: it saves PNG bytes, invisibly). */
export const INPUT_LEVELS = 64;
/** The grey of a zero map value. */
export const ZERO_GRAY = 128;
/** The mosaic's background (distinct from every map's zero and extremes). */
export const BACKGROUND_GRAY = 224;

/**
 * The grey of `value` on the zero-centred scale `[−limit, limit]` (clamped), 0–255.
 *
 * @example
 * ```ts
 * import { mapGray } from "convlab";
 * mapGray(0, 4);  // 128
 * mapGray(4, 4);  // 255
 * mapGray(-9, 4); // 0
 * mapGray(2, 4);  // 192
 * ```
 */
export function mapGray(value: number, limit: number): number {
  const t = limit > 0 ? Math.max(-1, Math.min(1, value / limit)) : 0;
  const step = Math.round(t * MAP_LEVELS) / MAP_LEVELS;
  return step >= 0
    ? Math.round(ZERO_GRAY + step * (255 - ZERO_GRAY))
    : Math.round(ZERO_GRAY + step * ZERO_GRAY);
}

/**
 * The grey of an input pixel: `low` is black, `high` is white (clamped), in {@link INPUT_LEVELS} levels of 0–255.
 *
 * @example
 * ```ts
 * import { inputGray } from "convlab";
 * inputGray(1, 0, 1);   // 255
 * inputGray(0.5, 0, 1); // 130
 * ```
 */
export function inputGray(value: number, low: number, high: number): number {
  const t = high > low ? Math.max(0, Math.min(1, (value - low) / (high - low))) : 0;
  const steps = INPUT_LEVELS - 1;
  return Math.round((Math.round(t * steps) * 255) / steps);
}

/**
 * A padding cell at row `r`, column `c` of the padded input: its value's grey on even cells
 * (`r + c` even), the inverse grey on odd ones — a checkerboard that marks padding whatever its value.
 *
 * @example
 * ```ts
 * import { paddingGray } from "convlab";
 * [paddingGray(0, 0, 0), paddingGray(0, 0, 1)]; // [0, 255]
 * ```
 */
export function paddingGray(gray: number, r: number, c: number): number {
  return (r + c) % 2 === 0 ? gray : 255 - gray;
}
