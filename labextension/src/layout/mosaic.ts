/**
 * Mosaic tiling: all output maps of a variant laid out as ONE image (one heatmap), tiles in
 * row-major order separated by a gap of empty cells.
 */

/** Where the tiles of a mosaic go. All sizes in cells (output pixels). */
export interface MosaicGrid {
  readonly count: number;
  readonly tileHeight: number;
  readonly tileWidth: number;
  readonly gap: number;
  readonly columns: number;
  readonly rows: number;
  /** Mosaic height: rows · tileHeight + (rows − 1) · gap. */
  readonly height: number;
  /** Mosaic width: columns · tileWidth + (columns − 1) · gap. */
  readonly width: number;
}

/**
 * Chooses the column count whose mosaic is closest to `targetAspect` (width / height, compared
 * on a log scale), preferring more columns on a tie.
 *
 * @example
 * ```ts
 * mosaicGrid(64, 14, 14);   // 8 columns × 8 rows, 119 × 119 cells with a 1-cell gap
 * mosaicGrid(3, 10, 10);    // 2 columns × 2 rows (one empty slot)
 * ```
 */
export function mosaicGrid(
  count: number,
  tileHeight: number,
  tileWidth: number,
  gap = 1,
  targetAspect = 1,
): MosaicGrid {
  if (!Number.isInteger(count) || count < 1)
    throw new RangeError(`count must be a positive integer, got ${count}`);
  let best = { columns: 1, score: Number.POSITIVE_INFINITY };
  for (let columns = 1; columns <= count; columns++) {
    const rows = Math.ceil(count / columns);
    if (columns > 1 && Math.ceil(count / (columns - 1)) === rows) continue; // same rows, wider: never better
    const width = columns * tileWidth + (columns - 1) * gap;
    const height = rows * tileHeight + (rows - 1) * gap;
    const score = Math.abs(Math.log(width / height / targetAspect));
    if (score <= best.score + 1e-12) best = { columns, score };
  }
  const columns = best.columns;
  const rows = Math.ceil(count / columns);
  return {
    count,
    tileHeight,
    tileWidth,
    gap,
    columns,
    rows,
    height: rows * tileHeight + (rows - 1) * gap,
    width: columns * tileWidth + (columns - 1) * gap,
  };
}

/**
 * Top-left cell of tile `index`.
 *
 * @example
 * ```ts
 * tileOrigin(mosaicGrid(64, 14, 14), 9); // { x: 15, y: 15 } (row 1, column 1)
 * ```
 */
export function tileOrigin(grid: MosaicGrid, index: number): { x: number; y: number } {
  const row = Math.floor(index / grid.columns);
  const column = index % grid.columns;
  return { x: column * (grid.tileWidth + grid.gap), y: row * (grid.tileHeight + grid.gap) };
}

/** A mosaic cell resolved to the map it belongs to and the output position inside that map. */
export interface MosaicCell {
  readonly map: number;
  readonly row: number;
  readonly column: number;
}

/**
 * The map and output position under mosaic cell (x, y), or null in a gap or an empty slot.
 *
 * @example
 * ```ts
 * cellAt(mosaicGrid(64, 14, 14), 16, 30); // { map: 17, row: 0, column: 1 }
 * cellAt(mosaicGrid(64, 14, 14), 14, 0);  // null (gap)
 * ```
 */
export function cellAt(grid: MosaicGrid, x: number, y: number): MosaicCell | null {
  if (!Number.isInteger(x) || !Number.isInteger(y) || x < 0 || y < 0 || x >= grid.width || y >= grid.height) {
    return null;
  }
  const pitchX = grid.tileWidth + grid.gap;
  const pitchY = grid.tileHeight + grid.gap;
  const column = x % pitchX;
  const row = y % pitchY;
  if (column >= grid.tileWidth || row >= grid.tileHeight) return null;
  const map = Math.floor(y / pitchY) * grid.columns + Math.floor(x / pitchX);
  return map < grid.count ? { map, row, column } : null;
}

/**
 * Lays `grid.count` maps (row-major, `tileHeight × tileWidth` each, consecutive in `values`)
 * out as one z matrix for a heatmap; gaps and empty slots are null (drawn as nothing).
 *
 * @example
 * ```ts
 * buildMosaic(Float32Array.from([1, 2, 3, 4]), mosaicGrid(4, 1, 1)); // [[1, null, 2], [null, null, null], [3, null, 4]]
 * ```
 */
export function buildMosaic(values: ArrayLike<number>, grid: MosaicGrid): (number | null)[][] {
  const z: (number | null)[][] = [];
  for (let y = 0; y < grid.height; y++) z.push(new Array<number | null>(grid.width).fill(null));
  const tileSize = grid.tileHeight * grid.tileWidth;
  for (let map = 0; map < grid.count; map++) {
    const origin = tileOrigin(grid, map);
    const base = map * tileSize;
    for (let r = 0; r < grid.tileHeight; r++) {
      const row = z[origin.y + r] as (number | null)[];
      const offset = base + r * grid.tileWidth;
      for (let c = 0; c < grid.tileWidth; c++) row[origin.x + c] = values[offset + c] as number;
    }
  }
  return z;
}
