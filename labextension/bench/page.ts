/**
 * Browser side of `npm run bench:render`: renders fixture payloads with the real FeatureMapView
 * (the same code the JupyterLab renderer runs) into a plain page; plotly comes from its own
 * <script> tag so its first load can be timed separately.
 */
import { validateFeatureMaps } from "../src/payload/index.js";
import { DEFAULT_FEATUREMAP_OPTIONS, FeatureMapView } from "../src/view/featuremap-view.js";
import type { PlotlyApi } from "../src/view/plotly-api.js";

declare global {
  interface Window {
    Plotly?: PlotlyApi;
    convlabBench: typeof bench;
  }
}

const nextFrame = () => new Promise<void>((resolve) => requestAnimationFrame(() => resolve()));

const bench = {
  /** Loads plotly.js from `url`; resolves with the milliseconds from adding the tag to onload. */
  loadPlotly(url: string): Promise<number> {
    return new Promise((resolve, reject) => {
      const start = performance.now();
      const script = document.createElement("script");
      script.src = url;
      script.onload = () => resolve(performance.now() - start);
      script.onerror = () => reject(new Error(`could not load ${url}`));
      document.head.append(script);
    });
  },

  /** Validates, decodes and draws one payload; milliseconds until plotly has drawn and a frame passed. */
  async renderFeatureMaps(
    payload: unknown,
  ): Promise<{ ms: number; heatmaps: number; mosaic: [number, number] }> {
    const plotly = window.Plotly;
    if (!plotly) throw new Error("plotly not loaded");
    const host = document.getElementById("host") as HTMLElement;
    host.replaceChildren();
    const start = performance.now();
    const result = validateFeatureMaps(payload);
    if (!result.ok) throw new Error(result.problems.join("; "));
    const view = new FeatureMapView(result.figure, DEFAULT_FEATUREMAP_OPTIONS, plotly);
    host.append(view.node);
    await view.render();
    await nextFrame();
    const ms = performance.now() - start;
    const heatmaps = host.querySelectorAll("g.hm").length;
    const gd = host.querySelector(".convlab-fm-plot") as HTMLElement & { data: { z: unknown[][] }[] };
    const z = gd.data[3]?.z ?? [];
    view.dispose();
    return { ms, heatmaps, mosaic: [z.length, (z[0] ?? []).length] };
  },

  /** The reference: the same maps as a plotly subplot grid (one heatmap and axis pair per map). */
  async renderSubplotGrid(payload: unknown): Promise<{ ms: number; heatmaps: number }> {
    const plotly = window.Plotly;
    if (!plotly) throw new Error("plotly not loaded");
    const host = document.getElementById("host") as HTMLElement;
    host.replaceChildren();
    const start = performance.now();
    const result = validateFeatureMaps(payload);
    if (!result.ok) throw new Error(result.problems.join("; "));
    const figure = result.figure;
    const variant = figure.variant(0);
    const maps = figure.variantMaps(0);
    const h = variant.height.output;
    const w = variant.width.output;
    const count = figure.mapCount;
    const columns = Math.ceil(Math.sqrt(count));
    const rows = Math.ceil(count / columns);
    const data: Record<string, unknown>[] = [];
    const layout: Record<string, unknown> = {
      height: 420,
      showlegend: false,
      margin: { l: 8, r: 8, t: 8, b: 8 },
    };
    for (let m = 0; m < count; m++) {
      const z: number[][] = [];
      for (let r = 0; r < h; r++)
        z.push(Array.from(maps.subarray(m * h * w + r * w, m * h * w + (r + 1) * w)));
      const n = m === 0 ? "" : String(m + 1);
      const c = m % columns;
      const r = Math.floor(m / columns);
      data.push({ type: "heatmap", z, xaxis: `x${n}`, yaxis: `y${n}`, showscale: false, zmin: -1, zmax: 1 });
      layout[`xaxis${n}`] = {
        domain: [c / columns, (c + 0.9) / columns],
        showticklabels: false,
        anchor: `y${n}`,
      };
      layout[`yaxis${n}`] = { domain: [r / rows, (r + 0.9) / rows], showticklabels: false, anchor: `x${n}` };
    }
    const div = document.createElement("div");
    host.append(div);
    await plotly.newPlot(div, data, layout, { staticPlot: false, displayModeBar: false });
    await nextFrame();
    const ms = performance.now() - start;
    const heatmaps = div.querySelectorAll("g.hm").length;
    plotly.purge(div);
    return { ms, heatmaps };
  },
};

window.convlabBench = bench;
