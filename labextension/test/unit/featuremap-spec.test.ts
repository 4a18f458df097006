/**
 * The interactive figure's plotly spec, without a browser: a 2-image × 2-kernel figure made by the
 * producer (featureMaps → payload → the extension's decoder), against values worked by hand.
 */
import { describe, expect, it } from "vitest";
import { featureMaps, tensor } from "../../../src/index.js";
import { tileOrigin } from "../../src/layout/mosaic.js";
import { receptiveField } from "../../src/layout/receptive-field.js";
import { type DecodedFeatureMaps, validateFeatureMaps } from "../../src/payload/index.js";
import {
  DEFAULT_FEATUREMAP_OPTIONS,
  featureMapLayout,
  featureMapShapes,
  featureMapTraces,
  initialState,
  TRACE,
  type TraceName,
  traceIndex,
} from "../../src/view/featuremap-spec.js";
import { describeCursor, describeFeatureMaps } from "../../src/view/featuremap-text.js";
import type { PlotTheme } from "../../src/view/theme.js";

// input a = [[0, 1], [1, 0]], input b = [[1, 1], [0, 0]]; kernels edge = [[1, −1]], sum = [[1, 1]];
// padding 1 (zeros), stride 1: maps of (2 + 2 − 1 + 1) × (2 + 2 − 2 + 1) = 4 × 3.
const made = featureMaps({
  images: {
    tensor: tensor([
      [
        [
          [0, 1],
          [1, 0],
        ],
      ],
      [
        [
          [1, 1],
          [0, 0],
        ],
      ],
    ]),
    images: [{ label: "a" }, { label: "b" }],
  },
  kernels: ["edge", { name: "sum", description: "adds two neighbours", tensor: tensor([[1, 1]]) }],
  variants: [{ padding: 1 }],
  title: "two by two",
});
const decoded = validateFeatureMaps(JSON.parse(JSON.stringify(made.toPayload())));
if (!decoded.ok) throw new Error(decoded.problems.join("; "));
const figure: DecodedFeatureMaps = decoded.figure;
const DARK: PlotTheme = {
  dark: true,
  paper: "#111111",
  plot: "#111111",
  font: "#eeeeee",
  grid: "#333333",
  fontFamily: "serif",
};

// Cross-correlation by hand: out[r][c] = p[r][c]·k0 + p[r][c+1]·k1 on the zero-padded input p.
const HAND: Record<string, number[][]> = {
  "a edge": [
    [0, 0, 0],
    [0, -1, 1],
    [-1, 1, 0],
    [0, 0, 0],
  ],
  "a sum": [
    [0, 0, 0],
    [0, 1, 1],
    [1, 1, 0],
    [0, 0, 0],
  ],
  "b edge": [
    [0, 0, 0],
    [-1, 0, 1],
    [0, 0, 0],
    [0, 0, 0],
  ],
  "b sum": [
    [0, 0, 0],
    [1, 2, 1],
    [0, 0, 0],
    [0, 0, 0],
  ],
};

describe("the feature-map plotly spec", () => {
  const state = initialState(figure, 0, DEFAULT_FEATUREMAP_OPTIONS.maxMapsDrawn);
  const traces = featureMapTraces(figure, state, { colorMap: "Viridis" });

  it("names its traces and finds them by name", () => {
    expect(traces.map((t) => t.name)).toEqual(["input", "padding", "kernel", "output maps"]);
    expect(traceIndex(traces, TRACE.maps)).toBe(3);
    expect(traceIndex(traces, TRACE.kernel)).toBe(2);
    expect(traceIndex([...traces].reverse(), TRACE.maps)).toBe(0);
    expect(() => traceIndex(traces, "colour bar" as TraceName)).toThrow(/no trace named colour bar/);
  });

  it("draws the first input zero-padded, its padding shaded, at input coordinates", () => {
    const input = traces[traceIndex(traces, TRACE.input)]!;
    expect(input.z).toEqual([
      [0, 0, 0, 0],
      [0, 0, 1, 0],
      [0, 1, 0, 0],
      [0, 0, 0, 0],
    ]);
    expect([input.x0, input.y0]).toEqual([-1, -1]);
    const padding = traces[traceIndex(traces, TRACE.padding)]!;
    expect(padding.z).toEqual([
      [1, 1, 1, 1],
      [1, null, null, 1],
      [1, null, null, 1],
      [1, 1, 1, 1],
    ]);
  });

  it("draws the kernel shown, in the colour map of the settings", () => {
    expect(traces[traceIndex(traces, TRACE.kernel)]!.z).toEqual([[1, -1]]);
    const second = featureMapTraces(figure, { ...state, shownKernel: 1 }, { colorMap: "Viridis" });
    expect(second[traceIndex(second, TRACE.kernel)]!.z).toEqual([[1, 1]]);
    expect(second[traceIndex(second, TRACE.kernel)]!.colorscale).toBe("Viridis");
  });

  it("puts every map in the mosaic with the values worked by hand, on one zero-centred scale", () => {
    const maps = traces[traceIndex(traces, TRACE.maps)]!;
    const z = maps.z as (number | null)[][];
    expect(state.grid.count).toBe(4);
    ["a edge", "a sum", "b edge", "b sum"].forEach((name, map) => {
      const { x, y } = tileOrigin(state.grid, map);
      const tile = HAND[name]!.map((row, r) => row.map((_, c) => z[y + r]![x + c]!));
      tile.forEach((row, r) => {
        row.forEach((value, c) => {
          // 8-bit quantization of [−1, 2]: within half a step of 3/255
          expect(Math.abs(value - HAND[name]![r]![c]!), `${name} [${r}, ${c}]`).toBeLessThan(0.006);
        });
      });
    });
    expect([maps.zmin, maps.zmax]).toEqual([-2, 2]);
  });

  it("takes its colours from the theme and outlines the image inside its padding", () => {
    const layout = featureMapLayout(figure, state, DARK);
    expect([layout.paper_bgcolor, layout.plot_bgcolor]).toEqual(["#111111", "#111111"]);
    expect(layout.font).toEqual({ color: "#eeeeee", family: "serif" });
    expect(layout.shapes).toEqual([
      expect.objectContaining({ name: "image-outline", xref: "x", x0: -0.5, x1: 1.5, y0: -0.5, y1: 1.5 }),
    ]);
  });

  it("marks the selected output pixel and its receptive field, and reads it out", () => {
    // map 2 = input b, kernel edge; output (1, 0) = p[1][0] − p[1][1] = 0 − 1 = −1, reading input
    // row 1 − 1 = 0, columns −1 … 0 (the left one in the padding)
    const variant = figure.variant(0);
    const cursor = { map: 2, row: 1, column: 0 };
    const field = receptiveField(1, 0, variant.height, variant.width);
    const shapes = featureMapShapes(figure, state.grid, field, cursor);
    expect(shapes.map((s) => s.name)).toEqual(["image-outline", "receptive-field", "output-pixel"]);
    expect(shapes[1]).toMatchObject({ xref: "x", x0: -1.5, x1: 0.5, y0: -0.5, y1: 0.5 });
    const { x, y } = tileOrigin(state.grid, 2);
    expect(shapes[2]).toMatchObject({ xref: "x3", yref: "y3", x0: x - 0.5, y0: y + 0.5 });
    const text = describeCursor(figure, state, cursor, field);
    expect(text).toContain("map 3 of 4 (input “b”, kernel “edge”): output[1, 0] = -1.0");
    expect(text).toContain("(reaches into the padding)");
    expect(describeFeatureMaps(figure, state)).toContain(
      "two by two. Variant 1 of 1: 2×2 → 4×3 (k=1,2, p=1, s=1). Input 2×2 with zeros padding (top 1, bottom 1, left 1, right 1)",
    );
  });
});
