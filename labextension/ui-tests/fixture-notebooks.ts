/**
 * The notebooks the UI tests open: their outputs carry fixture payloads (test/fixtures), as a
 * ConvLab kernel's display_data would. None is signed, so JupyterLab opens them untrusted.
 */
import { FEATUREMAPS_MIME_TYPE, hostilePayload, makePayload } from "../test/fixtures/payloads.js";

type Output = Record<string, unknown>;

function display(data: Record<string, unknown>): Output {
  return { output_type: "display_data", data, metadata: {} };
}

function figure(payload: Record<string, unknown>): Output {
  return display({ [FEATUREMAPS_MIME_TYPE]: payload, "text/plain": "<ConvLab feature maps>" });
}

function notebook(cells: { source: string; outputs: Output[] }[]) {
  return {
    nbformat: 4,
    nbformat_minor: 5,
    metadata: {
      kernelspec: { name: "python3", display_name: "Python 3 (ipykernel)", language: "python" },
      language_info: { name: "python" },
    },
    cells: cells.map((cell, index) => ({
      id: `cell-${index}`,
      cell_type: "code",
      execution_count: index + 1,
      metadata: {},
      source: cell.source,
      outputs: cell.outputs,
    })),
  };
}

/** A payload that breaks the schema: 12-bit maps. */
export function malformedSchemaPayload(): Record<string, unknown> {
  const payload = makePayload({ inputs: 1, kernels: 2, size: 10 }) as {
    variants: { maps: { bits: number } }[];
  };
  (payload.variants[0] as { maps: { bits: number } }).maps.bits = 12;
  return payload as unknown as Record<string, unknown>;
}

/** A schema-valid payload whose output size contradicts the arithmetic. */
export function inconsistentPayload(): Record<string, unknown> {
  const payload = makePayload({ inputs: 1, kernels: 2, size: 10 }) as {
    variants: { height: { output: number } }[];
  };
  (payload.variants[0] as { height: { output: number } }).height.output = 99;
  return payload as unknown as Record<string, unknown>;
}

/** A schema-valid payload whose colour scale is ±1e308 (it would draw a blank map). */
export function hugeScalePayload(): Record<string, unknown> {
  const payload = makePayload({ inputs: 1, kernels: 2, size: 10 }) as {
    colorScale: { min: number; max: number };
  };
  payload.colorScale.min = -1e308;
  payload.colorScale.max = 1e308;
  return payload as unknown as Record<string, unknown>;
}

/** Path → notebook JSON. */
export function fixtureNotebooks(): Record<string, unknown> {
  return {
    "featuremaps-64.ipynb": notebook([
      { source: "figure(8 inputs × 8 kernels)", outputs: [figure(makePayload({ inputs: 8, kernels: 8 }))] },
    ]),
    "featuremaps-1.ipynb": notebook([
      { source: "figure(1 input × 1 kernel)", outputs: [figure(makePayload({ inputs: 1, kernels: 1 }))] },
    ]),
    "featuremaps-512.ipynb": notebook([
      { source: "figure(8 inputs × 64 kernels)", outputs: [figure(makePayload({ inputs: 8, kernels: 64 }))] },
    ]),
    "hostile.ipynb": notebook([{ source: "figure(hostile strings)", outputs: [figure(hostilePayload())] }]),
    "malformed.ipynb": notebook([
      { source: "figure(bad bits)", outputs: [figure(malformedSchemaPayload())] },
      { source: "figure(bad arithmetic)", outputs: [figure(inconsistentPayload())] },
      { source: "figure(scale 1e308)", outputs: [figure(hugeScalePayload())] },
      { source: "figure(good)", outputs: [figure(makePayload({ inputs: 1, kernels: 2, size: 10 }))] },
    ]),
    "plot.ipynb": notebook([
      {
        source: "output size per layer",
        outputs: [
          display({
            "application/vnd.plotly.v1+json": {
              data: [
                {
                  type: "scatter",
                  mode: "lines+markers",
                  name: "height",
                  x: [0, 1, 2, 3],
                  y: [28, 28, 14, 7],
                },
              ],
              layout: { title: { text: "Output size per layer" }, xaxis: { title: { text: "layer" } } },
            },
            "text/plain": "<plot>",
          }),
        ],
      },
    ]),
    "hostile-plot.ipynb": notebook([
      {
        source: "width 20000, a tick every unit over [0, 1e6]",
        outputs: [
          display({
            "application/vnd.plotly.v1+json": {
              data: [{ type: "scatter", x: [0, 1e6], y: [0, 1] }],
              layout: { width: 20000, xaxis: { range: [0, 1e6], dtick: 1 } },
            },
            "text/plain": "<plot>",
          }),
        ],
      },
      {
        source: "width and height 1e8",
        outputs: [
          display({
            "application/vnd.plotly.v1+json": {
              data: [{ type: "scatter", x: [0, 1], y: [0, 1] }],
              layout: { width: 1e8, height: 1e8 },
            },
            "text/plain": "<plot>",
          }),
        ],
      },
      {
        source: "a good plot",
        outputs: [
          display({
            "application/vnd.plotly.v1+json": {
              data: [{ type: "scatter", x: [0, 1, 2], y: [28, 14, 7] }],
              layout: { title: { text: "fine" } },
            },
            "text/plain": "<plot>",
          }),
        ],
      },
    ]),
    "notebooks/lecture/01-shrinking-and-padding.ipynb": notebook([
      { source: "lecture", outputs: [figure(makePayload({ inputs: 1, kernels: 4 }))] },
    ]),
    "notebooks/lecture/zh/01-shrinking-and-padding.ipynb": notebook([
      { source: "lecture (zh)", outputs: [] },
    ]),
    "notebooks/homework/student/hw1-output-size.ipynb": notebook([{ source: "homework", outputs: [] }]),
    "notebooks/homework/student/hw2-feature-maps.ipynb": notebook([{ source: "homework 2", outputs: [] }]),
  };
}
