/**
 * The PNG fallback of a feature-map figure (greyscale; see ./colors.ts): a mosaic with, on top,
 * the input images and the kernels; below, one block per variant: the first input padded as that
 * variant pads it (padding cells drawn as a checkerboard), then for every input a row of its output
 * maps, one per kernel, all maps under one zero-centred scale; at the bottom, the scale bar.
 * Encoded with pngjs.
 */
import { PNG } from "pngjs";
import { pad } from "../conv/pad.js";
import type { PaddingMode, Sides } from "../conv/params.js";
import { Tensor } from "../tensor/tensor.js";
import { BACKGROUND_GRAY, inputGray, mapGray, paddingGray } from "./colors.js";

/** What the mosaic draws (a {@link FeatureMapFigure} provides it). */
export interface MosaicSource {
  /** `[N, 1, H, W]`. */
  readonly inputs: Tensor;
  /** `[K, 1, kh, kw]`. */
  readonly weight: Tensor;
  readonly variants: readonly {
    readonly padding: Sides;
    readonly paddingMode: PaddingMode;
    /** `[N, K, oh, ow]`. */
    readonly output: Tensor;
  }[];
  /** The shared colour scale of the maps: `[−limit, limit]`. */
  readonly colorLimit: number;
}

/** A rectangle of the mosaic, in PNG pixels. */
export interface MosaicCell {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

/** Where everything is, so a reader (or a test) can find any cell. */
export interface MosaicLayout {
  readonly width: number;
  readonly height: number;
  /** PNG pixels per image pixel. */
  readonly zoom: number;
  /** PNG pixels per kernel tap. */
  readonly kernelZoom: number;
  readonly inputs: readonly MosaicCell[];
  readonly kernels: readonly MosaicCell[];
  /** `[variant]`: the first input, padded; its image starts `padding.top·zoom` lower. */
  readonly padded: readonly MosaicCell[];
  /** `[variant][input][kernel]`. */
  readonly maps: readonly (readonly (readonly MosaicCell[])[])[];
  readonly colorBar: MosaicCell;
}

/** Margin around the mosaic and gap between cells, in PNG pixels. */
export const MOSAIC_MARGIN = 4;
export const MOSAIC_GAP = 4;
const COLOR_BAR_HEIGHT = 6;

/**
 * Places every cell of the mosaic.
 *
 * @example
 * ```ts
 * import { featureMaps, mosaicLayout, tensor } from "convlab";
 * const figure = featureMaps({ images: tensor([[0, 1], [1, 0]]), kernels: "edge", variants: [{ padding: 1 }] });
 * const layout = mosaicLayout(figure, 1);
 * layout.inputs[0];   // { x: 4, y: 4, width: 2, height: 2 }
 * layout.maps[0]![0]![0]!.width; // 3
 * ```
 */
export function mosaicLayout(source: MosaicSource, zoom = 1): MosaicLayout {
  const [n, , h, w] = source.inputs.shape as [number, number, number, number];
  const [k, , kh, kw] = source.weight.shape as [number, number, number, number];
  const kernelZoom = Math.max(zoom, Math.floor((Math.min(h, w) * zoom) / Math.max(kh, kw) / 2));
  let y = MOSAIC_MARGIN;
  let x = MOSAIC_MARGIN;
  const inputs: MosaicCell[] = [];
  for (let i = 0; i < n; i++) {
    inputs.push({ x, y, width: w * zoom, height: h * zoom });
    x += w * zoom + MOSAIC_GAP;
  }
  x += 2 * MOSAIC_GAP;
  const kernels: MosaicCell[] = [];
  for (let j = 0; j < k; j++) {
    kernels.push({ x, y, width: kw * kernelZoom, height: kh * kernelZoom });
    x += kw * kernelZoom + MOSAIC_GAP;
  }
  let width = x - MOSAIC_GAP + MOSAIC_MARGIN;
  y += Math.max(h * zoom, kh * kernelZoom) + 3 * MOSAIC_GAP;
  const padded: MosaicCell[] = [];
  const maps: MosaicCell[][][] = [];
  for (const variant of source.variants) {
    const [, , oh, ow] = variant.output.shape as [number, number, number, number];
    const ph = h + variant.padding.top + variant.padding.bottom;
    const pw = w + variant.padding.left + variant.padding.right;
    padded.push({ x: MOSAIC_MARGIN, y, width: pw * zoom, height: ph * zoom });
    const mapsX = MOSAIC_MARGIN + pw * zoom + 2 * MOSAIC_GAP;
    const mapRows: MosaicCell[][] = [];
    let rowY = y;
    for (let i = 0; i < n; i++) {
      x = mapsX;
      const row: MosaicCell[] = [];
      for (let j = 0; j < k; j++) {
        row.push({ x, y: rowY, width: ow * zoom, height: oh * zoom });
        x += ow * zoom + MOSAIC_GAP;
      }
      mapRows.push(row);
      width = Math.max(width, x - MOSAIC_GAP + MOSAIC_MARGIN);
      rowY += oh * zoom + MOSAIC_GAP;
    }
    maps.push(mapRows);
    y = Math.max(rowY - MOSAIC_GAP, y + ph * zoom) + 3 * MOSAIC_GAP;
  }
  const colorBar = { x: MOSAIC_MARGIN, y, width: width - 2 * MOSAIC_MARGIN, height: COLOR_BAR_HEIGHT };
  return {
    width,
    height: y + COLOR_BAR_HEIGHT + MOSAIC_MARGIN,
    zoom,
    kernelZoom,
    inputs,
    kernels,
    padded,
    maps,
    colorBar,
  };
}

class Canvas {
  readonly png: PNG;
  constructor(width: number, height: number, background: number) {
    this.png = new PNG({ width, height, colorType: 0 });
    const data = this.png.data;
    data.fill(background);
    for (let i = 3; i < data.length; i += 4) data[i] = 255;
  }
  block(x: number, y: number, size: number, gray: number): void {
    const { width, data } = this.png;
    for (let dy = 0; dy < size; dy++) {
      let offset = ((y + dy) * width + x) * 4;
      for (let dx = 0; dx < size; dx++, offset += 4) {
        data[offset] = gray;
        data[offset + 1] = gray;
        data[offset + 2] = gray;
      }
    }
  }
  /** Draws an h×w plane (row-major, starting at `from`) with `color` per value. */
  plane(
    cell: MosaicCell,
    values: ArrayLike<number>,
    from: number,
    h: number,
    w: number,
    zoom: number,
    color: (v: number, r: number, c: number) => number,
  ): void {
    for (let r = 0; r < h; r++) {
      for (let c = 0; c < w; c++)
        this.block(cell.x + c * zoom, cell.y + r * zoom, zoom, color(values[from + r * w + c]!, r, c));
    }
  }
}

/**
 * The mosaic as a PNG (8-bit greyscale), encoded by pngjs.
 *
 * @example
 * ```ts
 * import { featureMaps, mosaicPng, tensor } from "convlab";
 * const figure = featureMaps({ images: tensor([[0, 1], [1, 0]]), kernels: "edge" });
 * mosaicPng(figure, 1).png.subarray(1, 4).toString(); // "PNG"
 * ```
 */
export function mosaicPng(source: MosaicSource, zoom = 1): { png: Buffer; layout: MosaicLayout } {
  const layout = mosaicLayout(source, zoom);
  const canvas = new Canvas(layout.width, layout.height, BACKGROUND_GRAY);
  const [n, , h, w] = source.inputs.shape as [number, number, number, number];
  const [k, , kh, kw] = source.weight.shape as [number, number, number, number];
  const low = Math.min(0, source.inputs.min());
  const high = Math.max(1, source.inputs.max());
  const gray = (v: number) => inputGray(v, low, high);
  for (let i = 0; i < n; i++)
    canvas.plane(layout.inputs[i]!, source.inputs.data, i * h * w, h, w, zoom, gray);
  const weights = source.weight.data;
  for (let j = 0; j < k; j++) {
    let limit = 0;
    for (let t = 0; t < kh * kw; t++) limit = Math.max(limit, Math.abs(weights[j * kh * kw + t]!));
    canvas.plane(layout.kernels[j]!, weights, j * kh * kw, kh, kw, layout.kernelZoom, (v) =>
      mapGray(v, limit),
    );
  }
  source.variants.forEach((variant, v) => {
    const { top, bottom, left, right } = variant.padding;
    const first = source.inputs.reshape(n, 1, h, w).data.subarray(0, h * w);
    const padded = pad(new Tensor([1, 1, h, w], first), variant.padding, variant.paddingMode);
    const ph = h + top + bottom;
    const pw = w + left + right;
    canvas.plane(layout.padded[v]!, padded.data, 0, ph, pw, zoom, (value, r, c) => {
      const inside = r >= top && r < top + h && c >= left && c < left + w;
      return inside ? gray(value) : paddingGray(gray(value), r, c);
    });
    const [, , oh, ow] = variant.output.shape as [number, number, number, number];
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < k; j++) {
        canvas.plane(
          layout.maps[v]![i]![j]!,
          variant.output.data,
          (i * k + j) * oh * ow,
          oh,
          ow,
          zoom,
          (value) => mapGray(value, source.colorLimit),
        );
      }
    }
  });
  const bar = layout.colorBar;
  for (let c = 0; c < bar.width; c++) {
    const value = ((2 * c) / Math.max(1, bar.width - 1) - 1) * source.colorLimit;
    const color = mapGray(value, source.colorLimit);
    for (let r = 0; r < bar.height; r++) canvas.block(bar.x + c, bar.y + r, 1, color);
  }
  const png = PNG.sync.write(canvas.png, { colorType: 0, deflateLevel: 9, deflateStrategy: 1 });
  return { png, layout };
}
