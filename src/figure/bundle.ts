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
 * The mime bundle of `figure` (PNG at `zoom`, or at the zoom the budget allows).
 *
 * @example
 * ```ts
 * import { featureMaps, figureBundle, tensor } from "convlab";
 * const bundle = figureBundle(featureMaps({ images: tensor([[0, 1], [1, 0]]), kernels: "edge" }));
 * Object.keys(bundle.metadata!["image/png"] as object); // ["width", "height", "alt"]
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
  const chosen =
    zoom === undefined
      ? chooseFigure(figure, byteLength(JSON.stringify(bundle("", 0, 0))))
      : { zoom, options: {} };
  const { png, layout } = figure.toPng(chosen.zoom, chosen.options);
  return bundle(png.toString("base64"), layout.width, layout.height);
}
