/**
 * Line charts for notebooks (e.g. "output size per layer"). One chart displays as a plotly
 * figure in JupyterLab (through ConvLab's extension), as SVG where plotly is not available
 * (GitHub, VS Code, nbconvert), and as a text table everywhere else.
 */
import { escapeHtml, MIME_BUNDLE, type MimeBundle } from "../display.js";
import { ConvLabError } from "../errors.js";

import { PLOTLY_MIME } from "../payload/mime.js";

/** The plotly mime type, rendered by ConvLab's JupyterLab extension (src/payload/mime.ts). */
export { PLOTLY_MIME };

/** One line of a chart. */
export interface Series {
  readonly name: string;
  readonly y: readonly number[];
}

/** What to draw. */
export interface LineChartSpec {
  readonly title: string;
  /** Shared x values (numbers or category labels). */
  readonly x: readonly (number | string)[];
  readonly series: readonly Series[];
  readonly xTitle?: string;
  readonly yTitle?: string;
}

const WIDTH = 640;
const HEIGHT = 360;
const MARGIN = { top: 40, right: 150, bottom: 50, left: 60 };
const COLOURS = ["#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b"];

/** Rounded tick values covering [min, max] (about five of them). */
function niceTicks(min: number, max: number): number[] {
  if (min === max) return [min];
  const rough = (max - min) / 5;
  const power = 10 ** Math.floor(Math.log10(rough));
  const step = [1, 2, 5, 10].map((m) => m * power).find((s) => s >= rough) ?? rough;
  const ticks: number[] = [];
  for (let t = Math.ceil(min / step) * step; t <= max + step / 1e6; t += step)
    ticks.push(Number(t.toPrecision(12)));
  return ticks;
}

/**
 * A chart of one or more lines over shared x values.
 *
 * @example
 * ```ts
 * import { LineChart } from "convlab";
 * const chart = new LineChart({ title: "Output size", x: [0, 1, 2], series: [{ name: "height", y: [32, 28, 24] }] });
 * chart.toString().includes("28"); // true
 * ```
 */
export class LineChart {
  readonly spec: LineChartSpec;

  constructor(spec: LineChartSpec) {
    for (const s of spec.series) {
      if (s.y.length !== spec.x.length) {
        throw new ConvLabError({
          parameter: `series '${s.name}'`,
          value: s.y.length,
          rule: `has ${s.y.length} values but there are ${spec.x.length} x values`,
          fix: "give every series one y per x",
          category: "shape",
        });
      }
    }
    this.spec = spec;
  }

  /** The plotly figure (data + layout). */
  toPlotly(): { data: object[]; layout: object } {
    const { spec } = this;
    return {
      data: spec.series.map((s) => ({
        type: "scatter",
        mode: "lines+markers",
        name: s.name,
        x: [...spec.x],
        y: [...s.y],
      })),
      layout: {
        title: { text: spec.title },
        xaxis: { title: { text: spec.xTitle ?? "" } },
        yaxis: { title: { text: spec.yTitle ?? "" }, rangemode: "tozero" },
        margin: { t: 50 },
      },
    };
  }

  /** A standalone SVG drawing of the chart. */
  toSvg(): string {
    const { spec } = this;
    const plotW = WIDTH - MARGIN.left - MARGIN.right;
    const plotH = HEIGHT - MARGIN.top - MARGIN.bottom;
    const numericX = spec.x.every((v) => typeof v === "number");
    const xs = numericX ? (spec.x as number[]) : spec.x.map((_, i) => i);
    const ys = spec.series.flatMap((s) => s.y).filter(Number.isFinite);
    const [xMin, xMax] = [Math.min(...xs), Math.max(...xs)];
    const yMax = Math.max(0, ...ys);
    const yMin = Math.min(0, ...ys);
    const sx = (v: number): number =>
      MARGIN.left + (xMax === xMin ? plotW / 2 : ((v - xMin) / (xMax - xMin)) * plotW);
    const sy = (v: number): number =>
      MARGIN.top + plotH - (yMax === yMin ? plotH / 2 : ((v - yMin) / (yMax - yMin)) * plotH);
    const parts: string[] = [
      `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${HEIGHT}" viewBox="0 0 ${WIDTH} ${HEIGHT}" font-family="sans-serif" font-size="12">`,
      `<rect width="${WIDTH}" height="${HEIGHT}" fill="white"/>`,
      `<text x="${WIDTH / 2}" y="22" text-anchor="middle" font-size="15">${escapeHtml(spec.title)}</text>`,
    ];
    for (const t of niceTicks(yMin, yMax)) {
      parts.push(
        `<line x1="${MARGIN.left}" x2="${MARGIN.left + plotW}" y1="${sy(t)}" y2="${sy(t)}" stroke="#e5e5e5"/>`,
        `<text x="${MARGIN.left - 6}" y="${sy(t) + 4}" text-anchor="end">${t}</text>`,
      );
    }
    const xTicks = numericX ? niceTicks(xMin, xMax) : xs;
    for (const t of xTicks) {
      const label = numericX ? String(t) : String(spec.x[t]);
      parts.push(
        `<text x="${sx(t)}" y="${MARGIN.top + plotH + 18}" text-anchor="middle">${escapeHtml(label)}</text>`,
      );
    }
    parts.push(
      `<line x1="${MARGIN.left}" x2="${MARGIN.left + plotW}" y1="${MARGIN.top + plotH}" y2="${MARGIN.top + plotH}" stroke="#444"/>`,
      `<line x1="${MARGIN.left}" x2="${MARGIN.left}" y1="${MARGIN.top}" y2="${MARGIN.top + plotH}" stroke="#444"/>`,
      `<text x="${MARGIN.left + plotW / 2}" y="${HEIGHT - 10}" text-anchor="middle">${escapeHtml(spec.xTitle ?? "")}</text>`,
      `<text transform="translate(16 ${MARGIN.top + plotH / 2}) rotate(-90)" text-anchor="middle">${escapeHtml(spec.yTitle ?? "")}</text>`,
    );
    spec.series.forEach((s, k) => {
      const colour = COLOURS[k % COLOURS.length]!;
      const points = s.y.map((y, i) => (Number.isFinite(y) ? `${sx(xs[i]!)},${sy(y)}` : "")).filter(Boolean);
      parts.push(`<polyline fill="none" stroke="${colour}" stroke-width="2" points="${points.join(" ")}"/>`);
      for (const p of points) {
        const [cx, cy] = p.split(",");
        parts.push(`<circle cx="${cx}" cy="${cy}" r="3" fill="${colour}"/>`);
      }
      const ly = MARGIN.top + 10 + k * 18;
      parts.push(
        `<line x1="${WIDTH - MARGIN.right + 15}" x2="${WIDTH - MARGIN.right + 35}" y1="${ly}" y2="${ly}" stroke="${colour}" stroke-width="2"/>`,
        `<text x="${WIDTH - MARGIN.right + 40}" y="${ly + 4}">${escapeHtml(s.name)}</text>`,
      );
    });
    parts.push("</svg>");
    return parts.join("\n");
  }

  /** A text table: one row per x value. */
  toString(): string {
    const { spec } = this;
    const header = [spec.xTitle ?? "x", ...spec.series.map((s) => s.name)];
    const rows = spec.x.map((x, i) => [String(x), ...spec.series.map((s) => String(s.y[i]))]);
    const widths = header.map((h, c) => Math.max(h.length, ...rows.map((r) => r[c]!.length)));
    const line = (r: string[]): string => r.map((cell, c) => cell.padStart(widths[c]!)).join("  ");
    return [spec.title, line(header), ...rows.map(line)].join("\n");
  }

  [MIME_BUNDLE](): MimeBundle {
    return {
      data: { [PLOTLY_MIME]: this.toPlotly(), "image/svg+xml": this.toSvg(), "text/plain": this.toString() },
    };
  }
}

/**
 * Output height and width after each layer, as a chart: the lecture's "the image shrinks" plot.
 *
 * @example
 * ```ts
 * import { layers, sizePerLayerChart, summary } from "convlab";
 * const s = summary(Array.from({ length: 7 }, () => layers.Conv2d(1, 1, 5)), [1, 1, 32, 32]);
 * sizePerLayerChart(s, "32x32, seven 5x5 convolutions").spec.series[0]!.y; // [32, 28, 24, 20, 16, 12, 8, 4]
 * ```
 */
export function sizePerLayerChart(
  network: {
    readonly input: readonly number[];
    readonly rows: readonly { index: string; outputShape: readonly number[] }[];
  },
  title = "Output size per layer",
): LineChart {
  const rows = network.rows.filter((r) => !r.index.includes(".") && r.outputShape.length === 4);
  const x = [0, ...rows.map((r) => Number(r.index))];
  const shapes = [network.input, ...rows.map((r) => r.outputShape)];
  const series: Series[] = [{ name: "height", y: shapes.map((s) => s[2]!) }];
  if (shapes.some((s) => s[3] !== s[2])) series.push({ name: "width", y: shapes.map((s) => s[3]!) });
  return new LineChart({ title, x, series, xTitle: "layer", yTitle: "pixels" });
}
