/**
 * Draws the static feature-map figure laid out by ./mosaic.ts onto a greyscale raster (grey
 * levels: ./colors.ts; text: ./glyphs.ts) and encodes it as PNG (./png-encode.ts).
 */
import { pad } from "../conv/pad.js";
import { Tensor } from "../tensor/tensor.js";
import { BACKGROUND_GRAY, inputGray, mapGray, paddingGray } from "./colors.js";
import { drawText } from "./glyphs.js";
import { GrayCanvas } from "./gray-canvas.js";
import { type MosaicLayout, type MosaicOptions, type MosaicSource, mosaicLayout } from "./mosaic.js";
import { encodeGrayPng } from "./png-encode.js";

/** The grey of text and of the colour bar's tick marks. */
export const INK_GRAY = 0;

function drawKernels(canvas: GrayCanvas, source: MosaicSource, layout: MosaicLayout): void {
  const [k, , kh, kw] = source.weight.shape as [number, number, number, number];
  const weights = source.weight.data;
  for (let j = 0; j < k; j++) {
    let limit = 0;
    for (let t = 0; t < kh * kw; t++) limit = Math.max(limit, Math.abs(weights[j * kh * kw + t]!));
    const cell = layout.kernels[j]!;
    canvas.plane(cell.x, cell.y, weights, j * kh * kw, kh, kw, layout.kernelZoom, (v) => mapGray(v, limit));
  }
}

function drawColorBar(canvas: GrayCanvas, layout: MosaicLayout, limit: number): void {
  const bar = layout.colorBar;
  for (let c = 0; c < bar.width; c++) {
    const value = ((2 * c) / Math.max(1, bar.width - 1) - 1) * limit;
    canvas.fill({ x: bar.x + c, y: bar.y, width: 1, height: bar.height }, mapGray(value, limit));
  }
  canvas.outline(bar, INK_GRAY);
  for (const tick of layout.ticks)
    canvas.fill({ x: tick.x, y: bar.y + bar.height, width: 1, height: 3 }, INK_GRAY);
}

/**
 * The figure drawn on a greyscale raster, and its layout (no encoding).
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
): { canvas: GrayCanvas; layout: MosaicLayout } {
  const layout = mosaicLayout(source, zoom, options);
  const canvas = new GrayCanvas(layout.width, layout.height, BACKGROUND_GRAY);
  const [, , h, w] = source.inputs.shape as [number, number, number, number];
  const [k] = source.weight.shape as [number];
  const low = Math.min(0, source.inputs.min());
  const high = Math.max(1, source.inputs.max());
  const gray = (v: number) => inputGray(v, low, high);
  for (let i = 0; i < layout.inputs.length; i++) {
    const cell = layout.inputs[i]!;
    canvas.plane(cell.x, cell.y, source.inputs.data, i * h * w, h, w, zoom, gray);
  }
  drawKernels(canvas, source, layout);
  const first = new Tensor([1, 1, h, w], source.inputs.data.subarray(0, h * w));
  source.variants.forEach((variant, v) => {
    const { top, bottom, left, right } = variant.padding;
    const padded = pad(first, variant.padding, variant.paddingMode);
    const cell = layout.padded[v]!;
    canvas.plane(cell.x, cell.y, padded.data, 0, h + top + bottom, w + left + right, zoom, (value, r, c) => {
      const inside = r >= top && r < top + h && c >= left && c < left + w;
      return inside ? gray(value) : paddingGray(gray(value), r, c);
    });
    const [, , oh, ow] = variant.output.shape as [number, number, number, number];
    const mz = layout.mapZoom[v]!;
    for (let i = 0; i < layout.maps[v]!.length; i++) {
      for (let j = 0; j < k; j++) {
        const map = layout.maps[v]![i]![j]!;
        canvas.plane(map.x, map.y, variant.output.data, (i * k + j) * oh * ow, oh, ow, mz, (value) =>
          mapGray(value, source.colorLimit),
        );
      }
    }
  });
  drawColorBar(canvas, layout, source.colorLimit);
  for (const t of layout.texts) drawText(canvas, t.text, t.box.x, t.box.y, t.style, INK_GRAY);
  return { canvas, layout };
}

/**
 * The labelled figure as a PNG (8-bit greyscale), and where each cell and label is.
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
): { png: Buffer; layout: MosaicLayout } {
  const { canvas, layout } = mosaicRaster(source, zoom, options);
  return { png: encodeGrayPng(canvas.pixels, canvas.width, canvas.height), layout };
}
