/**
 * The interactive feature-map figure: for the selected padding/stride variant, the padded input
 * image, the kernel and every output map as ONE mosaic heatmap under a shared zero-centred
 * colour scale; variant buttons; hover (or arrow keys) shows an output pixel's value, position
 * and receptive field outlined on the input. This module is the DOM and the interaction; the
 * plotly spec is ./featuremap-spec.ts (pure), the resize/theme/dispose life cycle
 * ./plot-lifecycle.ts (shared with the line-chart view). DOM text comes from textContent only;
 * plotly gets no payload strings.
 */
import { cellAt } from "../layout/mosaic.js";
import { receptiveField } from "../layout/receptive-field.js";
import type { DecodedFeatureMaps } from "../payload/index.js";
import { PLOT_KEYS, plotCursorMove, TOOLBAR_KEYS, toolbarTarget } from "./featuremap-keys.js";
import {
  type Cursor,
  DEFAULT_FEATUREMAP_OPTIONS,
  type FeatureMapOptions,
  type FeatureMapState,
  featureMapLayout,
  featureMapShapes,
  featureMapTraces,
  initialState,
  inputZ,
  kernelZ,
  MAX_MOSAIC_CELLS,
  mapsToDraw,
  TRACE,
  type TraceName,
  traceIndex,
} from "./featuremap-spec.js";
import { describeCursor, describeFeatureMaps } from "./featuremap-text.js";
import { claimKeys, isClaimedKey } from "./key-claim.js";
import { PlotLifecycle } from "./plot-lifecycle.js";
import type { PlotlyApi, PlotlyElement, PlotlyHoverEvent, PlotlyTrace } from "./plotly-api.js";
import { currentTheme, type PlotTheme, themeLayout } from "./theme.js";

// The settings and the render bench import these from here.
export { DEFAULT_FEATUREMAP_OPTIONS, type FeatureMapOptions, MAX_MOSAIC_CELLS, mapsToDraw };

const PLOT_CONFIG = { displaylogo: false, responsive: false, displayModeBar: false, scrollZoom: false };

export class FeatureMapView {
  /** The element to attach; holds controls, the plot and the hover readout. */
  readonly node: HTMLElement;
  private readonly figure: DecodedFeatureMaps;
  private readonly options: FeatureMapOptions;
  private readonly plotly: PlotlyApi;
  private readonly plotNode: HTMLElement;
  private readonly variantTitle: HTMLElement;
  private readonly workedNode: HTMLElement;
  private readonly captionNode: HTMLElement;
  private readonly readout: HTMLElement;
  private readonly note: HTMLElement;
  private readonly buttons: HTMLButtonElement[] = [];
  private readonly life: PlotLifecycle;
  /** Gives back the keys claimed from the front end's shortcuts (./key-claim.ts). */
  private readonly releaseKeys: (() => void)[] = [];
  private variantIndex = 0;
  private state: FeatureMapState | undefined;
  /** The traces on screen, to find one by name. */
  private traces: PlotlyTrace[] = [];
  private cursor: Cursor | undefined;
  private theme: PlotTheme | undefined;
  private disposed = false;
  private queue: Promise<void> = Promise.resolve();

  constructor(figure: DecodedFeatureMaps, options: FeatureMapOptions, plotly: PlotlyApi) {
    this.figure = figure;
    this.options = options;
    this.plotly = plotly;
    const { payload } = figure;
    const found = payload.variants.findIndex((v) => v.id === options.defaultVariant);
    this.variantIndex = Math.max(found, 0);

    this.node = element("div", "convlab-featuremaps");
    const title = element("div", "convlab-fm-title");
    title.textContent = payload.title;

    const toolbar = element("div", "convlab-fm-variants");
    toolbar.setAttribute("role", "toolbar");
    toolbar.setAttribute("aria-label", "Padding and stride variants");
    payload.variants.forEach((variant, index) => {
      const button = document.createElement("button");
      button.type = "button";
      button.className = "convlab-fm-variant jp-Button";
      button.textContent = variant.title;
      button.dataset.variantIndex = String(index);
      button.addEventListener("click", () => this.guard(this.selectVariant(index)));
      this.buttons.push(button);
      toolbar.append(button);
    });
    toolbar.addEventListener("keydown", (event) => this.onToolbarKey(event));
    this.releaseKeys.push(claimKeys(toolbar, TOOLBAR_KEYS));

    this.variantTitle = element("div", "convlab-fm-variant-title");
    this.workedNode = element("div", "convlab-fm-worked");
    this.plotNode = element("div", "convlab-fm-plot");
    this.plotNode.setAttribute("role", "img");
    this.plotNode.tabIndex = 0;
    this.plotNode.addEventListener("keydown", (event) => this.onPlotKey(event));
    this.releaseKeys.push(claimKeys(this.plotNode, PLOT_KEYS));
    this.captionNode = element("div", "convlab-fm-caption");
    this.readout = element("div", "convlab-fm-readout");
    this.readout.setAttribute("aria-live", "polite");
    this.readout.textContent =
      "Hover an output pixel (or focus the figure and use the arrow keys) to see its receptive field.";
    this.note = element("div", "convlab-fm-note");
    this.node.append(
      title,
      toolbar,
      this.variantTitle,
      this.workedNode,
      this.plotNode,
      this.captionNode,
      this.readout,
      this.note,
    );
    this.life = new PlotLifecycle(plotly, this.plotNode, () => this.guard(this.applyTheme()));
  }

  /** Index of the variant on screen. */
  get selectedVariant(): number {
    return this.variantIndex;
  }

  /**
   * Draws the figure (call once `node` is in the document so it has a width). Resolves when
   * plotly has drawn.
   */
  render(): Promise<void> {
    return this.enqueue(async () => {
      this.theme = currentTheme(this.node);
      this.node.dataset.theme = this.theme.dark ? "dark" : "light";
      await this.draw();
    });
  }

  /** Shows variant `index` (client-side; no kernel involved). */
  selectVariant(index: number): Promise<void> {
    if (index < 0 || index >= this.figure.payload.variants.length) return Promise.resolve();
    return this.enqueue(async () => {
      if (index === this.variantIndex && this.life.isPlotted) return;
      this.variantIndex = index;
      this.cursor = undefined;
      await this.draw();
    });
  }

  /** Shows the receptive field of output pixel (row, column) of map `map` (as hovering does). */
  showCursor(cursor: Cursor): Promise<void> {
    return this.enqueue(() => this.moveCursor(cursor));
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    for (const release of this.releaseKeys) release();
    this.life.dispose();
    this.node.remove();
  }

  get isDisposed(): boolean {
    return this.disposed;
  }

  /** Interaction errors end up in the figure's note, never as an uncaught rejection. */
  private guard(work: Promise<void>): void {
    work.catch((error: unknown) => {
      this.note.setAttribute("role", "alert");
      this.note.textContent = `ConvLab could not update the figure: ${error instanceof Error ? error.message : String(error)}`;
    });
  }

  private enqueue(task: () => Promise<void>): Promise<void> {
    const next = this.queue.then(() => (this.disposed ? undefined : task()));
    this.queue = next.catch(() => undefined);
    return next;
  }

  private async draw(): Promise<void> {
    const variant = this.figure.variant(this.variantIndex);
    const state = initialState(this.figure, this.variantIndex, this.options.maxMapsDrawn);
    this.state = state;
    const drawn = state.grid.count;
    const count = this.figure.mapCount;
    this.buttons.forEach((button, index) => {
      button.setAttribute("aria-pressed", String(index === this.variantIndex));
      button.classList.toggle("convlab-fm-selected", index === this.variantIndex);
      button.tabIndex = index === this.variantIndex ? 0 : -1;
    });
    this.variantTitle.textContent = variant.title;
    this.workedNode.textContent = `height: ${variant.height.worked} · width: ${variant.width.worked}`;
    this.note.textContent =
      drawn < count
        ? `Showing the first ${drawn} of ${count} maps (setting “maximum maps drawn” or the size limit).`
        : "";
    this.plotNode.setAttribute("aria-label", describeFeatureMaps(this.figure, state));
    this.node.dataset.variant = variant.id;
    this.node.dataset.mapsDrawn = String(drawn);
    this.updateCaption();

    this.traces = featureMapTraces(this.figure, state, this.options);
    const layout = featureMapLayout(this.figure, state, this.theme ?? currentTheme(this.node));
    if (this.life.isPlotted) {
      await this.plotly.react(this.plotNode, this.traces, layout, PLOT_CONFIG);
    } else {
      const gd: PlotlyElement = await this.plotly.newPlot(this.plotNode, this.traces, layout, PLOT_CONFIG);
      if (this.disposed) {
        this.plotly.purge(this.plotNode);
        return;
      }
      this.life.plotted();
      gd.on("plotly_hover", (event) => this.onHover(event));
    }
  }

  private updateCaption(): void {
    const { payload } = this.figure;
    const input = payload.inputs[this.state?.shownInput ?? 0];
    const kernel = payload.kernels[this.state?.shownKernel ?? 0];
    this.captionNode.textContent = `Input: ${input?.label ?? ""} · kernel: ${kernel?.name ?? ""}${
      kernel?.description ? ` (${kernel.description})` : ""
    }`;
  }

  /** Restyles the trace named `name` (looked up among the traces on screen). */
  private restyle(name: TraceName, update: Record<string, unknown>): Promise<unknown> {
    return this.plotly.restyle(this.plotNode, update, traceIndex(this.traces, name));
  }

  private onHover(event: PlotlyHoverEvent): void {
    const point = event.points[0];
    const grid = this.state?.grid;
    if (!point || !grid || point.curveNumber !== traceIndex(this.traces, TRACE.maps)) return;
    const cell = cellAt(grid, Math.round(point.x), Math.round(point.y));
    if (!cell) return;
    this.guard(this.showCursor(cell));
  }

  private async moveCursor(cursor: Cursor): Promise<void> {
    const state = this.state;
    if (!state || !this.life.isPlotted) return;
    const variant = this.figure.variant(this.variantIndex);
    const kernels = this.figure.payload.kernels.length;
    const inputIndex = Math.floor(cursor.map / kernels);
    const kernelIndex = cursor.map % kernels;
    this.cursor = cursor;
    if (inputIndex !== state.shownInput) {
      await this.restyle(TRACE.input, { z: [inputZ(this.figure, variant, inputIndex).z] });
    }
    if (kernelIndex !== state.shownKernel) {
      await this.restyle(TRACE.kernel, { z: [kernelZ(this.figure, kernelIndex)] });
    }
    this.state = { ...state, shownInput: inputIndex, shownKernel: kernelIndex };
    this.updateCaption();
    const field = receptiveField(cursor.row, cursor.column, variant.height, variant.width);
    await this.plotly.relayout(this.plotNode, {
      shapes: featureMapShapes(this.figure, state.grid, field, cursor),
    });
    this.readout.textContent = describeCursor(this.figure, this.state, cursor, field);
    this.node.dataset.cursor = `${cursor.map},${cursor.row},${cursor.column}`;
  }

  private onToolbarKey(event: KeyboardEvent): void {
    if (!isClaimedKey(event, TOOLBAR_KEYS)) return;
    const target = toolbarTarget(event.key, this.variantIndex, this.buttons.length);
    if (target === undefined) return;
    event.preventDefault();
    event.stopPropagation();
    this.buttons[target]?.focus();
    this.guard(this.selectVariant(target));
  }

  private onPlotKey(event: KeyboardEvent): void {
    const grid = this.state?.grid;
    if (!grid || !isClaimedKey(event, PLOT_KEYS)) return;
    const next = plotCursorMove(event.key, this.cursor ?? { map: 0, row: 0, column: 0 }, grid);
    if (next === undefined) return;
    event.preventDefault();
    event.stopPropagation();
    this.guard(this.showCursor(next));
  }

  private applyTheme(): Promise<void> {
    return this.enqueue(async () => {
      if (!this.life.isPlotted) return;
      this.theme = currentTheme(this.node);
      await this.plotly.relayout(this.plotNode, themeLayout(this.theme));
      this.node.dataset.theme = this.theme.dark ? "dark" : "light";
    });
  }
}

function element(tag: string, className: string): HTMLElement {
  const node = document.createElement(tag);
  node.className = className;
  return node;
}
