/**
 * The interactive feature-map figure: for the selected padding/stride variant, the padded input
 * image, the kernel and every output map as ONE mosaic heatmap under a shared zero-centred
 * colour scale; variant buttons; hover (or arrow keys) shows an output pixel's value, position
 * and receptive field outlined on the input. DOM text comes from textContent only; plotly gets
 * no payload strings.
 */
import { type ZRange, zeroCenteredRange } from "../layout/color-scale.js";
import { buildMosaic, cellAt, type MosaicGrid, mosaicGrid, tileOrigin } from "../layout/mosaic.js";
import { paddedImage } from "../layout/padding.js";
import { type ReceptiveField, receptiveField } from "../layout/receptive-field.js";
import type { DecodedFeatureMaps, PayloadVariant } from "../payload/index.js";
import type { PlotlyApi, PlotlyElement, PlotlyHoverEvent, PlotlyLayout, PlotlyTrace } from "./plotly-api.js";
import { currentTheme, type PlotTheme, themeLayout, watchTheme } from "./theme.js";

/** What the settings control. */
export interface FeatureMapOptions {
  /** A plotly colour scale name for the output maps and the kernel. */
  readonly colorMap: string;
  /** The id of the variant shown first ("" = the first variant). */
  readonly defaultVariant: string;
  /** At most this many maps are drawn per variant (1 … 512). */
  readonly maxMapsDrawn: number;
}

export const DEFAULT_FEATUREMAP_OPTIONS: FeatureMapOptions = {
  colorMap: "RdBu",
  defaultVariant: "",
  maxMapsDrawn: 512,
};

/** Upper bound of mosaic cells drawn per variant (keeps 512 large maps drawable). */
export const MAX_MOSAIC_CELLS = 4 * 1024 * 1024;

const PLOT_HEIGHT = 420;
const PADDING_COLOUR = "rgba(255, 152, 0, 0.55)";
const PADDING_EDGE_COLOUR = "rgb(255, 152, 0)";
const FIELD_COLOUR = "#00c8ff";
const CURSOR_COLOUR = "#00c8ff";

/** The selected output pixel. */
interface Cursor {
  map: number;
  row: number;
  column: number;
}

function formatNumber(value: number): string {
  const magnitude = Math.abs(value);
  return magnitude !== 0 && (magnitude < 1e-3 || magnitude >= 1e5)
    ? value.toExponential(3)
    : value.toFixed(4);
}

function describeWindow(first: number, last: number, step: number): string {
  return step === 1 ? `${first}…${last}` : `${first}…${last} every ${step}`;
}

/** Number of maps drawn for a variant with `count` maps of `height × width`. */
export function mapsToDraw(count: number, height: number, width: number, maxMapsDrawn: number): number {
  const byCells = Math.max(1, Math.floor(MAX_MOSAIC_CELLS / (height * width)));
  return Math.max(1, Math.min(count, Math.floor(maxMapsDrawn), byCells));
}

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
  private readonly range: ZRange;
  private variantIndex = 0;
  private grid: MosaicGrid | undefined;
  private shownInput = 0;
  private shownKernel = 0;
  private cursor: Cursor | undefined;
  private theme: PlotTheme | undefined;
  private plotted = false;
  private disposed = false;
  private stopThemeWatch: (() => void) | undefined;
  private resizeObserver: ResizeObserver | undefined;
  private resizeFrame = 0;
  private queue: Promise<void> = Promise.resolve();

  constructor(figure: DecodedFeatureMaps, options: FeatureMapOptions, plotly: PlotlyApi) {
    this.figure = figure;
    this.options = options;
    this.plotly = plotly;
    const { payload } = figure;
    this.range = zeroCenteredRange([payload.colorScale, ...payload.variants.map((v) => v.range)]);
    const found = payload.variants.findIndex((v) => v.id === options.defaultVariant);
    this.variantIndex = Math.max(found, 0);

    this.node = document.createElement("div");
    this.node.className = "convlab-featuremaps";
    const title = document.createElement("div");
    title.className = "convlab-fm-title";
    title.textContent = payload.title;

    const toolbar = document.createElement("div");
    toolbar.className = "convlab-fm-variants";
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

    this.variantTitle = document.createElement("div");
    this.variantTitle.className = "convlab-fm-variant-title";
    this.workedNode = document.createElement("div");
    this.workedNode.className = "convlab-fm-worked";
    this.plotNode = document.createElement("div");
    this.plotNode.className = "convlab-fm-plot";
    this.plotNode.setAttribute("role", "img");
    this.plotNode.tabIndex = 0;
    this.plotNode.addEventListener("keydown", (event) => this.onPlotKey(event));
    this.captionNode = document.createElement("div");
    this.captionNode.className = "convlab-fm-caption";
    this.readout = document.createElement("div");
    this.readout.className = "convlab-fm-readout";
    this.readout.setAttribute("aria-live", "polite");
    this.readout.textContent =
      "Hover an output pixel (or focus the figure and use the arrow keys) to see its receptive field.";
    this.note = document.createElement("div");
    this.note.className = "convlab-fm-note";
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
      this.stopThemeWatch = watchTheme(() => this.guard(this.applyTheme()));
      this.resizeObserver = new ResizeObserver(() => {
        cancelAnimationFrame(this.resizeFrame);
        this.resizeFrame = requestAnimationFrame(() => {
          // plotly rejects resizing a hidden plot (a background tab); it resizes when shown again
          if (this.plotted && !this.disposed && this.plotNode.offsetWidth > 0) {
            this.plotly.Plots.resize(this.plotNode)?.catch(() => undefined);
          }
        });
      });
      this.resizeObserver.observe(this.plotNode);
    });
  }

  /** Shows variant `index` (client-side; no kernel involved). */
  selectVariant(index: number): Promise<void> {
    if (index < 0 || index >= this.figure.payload.variants.length) return Promise.resolve();
    return this.enqueue(async () => {
      if (index === this.variantIndex && this.plotted) return;
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
    this.stopThemeWatch?.();
    this.resizeObserver?.disconnect();
    cancelAnimationFrame(this.resizeFrame);
    if (this.plotted) this.plotly.purge(this.plotNode);
    this.plotted = false;
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

  private variant(): PayloadVariant {
    return this.figure.variant(this.variantIndex);
  }

  private async draw(): Promise<void> {
    const variant = this.variant();
    const outH = variant.height.output;
    const outW = variant.width.output;
    const count = this.figure.mapCount;
    const drawn = mapsToDraw(count, outH, outW, this.options.maxMapsDrawn);
    this.grid = mosaicGrid(drawn, outH, outW);
    this.shownInput = 0;
    this.shownKernel = 0;

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
    this.plotNode.setAttribute("aria-label", this.describe(drawn));
    this.node.dataset.variant = variant.id;
    this.node.dataset.mapsDrawn = String(drawn);
    this.updateCaption();

    const data = this.traces(variant, this.grid);
    const layout = this.layout(this.grid);
    const config = { displaylogo: false, responsive: false, displayModeBar: false, scrollZoom: false };
    if (this.plotted) {
      await this.plotly.react(this.plotNode, data, layout, config);
    } else {
      const gd: PlotlyElement = await this.plotly.newPlot(this.plotNode, data, layout, config);
      this.plotted = true;
      gd.on("plotly_hover", (event) => this.onHover(event));
    }
  }

  private describe(drawn: number): string {
    const { payload } = this.figure;
    const variant = this.variant();
    const input = payload.inputs[0];
    const p = variant.padding;
    const inputs = payload.inputs.length;
    const kernels = payload.kernels.length;
    return (
      `${payload.title}. Variant ${this.variantIndex + 1} of ${payload.variants.length}: ${variant.title}. ` +
      `Input ${input?.height}×${input?.width} with ${variant.paddingMode} padding (top ${p.top}, bottom ${p.bottom}, left ${p.left}, right ${p.right}) drawn shaded; ` +
      `kernel ${variant.height.kernel}×${variant.width.kernel}; ` +
      `${drawn} output map${drawn === 1 ? "" : "s"} of ${variant.height.output}×${variant.width.output} ` +
      `(${inputs} input${inputs === 1 ? "" : "s"} × ${kernels} kernel${kernels === 1 ? "" : "s"}) in one mosaic, ` +
      `shared colour scale from ${formatNumber(this.range.zmin)} to ${formatNumber(this.range.zmax)} centred on zero.`
    );
  }

  private updateCaption(): void {
    const { payload } = this.figure;
    const input = payload.inputs[this.shownInput];
    const kernel = payload.kernels[this.shownKernel];
    this.captionNode.textContent = `Input: ${input?.label ?? ""} · kernel: ${kernel?.name ?? ""}${
      kernel?.description ? ` (${kernel.description})` : ""
    }`;
  }

  private inputTrace(variant: PayloadVariant, inputIndex: number): { z: number[][]; mask: (1 | null)[][] } {
    const image = this.figure.payload.inputs[inputIndex];
    if (!image) throw new RangeError(`no input ${inputIndex}`);
    return paddedImage(
      this.figure.inputPixels(inputIndex),
      image.height,
      image.width,
      variant.padding,
      variant.paddingMode,
    );
  }

  private kernelZ(kernelIndex: number): number[][] {
    const kernel = this.figure.payload.kernels[kernelIndex];
    if (!kernel) throw new RangeError(`no kernel ${kernelIndex}`);
    const rows: number[][] = [];
    for (let r = 0; r < kernel.height; r++)
      rows.push(kernel.values.slice(r * kernel.width, (r + 1) * kernel.width));
    return rows;
  }

  private traces(variant: PayloadVariant, grid: MosaicGrid): PlotlyTrace[] {
    const padded = this.inputTrace(variant, this.shownInput);
    const kernel = this.figure.payload.kernels[this.shownKernel];
    const kernelRange = zeroCenteredRange([
      { min: Math.min(...(kernel?.values ?? [0])), max: Math.max(...(kernel?.values ?? [0])) },
    ]);
    const maps = this.figure.variantMaps(this.variantIndex);
    const small = (kernel?.height ?? 0) * (kernel?.width ?? 0) <= 25;
    return [
      {
        type: "heatmap",
        name: "input",
        z: padded.z,
        x0: -variant.padding.left,
        y0: -variant.padding.top,
        xaxis: "x",
        yaxis: "y",
        colorscale: [
          [0, "#000000"],
          [1, "#ffffff"],
        ],
        zmin: 0,
        zmax: 1,
        showscale: false,
        hovertemplate: "input row %{y}, column %{x}: %{z:.3f}<extra></extra>",
      },
      {
        type: "heatmap",
        name: "padding",
        z: padded.mask,
        x0: -variant.padding.left,
        y0: -variant.padding.top,
        xaxis: "x",
        yaxis: "y",
        colorscale: [
          [0, PADDING_COLOUR],
          [1, PADDING_COLOUR],
        ],
        zmin: 0,
        zmax: 1,
        showscale: false,
        hoverinfo: "skip",
      },
      {
        type: "heatmap",
        name: "kernel",
        z: this.kernelZ(this.shownKernel),
        xaxis: "x2",
        yaxis: "y2",
        colorscale: this.options.colorMap,
        zmin: kernelRange.zmin,
        zmax: kernelRange.zmax,
        showscale: false,
        texttemplate: small ? "%{z:.2f}" : "",
        hovertemplate: "kernel row %{y}, column %{x}: %{z:.3f}<extra></extra>",
      },
      {
        type: "heatmap",
        name: "output maps",
        z: buildMosaic(maps.subarray(0, grid.count * grid.tileHeight * grid.tileWidth), grid),
        xaxis: "x3",
        yaxis: "y3",
        colorscale: this.options.colorMap,
        zmin: this.range.zmin,
        zmax: this.range.zmax,
        hoverinfo: "none",
        colorbar: { thickness: 12, len: 0.85, x: 1.0, xpad: 4 },
      },
    ];
  }

  private layout(grid: MosaicGrid): PlotlyLayout {
    const theme = this.theme ?? currentTheme(this.node);
    const axis = (domain: [number, number], anchor: string) => ({
      domain,
      anchor,
      constrain: "domain",
      showgrid: false,
      zeroline: false,
      ticks: "",
      showticklabels: false,
      fixedrange: true,
    });
    const yAxis = (anchor: string, scaleanchor: string) => ({
      ...axis([0, 0.92], anchor),
      autorange: "reversed",
      scaleanchor,
      scaleratio: 1,
    });
    const label = (text: string, x: number) => ({
      text,
      x,
      y: 1,
      xref: "paper",
      yref: "paper",
      xanchor: "center",
      yanchor: "bottom",
      showarrow: false,
      font: { size: 12 },
    });
    const drawnTitle = `${grid.count} output map${grid.count === 1 ? "" : "s"} (${grid.columns}×${grid.rows} mosaic)`;
    return {
      height: PLOT_HEIGHT,
      autosize: true,
      margin: { l: 8, r: 8, t: 28, b: 8 },
      paper_bgcolor: theme.paper,
      plot_bgcolor: theme.plot,
      font: { color: theme.font, family: theme.fontFamily },
      hovermode: "closest",
      dragmode: false,
      xaxis: axis([0, 0.27], "y"),
      yaxis: yAxis("x", "x"),
      xaxis2: axis([0.31, 0.41], "y2"),
      yaxis2: yAxis("x2", "x2"),
      xaxis3: axis([0.45, 0.94], "y3"),
      yaxis3: yAxis("x3", "x3"),
      annotations: [label("input (padding shaded)", 0.135), label("kernel", 0.36), label(drawnTitle, 0.695)],
      shapes: this.shapes(),
    };
  }

  private shapes(field?: ReceptiveField, cursor?: Cursor): PlotlyLayout[] {
    const image = this.figure.payload.inputs[0];
    const shapes: PlotlyLayout[] = [
      {
        type: "rect",
        xref: "x",
        yref: "y",
        x0: -0.5,
        y0: -0.5,
        x1: (image?.width ?? 0) - 0.5,
        y1: (image?.height ?? 0) - 0.5,
        line: { color: PADDING_EDGE_COLOUR, width: 1.5, dash: "dot" },
        name: "image-outline",
      },
    ];
    if (field && cursor && this.grid) {
      shapes.push({
        type: "rect",
        xref: "x",
        yref: "y",
        x0: field.columns.first - 0.5,
        x1: field.columns.last + 0.5,
        y0: field.rows.first - 0.5,
        y1: field.rows.last + 0.5,
        line: { color: FIELD_COLOUR, width: 2.5 },
        name: "receptive-field",
      });
      const origin = tileOrigin(this.grid, cursor.map);
      shapes.push({
        type: "rect",
        xref: "x3",
        yref: "y3",
        x0: origin.x + cursor.column - 0.5,
        x1: origin.x + cursor.column + 0.5,
        y0: origin.y + cursor.row - 0.5,
        y1: origin.y + cursor.row + 0.5,
        line: { color: CURSOR_COLOUR, width: 2 },
        name: "output-pixel",
      });
    }
    return shapes;
  }

  private onHover(event: PlotlyHoverEvent): void {
    const point = event.points[0];
    if (point?.curveNumber !== 3 || !this.grid) return;
    const cell = cellAt(this.grid, Math.round(point.x), Math.round(point.y));
    if (!cell) return;
    this.guard(this.showCursor(cell));
  }

  private async moveCursor(cursor: Cursor): Promise<void> {
    const grid = this.grid;
    if (!grid || !this.plotted) return;
    const variant = this.variant();
    const kernels = this.figure.payload.kernels.length;
    const inputIndex = Math.floor(cursor.map / kernels);
    const kernelIndex = cursor.map % kernels;
    this.cursor = cursor;
    if (inputIndex !== this.shownInput) {
      this.shownInput = inputIndex;
      const padded = this.inputTrace(variant, inputIndex);
      await this.plotly.restyle(this.plotNode, { z: [padded.z] }, 0);
    }
    if (kernelIndex !== this.shownKernel) {
      this.shownKernel = kernelIndex;
      await this.plotly.restyle(this.plotNode, { z: [this.kernelZ(kernelIndex)] }, 2);
    }
    this.updateCaption();
    const field = receptiveField(cursor.row, cursor.column, variant.height, variant.width);
    await this.plotly.relayout(this.plotNode, { shapes: this.shapes(field, cursor) });
    const maps = this.figure.variantMaps(this.variantIndex);
    const tile = variant.height.output * variant.width.output;
    const value = maps[cursor.map * tile + cursor.row * variant.width.output + cursor.column] ?? Number.NaN;
    const input = this.figure.payload.inputs[inputIndex];
    const kernel = this.figure.payload.kernels[kernelIndex];
    this.readout.textContent =
      `map ${cursor.map + 1} of ${grid.count} (input “${input?.label ?? ""}”, kernel “${kernel?.name ?? ""}”): ` +
      `output[${cursor.row}, ${cursor.column}] = ${formatNumber(value)}; receptive field rows ` +
      `${describeWindow(field.rows.first, field.rows.last, field.rows.step)}, columns ` +
      `${describeWindow(field.columns.first, field.columns.last, field.columns.step)}` +
      (field.reachesPadding ? " (reaches into the padding)" : " (inside the image)");
    this.node.dataset.cursor = `${cursor.map},${cursor.row},${cursor.column}`;
  }

  private onToolbarKey(event: KeyboardEvent): void {
    const count = this.buttons.length;
    const moves: Record<string, number> = { ArrowRight: 1, ArrowDown: 1, ArrowLeft: -1, ArrowUp: -1 };
    let target: number | undefined;
    if (event.key in moves) target = (this.variantIndex + (moves[event.key] as number) + count) % count;
    else if (event.key === "Home") target = 0;
    else if (event.key === "End") target = count - 1;
    if (target === undefined) return;
    event.preventDefault();
    event.stopPropagation();
    this.buttons[target]?.focus();
    this.guard(this.selectVariant(target));
  }

  private onPlotKey(event: KeyboardEvent): void {
    const grid = this.grid;
    if (!grid) return;
    const current = this.cursor ?? { map: 0, row: 0, column: 0 };
    const next = { ...current };
    switch (event.key) {
      case "ArrowLeft":
        next.column = Math.max(0, current.column - 1);
        break;
      case "ArrowRight":
        next.column = Math.min(grid.tileWidth - 1, current.column + 1);
        break;
      case "ArrowUp":
        next.row = Math.max(0, current.row - 1);
        break;
      case "ArrowDown":
        next.row = Math.min(grid.tileHeight - 1, current.row + 1);
        break;
      case "PageUp":
        next.map = Math.max(0, current.map - 1);
        break;
      case "PageDown":
        next.map = Math.min(grid.count - 1, current.map + 1);
        break;
      default:
        return;
    }
    event.preventDefault();
    event.stopPropagation();
    this.guard(this.showCursor(next));
  }

  private applyTheme(): Promise<void> {
    return this.enqueue(async () => {
      if (!this.plotted) return;
      this.theme = currentTheme(this.node);
      await this.plotly.relayout(this.plotNode, themeLayout(this.theme));
      this.node.dataset.theme = this.theme.dark ? "dark" : "light";
    });
  }
}
