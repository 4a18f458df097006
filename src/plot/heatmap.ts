/**
 * Heatmaps of small matrices (e.g. how often each pixel is used). One heatmap displays as a
 * plotly figure in JupyterLab (through ConvLab's extension), as SVG where plotly is not
 * available (GitHub, VS Code, nbconvert), and as a text table everywhere else.
 */
import { escapeHtml, MIME_BUNDLE, type MimeBundle } from "../display.js";
import { ConvLabError } from "../errors.js";
import { PLOTLY_MIME } from "./line-chart.js";

/** What to draw: row 0 of `z` is the top row, as in an image. */
export interface HeatmapSpec {
  readonly title: string;
  readonly z: readonly (readonly number[])[];
  readonly xTitle?: string;
  readonly yTitle?: string;
}

const CELL = 28;
const MARGIN = { top: 40, left: 50, bottom: 40, right: 20 };

/** Light yellow (low) to dark red (high), as a CSS colour; `t` in [0, 1]. */
function colour(t: number): string {
  const mix = (a: number, b: number) => Math.round(a + (b - a) * t);
  return `rgb(${mix(255, 165)},${mix(247, 0)},${mix(188, 38)})`;
}

function checkRows(z: readonly (readonly number[])[]): void {
  const width = z[0]?.length ?? 0;
  const bad = z.findIndex((row) => row.length !== width || row.some((v) => !Number.isFinite(v)));
  if (z.length === 0 || width === 0 || bad >= 0) {
    throw new ConvLabError({
      parameter: "z",
      value: bad >= 0 ? `row ${bad}` : `${z.length} rows`,
      rule: "must be a non-empty matrix of finite numbers with rows of equal length",
      fix: "pass e.g. pixelUsage(...).tolist()",
      category: "shape",
    });
  }
}

/**
 * A heatmap of a matrix, with each cell's value written in it.
 *
 * @example
 * ```ts
 * import { Heatmap, pixelUsage } from "convlab";
 * const map = new Heatmap({ title: "uses per pixel", z: pixelUsage({ input: 4, kernel: 3 }).tolist() as number[][] });
 * map.toString().split("\n")[1]; // "1  2  2  1"
 * ```
 */
export class Heatmap {
  readonly spec: HeatmapSpec;

  constructor(spec: HeatmapSpec) {
    checkRows(spec.z);
    this.spec = spec;
  }

  /** The plotly figure (one heatmap trace, y axis pointing down like an image). */
  toPlotly(): { data: object[]; layout: object } {
    const { spec } = this;
    return {
      data: [{ type: "heatmap", z: spec.z.map((row) => [...row]), colorscale: "YlOrRd", reversescale: true }],
      layout: {
        title: { text: spec.title },
        xaxis: { title: { text: spec.xTitle ?? "" }, constrain: "domain" },
        yaxis: { title: { text: spec.yTitle ?? "" }, autorange: "reversed", scaleanchor: "x" },
        margin: { t: 50 },
      },
    };
  }

  /** A standalone SVG drawing: one square per entry, its value written in it. */
  toSvg(): string {
    const { z, title } = this.spec;
    const values = z.flat();
    const [min, max] = [Math.min(...values), Math.max(...values)];
    // wide enough for the grid and for the title (about 7.5 px per character at 14 px)
    const width = Math.max(
      MARGIN.left + MARGIN.right + z[0]!.length * CELL,
      Math.ceil(title.length * 7.5) + 20,
    );
    const height = MARGIN.top + MARGIN.bottom + z.length * CELL;
    const parts = [
      `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif" font-size="11">`,
      `<rect width="${width}" height="${height}" fill="white"/>`,
      `<text x="${width / 2}" y="22" text-anchor="middle" font-size="14">${escapeHtml(title)}</text>`,
    ];
    z.forEach((row, i) => {
      row.forEach((v, j) => {
        const t = max === min ? 0.5 : (v - min) / (max - min);
        const [x, y] = [MARGIN.left + j * CELL, MARGIN.top + i * CELL];
        parts.push(
          `<rect x="${x}" y="${y}" width="${CELL}" height="${CELL}" fill="${colour(t)}" stroke="white"/>`,
          `<text x="${x + CELL / 2}" y="${y + CELL / 2 + 4}" text-anchor="middle" fill="${t > 0.6 ? "white" : "black"}">${v}</text>`,
        );
      });
    });
    const bottom = MARGIN.top + z.length * CELL;
    parts.push(
      `<text x="${MARGIN.left + (z[0]!.length * CELL) / 2}" y="${bottom + 28}" text-anchor="middle">${escapeHtml(this.spec.xTitle ?? "")}</text>`,
      `<text transform="translate(20 ${MARGIN.top + (z.length * CELL) / 2}) rotate(-90)" text-anchor="middle">${escapeHtml(this.spec.yTitle ?? "")}</text>`,
      "</svg>",
    );
    return parts.join("\n");
  }

  /** The title, then the matrix as right-aligned columns. */
  toString(): string {
    const cells = this.spec.z.map((row) => row.map(String));
    const width = Math.max(...cells.flat().map((c) => c.length));
    return [this.spec.title, ...cells.map((row) => row.map((c) => c.padStart(width)).join("  "))].join("\n");
  }

  [MIME_BUNDLE](): MimeBundle {
    return {
      data: { [PLOTLY_MIME]: this.toPlotly(), "image/svg+xml": this.toSvg(), "text/plain": this.toString() },
    };
  }
}
