/**
 * Draws the static feature-map figure laid out by ./mosaic.ts onto a greyscale raster (grey
 * levels: ./mosaic-tones.ts, computed once and shared with the SVG; text: ./glyphs.ts) and
 * encodes it as PNG (./png-encode.ts).
 */
import { BACKGROUND_GRAY, mapGray } from "./colors.js";
import { drawText } from "./glyphs.js";
import { GrayCanvas } from "./gray-canvas.js";
import {
  type MosaicCell,
  type MosaicLayout,
  type MosaicOptions,
  type MosaicSource,
  mosaicLayout,
} from "./mosaic.js";
import { type MosaicTones, mosaicTones } from "./mosaic-tones.js";
import { encodeGrayPng } from "./png-encode.js";

/** The grey of text and of the colour bar's tick marks. */
export const INK_GRAY = 0;

/**
 * One image plane of the figure (an input, a kernel, a padded input or a band of maps): the cell it fills
 * in the layout, its size in source pixels, and how to paint it at any integer zoom. The PNG
 * paints it at its layout zoom; the SVG paints it once at 1× and lets the viewer enlarge it.
 */
export interface MosaicPlane {
  readonly cell: MosaicCell;
  readonly rows: number;
  readonly columns: number;
  /** Layout pixels per source pixel. */
  readonly zoom: number;
  paint(canvas: GrayCanvas, x: number, y: number, zoom: number): void;
}

/**
 * Every image plane of the figure laid out as `layout`, painted from `tones` (the grey levels of
 * ./mosaic-tones.ts; computed here when not given, share them to paint the PNG and the SVG).
 *
 * @example
 * ```ts
 * import { featureMaps, mosaicLayout, mosaicPlanes, tensor } from "convlab";
 * const figure = featureMaps({ images: tensor([[0, 1], [1, 0]]), kernels: "edge" });
 * mosaicPlanes(figure, mosaicLayout(figure, 1)).length; // 4
 * ```
 */
export function mosaicPlanes(
  source: MosaicSource,
  layout: MosaicLayout,
  tones: MosaicTones = mosaicTones(source, shownRows(layout)),
): MosaicPlane[] {
  if (tones.mapRows < shownRows(layout)) {
    throw new RangeError(
      `the tones hold the maps of ${tones.mapRows} inputs; the layout shows ${shownRows(layout)}`,
    );
  }
  const planes: MosaicPlane[] = [];
  const add = (
    cell: MosaicCell,
    greys: Uint8Array,
    from: number,
    rows: number,
    columns: number,
    zoom: number,
  ) => {
    planes.push({
      cell,
      rows,
      columns,
      zoom,
      paint: (canvas, x, y, z) => canvas.tile(x, y, greys, from, rows, columns, z),
    });
  };
  const [, , h, w] = source.inputs.shape as [number, number, number, number];
  const [k, , kh, kw] = source.weight.shape as [number, number, number, number];
  layout.inputs.forEach((cell, i) => {
    add(cell, tones.inputs, i * h * w, h, w, layout.zoom);
  });
  layout.kernels.forEach((cell, j) => {
    add(cell, tones.kernels, j * kh * kw, kh, kw, layout.kernelZoom);
  });
  source.variants.forEach((variant, v) => {
    const { top, bottom, left, right } = variant.padding;
    add(layout.padded[v]!, tones.padded[v]!, 0, h + top + bottom, w + left + right, layout.zoom);
  });
  for (const band of layout.bands) {
    const [, , oh, ow] = source.variants[band.variant]!.output.shape as [number, number, number, number];
    const greys = tones.maps[band.variant]!;
    const mz = layout.mapZoom[band.variant]!;
    // In map pixels: the band's pitches are whole multiples of its zoom (./mosaic.ts).
    const [px, py] = [band.pitchX / mz, band.pitchY / mz];
    const shown = layout.maps[band.variant]!.length;
    planes.push({
      cell: {
        x: band.x,
        y: band.y,
        width: ((band.kernels - 1) * px + ow) * mz,
        height: ((shown - 1) * py + oh) * mz,
      },
      rows: (shown - 1) * py + oh,
      columns: (band.kernels - 1) * px + ow,
      zoom: mz,
      paint: (canvas, x, y, z) => {
        for (let i = 0; i < shown; i++) {
          for (let c = 0; c < band.kernels; c++) {
            const from = (i * k + band.firstKernel + c) * oh * ow;
            canvas.tile(x + c * px * z, y + i * py * z, greys, from, oh, ow, z);
          }
        }
      },
    });
  }
  return planes;
}

/** How many inputs' maps `layout` shows. */
function shownRows(layout: MosaicLayout): number {
  return layout.maps[0]?.length ?? 0;
}

/**
 * The colour bar as runs of one grey: `[x, width, grey]` from left to right.
 *
 * @example
 * ```ts
 * import { colorBarRuns, featureMaps, mosaicLayout, tensor } from "convlab";
 * const figure = featureMaps({ images: tensor([[0, 1], [1, 0]]), kernels: "edge" });
 * colorBarRuns(mosaicLayout(figure, 1), 1).length; // 13
 * ```
 */
export function colorBarRuns(layout: MosaicLayout, limit: number): [number, number, number][] {
  const bar = layout.colorBar;
  const runs: [number, number, number][] = [];
  for (let c = 0; c < bar.width; c++) {
    const grey = mapGray(((2 * c) / Math.max(1, bar.width - 1) - 1) * limit, limit);
    const last = runs[runs.length - 1];
    if (last !== undefined && last[2] === grey) last[1]++;
    else runs.push([bar.x + c, 1, grey]);
  }
  return runs;
}

function drawColorBar(canvas: GrayCanvas, layout: MosaicLayout, limit: number): void {
  const bar = layout.colorBar;
  for (const [x, width, grey] of colorBarRuns(layout, limit))
    canvas.fill({ x, y: bar.y, width, height: bar.height }, grey);
  canvas.outline(bar, INK_GRAY);
  for (const tick of layout.ticks)
    canvas.fill({ x: tick.x, y: bar.y + bar.height, width: 1, height: 3 }, INK_GRAY);
}

/**
 * The figure drawn on a greyscale raster, and its layout (no encoding); `tones` as
 * {@link mosaicPlanes} takes them.
 *
 * @example
 * ```ts
 * import { featureMaps, mosaicRaster, tensor } from "convlab";
 * const figure = featureMaps({ images: tensor([[0, 1], [1, 0]]), kernels: "edge" });
 * const { canvas, layout } = mosaicRaster(figure, 2);
 * [canvas.width, canvas.height].join("x") === `${layout.width}x${layout.height}`; // true
 * ```
 */
export function mosaicRaster(
  source: MosaicSource,
  zoom = 1,
  options: MosaicOptions = {},
  tones?: MosaicTones,
): { canvas: GrayCanvas; layout: MosaicLayout } {
  const layout = mosaicLayout(source, zoom, options);
  const canvas = new GrayCanvas(layout.width, layout.height, BACKGROUND_GRAY);
  for (const plane of mosaicPlanes(source, layout, tones))
    plane.paint(canvas, plane.cell.x, plane.cell.y, plane.zoom);
  drawColorBar(canvas, layout, source.colorLimit);
  for (const t of layout.texts) drawText(canvas, t.text, t.box.x, t.box.y, t.style, INK_GRAY);
  return { canvas, layout };
}

/**
 * The labelled figure as a greyscale PNG (./png-encode.ts), and where each cell and label is;
 * `tones` as {@link mosaicPlanes} takes them.
 *
 * @example
 * ```ts
 * import { featureMaps, mosaicPng, tensor } from "convlab";
 * const figure = featureMaps({ images: tensor([[0, 1], [1, 0]]), kernels: "edge" });
 * mosaicPng(figure, 1).png.subarray(1, 4).toString(); // "PNG"
 * ```
 */
export function mosaicPng(
  source: MosaicSource,
  zoom = 1,
  options: MosaicOptions = {},
  tones?: MosaicTones,
): { png: Buffer; layout: MosaicLayout } {
  const { canvas, layout } = mosaicRaster(source, zoom, options, tones);
  return { png: encodeGrayPng(canvas.pixels, canvas.width, canvas.height), layout };
}
