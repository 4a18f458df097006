/**
 * The plotly spec of the interactive feature-map figure, as pure functions (no DOM, no plotly):
 * from the decoded payload, the variant and what is shown (which input and kernel, the selected
 * output pixel) and the theme to traces, layout and shapes, and the texts around the plot. Traces
 * are addressed by name ({@link TRACE}, {@link traceIndex}), never by position.
 */
import { type ZRange, zeroCenteredRange } from "../layout/color-scale.js";
import { buildMosaic, type MosaicGrid, mosaicGrid, tileOrigin } from "../layout/mosaic.js";
import { paddedImage } from "../layout/padding.js";
import type { ReceptiveField } from "../layout/receptive-field.js";
import type { DecodedFeatureMaps, PayloadVariant } from "../payload/index.js";
import type { PlotlyLayout, PlotlyTrace } from "./plotly-api.js";
import type { PlotTheme } from "./theme.js";

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

/**
 * The traces' names: the view finds a trace by its name. (Not plotly `uid`s: plotly builds element
 * ids from those, and a space in one breaks the colour bar.)
 */
export const TRACE = {
  input: "input",
  padding: "padding",
  kernel: "kernel",
  maps: "output maps",
} as const;

/** A trace name. */
export type TraceName = (typeof TRACE)[keyof typeof TRACE];

export const PLOT_HEIGHT = 420;
const PADDING_COLOUR = "rgba(255, 152, 0, 0.55)";
const PADDING_EDGE_COLOUR = "rgb(255, 152, 0)";
const FIELD_COLOUR = "#00c8ff";
const CURSOR_COLOUR = "#00c8ff";

/** An output pixel: map `map` (input × kernels + kernel), row, column. */
export interface Cursor {
  readonly map: number;
  readonly row: number;
  readonly column: number;
}

/** What the figure shows: the variant, its mosaic, the input and kernel beside it. */
export interface FeatureMapState {
  readonly variantIndex: number;
  readonly grid: MosaicGrid;
  readonly shownInput: number;
  readonly shownKernel: number;
}

/**
 * The position of the trace named `name` in `traces`.
 *
 * @example
 * ```ts
 * traceIndex([{ name: "input" }, { name: "output maps" }], TRACE.maps); // 1
 * ```
 */
export function traceIndex(traces: readonly PlotlyTrace[], name: TraceName): number {
  const index = traces.findIndex((trace) => trace.name === name);
  if (index < 0) throw new RangeError(`the figure has no trace named ${name}`);
  return index;
}

/**
 * Number of maps drawn for a variant with `count` maps of `height × width`.
 *
 * @example
 * ```ts
 * mapsToDraw(4096, 1024, 1024, 512); // 4
 * ```
 */
export function mapsToDraw(count: number, height: number, width: number, maxMapsDrawn: number): number {
  const byCells = Math.max(1, Math.floor(MAX_MOSAIC_CELLS / (height * width)));
  return Math.max(1, Math.min(count, Math.floor(maxMapsDrawn), byCells));
}

/**
 * The state a variant opens with: its mosaic of at most `maxMapsDrawn` maps, input 0 and kernel 0.
 *
 * @example
 * ```ts
 * initialState(figure, 0, 512).grid.count; // inputs × kernels
 * ```
 */
export function initialState(
  figure: DecodedFeatureMaps,
  variantIndex: number,
  maxMapsDrawn: number,
): FeatureMapState {
  const variant = figure.variant(variantIndex);
  const drawn = mapsToDraw(figure.mapCount, variant.height.output, variant.width.output, maxMapsDrawn);
  return {
    variantIndex,
    grid: mosaicGrid(drawn, variant.height.output, variant.width.output),
    shownInput: 0,
    shownKernel: 0,
  };
}

/**
 * The shared colour range of all maps: zero-centred over the payload's scale and every variant.
 *
 * @example
 * ```ts
 * mapRange(figure); // { zmin: -4.2, zmax: 4.2 }
 * ```
 */
export function mapRange(figure: DecodedFeatureMaps): ZRange {
  return zeroCenteredRange([figure.payload.colorScale, ...figure.payload.variants.map((v) => v.range)]);
}

/**
 * The padded input `inputIndex` as the input trace draws it (`z`) and its padding mask.
 *
 * @example
 * ```ts
 * inputZ(figure, figure.variant(0), 0).z.length; // input height + top + bottom padding
 * ```
 */
export function inputZ(
  figure: DecodedFeatureMaps,
  variant: PayloadVariant,
  inputIndex: number,
): { z: number[][]; mask: (1 | null)[][] } {
  const image = figure.payload.inputs[inputIndex];
  if (!image) throw new RangeError(`no input ${inputIndex}`);
  return paddedImage(
    figure.inputPixels(inputIndex),
    image.height,
    image.width,
    variant.padding,
    variant.paddingMode,
  );
}

/**
 * Kernel `kernelIndex` as rows.
 *
 * @example
 * ```ts
 * kernelZ(figure, 0); // [[1, -1]] for the edge kernel
 * ```
 */
export function kernelZ(figure: DecodedFeatureMaps, kernelIndex: number): number[][] {
  const kernel = figure.payload.kernels[kernelIndex];
  if (!kernel) throw new RangeError(`no kernel ${kernelIndex}`);
  const rows: number[][] = [];
  for (let r = 0; r < kernel.height; r++)
    rows.push(kernel.values.slice(r * kernel.width, (r + 1) * kernel.width));
  return rows;
}

function heatmap(name: TraceName, axes: "" | "2" | "3", trace: PlotlyTrace): PlotlyTrace {
  return {
    type: "heatmap",
    name,
    xaxis: `x${axes}`,
    yaxis: `y${axes}`,
    showscale: false,
    ...trace,
  };
}

/**
 * The four traces: the padded input, its padding shading, the kernel and the mosaic of maps.
 *
 * @example
 * ```ts
 * featureMapTraces(figure, initialState(figure, 0, 512), DEFAULT_FEATUREMAP_OPTIONS).map((t) => t.name);
 * // ["input", "padding", "kernel", "output maps"]
 * ```
 */
export function featureMapTraces(
  figure: DecodedFeatureMaps,
  state: FeatureMapState,
  options: Pick<FeatureMapOptions, "colorMap">,
): PlotlyTrace[] {
  const variant = figure.variant(state.variantIndex);
  const padded = inputZ(figure, variant, state.shownInput);
  const kernel = figure.payload.kernels[state.shownKernel];
  const kernelRange = zeroCenteredRange([
    { min: Math.min(...(kernel?.values ?? [0])), max: Math.max(...(kernel?.values ?? [0])) },
  ]);
  const range = mapRange(figure);
  const { grid } = state;
  const maps = figure.variantMaps(state.variantIndex);
  const origin = { x0: -variant.padding.left, y0: -variant.padding.top };
  return [
    heatmap(TRACE.input, "", {
      z: padded.z,
      ...origin,
      colorscale: [
        [0, "#000000"],
        [1, "#ffffff"],
      ],
      zmin: 0,
      zmax: 1,
      hovertemplate: "input row %{y}, column %{x}: %{z:.3f}<extra></extra>",
    }),
    heatmap(TRACE.padding, "", {
      z: padded.mask,
      ...origin,
      colorscale: [
        [0, PADDING_COLOUR],
        [1, PADDING_COLOUR],
      ],
      zmin: 0,
      zmax: 1,
      hoverinfo: "skip",
    }),
    heatmap(TRACE.kernel, "2", {
      z: kernelZ(figure, state.shownKernel),
      colorscale: options.colorMap,
      zmin: kernelRange.zmin,
      zmax: kernelRange.zmax,
      texttemplate: (kernel?.height ?? 0) * (kernel?.width ?? 0) <= 25 ? "%{z:.2f}" : "",
      hovertemplate: "kernel row %{y}, column %{x}: %{z:.3f}<extra></extra>",
    }),
    heatmap(TRACE.maps, "3", {
      z: buildMosaic(maps.subarray(0, grid.count * grid.tileHeight * grid.tileWidth), grid),
      colorscale: options.colorMap,
      zmin: range.zmin,
      zmax: range.zmax,
      hoverinfo: "none",
      showscale: true,
      colorbar: { thickness: 12, len: 0.85, x: 1.0, xpad: 4 },
    }),
  ];
}

/**
 * The layout: three square-pixel panels (padded input, kernel, mosaic), their captions, the
 * theme's colours and the outline shapes.
 *
 * @example
 * ```ts
 * featureMapLayout(figure, state, theme).paper_bgcolor === theme.paper; // true
 * ```
 */
export function featureMapLayout(
  figure: DecodedFeatureMaps,
  state: FeatureMapState,
  theme: PlotTheme,
): PlotlyLayout {
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
  const { grid } = state;
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
    shapes: featureMapShapes(figure, grid),
  };
}

/**
 * The shapes: the image's outline inside its padding and, with a selected output pixel, its
 * receptive field on the input and the pixel on the mosaic.
 *
 * @example
 * ```ts
 * featureMapShapes(figure, grid).map((s) => s.name); // ["image-outline"]
 * ```
 */
export function featureMapShapes(
  figure: DecodedFeatureMaps,
  grid: MosaicGrid,
  field?: ReceptiveField,
  cursor?: Cursor,
): PlotlyLayout[] {
  const image = figure.payload.inputs[0];
  const rect = (
    xref: string,
    x0: number,
    x1: number,
    y0: number,
    y1: number,
    line: object,
    name: string,
  ) => ({
    type: "rect",
    xref,
    yref: xref.replace("x", "y"),
    x0,
    x1,
    y0,
    y1,
    line,
    name,
  });
  const outline = { color: PADDING_EDGE_COLOUR, width: 1.5, dash: "dot" };
  const w = image?.width ?? 0;
  const h = image?.height ?? 0;
  const shapes = [rect("x", -0.5, w - 0.5, -0.5, h - 0.5, outline, "image-outline")];
  if (field && cursor) {
    const { rows, columns } = field;
    const fieldLine = { color: FIELD_COLOUR, width: 2.5 };
    shapes.push(
      rect(
        "x",
        columns.first - 0.5,
        columns.last + 0.5,
        rows.first - 0.5,
        rows.last + 0.5,
        fieldLine,
        "receptive-field",
      ),
    );
    const { x, y } = tileOrigin(grid, cursor.map);
    const cursorLine = { color: CURSOR_COLOUR, width: 2 };
    const cx = x + cursor.column;
    const cy = y + cursor.row;
    shapes.push(rect("x3", cx - 0.5, cx + 0.5, cy - 0.5, cy + 0.5, cursorLine, "output-pixel"));
  }
  return shapes;
}
