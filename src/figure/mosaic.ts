/**
 * Where everything of the static (PNG) feature-map figure goes: the title, a legend, the colour
 * bar with its numbers, the inputs and kernels with their names, and per variant its arithmetic,
 * the first input padded as that variant pads it, then one row of maps per input (class name
 * beside it) and one column per kernel (kernel name over it). Maps smaller than
 * {@link MIN_MAP_PIXELS} are enlarged by an integer factor so that a 9-pixel map still reads;
 * rows of kernels wrap to keep the figure within {@link MAX_FIGURE_WIDTH}. Pure layout: drawing
 * is ./mosaic-draw.ts.
 */
import type { Sides } from "../conv/params.js";
import type { Tensor } from "../tensor/tensor.js";

/** What the figure draws (a {@link FeatureMapFigure} provides it). */
export interface MosaicSource {
  readonly title: string;
  /** `[N, 1, H, W]`. */
  readonly inputs: Tensor;
  /** One per input: its class name (or any label). */
  readonly labels: readonly { readonly label: string }[];
  /** One per kernel. */
  readonly kernels: readonly { readonly name: string }[];
  /** `[K, 1, kh, kw]`. */
  readonly weight: Tensor;
  readonly variants: readonly {
    /** e.g. `28×28 → 14×14 (k=3, p=1, s=2)`. */
    readonly title: string;
    readonly padding: Sides;
    readonly paddingMode: "zeros" | "reflect" | "replicate" | "circular";
    /** `[N, K, oh, ow]`. */
    readonly output: Tensor;
  }[];
  /** The shared colour scale of the maps: `[−limit, limit]`. */
  readonly colorLimit: number;
}

/** A rectangle of the figure, in PNG pixels. */
export interface MosaicCell {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

/** What a piece of text is, so a test (or a reader) can find it. */
export type TextRole =
  | "title"
  | "legend"
  | "tick"
  | "input"
  | "kernel"
  | "variant"
  | "column"
  | "row"
  | "caption";

/** The two text styles; monospaced, so a string's width is its length times `advance`. */
export const TEXT_STYLES = {
  label: { advance: 7, lineHeight: 14, bold: false },
  heading: { advance: 8, lineHeight: 18, bold: true },
} as const;

/** A text style's name. */
export type TextStyle = keyof typeof TEXT_STYLES;

/** One line of text, already cut to fit (`…`); `box` is where it is drawn. */
export interface MosaicText {
  readonly text: string;
  readonly style: TextStyle;
  readonly role: TextRole;
  readonly box: MosaicCell;
}

/** Where everything is, so a reader (or a test) can find any cell. */
export interface MosaicLayout {
  readonly width: number;
  readonly height: number;
  /** PNG pixels per image pixel (inputs and padded inputs). */
  readonly zoom: number;
  /** PNG pixels per kernel tap. */
  readonly kernelZoom: number;
  /** `[variant]`: PNG pixels per map pixel (≥ zoom: small maps are enlarged). */
  readonly mapZoom: readonly number[];
  readonly inputs: readonly MosaicCell[];
  readonly kernels: readonly MosaicCell[];
  /** `[variant]`: the first input, padded; its image starts `padding.top·zoom` lower. */
  readonly padded: readonly MosaicCell[];
  /** `[variant][input][kernel]`. */
  readonly maps: readonly (readonly (readonly MosaicCell[])[])[];
  /** The maps of each variant in bands of up to one row of kernels (wide figures wrap). */
  readonly bands: readonly MapBand[];
  readonly colorBar: MosaicCell;
  /** The colour bar's numbers: value and the x where it is marked. */
  readonly ticks: readonly { readonly value: number; readonly x: number }[];
  readonly texts: readonly MosaicText[];
}

/**
 * Maps `firstKernel … firstKernel + kernels − 1` of every shown input of one variant: the map of
 * input `i` and kernel `firstKernel + c` has its top-left at `(x + c·pitchX, y + i·pitchY)`; both
 * pitches are whole multiples of the variant's map zoom.
 */
export interface MapBand {
  readonly variant: number;
  readonly firstKernel: number;
  readonly kernels: number;
  readonly x: number;
  readonly y: number;
  readonly pitchX: number;
  readonly pitchY: number;
}

/** What to leave out of a figure that would not fit its size budget otherwise. */
export interface MosaicOptions {
  /** Draw the row of inputs with their names (default true). */
  readonly inputsRow?: boolean;
  /** Draw the maps of only the first this many inputs (default all). */
  readonly mapRows?: number;
}

/** Margin around the figure and gap between cells, in PNG pixels. */
export const MOSAIC_MARGIN = 8;
export const MOSAIC_GAP = 4;
/** The widest figure (reads on GitHub without scaling). */
export const MAX_FIGURE_WIDTH = 1200;
/** Maps smaller than this (on their short side, in PNG pixels) are enlarged by an integer factor. */
export const MIN_MAP_PIXELS = 12;
const COLOR_BAR = { width: 257, height: 10 };
const MIN_WIDTH = 440;
const MAX_LABEL_CHARS = 14;
const MAX_COLUMN_CHARS = 9;

/**
 * `text` cut to at most `chars` characters (ending in `…` when cut).
 *
 * @example
 * ```ts
 * import { fitText } from "convlab";
 * fitText("Ankle boot", 6); // "Ankle…"
 * fitText("Bag", 6);        // "Bag"
 * ```
 */
export function fitText(text: string, chars: number): string {
  const glyphs = Array.from(text.replace(/\s+/g, " "));
  if (glyphs.length <= chars) return glyphs.join("");
  return chars <= 0 ? "" : `${glyphs.slice(0, chars - 1).join("")}…`;
}

/**
 * A colour-bar number, short: 3 significant digits, exponent notation when very large or small,
 * and a real minus sign.
 *
 * @example
 * ```ts
 * import { formatTick } from "convlab";
 * [formatTick(-4), formatTick(0), formatTick(2.345), formatTick(1e308)]; // ["−4", "0", "2.35", "1.00e+308"]
 * ```
 */
export function formatTick(value: number): string {
  const magnitude = Math.abs(value);
  const text =
    magnitude !== 0 && (magnitude >= 1e5 || magnitude < 1e-3)
      ? magnitude.toExponential(2)
      : String(Number(magnitude.toPrecision(3)));
  return value < 0 ? `−${text}` : text;
}

function roundUp(value: number, step: number): number {
  return Math.ceil(value / step) * step;
}

function dims(t: Tensor): [number, number, number, number] {
  return t.shape as [number, number, number, number];
}

/** PNG pixels per map pixel for an `oh×ow` map at base zoom `zoom`. */
function mapZoomOf(oh: number, ow: number, zoom: number): number {
  return Math.max(zoom, Math.ceil(MIN_MAP_PIXELS / Math.max(1, Math.min(oh, ow))));
}

/**
 * The largest zoom (up to `max`) at which the widest block of the figure fits
 * {@link MAX_FIGURE_WIDTH} with at least one map per row; 1 when none does.
 *
 * @example
 * ```ts
 * import { featureMaps, maxZoomForWidth, tensor } from "convlab";
 * maxZoomForWidth(featureMaps({ images: tensor([[0, 1], [1, 0]]), kernels: "edge" }), 4); // 4
 * ```
 */
export function maxZoomForWidth(source: MosaicSource, max: number): number {
  for (let zoom = max; zoom > 1; zoom--) {
    if (mosaicLayout(source, zoom).width <= MAX_FIGURE_WIDTH) return zoom;
  }
  return 1;
}

/** Places cells left to right, wrapping at `right`; returns the cells and the bottom. */
function flow(
  sizes: readonly { width: number; height: number }[],
  x0: number,
  y0: number,
  right: number,
): { cells: MosaicCell[]; bottom: number } {
  const cells: MosaicCell[] = [];
  let [x, y, rowHeight] = [x0, y0, 0];
  for (const size of sizes) {
    if (x > x0 && x + size.width > right) [x, y, rowHeight] = [x0, y + rowHeight + MOSAIC_GAP, 0];
    cells.push({ x, y, ...size });
    x += size.width + MOSAIC_GAP;
    rowHeight = Math.max(rowHeight, size.height);
  }
  return { cells, bottom: y + rowHeight };
}

/**
 * Places every cell and every line of text of the figure.
 *
 * @example
 * ```ts
 * import { featureMaps, mosaicLayout, tensor } from "convlab";
 * const figure = featureMaps({ images: tensor([[0, 1], [1, 0]]), kernels: "edge", variants: [{ padding: 1 }] });
 * const layout = mosaicLayout(figure, 1);
 * layout.mapZoom;                       // [4]
 * layout.maps[0]![0]![0]!.width;        // 12
 * layout.texts.find((t) => t.role === "variant")!.text; // "2×2 → 4×3 (k=1,2, p=1, s=1) · maps ×4"
 * ```
 */
export function mosaicLayout(source: MosaicSource, zoom = 1, options: MosaicOptions = {}): MosaicLayout {
  const [n, , h, w] = dims(source.inputs);
  const shown = Math.max(1, Math.min(n, options.mapRows ?? n));
  const inputCount = options.inputsRow === false ? 0 : n;
  const [k, , kh, kw] = dims(source.weight);
  const { label, heading } = TEXT_STYLES;
  const kernelZoom = Math.max(zoom, Math.floor((Math.min(h, w) * zoom) / Math.max(kh, kw) / 2));
  const labelChars = Math.min(
    MAX_LABEL_CHARS,
    Math.max(5, ...source.labels.map((l) => Array.from(l.label).length)),
  );
  const labelColumn = labelChars * label.advance + 2 * MOSAIC_GAP;
  // The width: the widest variant block with all kernels in one row, within the limits.
  const mapZoom = source.variants.map((v) => mapZoomOf(dims(v.output)[2], dims(v.output)[3], zoom));
  const nameWidth =
    Math.min(MAX_COLUMN_CHARS, Math.max(...source.kernels.map((kk) => Array.from(kk.name).length))) *
    label.advance;
  const blockWidth = source.variants.map((v, i) => {
    const pw = (w + v.padding.left + v.padding.right) * zoom;
    // A column is as wide as its maps or its kernel's name (up to MAX_COLUMN_CHARS), whichever is
    // wider, rounded so that the column pitch is whole map pixels (the SVG draws a row of maps as
    // one enlarged strip of its 1× sprite sheet).
    const mz = mapZoom[i]!;
    const mw = roundUp(Math.max(dims(v.output)[3] * mz, nameWidth) + MOSAIC_GAP, mz) - MOSAIC_GAP;
    return { pw, mw, full: pw + 2 * MOSAIC_GAP + labelColumn + k * (mw + MOSAIC_GAP) - MOSAIC_GAP };
  });
  const top = Math.max(n * (w * zoom + MOSAIC_GAP) + 2 * MOSAIC_GAP + k * (kw * kernelZoom + MOSAIC_GAP), 0);
  const inner = Math.min(
    MAX_FIGURE_WIDTH - 2 * MOSAIC_MARGIN,
    Math.max(MIN_WIDTH, top, ...blockWidth.map((b) => b.full)),
  );
  const minimumBlock = Math.max(...blockWidth.map((b) => b.pw + 2 * MOSAIC_GAP + labelColumn + b.mw));
  const width = Math.max(inner, minimumBlock) + 2 * MOSAIC_MARGIN;
  const right = width - MOSAIC_MARGIN;
  const texts: MosaicText[] = [];
  const text = (value: string, style: TextStyle, role: TextRole, x: number, y: number, chars: number) => {
    const cut = fitText(value, Math.max(0, Math.floor(chars)));
    const box = {
      x,
      y,
      width: Array.from(cut).length * TEXT_STYLES[style].advance,
      height: TEXT_STYLES[style].lineHeight,
    };
    if (cut.length > 0) texts.push({ text: cut, style, role, box });
  };
  const fullChars = (style: TextStyle) => (right - MOSAIC_MARGIN) / TEXT_STYLES[style].advance;
  let y = MOSAIC_MARGIN;
  text(source.title, "heading", "title", MOSAIC_MARGIN, y, fullChars("heading"));
  y += heading.lineHeight + 2;
  const legend = [
    "inputs: 0 = black, 1 = white · padding: checkerboard",
    "maps: this scale, 0 = mid-grey (not the inputs')",
  ];
  if (shown < n) legend.push(`maps of the first ${shown} of ${n} images (all in the interactive view)`);
  for (const line of legend) {
    text(line, "label", "legend", MOSAIC_MARGIN, y, fullChars("label"));
    y += label.lineHeight;
  }
  y += 4;
  const barX = MOSAIC_MARGIN + 4 * label.advance;
  const colorBar = {
    x: barX,
    y,
    width: Math.min(COLOR_BAR.width, right - barX - 4 * label.advance),
    height: COLOR_BAR.height,
  };
  y += COLOR_BAR.height + 3;
  const ticks = [-1, -0.5, 0, 0.5, 1].map((t) => {
    const value = t * source.colorLimit;
    const x = colorBar.x + Math.round(((t + 1) / 2) * (colorBar.width - 1));
    const tick = formatTick(value);
    const chars = Array.from(tick).length;
    text(tick, "label", "tick", x - Math.floor((chars * label.advance) / 2), y, chars);
    return { value, x };
  });
  y += label.lineHeight + 8;
  // Inputs, then kernels, each with its name under it.
  const inputSizes = Array.from({ length: inputCount }, () => ({ width: w * zoom, height: h * zoom }));
  const kernelSizes = Array.from({ length: k }, () => ({ width: kw * kernelZoom, height: kh * kernelZoom }));
  // Each slot is as wide as its cell or its name (up to MAX_LABEL_CHARS), whichever is wider.
  const names = [
    ...source.labels.slice(0, inputCount).map((l) => l.label),
    ...source.kernels.map((kk) => kk.name),
  ];
  const slots = [...inputSizes, ...kernelSizes].map((s, i) => ({
    width: Math.max(s.width, Math.min(MAX_LABEL_CHARS, Array.from(names[i]!).length) * label.advance),
    height: s.height + label.lineHeight,
  }));
  const placed = flow(slots, MOSAIC_MARGIN, y, right);
  const sized = [...inputSizes, ...kernelSizes];
  const cells = placed.cells.map((c, i) => ({ x: c.x, y: c.y, ...sized[i]! }));
  const inputs = cells.slice(0, inputCount);
  const kernels = cells.slice(inputCount);
  placed.cells.forEach((slot, i) => {
    const role = i < inputCount ? "input" : "kernel";
    text(names[i]!, "label", role, slot.x, cells[i]!.y + cells[i]!.height, slot.width / label.advance);
  });
  y = placed.bottom + 10;
  const padded: MosaicCell[] = [];
  const maps: MosaicCell[][][] = [];
  const bands: MapBand[] = [];
  source.variants.forEach((variant, v) => {
    const [, , oh, ow] = dims(variant.output);
    const mz = mapZoom[v]!;
    const enlarged = mz > zoom ? ` · maps ×${mz}` : "";
    text(`${variant.title}${enlarged}`, "heading", "variant", MOSAIC_MARGIN, y, fullChars("heading"));
    y += heading.lineHeight;
    const { pw, mw } = blockWidth[v]!;
    const ph = (h + variant.padding.top + variant.padding.bottom) * zoom;
    const labelX = MOSAIC_MARGIN + pw + 2 * MOSAIC_GAP;
    const gridX = labelX + labelColumn;
    const perRow = Math.max(1, Math.min(k, Math.floor((right - gridX + MOSAIC_GAP) / (mw + MOSAIC_GAP))));
    text("padded", "label", "caption", MOSAIC_MARGIN, y, (pw + labelColumn) / label.advance);
    padded.push({ x: MOSAIC_MARGIN, y: y + label.lineHeight, width: pw, height: ph });
    const rows: MosaicCell[][] = Array.from({ length: shown }, () => []);
    // Whole map pixels between rows too, so that a band of maps is one strip of the sprite sheet.
    const rowGap = roundUp(MOSAIC_GAP, mz);
    let bandY = y;
    for (let first = 0; first < k; first += perRow) {
      const columns = Math.min(perRow, k - first);
      for (let c = 0; c < columns; c++) {
        const x = gridX + c * (mw + MOSAIC_GAP);
        const room = c === columns - 1 ? right - x : mw + MOSAIC_GAP;
        text(source.kernels[first + c]!.name, "label", "column", x, bandY, room / label.advance);
      }
      let rowY = bandY + label.lineHeight;
      bands.push({
        variant: v,
        firstKernel: first,
        kernels: columns,
        x: gridX,
        y: rowY,
        pitchX: mw + MOSAIC_GAP,
        pitchY: oh * mz + rowGap,
      });
      for (let i = 0; i < shown; i++) {
        const ty = rowY + Math.max(0, Math.floor((oh * mz - label.lineHeight) / 2));
        text(source.labels[i]!.label, "label", "row", labelX, ty, labelChars);
        for (let c = 0; c < columns; c++) {
          rows[i]!.push({ x: gridX + c * (mw + MOSAIC_GAP), y: rowY, width: ow * mz, height: oh * mz });
        }
        rowY += oh * mz + rowGap;
      }
      bandY = rowY - rowGap + 2 * MOSAIC_GAP;
    }
    maps.push(rows);
    y = Math.max(bandY - MOSAIC_GAP, y + label.lineHeight + ph) + 10;
  });
  return {
    width,
    height: y - 10 + MOSAIC_MARGIN,
    zoom,
    kernelZoom,
    mapZoom,
    inputs,
    kernels,
    padded,
    maps,
    bands,
    colorBar,
    ticks,
    texts,
  };
}
