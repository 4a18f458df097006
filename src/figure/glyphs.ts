/**
 * Text for the static figure, rasterised by resvg (`@resvg/resvg-js`, a native SVG renderer that
 * works offline) from DejaVu Sans Mono (the `dejavu-fonts-ttf` package), never hand-drawn.
 * Glyphs are rendered once per style into an atlas (one SVG, one render) and then copied as
 * coverage masks: the font is monospaced, so every glyph sits in a cell of the style's advance.
 * Node only (the kernel and the CLI); the browser renders text itself.
 */
import { createRequire } from "node:module";
import type { GrayCanvas } from "./gray-canvas.js";
import { TEXT_STYLES, type TextStyle } from "./mosaic.js";
import { isXmlChar, xmlText } from "./xml.js";

const require = createRequire(import.meta.url);

interface ResvgModule {
  Resvg: new (
    svg: string,
    options: {
      font: { fontFiles: string[]; loadSystemFonts: boolean; defaultFontFamily: string };
    },
  ) => { render(): { pixels: Buffer; width: number; height: number } };
}

/** DejaVu Sans Mono's advance width, in em (1233 of 2048 font units). */
const ADVANCE_EM = 1233 / 2048;
/** Characters rendered up front; others are added to the atlas when first needed. */
const COMMON = `${Array.from({ length: 95 }, (_, i) => String.fromCharCode(32 + i)).join("")}×→−±…·⌊⌋≤≥`;

/** The font files, from the `dejavu-fonts-ttf` package. */
export function fontFiles(): { regular: string; bold: string } {
  return {
    regular: require.resolve("dejavu-fonts-ttf/ttf/DejaVuSansMono.ttf"),
    bold: require.resolve("dejavu-fonts-ttf/ttf/DejaVuSansMono-Bold.ttf"),
  };
}

/**
 * The font size (px) that gives `style` its advance in DejaVu Sans Mono, and the baseline's
 * distance from the top of its line box: where the PNG's glyphs sit and the SVG's text stands.
 *
 * @example
 * ```ts
 * import { textMetrics } from "convlab";
 * const { size, baseline } = textMetrics("label");
 * [Math.round(size * 1000) / 1000, baseline]; // [11.627, 11]
 * ```
 */
export function textMetrics(style: TextStyle): { size: number; baseline: number } {
  const { advance, lineHeight } = TEXT_STYLES[style];
  const size = advance / ADVANCE_EM;
  return { size, baseline: Math.round((lineHeight + size * 0.72) / 2) };
}

/** One style's glyphs: a coverage mask (advance × line height) per character. */
class Atlas {
  private readonly masks = new Map<string, Uint8Array>();
  constructor(private readonly style: TextStyle) {}

  mask(char: string): Uint8Array {
    // a character XML cannot hold (a control character, a lone surrogate) is drawn as U+FFFD
    if (!isXmlChar(char.codePointAt(0)!)) return this.mask("\ufffd");
    let mask = this.masks.get(char);
    if (mask === undefined) {
      this.render([char]);
      mask = this.masks.get(char)!;
    }
    return mask;
  }

  /** Renders `chars` side by side in one SVG and cuts the result into cells. */
  render(chars: readonly string[]): void {
    const { advance, lineHeight, bold } = TEXT_STYLES[this.style];
    const { size, baseline } = textMetrics(this.style);
    const width = Math.max(1, chars.length * advance);
    // One run of text: per-glyph positions make resvg's layout quadratic; the font is
    // monospaced and the size makes the advance a whole number of pixels, so glyph i starts at
    // i × advance exactly.
    const run = xmlText(chars.join(""));
    const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${lineHeight}"><text x="0" y="${baseline}" xml:space="preserve" font-family="DejaVu Sans Mono" font-size="${size}" font-weight="${bold ? "bold" : "normal"}" fill="#000">${run}</text></svg>`;
    const { Resvg } = require("@resvg/resvg-js") as ResvgModule;
    const files = fontFiles();
    const image = new Resvg(svg, {
      font: {
        fontFiles: [files.regular, files.bold],
        loadSystemFonts: false,
        defaultFontFamily: "DejaVu Sans Mono",
      },
    }).render();
    const pixels = image.pixels; // a getter that copies: read it once
    chars.forEach((char, i) => {
      const mask = new Uint8Array(advance * lineHeight);
      for (let r = 0; r < lineHeight; r++) {
        for (let c = 0; c < advance; c++)
          mask[r * advance + c] = pixels[(r * image.width + i * advance + c) * 4 + 3]!;
      }
      this.masks.set(char, mask);
    });
  }
}

const atlases = new Map<TextStyle, Atlas>();

function atlas(style: TextStyle): Atlas {
  let found = atlases.get(style);
  if (found === undefined) {
    found = new Atlas(style);
    found.render(Array.from(COMMON));
    atlases.set(style, found);
  }
  return found;
}

/**
 * Draws one line of `text` in `style` with its top-left at (x, y), in grey `ink`.
 *
 * @example
 * ```ts
 * import { drawText, GrayCanvas } from "convlab";
 * const canvas = new GrayCanvas(40, 14, 255);
 * drawText(canvas, "Bag", 0, 0, "label", 0);
 * Math.min(...canvas.pixels); // 0
 * ```
 */
export function drawText(
  canvas: GrayCanvas,
  text: string,
  x: number,
  y: number,
  style: TextStyle,
  ink: number,
): void {
  const glyphs = atlas(style);
  const { advance } = TEXT_STYLES[style];
  Array.from(text).forEach((char, i) => {
    if (char !== " ") canvas.blend(x + i * advance, y, glyphs.mask(char), advance, ink);
  });
}
