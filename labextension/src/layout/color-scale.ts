/**
 * The shared, zero-centred colour scale of all output maps.
 */

export interface ZRange {
  readonly zmin: number;
  readonly zmax: number;
}

/**
 * A symmetric range [−m, m] with m the largest magnitude among the given ranges, so zero sits
 * in the middle of a diverging colour map and every variant is drawn on the same scale.
 * All-zero data gets [−1, 1].
 *
 * @example
 * ```ts
 * zeroCenteredRange([{ min: -3, max: 2 }, { min: -1, max: 2.5 }]); // { zmin: -3, zmax: 3 }
 * zeroCenteredRange([{ min: 0, max: 0 }]);                        // { zmin: -1, zmax: 1 }
 * ```
 */
export function zeroCenteredRange(ranges: readonly { readonly min: number; readonly max: number }[]): ZRange {
  let magnitude = 0;
  for (const range of ranges) {
    magnitude = Math.max(magnitude, Math.abs(range.min), Math.abs(range.max));
  }
  if (!(magnitude > 0) || !Number.isFinite(magnitude)) magnitude = 1;
  return { zmin: -magnitude, zmax: magnitude };
}

/**
 * Where a value falls on a range, from 0 (zmin) to 1 (zmax), clamped.
 *
 * @example
 * ```ts
 * scalePosition(0, { zmin: -3, zmax: 3 });  // 0.5
 * scalePosition(-6, { zmin: -3, zmax: 3 }); // 0
 * ```
 */
export function scalePosition(value: number, range: ZRange): number {
  const t = (value - range.zmin) / (range.zmax - range.zmin);
  return Math.min(1, Math.max(0, t));
}
