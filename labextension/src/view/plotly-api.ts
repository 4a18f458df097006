/**
 * The part of plotly.js the renderers use, and its lazy loader: the cartesian bundle (which has
 * heatmaps) is fetched as its own chunk the first time a figure is drawn.
 */

/** A plotly graph div (plotly adds its state to the element). */
export interface PlotlyElement extends HTMLElement {
  on(event: "plotly_hover", handler: (event: PlotlyHoverEvent) => void): void;
  on(event: "plotly_unhover", handler: () => void): void;
  removeAllListeners?(event?: string): void;
}

export interface PlotlyHoverPoint {
  readonly curveNumber: number;
  readonly x: number;
  readonly y: number;
  readonly z?: number | null;
}

export interface PlotlyHoverEvent {
  readonly points: readonly PlotlyHoverPoint[];
}

export type PlotlyTrace = Record<string, unknown>;
export type PlotlyLayout = Record<string, unknown>;
export type PlotlyConfig = Record<string, unknown>;

export interface PlotlyApi {
  newPlot(
    root: HTMLElement,
    data: PlotlyTrace[],
    layout: PlotlyLayout,
    config: PlotlyConfig,
  ): Promise<PlotlyElement>;
  react(
    root: HTMLElement,
    data: PlotlyTrace[],
    layout: PlotlyLayout,
    config: PlotlyConfig,
  ): Promise<PlotlyElement>;
  relayout(root: HTMLElement, update: PlotlyLayout): Promise<PlotlyElement>;
  restyle(
    root: HTMLElement,
    update: Record<string, unknown>,
    traces?: number | number[],
  ): Promise<PlotlyElement>;
  purge(root: HTMLElement): void;
  readonly Plots: { resize(root: HTMLElement): Promise<void> | undefined };
}

let loading: Promise<PlotlyApi> | undefined;

/**
 * Loads plotly.js once (later calls share the same promise); a failed load is retried next time.
 *
 * @example
 * ```ts
 * const Plotly = await loadPlotly();
 * await Plotly.newPlot(div, [{ type: "heatmap", z: [[1, 2]] }], {}, {});
 * ```
 */
export function loadPlotly(): Promise<PlotlyApi> {
  if (!loading) {
    loading = import(/* webpackChunkName: "plotly" */ "plotly.js-cartesian-dist-min").then(
      (module: { default?: unknown }) => (module.default ?? module) as PlotlyApi,
    );
    loading.catch(() => {
      loading = undefined;
    });
  }
  return loading;
}
