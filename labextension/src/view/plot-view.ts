/**
 * Plain plotly figures (`application/vnd.plotly.v1+json`), e.g. the kernel's "output size per
 * layer" line charts. The figure is untrusted: its size is bounded, every string is escaped so
 * plotly's pseudo-HTML text shows it literally, only data and layout are used (no frames, no
 * config from the payload), and the theme colours fill in what the layout leaves unset.
 */

import { layoutProblems } from "./plot-bounds.js";
import { PlotLifecycle } from "./plot-lifecycle.js";
import type { PlotlyApi, PlotlyLayout, PlotlyTrace } from "./plotly-api.js";
import { currentTheme, type PlotTheme } from "./theme.js";

export const PLOTLY_MIME = "application/vnd.plotly.v1+json";

/** Bounds of an accepted plotly figure. */
export const PLOT_LIMITS = { traces: 200, values: 2_000_000, depth: 32, stringLength: 10_000 } as const;

export type PlotFigure = { readonly data: PlotlyTrace[]; readonly layout: PlotlyLayout };

export type PlotCheck =
  | { readonly ok: true; readonly figure: PlotFigure }
  | { readonly ok: false; readonly problems: string[] };

/** Escapes the characters plotly's text renderer treats as markup. */
function escapeText(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/**
 * Copies untrusted JSON into a fresh structure, escaping strings and dropping `__proto__`-like
 * keys; throws a readable `Error` past the limits.
 */
function sanitize(value: unknown, depth: number, budget: { values: number }, path: string): unknown {
  if (--budget.values < 0) throw new Error(`the figure has more than ${PLOT_LIMITS.values} values`);
  if (depth > PLOT_LIMITS.depth) throw new Error(`${path} is nested deeper than ${PLOT_LIMITS.depth} levels`);
  if (typeof value === "string") {
    if (value.length > PLOT_LIMITS.stringLength) {
      throw new Error(
        `${path} is a string of ${value.length} characters (at most ${PLOT_LIMITS.stringLength})`,
      );
    }
    return escapeText(value);
  }
  if (typeof value === "number" || typeof value === "boolean" || value === null) return value;
  if (Array.isArray(value)) return value.map((item, i) => sanitize(item, depth + 1, budget, `${path}/${i}`));
  if (isPlainObject(value)) {
    const copy: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) {
      if (key === "__proto__" || key === "constructor" || key === "prototype") continue;
      copy[key] = sanitize(item, depth + 1, budget, `${path}/${key}`);
    }
    return copy;
  }
  throw new Error(`${path} has an unsupported value`);
}

/**
 * Checks and sanitizes an untrusted plotly figure. Never throws.
 *
 * @example
 * ```ts
 * checkPlotFigure({ data: [{ type: "scatter", x: [1, 2], y: [28, 14] }], layout: { title: { text: "size" } } });
 * // { ok: true, figure: { data: [...], layout: { title: { text: "size" } } } }
 * ```
 */
export function checkPlotFigure(value: unknown): PlotCheck {
  if (!isPlainObject(value))
    return { ok: false, problems: ["the figure must be an object with data and layout"] };
  const { data, layout } = value;
  if (!Array.isArray(data)) return { ok: false, problems: ["/data must be an array of traces"] };
  if (data.length > PLOT_LIMITS.traces) {
    return {
      ok: false,
      problems: [`/data has ${data.length} traces; at most ${PLOT_LIMITS.traces} are drawn`],
    };
  }
  if (!data.every(isPlainObject)) return { ok: false, problems: ["/data must hold trace objects"] };
  if (layout !== undefined && !isPlainObject(layout))
    return { ok: false, problems: ["/layout must be an object"] };
  try {
    const budget = { values: PLOT_LIMITS.values };
    const figure = {
      data: sanitize(data, 0, budget, "/data") as PlotlyTrace[],
      layout: (sanitize(layout ?? {}, 0, budget, "/layout") ?? {}) as PlotlyLayout,
    };
    const problems = layoutProblems(figure.layout as Record<string, unknown>, figure.data);
    return problems.length > 0 ? { ok: false, problems } : { ok: true, figure };
  } catch (error) {
    return { ok: false, problems: [error instanceof Error ? error.message : String(error)] };
  }
}

/** Text for the aria-label: the figure's title (plain text) and what it shows. */
export function describePlot(figure: PlotFigure): string {
  const title = figure.layout.title;
  const text = typeof title === "string" ? title : isPlainObject(title) ? title.text : undefined;
  const plain =
    typeof text === "string" ? text.replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&amp;/g, "&") : "";
  const kinds = [...new Set(figure.data.map((trace) => String(trace.type ?? "scatter")))].join(", ");
  return `${plain === "" ? "Plot" : plain}: ${figure.data.length} trace${figure.data.length === 1 ? "" : "s"} (${kinds})`;
}

function withTheme(layout: PlotlyLayout, theme: PlotTheme, explicit: Set<string>): PlotlyLayout {
  const font = isPlainObject(layout.font) ? layout.font : {};
  return {
    ...layout,
    ...(explicit.has("paper_bgcolor") ? {} : { paper_bgcolor: theme.paper }),
    ...(explicit.has("plot_bgcolor") ? {} : { plot_bgcolor: theme.plot }),
    font: {
      family: theme.fontFamily,
      ...font,
      ...(typeof font.color === "string" ? {} : { color: theme.font }),
    },
    autosize: true,
  };
}

export class PlotView {
  readonly node: HTMLElement;
  private readonly plotly: PlotlyApi;
  private readonly figure: PlotFigure;
  private readonly explicit: Set<string>;
  private readonly life: PlotLifecycle;

  constructor(figure: PlotFigure, plotly: PlotlyApi) {
    this.figure = figure;
    this.plotly = plotly;
    this.explicit = new Set(Object.keys(figure.layout));
    this.node = document.createElement("div");
    this.node.className = "convlab-plot";
    this.node.setAttribute("role", "img");
    this.node.setAttribute("aria-label", describePlot(figure));
    this.life = new PlotLifecycle(plotly, this.node, () => this.applyTheme());
  }

  /** Draws the figure; call once `node` is in the document. */
  async render(): Promise<void> {
    const theme = currentTheme(this.node);
    const layout = withTheme(this.figure.layout, theme, this.explicit);
    await this.plotly.newPlot(this.node, this.figure.data, layout, { displaylogo: false, responsive: false });
    if (this.life.isDisposed) {
      this.plotly.purge(this.node);
      return;
    }
    this.life.plotted();
  }

  dispose(): void {
    this.life.dispose();
    this.node.remove();
  }

  /** The theme's colours where the figure left them unset (attribute paths keep its font size and family). */
  private applyTheme(): void {
    const theme = currentTheme(this.node);
    const { font } = this.figure.layout;
    const update: PlotlyLayout = {};
    if (!this.explicit.has("paper_bgcolor")) update.paper_bgcolor = theme.paper;
    if (!this.explicit.has("plot_bgcolor")) update.plot_bgcolor = theme.plot;
    if (!(isPlainObject(font) && typeof font.color === "string")) update["font.color"] = theme.font;
    this.plotly.relayout(this.node, update).catch(() => undefined);
  }
}
