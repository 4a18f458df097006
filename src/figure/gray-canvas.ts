/**
 * An 8-bit greyscale raster (one byte per pixel, row-major) that the static figure is drawn on:
 * filled rectangles, value planes upscaled by an integer factor (nearest neighbour), outlines,
 * and coverage masks (antialiased glyphs) blended in. Browser-safe; no encoding here.
 */

/** A rectangle, in pixels. */
export interface Rect {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

/**
 * A greyscale raster.
 *
 * @example
 * ```ts
 * import { GrayCanvas } from "convlab";
 * const canvas = new GrayCanvas(4, 2, 255);
 * canvas.fill({ x: 1, y: 0, width: 2, height: 1 }, 0);
 * Array.from(canvas.pixels); // [255, 0, 0, 255, 255, 255, 255, 255]
 * ```
 */
export class GrayCanvas {
  readonly pixels: Uint8Array;

  constructor(
    readonly width: number,
    readonly height: number,
    background: number,
  ) {
    this.pixels = new Uint8Array(width * height).fill(background);
  }

  /** Fills `rect` (clipped to the canvas) with `gray`. */
  fill(rect: Rect, gray: number): void {
    const x0 = Math.max(0, rect.x);
    const x1 = Math.min(this.width, rect.x + rect.width);
    for (let y = Math.max(0, rect.y); y < Math.min(this.height, rect.y + rect.height); y++) {
      if (x1 > x0) this.pixels.fill(gray, y * this.width + x0, y * this.width + x1);
    }
  }

  /** A one-pixel outline just outside `rect`. */
  outline(rect: Rect, gray: number): void {
    this.fill({ x: rect.x - 1, y: rect.y - 1, width: rect.width + 2, height: 1 }, gray);
    this.fill({ x: rect.x - 1, y: rect.y + rect.height, width: rect.width + 2, height: 1 }, gray);
    this.fill({ x: rect.x - 1, y: rect.y, width: 1, height: rect.height }, gray);
    this.fill({ x: rect.x + rect.width, y: rect.y, width: 1, height: rect.height }, gray);
  }

  /**
   * Draws an `h×w` plane of values (row-major from `from`) at (x, y), each value a `zoom×zoom`
   * block of `color(value, row, column)`: integer nearest-neighbour upscaling.
   */
  plane(
    x: number,
    y: number,
    values: ArrayLike<number>,
    from: number,
    h: number,
    w: number,
    zoom: number,
    color: (value: number, row: number, column: number) => number,
  ): void {
    const { width, pixels } = this;
    const row = new Uint8Array(w * zoom);
    for (let r = 0; r < h; r++) {
      for (let c = 0; c < w; c++) row.fill(color(values[from + r * w + c]!, r, c), c * zoom, (c + 1) * zoom);
      for (let dy = 0; dy < zoom; dy++) pixels.set(row, (y + r * zoom + dy) * width + x);
    }
  }

  /**
   * Draws an `h×w` plane of grey levels (row-major from `from`) at (x, y), each a `zoom×zoom`
   * block: {@link plane} for greys already computed (copied row by row, no per-pixel call).
   *
   * @example
   * ```ts
   * import { GrayCanvas } from "convlab";
   * const canvas = new GrayCanvas(4, 2, 255);
   * canvas.tile(0, 0, new Uint8Array([0, 136]), 0, 1, 2, 2);
   * Array.from(canvas.pixels); // [0, 0, 136, 136, 0, 0, 136, 136]
   * ```
   */
  tile(x: number, y: number, greys: Uint8Array, from: number, h: number, w: number, zoom: number): void {
    const { width, pixels } = this;
    if (zoom === 1) {
      for (let r = 0; r < h; r++)
        pixels.set(greys.subarray(from + r * w, from + (r + 1) * w), (y + r) * width + x);
      return;
    }
    for (let r = 0; r < h; r++) {
      const at = (y + r * zoom) * width + x;
      const source = from + r * w;
      for (let c = 0, to = at; c < w; c++) {
        const grey = greys[source + c]!;
        for (let end = to + zoom; to < end; to++) pixels[to] = grey;
      }
      for (let dy = 1; dy < zoom; dy++) pixels.copyWithin(at + dy * width, at, at + w * zoom);
    }
  }

  /**
   * Blends `ink` into the canvas through a coverage mask (0 = keep, 255 = ink) of `maskWidth`
   * columns, placed with its top-left at (x, y); clipped to the canvas.
   */
  blend(x: number, y: number, mask: Uint8Array, maskWidth: number, ink: number): void {
    const maskHeight = mask.length / maskWidth;
    for (let r = 0; r < maskHeight; r++) {
      const cy = y + r;
      if (cy < 0 || cy >= this.height) continue;
      for (let c = 0; c < maskWidth; c++) {
        const a = mask[r * maskWidth + c]!;
        const cx = x + c;
        if (a === 0 || cx < 0 || cx >= this.width) continue;
        const at = cy * this.width + cx;
        this.pixels[at] = Math.round((this.pixels[at]! * (255 - a) + ink * a) / 255);
      }
    }
  }
}
