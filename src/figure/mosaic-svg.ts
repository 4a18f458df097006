/**
 * The static feature-map figure as SVG: the same layout as the PNG (./mosaic.ts), with its text
 * as real `<text>` (sharp at any zoom or screen density, selectable, read by screen readers) and
 * every image plane (inputs, kernels, padded inputs, maps) painted once at 1× into one 4-bit
 * greyscale sprite sheet (./png-encode.ts) that each cell shows through a nested `<svg>` viewBox,
 * enlarged by the viewer with `image-rendering: pixelated` (nearest neighbour, as the PNG does).
 * The title and the description are the SVG's `<title>` and `<desc>` (`role="img"`,
 * `aria-labelledby`). Every string from the figure is escaped, and characters XML cannot hold
 * (control characters, lone surrogates) become U+FFFD, so a hostile name stays text.
 */
import { createHash } from "node:crypto";
import { BACKGROUND_GRAY } from "./colors.js";
import { textMetrics } from "./glyphs.js";
import { GrayCanvas } from "./gray-canvas.js";
import {
  type MosaicLayout,
  type MosaicOptions,
  type MosaicSource,
  mosaicLayout,
  TEXT_STYLES,
} from "./mosaic.js";
import { colorBarRuns, INK_GRAY, type MosaicPlane, mosaicPlanes } from "./mosaic-draw.js";
import type { MosaicTones } from "./mosaic-tones.js";
import { encodeGrayPng } from "./png-encode.js";
import { xmlText } from "./xml.js";

/** The sprite sheet is at most this wide (planes wrap to new shelves). */
const SHEET_WIDTH = 1024;
function hex(grey: number): string {
  const h = grey.toString(16).padStart(2, "0");
  return `#${h}${h}${h}`;
}

/** A short hash of `text` (SHA-1, native), so that several figures inlined in one page keep distinct ids. */
function shortHash(text: string): string {
  return createHash("sha1").update(text).digest("base64url").slice(0, 10);
}

/** Shelf-packs the planes at 1× (tallest first, 1-pixel gaps) and paints them on one sheet. */
function spriteSheet(planes: readonly MosaicPlane[]): { canvas: GrayCanvas; at: [number, number][] } {
  const width = Math.max(SHEET_WIDTH, ...planes.map((p) => p.columns));
  const at: [number, number][] = new Array(planes.length);
  const order = planes.map((_, i) => i).sort((a, b) => planes[b]!.rows - planes[a]!.rows);
  let [x, y, shelf] = [0, 0, 0];
  for (const i of order) {
    const plane = planes[i]!;
    if (x > 0 && x + plane.columns > width) [x, y, shelf] = [0, y + shelf + 1, 0];
    at[i] = [x, y];
    x += plane.columns + 1;
    shelf = Math.max(shelf, plane.rows);
  }
  const used = Math.max(1, ...planes.map((p, i) => at[i]![0] + p.columns));
  const canvas = new GrayCanvas(used, Math.max(1, y + shelf), BACKGROUND_GRAY);
  planes.forEach((plane, i) => {
    plane.paint(canvas, at[i]![0], at[i]![1], 1);
  });
  return { canvas, at };
}

/** What the SVG says about itself: the title and the longer description (alt text). */
export interface SvgLabels {
  readonly title: string;
  readonly description: string;
}

/**
 * The labelled figure as SVG text, and where each cell and label is (the PNG's layout at `zoom`);
 * `tones` (./mosaic-tones.ts) as the PNG's, to compute the grey levels once for both.
 *
 * @example
 * ```ts
 * import { featureMaps, mosaicSvg, tensor } from "convlab";
 * const figure = featureMaps({ images: tensor([[0, 1], [1, 0]]), kernels: "edge" });
 * const { svg, layout } = mosaicSvg(figure, 2, {}, { title: "Edges", description: "Two maps." });
 * svg.startsWith(`<svg xmlns="http://www.w3.org/2000/svg"`);        // true
 * svg.includes(`width="${layout.width}" height="${layout.height}"`); // true
 * svg.includes("<desc id=");                                         // true
 * ```
 */
export function mosaicSvg(
  source: MosaicSource,
  zoom: number,
  options: MosaicOptions,
  labels: SvgLabels,
  tones?: MosaicTones,
): { svg: string; layout: MosaicLayout } {
  const layout = mosaicLayout(source, zoom, options);
  const planes = mosaicPlanes(source, layout, tones);
  const sheet = spriteSheet(planes);
  const png = encodeGrayPng(sheet.canvas.pixels, sheet.canvas.width, sheet.canvas.height).toString("base64");
  const id = `cfm${shortHash(png)}`;
  const { width, height } = layout;
  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="img" aria-labelledby="${id}-t ${id}-d" style="image-rendering:pixelated">`,
    `<title id="${id}-t">${xmlText(labels.title)}</title>`,
    `<desc id="${id}-d">${xmlText(labels.description)}</desc>`,
    `<defs><image id="${id}" width="${sheet.canvas.width}" height="${sheet.canvas.height}" image-rendering="optimizeSpeed" href="data:image/png;base64,${png}"/></defs>`,
    `<rect width="${width}" height="${height}" fill="${hex(BACKGROUND_GRAY)}"/>`,
  ];
  planes.forEach((plane, i) => {
    const [sx, sy] = sheet.at[i]!;
    const { x, y } = plane.cell;
    parts.push(
      `<svg x="${x}" y="${y}" width="${plane.columns * plane.zoom}" height="${plane.rows * plane.zoom}" viewBox="${sx} ${sy} ${plane.columns} ${plane.rows}"><use href="#${id}"/></svg>`,
    );
  });
  const bar = layout.colorBar;
  for (const [x, w, grey] of colorBarRuns(layout, source.colorLimit))
    parts.push(`<rect x="${x}" y="${bar.y}" width="${w}" height="${bar.height}" fill="${hex(grey)}"/>`);
  const ink = hex(INK_GRAY);
  parts.push(
    `<rect x="${bar.x - 0.5}" y="${bar.y - 0.5}" width="${bar.width + 1}" height="${bar.height + 1}" fill="none" stroke="${ink}"/>`,
  );
  for (const tick of layout.ticks)
    parts.push(`<rect x="${tick.x}" y="${bar.y + bar.height}" width="1" height="3" fill="${ink}"/>`);
  for (const style of ["label", "heading"] as const) {
    parts.push(`<g ${fontAttributes(style)} fill="${ink}" xml:space="preserve">`);
    const { baseline } = textMetrics(style);
    for (const t of layout.texts) {
      if (t.style !== style) continue;
      parts.push(`<text x="${t.box.x}" y="${t.box.y + baseline}">${xmlText(t.text)}</text>`);
    }
    parts.push("</g>");
  }
  parts.push("</svg>");
  return { svg: parts.join(""), layout };
}

function fontAttributes(style: keyof typeof TEXT_STYLES): string {
  const size = Math.round(textMetrics(style).size * 100) / 100;
  const weight = TEXT_STYLES[style].bold ? "bold" : "normal";
  return `font-family="'DejaVu Sans Mono', monospace" font-size="${size}" font-weight="${weight}"`;
}
