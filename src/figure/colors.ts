/**
 * The grey levels of the static (PNG) figure. Every grey is one of the 16 levels of a 4-bit
 * greyscale PNG (multiples of 17), because the whole bundle must stay within 2 bytes per
 * feature-map pixel and a 4-bit PNG costs about 30 % less than an 8-bit one (bench/figure.ts
 * measures it):
 * - text: black (0); the background: white (255);
 * - input pixels: black (0 or less) to white (1 or more), in {@link INPUT_LEVELS} levels;
 * - kernels and feature maps: a zero-centred scale of 2·{@link MAP_LEVELS} + 1 levels from dark
 *   grey (−limit, 34) through mid-grey ({@link ZERO_GRAY} = 136, zero) to light grey (+limit, 238),
 *   so that neither end is mistaken for text or background;
 * - padding cells: a checkerboard of the padded value's grey and its inverse.
 */

/** Grey steps per side of zero on the map scale (13 grey levels in all). */
export const MAP_LEVELS = 6;
/** Grey levels of input pixels (those of a 4-bit PNG). */
export const INPUT_LEVELS = 16;
/** The grey of a zero map value. */
export const ZERO_GRAY = 136;
/** The figure's background. */
export const BACKGROUND_GRAY = 255;
/** One step of the 4-bit grey scale. */
const STEP = 17;

/**
 * The grey of `value` on the zero-centred scale `[−limit, limit]` (clamped), 34–238.
 *
 * @example
 * ```ts
 * import { mapGray } from "convlab";
 * mapGray(0, 4);  // 136
 * mapGray(4, 4);  // 238
 * mapGray(-9, 4); // 34
 * mapGray(2, 4);  // 187
 * ```
 */
export function mapGray(value: number, limit: number): number {
  const t = limit > 0 && Number.isFinite(value / limit) ? Math.max(-1, Math.min(1, value / limit)) : 0;
  return ZERO_GRAY + Math.round(t * MAP_LEVELS) * STEP;
}

/**
 * The grey of an input pixel: `low` is black, `high` is white (clamped), in {@link INPUT_LEVELS} levels of 0–255.
 *
 * @example
 * ```ts
 * import { inputGray } from "convlab";
 * inputGray(1, 0, 1);   // 255
 * inputGray(0.5, 0, 1); // 136
 * ```
 */
export function inputGray(value: number, low: number, high: number): number {
  const t = high > low ? Math.max(0, Math.min(1, (value - low) / (high - low))) : 0;
  return Math.round(t * (INPUT_LEVELS - 1)) * STEP;
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
