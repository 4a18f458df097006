/**
 * Shape inference through a whole network: each layer's output shape, parameter count,
 * multiply-adds, receptive field and effective stride, computed from the layer list
 * alone with the same shape arithmetic conv2d and pooling use.
 */

import type { Pair } from "../conv/params.js";
import { checkGroups } from "../conv/plan/checks.js";
import {
  conv2dOutputShape,
  convTranspose2dOutputShape,
  pool2dOutputShape,
  type ShapeArithmetic,
} from "../conv/shape.js";
import { escapeHtml, MIME_BUNDLE, type MimeBundle } from "../display.js";
import { ConvLabError } from "../errors.js";
import { type Conv2dLayer, type ConvTranspose2dLayer, type Layer, layerName } from "./layers.js";

/** One row of a network summary. */
export interface LayerSummary {
  /** 1-based position (nested branches are numbered like `3.2.1`). */
  readonly index: string;
  readonly name: string;
  readonly kind: Layer["kind"];
  readonly outputShape: readonly number[];
  /** Learnable parameters of this layer. */
  readonly params: number;
  /** Multiply-accumulate operations for the whole batch. */
  readonly macs: number;
  /** Input pixels `[h, w]` that one output pixel depends on; null once the spatial layout is gone. */
  readonly receptiveField: Pair | null;
  /** Input pixels between neighbouring output pixels `[h, w]` (the product of strides so far). */
  readonly effectiveStride: Pair | null;
  /** The shape arithmetic, for convolutions and poolings. */
  readonly arithmetic?: ShapeArithmetic;
}

/** Spatial bookkeeping carried from layer to layer. */
interface Trace {
  shape: readonly number[];
  rf: Pair | null;
  jump: Pair | null;
}

function formatCount(n: number): string {
  return n.toLocaleString("en-US");
}

function shapeText(shape: readonly number[]): string {
  return `[${shape.join(", ")}]`;
}

/**
 * The result of {@link summary}: rows per layer, totals, and a table for notebooks
 * (it displays as a table in Jupyter and prints as text).
 *
 * @example
 * ```ts
 * import { layers, summary } from "convlab";
 * const s = summary([layers.Conv2d(1, 1, 5), layers.Conv2d(1, 1, 5)], [1, 1, 32, 32]);
 * s.output;                     // [1, 1, 24, 24]
 * s.rows[1]!.receptiveField;    // [9, 9]
 * String(s).includes("[1, 1, 28, 28]"); // true
 * ```
 */
export class NetworkSummary {
  constructor(
    readonly input: readonly number[],
    readonly rows: readonly LayerSummary[],
  ) {}

  /** Shape after the last layer. */
  get output(): readonly number[] {
    const topLevel = this.rows.filter((r) => !r.index.includes("."));
    return topLevel.length ? topLevel[topLevel.length - 1]!.outputShape : this.input;
  }

  /** Total learnable parameters. */
  get totalParams(): number {
    return this.rows.filter((r) => !r.index.includes(".")).reduce((a, r) => a + r.params, 0);
  }

  /** Total multiply-adds for the batch. */
  get totalMacs(): number {
    return this.rows.filter((r) => !r.index.includes(".")).reduce((a, r) => a + r.macs, 0);
  }

  private table(): string[][] {
    const pair = (p: Pair | null): string => (p === null ? "—" : `${p[0]}x${p[1]}`);
    return [
      ["#", "layer", "output shape", "params", "mult-adds", "receptive field", "eff. stride"],
      ["0", "input", shapeText(this.input), "", "", "1x1", "1x1"],
      ...this.rows.map((r) => [
        r.index,
        r.name,
        shapeText(r.outputShape),
        formatCount(r.params),
        formatCount(r.macs),
        pair(r.receptiveField),
        pair(r.effectiveStride),
      ]),
    ];
  }

  /** A plain-text table, one line per layer. */
  toString(): string {
    const table = this.table();
    const widths = table[0]!.map((_, c) => Math.max(...table.map((row) => row[c]!.length)));
    const line = (row: string[]): string =>
      row
        .map((cell, c) => (c >= 3 && c <= 4 ? cell.padStart(widths[c]!) : cell.padEnd(widths[c]!)))
        .join("  ")
        .trimEnd();
    const rule = "-".repeat(widths.reduce((a, b) => a + b + 2, -2));
    return [
      line(table[0]!),
      rule,
      ...table.slice(1).map(line),
      rule,
      `total params: ${formatCount(this.totalParams)}   total mult-adds: ${formatCount(this.totalMacs)}`,
    ].join("\n");
  }

  [MIME_BUNDLE](): MimeBundle {
    const table = this.table();
    const head = table[0]!.map((c) => `<th>${escapeHtml(c)}</th>`).join("");
    const body = table
      .slice(1)
      .map((row) => `<tr>${row.map((c) => `<td>${escapeHtml(c)}</td>`).join("")}</tr>`)
      .join("");
    const totals = `total params: ${formatCount(this.totalParams)} · total mult-adds: ${formatCount(this.totalMacs)}`;
    return {
      data: {
        "text/plain": this.toString(),
        "text/html": `<table class="convlab-summary"><thead><tr>${head}</tr></thead><tbody>${body}</tbody></table><p>${escapeHtml(totals)}</p>`,
      },
    };
  }
}

function spatialStep(
  trace: Trace,
  arithmetic: ShapeArithmetic,
  transposed: boolean,
): Pick<Trace, "rf" | "jump"> {
  if (trace.rf === null || trace.jump === null) return { rf: null, jump: null };
  const axes = [arithmetic.height, arithmetic.width] as const;
  const jump = axes.map((a, i) => (transposed ? trace.jump![i]! / a.stride : trace.jump![i]! * a.stride));
  const rf = axes.map(
    (a, i) => trace.rf![i]! + (a.effectiveKernel - 1) * (transposed ? jump[i]! : trace.jump![i]!),
  );
  return { rf: [rf[0]!, rf[1]!], jump: [jump[0]!, jump[1]!] };
}

function requireImage(shape: readonly number[], layer: Layer): [number, number, number, number] {
  if (shape.length !== 4) {
    throw new ConvLabError({
      parameter: "input",
      value: [...shape],
      rule: `${layerName(layer)} needs a 4-D [N, C, H, W] input, but the previous layer gives ${shape.length}-D`,
      fix: "move it before Flatten, or check the layer order",
      category: "shape",
    });
  }
  return shape as unknown as [number, number, number, number];
}

function requireInChannels(layer: Conv2dLayer | ConvTranspose2dLayer, name: string, channels: number): void {
  if (layer.inChannels === undefined || layer.inChannels === channels) return;
  const head = layer.kind === "conv2d" ? "Conv2d" : "ConvTranspose2d";
  throw new ConvLabError({
    parameter: "inChannels",
    value: layer.inChannels,
    rule: `${name} expects ${layer.inChannels} input channels, but the previous layer gives ${channels}`,
    fix: `use ${head}(${channels}, ${layer.outChannels}, …)${layer.kind === "conv2d" ? " or LazyConv2d" : ""}`,
    category: "channels",
  });
}

/** A row for a layer that keeps the spatial layout (convolutions, poolings). */
function spatialRow(
  index: string,
  name: string,
  kind: Layer["kind"],
  shape: readonly number[],
  counts: { params: number; macs: number },
  step: Pick<Trace, "rf" | "jump">,
  arithmetic: ShapeArithmetic,
): LayerSummary {
  return {
    index,
    name,
    kind,
    outputShape: shape,
    ...counts,
    receptiveField: step.rf,
    effectiveStride: step.jump,
    arithmetic,
  };
}

function inferLayer(layer: Layer, trace: Trace, index: string, rows: LayerSummary[]): Trace {
  const name = layerName(layer);
  switch (layer.kind) {
    case "conv2d": {
      const [n, c, h, w] = requireImage(trace.shape, layer);
      const groups = layer.groups ?? 1;
      requireInChannels(layer, name, c);
      checkGroups(c, [layer.outChannels, c / groups], groups);
      const arithmetic = conv2dOutputShape({
        input: [h, w],
        kernel: layer.kernelSize,
        stride: layer.stride ?? 1,
        padding: layer.padding ?? 0,
        dilation: layer.dilation ?? 1,
      });
      const [oh, ow] = arithmetic.output;
      const kArea = arithmetic.height.kernel * arithmetic.width.kernel;
      const params =
        layer.outChannels * (c / groups) * kArea + (layer.bias === false ? 0 : layer.outChannels);
      const macs = n * layer.outChannels * oh * ow * (c / groups) * kArea;
      const shape = [n, layer.outChannels, oh, ow];
      const step = spatialStep(trace, arithmetic, false);
      rows.push(spatialRow(index, name, layer.kind, shape, { params, macs }, step, arithmetic));
      return { shape, ...step };
    }
    case "convTranspose2d": {
      const [n, c, h, w] = requireImage(trace.shape, layer);
      const groups = layer.groups ?? 1;
      requireInChannels(layer, name, c);
      const arithmetic = convTranspose2dOutputShape({
        input: [h, w],
        kernel: layer.kernelSize,
        stride: layer.stride ?? 1,
        padding: layer.padding ?? 0,
        outputPadding: layer.outputPadding ?? 0,
        dilation: layer.dilation ?? 1,
      });
      const [oh, ow] = arithmetic.output;
      const kArea = arithmetic.height.kernel * arithmetic.width.kernel;
      const params =
        c * (layer.outChannels / groups) * kArea + (layer.bias === false ? 0 : layer.outChannels);
      const macs = n * c * h * w * (layer.outChannels / groups) * kArea;
      const shape = [n, layer.outChannels, oh, ow];
      const step = spatialStep(trace, arithmetic, true);
      rows.push(spatialRow(index, name, layer.kind, shape, { params, macs }, step, arithmetic));
      return { shape, ...step };
    }
    case "maxPool2d":
    case "avgPool2d": {
      const [n, c, h, w] = requireImage(trace.shape, layer);
      const arithmetic = pool2dOutputShape({
        operation: layer.kind,
        input: [h, w],
        kernel: layer.kernelSize,
        ...(layer.stride !== undefined && { stride: layer.stride }),
        padding: layer.padding ?? 0,
        dilation: layer.dilation ?? 1,
        ceilMode: layer.ceilMode ?? false,
      });
      const shape = [n, c, ...arithmetic.output];
      const step = spatialStep(trace, arithmetic, false);
      rows.push(spatialRow(index, name, layer.kind, shape, { params: 0, macs: 0 }, step, arithmetic));
      return { shape, ...step };
    }
    case "flatten": {
      const [n, ...rest] = trace.shape;
      const shape = [n ?? 1, rest.reduce((a, b) => a * b, 1)];
      rows.push({
        index,
        name,
        kind: layer.kind,
        outputShape: shape,
        params: 0,
        macs: 0,
        receptiveField: null,
        effectiveStride: null,
      });
      return { shape, rf: null, jump: null };
    }
    case "linear": {
      if (trace.shape.length !== 2) {
        throw new ConvLabError({
          parameter: "input",
          value: [...trace.shape],
          rule: `${name} needs a 2-D [N, features] input, but the previous layer gives ${shapeText(trace.shape)}`,
          fix: "insert layers.Flatten() before it",
          category: "shape",
        });
      }
      const [n, features] = trace.shape as [number, number];
      const inFeatures = layer.inFeatures ?? features;
      if (inFeatures !== features) {
        throw new ConvLabError({
          parameter: "inFeatures",
          value: inFeatures,
          rule: `${name} expects ${inFeatures} input features, but the previous layer gives ${features}`,
          fix: `use Linear(${features}, ${layer.outFeatures}) or LazyLinear(${layer.outFeatures})`,
          category: "shape",
        });
      }
      const params = features * layer.outFeatures + (layer.bias === false ? 0 : layer.outFeatures);
      const shape = [n, layer.outFeatures];
      rows.push({
        index,
        name,
        kind: layer.kind,
        outputShape: shape,
        params,
        macs: n * features * layer.outFeatures,
        receptiveField: null,
        effectiveStride: null,
      });
      return { shape, rf: null, jump: null };
    }
    // Shape-preserving layers without parameters.
    case "activation":
    case "dropout":
      rows.push({
        index,
        name,
        kind: layer.kind,
        outputShape: trace.shape,
        params: 0,
        macs: 0,
        receptiveField: trace.rf,
        effectiveStride: trace.jump,
      });
      return trace;
    case "batchNorm2d": {
      const [, c] = requireImage(trace.shape, layer);
      if (layer.numFeatures !== undefined && layer.numFeatures !== c) {
        throw new ConvLabError({
          parameter: "numFeatures",
          value: layer.numFeatures,
          rule: `${name} expects ${layer.numFeatures} channels, but the previous layer gives ${c}`,
          fix: `use BatchNorm2d(${c})`,
          category: "channels",
        });
      }
      rows.push({
        index,
        name,
        kind: layer.kind,
        outputShape: trace.shape,
        params: 2 * c,
        macs: 0,
        receptiveField: trace.rf,
        effectiveStride: trace.jump,
      });
      return trace;
    }
    case "concat": {
      const nested: LayerSummary[] = [];
      const ends = layer.branches.map((branch, b) => {
        let t = trace;
        branch.forEach((inner, i) => {
          t = inferChecked(inner, t, `${index}.${b + 1}.${i + 1}`, nested);
        });
        return t;
      });
      const shapes = ends.map((t) => t.shape);
      const first = shapes[0]!;
      const mismatch = shapes.some(
        (s) => s.length !== 4 || s[0] !== first[0] || s[2] !== first[2] || s[3] !== first[3],
      );
      if (mismatch) {
        const listing = shapes.map((s, b) => `branch ${b + 1} gives ${shapeText(s)}`).join(", ");
        throw new ConvLabError({
          parameter: "branches",
          value: shapes.map((s) => shapeText(s)),
          rule: `cannot concatenate along channels: ${listing}; every branch must have the same batch, height and width`,
          fix: "pad each branch to keep the input size (padding (k−1)/2 for odd kernels, or padding: 'same')",
          category: "shape",
        });
      }
      const shape = [first[0]!, shapes.reduce((a, s) => a + s[1]!, 0), first[2]!, first[3]!];
      const params = nested.reduce((a, r) => a + r.params, 0);
      const macs = nested.reduce((a, r) => a + r.macs, 0);
      const rfs = ends.map((t) => t.rf);
      const rf: Pair | null = rfs.every((r) => r !== null)
        ? [Math.max(...rfs.map((r) => r![0])), Math.max(...rfs.map((r) => r![1]))]
        : null;
      rows.push({
        index,
        name,
        kind: layer.kind,
        outputShape: shape,
        params,
        macs,
        receptiveField: rf,
        effectiveStride: ends[0]!.jump,
      });
      rows.push(...nested);
      return { shape, rf, jump: ends[0]!.jump };
    }
  }
}

function inferChecked(layer: Layer, trace: Trace, index: string, rows: LayerSummary[]): Trace {
  try {
    return inferLayer(layer, trace, index, rows);
  } catch (error) {
    if (error instanceof ConvLabError && !error.message.startsWith("layer ")) {
      throw error.within(`layer ${index} ${layerName(layer)} (input ${shapeText(trace.shape)})`);
    }
    throw error;
  }
}

/**
 * Infers every layer's output shape (like D2L's `layer_summary` or torchinfo), with
 * parameters, multiply-adds, receptive field and effective stride. An invalid layer
 * throws a {@link ConvLabError} that names the layer, its input shape and the rule.
 *
 * @example
 * ```ts
 * import { layers as L, summary } from "convlab";
 * const lenet = [
 *   L.Conv2d(1, 6, 5, { padding: 2 }), L.Sigmoid(), L.AvgPool2d(2, { stride: 2 }),
 *   L.Conv2d(6, 16, 5), L.Sigmoid(), L.AvgPool2d(2, { stride: 2 }),
 *   L.Flatten(), L.Linear(400, 120), L.Sigmoid(), L.Linear(120, 84), L.Sigmoid(), L.Linear(84, 10),
 * ];
 * const s = summary(lenet, [1, 1, 28, 28]);
 * s.rows[3]!.outputShape; // [1, 16, 10, 10]
 * s.totalParams;          // 61706
 * ```
 */
export function summary(network: readonly Layer[], inputShape: readonly number[]): NetworkSummary {
  if (!Array.isArray(inputShape) || inputShape.some((s) => !Number.isInteger(s) || s < 1)) {
    throw new ConvLabError({
      parameter: "inputShape",
      value: inputShape,
      rule: "must be positive integers, e.g. [1, 1, 28, 28]",
      fix: "give [N, C, H, W], e.g. [1, 1, 28, 28] for one Fashion-MNIST image",
      category: "shape",
    });
  }
  const rows: LayerSummary[] = [];
  let trace: Trace = {
    shape: inputShape,
    rf: inputShape.length === 4 ? [1, 1] : null,
    jump: inputShape.length === 4 ? [1, 1] : null,
  };
  network.forEach((layer, i) => {
    trace = inferChecked(layer, trace, `${i + 1}`, rows);
  });
  return new NetworkSummary(inputShape, rows);
}
