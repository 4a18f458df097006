/**
 * The mime bundle of a feature-map figure: the validated JSON payload, the labelled PNG figure and
 * the text summary, with the PNG's size and an image description (`alt`) in the metadata.
 *
 * The PNG's zoom is chosen from the size budget BEFORE anything is encoded (one encode per
 * display): the PNG's size is estimated from the number of pixels it draws, with the bytes per
 * pixel measured by `npm run bench:figure` (which also reports how far the estimate was off).
 */
import type { MimeBundle } from "../display.js";
import type { FeatureMapFigure } from "./feature-maps.js";
import { MAX_FIGURE_WIDTH, type MosaicLayout, type MosaicOptions, mosaicLayout } from "./mosaic.js";
import { mosaicPng } from "./mosaic-draw.js";
import { mosaicSvg } from "./mosaic-svg.js";
import { mosaicTones } from "./mosaic-tones.js";
import { FEATUREMAPS_MIME_TYPE } from "./payload.js";

/** The size target of a figure's mime bundle (all three mime types), per feature-map pixel. */
export const BUNDLE_BYTES_PER_MAP_PIXEL = 2;
/** A figure too small to meet the per-pixel target may still spend this much on its PNG. */
export const SMALL_BUNDLE_BYTES = 64 * 1024;
/** The static figure shows the maps of at most this many inputs (all are in the payload). */
export const MAX_STATIC_ROWS = 16;
/** A zoom above 1 is taken only while the figure has at most this many pixels (display cost). */
export const MAX_RASTER_PIXELS = 1_500_000;
/** The largest zoom the bundle picks by itself. */
export const MAX_BUNDLE_ZOOM = 4;
/** The SVG figure is enlarged past the PNG's zoom only while it stays at most this tall. */
export const MAX_SVG_HEIGHT = 4500;

/**
 * Estimated PNG bytes of a layout: measured rates (4-bit PNG, see bench/figure.ts, which prints
 * the estimate beside the real size) for posterized maps and inputs, per source pixel and growing
 * with the zoom, per character of text and per row, with a 20 % margin.
 *
 * @example
 * ```ts
 * import { estimatePngBytes, featureMaps, mosaicLayout, tensor } from "convlab";
 * const figure = featureMaps({ images: tensor([[0, 1], [1, 0]]), kernels: "edge" });
 * const ratio = estimatePngBytes(mosaicLayout(figure, 2)) / figure.toPng(2).png.length;
 * ratio > 0.5 && ratio < 2; // true
 * ```
 */
export function estimatePngBytes(layout: MosaicLayout): number {
  const perPixel = (zoom: number) => 0.32 * (1 + 0.3 * (zoom - 1));
  let bytes = 300 + layout.height;
  for (const cell of [...layout.inputs, ...layout.padded]) {
    bytes += ((cell.width * cell.height) / layout.zoom ** 2) * perPixel(layout.zoom);
  }
  layout.maps.forEach((rows, v) => {
    const zoom = layout.mapZoom[v]!;
    for (const row of rows) for (const m of row) bytes += ((m.width * m.height) / zoom ** 2) * perPixel(zoom);
  });
  for (const t of layout.texts) bytes += 8 * t.text.length;
  return Math.ceil(bytes * 1.2);
}

/**
 * Estimated bytes of the SVG figure of a layout (./mosaic-svg.ts) before it is made, without its
 * title and description: its 1× sprite sheet as base64 PNG at a measured 0.28 bytes per image
 * pixel, about 100 bytes of markup per image plane and 40 per line of text plus the text
 * (bench/figure.ts prints it beside the real size; the bundle checks the real size after).
 *
 * @example
 * ```ts
 * import { estimateSvgBytes, featureMaps, mosaicLayout, mosaicSvg, tensor } from "convlab";
 * const figure = featureMaps({ images: tensor([[0, 1], [1, 0]]), kernels: "edge" });
 * const labels = { title: "", description: "" };
 * const ratio = estimateSvgBytes(mosaicLayout(figure, 2)) / mosaicSvg(figure, 2, {}, labels).svg.length;
 * ratio > 0.5 && ratio < 2; // true
 * ```
 */
export function estimateSvgBytes(layout: MosaicLayout): number {
  let sheetPixels = 0;
  const add = (cells: readonly { width: number; height: number }[], zoom: number) => {
    for (const c of cells) sheetPixels += (c.width * c.height) / zoom ** 2;
  };
  add(layout.inputs, layout.zoom);
  add(layout.padded, layout.zoom);
  add(layout.kernels, layout.kernelZoom);
  layout.maps.forEach((rows, v) => {
    for (const row of rows) add(row, layout.mapZoom[v]!);
  });
  const planes = layout.inputs.length + layout.padded.length + layout.kernels.length + layout.bands.length;
  let bytes = 1000 + 150 + 0.28 * sheetPixels + 100 * planes;
  for (const t of layout.texts) bytes += 40 + 1.1 * t.text.length;
  return Math.ceil(bytes);
}

/**
 * A description of the figure for readers who cannot see it (the `alt` text of its image):
 * what was convolved with what, and every variant's arithmetic.
 *
 * @example
 * ```ts
 * import { featureMaps, figureDescription, tensor } from "convlab";
 * figureDescription(featureMaps({ images: tensor([[0, 1], [1, 0]]), kernels: "edge", variants: [{ padding: 1 }] }));
 * // "Feature maps of 1 image (image 0) under 1 kernel (edge) in 1 variant: 2×2 → 4×3 (k=1,2, p=1, s=1). Maps share one grey scale from −1 (black) through 0 (mid-grey) to 1 (white)."
 * ```
 */
export function figureDescription(figure: FeatureMapFigure): string {
  const plural = (count: number, word: string) => `${count} ${word}${count === 1 ? "" : "s"}`;
  const list = (names: readonly string[]) =>
    names.length > 12 ? `${names.slice(0, 12).join(", ")}, …` : names.join(", ");
  const limit = figure.colorLimit;
  return (
    `Feature maps of ${plural(figure.labels.length, "image")} (${list(figure.labels.map((l) => l.label))})` +
    ` under ${plural(figure.kernels.length, "kernel")} (${list(figure.kernels.map((k) => k.name))})` +
    ` in ${plural(figure.variants.length, "variant")}: ${figure.variants.map((v) => v.title).join("; ")}.` +
    ` Maps share one grey scale from −${limit.toPrecision(3).replace(/\.?0+$/, "")} (black) through 0 (mid-grey)` +
    ` to ${limit.toPrecision(3).replace(/\.?0+$/, "")} (white).`
  ).slice(0, 2000);
}

function byteLength(text: string): number {
  return new TextEncoder().encode(text).length;
}

/** What the bundle's PNG draws: its zoom and what it leaves out to fit the budget. */
export interface BundleFigureChoice {
  readonly zoom: number;
  readonly options: MosaicOptions;
}

/**
 * The zoom and content of the bundle's PNG, chosen from estimates before anything is encoded: the
 * largest zoom (up to {@link MAX_BUNDLE_ZOOM}) whose figure fits {@link MAX_FIGURE_WIDTH} and
 * whose estimated bundle stays within the per-pixel budget (or, for a figure too small for that,
 * within {@link SMALL_BUNDLE_BYTES}), and whose raster stays within {@link MAX_RASTER_PIXELS};
 * the maps of at most {@link MAX_STATIC_ROWS} inputs; at zoom 1, if still over, without the row
 * of inputs, then with the maps of fewer inputs.
 *
 * @example
 * ```ts
 * import { chooseFigure, featureMaps, tensor } from "convlab";
 * chooseFigure(featureMaps({ images: tensor([[0, 1], [1, 0]]), kernels: "edge" }), 1000); // { zoom: 4, options: {} }
 * ```
 */
export function chooseFigure(figure: FeatureMapFigure, fixedBytes: number): BundleFigureChoice {
  const budget = Math.max(BUNDLE_BYTES_PER_MAP_PIXEL * figure.mapPixels, SMALL_BUNDLE_BYTES);
  const rows = Math.min(figure.labels.length, MAX_STATIC_ROWS);
  const base: MosaicOptions = rows < figure.labels.length ? { mapRows: rows } : {};
  const fits = (zoom: number, options: MosaicOptions) => {
    const layout = mosaicLayout(figure, zoom, options);
    return (
      fixedBytes + Math.ceil(estimatePngBytes(layout) / 3) * 4 <= budget &&
      layout.width <= MAX_FIGURE_WIDTH &&
      (zoom === 1 || layout.width * layout.height <= MAX_RASTER_PIXELS)
    );
  };
  for (let zoom = MAX_BUNDLE_ZOOM; zoom >= 1; zoom--) if (fits(zoom, base)) return { zoom, options: base };
  // The most rows that fit, by bisection (the estimate grows with the rows).
  let [low, high] = [1, rows];
  while (low < high) {
    const mid = Math.ceil((low + high) / 2);
    if (fits(1, { inputsRow: false, mapRows: mid })) low = mid;
    else high = mid - 1;
  }
  return { zoom: 1, options: { inputsRow: false, mapRows: low } };
}

/**
 * The zoom of the SVG figure: its bytes hardly grow with the zoom (its maps are a 1× sprite sheet
 * the viewer enlarges), so it takes the largest zoom (up to {@link MAX_BUNDLE_ZOOM}) at which it
 * stays within {@link MAX_FIGURE_WIDTH} and {@link MAX_SVG_HEIGHT}, and never less than the PNG's.
 *
 * @example
 * ```ts
 * import { featureMaps, svgZoom, tensor } from "convlab";
 * svgZoom(featureMaps({ images: tensor([[0, 1], [1, 0]]), kernels: "edge" }), 1, {}); // 4
 * ```
 */
export function svgZoom(figure: FeatureMapFigure, pngZoom: number, options: MosaicOptions): number {
  for (let zoom = MAX_BUNDLE_ZOOM; zoom > pngZoom; zoom--) {
    const layout = mosaicLayout(figure, zoom, options);
    if (layout.width <= MAX_FIGURE_WIDTH && layout.height <= MAX_SVG_HEIGHT) return zoom;
  }
  return pngZoom;
}

/** What {@link wantSvg} weighs (sizes in bytes of the bundle's JSON). */
export interface SvgChoice {
  readonly svgBytes: number;
  /** The PNG's base64. */
  readonly pngBytes: number;
  /** Everything else in the bundle. */
  readonly otherBytes: number;
  readonly budget: number;
  /** The SVG shows the maps at a larger zoom than the PNG. */
  readonly sharper: boolean;
  /** The zoom was asked for (no budget applies to the PNG either). */
  readonly explicitZoom: boolean;
}

/**
 * Whether the SVG goes into the bundle: when it is smaller than the PNG or sharper, and the bundle
 * with it stays within the budget; with an explicit zoom, when it is smaller.
 *
 * @example
 * ```ts
 * import { wantSvg } from "convlab";
 * const sizes = { pngBytes: 100, otherBytes: 100, budget: 300, explicitZoom: false };
 * wantSvg({ ...sizes, svgBytes: 50, sharper: false });  // true
 * wantSvg({ ...sizes, svgBytes: 150, sharper: true });  // false
 * ```
 */
export function wantSvg(choice: SvgChoice): boolean {
  const smaller = choice.svgBytes < choice.pngBytes;
  if (choice.explicitZoom) return smaller;
  const total = choice.otherBytes + choice.pngBytes + choice.svgBytes;
  return (smaller || choice.sharper) && total <= choice.budget;
}

/**
 * The mime bundle of `figure`: the payload, the labelled PNG (at `zoom`, or at the zoom the budget
 * allows) and the text; and the labelled SVG too when it is smaller than the PNG or sharper (it
 * shows the maps at a larger zoom than the PNG could afford) and the bundle with it still meets
 * the size budget ({@link BUNDLE_BYTES_PER_MAP_PIXEL} per map pixel or {@link SMALL_BUNDLE_BYTES}).
 * With an explicit `zoom` the SVG has that zoom and goes in only when smaller than the PNG.
 *
 * @example
 * ```ts
 * import { featureMaps, figureBundle, tensor } from "convlab";
 * const bundle = figureBundle(featureMaps({ images: tensor([[0, 1], [1, 0]]), kernels: "edge" }));
 * Object.keys(bundle.metadata!["image/png"] as object); // ["width", "height", "alt"]
 * Object.keys(bundle.data).includes("image/svg+xml");    // true
 * ```
 */
export function figureBundle(figure: FeatureMapFigure, zoom?: number): MimeBundle {
  const payload = figure.toPayload();
  const text = figure.toText();
  const alt = figureDescription(figure);
  const bundle = (png: string, width: number, height: number): MimeBundle => ({
    data: { [FEATUREMAPS_MIME_TYPE]: payload, "image/png": png, "text/plain": text },
    metadata: { "image/png": { width, height, alt } },
  });
  const fixedBytes = byteLength(JSON.stringify(bundle("", 0, 0)));
  const chosen = zoom === undefined ? chooseFigure(figure, fixedBytes) : { zoom, options: {} };
  // the grey levels, computed once for the PNG and the SVG
  const tones = mosaicTones(figure, chosen.options.mapRows);
  const { png, layout } = mosaicPng(figure, chosen.zoom, chosen.options, tones);
  const base64 = png.toString("base64");
  const result = bundle(base64, layout.width, layout.height);
  const vectorZoom = zoom === undefined ? svgZoom(figure, chosen.zoom, chosen.options) : zoom;
  // Decided on an estimate first, so that an SVG that cannot go in is never made.
  const budget = Math.max(BUNDLE_BYTES_PER_MAP_PIXEL * figure.mapPixels, SMALL_BUNDLE_BYTES);
  const wanted = (svgBytes: number) =>
    wantSvg({
      svgBytes,
      pngBytes: base64.length,
      otherBytes: fixedBytes + 100,
      budget,
      sharper: vectorZoom > chosen.zoom,
      explicitZoom: zoom !== undefined,
    });
  const labels = byteLength(JSON.stringify(figure.title + alt));
  const estimate = estimateSvgBytes(mosaicLayout(figure, vectorZoom, chosen.options)) + labels;
  if (!wanted(estimate)) return result;
  const svg = mosaicSvg(figure, vectorZoom, chosen.options, { title: figure.title, description: alt }, tones);
  if (!wanted(byteLength(JSON.stringify(svg.svg)))) return result;
  return {
    data: { ...result.data, "image/svg+xml": svg.svg },
    metadata: {
      ...result.metadata,
      "image/svg+xml": { width: svg.layout.width, height: svg.layout.height },
    },
  };
}
