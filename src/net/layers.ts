/**
 * Layer descriptions for shape inference. They hold hyper-parameters only, no weights:
 * enough to compute every shape, parameter count and receptive field of a network.
 * The factories are named after PyTorch's modules and validate like their constructors.
 */

import {
  checkPaddingMode,
  type IntOrPair,
  type PaddingMode,
  type PaddingSpec,
  toPair,
} from "../conv/params.js";
import { checkGroups } from "../conv/plan/checks.js";
import { ConvLabError, requirePositiveInteger } from "../errors.js";

/** A 2-D convolution layer. `inChannels` undefined means "whatever arrives" (PyTorch's LazyConv2d). */
export interface Conv2dLayer {
  readonly kind: "conv2d";
  readonly inChannels?: number;
  readonly outChannels: number;
  readonly kernelSize: IntOrPair;
  readonly stride?: IntOrPair;
  readonly padding?: PaddingSpec;
  readonly paddingMode?: PaddingMode;
  readonly dilation?: IntOrPair;
  readonly groups?: number;
  readonly bias?: boolean;
  readonly name?: string;
}

/** A 2-D transposed convolution layer. */
export interface ConvTranspose2dLayer {
  readonly kind: "convTranspose2d";
  readonly inChannels?: number;
  readonly outChannels: number;
  readonly kernelSize: IntOrPair;
  readonly stride?: IntOrPair;
  readonly padding?: IntOrPair;
  readonly outputPadding?: IntOrPair;
  readonly dilation?: IntOrPair;
  readonly groups?: number;
  readonly bias?: boolean;
  readonly name?: string;
}

/** A max or average pooling layer. */
export interface Pool2dLayer {
  readonly kind: "maxPool2d" | "avgPool2d";
  readonly kernelSize: IntOrPair;
  readonly stride?: IntOrPair;
  readonly padding?: IntOrPair;
  readonly dilation?: IntOrPair;
  readonly ceilMode?: boolean;
  readonly name?: string;
}

/** Flattens everything but the batch dimension. */
export interface FlattenLayer {
  readonly kind: "flatten";
  readonly name?: string;
}

/** A fully connected layer on `[N, features]`. `inFeatures` undefined means LazyLinear. */
export interface LinearLayer {
  readonly kind: "linear";
  readonly inFeatures?: number;
  readonly outFeatures: number;
  readonly bias?: boolean;
  readonly name?: string;
}

/** An elementwise activation; shapes pass through. */
export interface ActivationLayer {
  readonly kind: "activation";
  readonly fn: "relu" | "sigmoid" | "tanh";
  readonly name?: string;
}

/** Dropout: randomly zeroes activations while training; shapes pass through. */
export interface DropoutLayer {
  readonly kind: "dropout";
  readonly p: number;
  readonly name?: string;
}

/** Batch normalisation over channels: shapes pass through, 2·C learnable parameters. */
export interface BatchNorm2dLayer {
  readonly kind: "batchNorm2d";
  readonly numFeatures?: number;
  readonly name?: string;
}

/** Parallel branches from the same input, concatenated along channels (an Inception block). */
export interface ConcatLayer {
  readonly kind: "concat";
  readonly branches: readonly (readonly Layer[])[];
  readonly name?: string;
}

/** Any layer ConvLab can infer shapes through. */
export type Layer =
  | Conv2dLayer
  | ConvTranspose2dLayer
  | Pool2dLayer
  | FlattenLayer
  | LinearLayer
  | ActivationLayer
  | DropoutLayer
  | BatchNorm2dLayer
  | ConcatLayer;

/** Options of {@link Conv2d} besides the channels and kernel. */
export type Conv2dLayerOptions = Omit<Conv2dLayer, "kind" | "inChannels" | "outChannels" | "kernelSize">;
/** Options of {@link ConvTranspose2d} besides the channels and kernel. */
export type ConvTranspose2dLayerOptions = Omit<
  ConvTranspose2dLayer,
  "kind" | "inChannels" | "outChannels" | "kernelSize"
>;
/** Options of the pooling factories besides the kernel. */
export type Pool2dLayerOptions = Omit<Pool2dLayer, "kind" | "kernelSize">;

function validateConv(
  inChannels: number | undefined,
  outChannels: number,
  kernelSize: IntOrPair,
  options: { groups?: number; stride?: IntOrPair; dilation?: IntOrPair },
  transposed: boolean,
): void {
  requirePositiveInteger("outChannels", outChannels, "channels");
  if (inChannels !== undefined) requirePositiveInteger("inChannels", inChannels, "channels");
  toPair("kernelSize", kernelSize, "kernel", 1);
  toPair("stride", options.stride ?? 1, "stride", 1);
  toPair("dilation", options.dilation ?? 1, "dilation", 1);
  const groups = options.groups ?? 1;
  // With lazy input channels, only the output side can be checked now.
  const channels = inChannels ?? (Number.isInteger(groups) && groups > 0 ? groups : 1);
  const weightShape = transposed ? [channels, outChannels / groups] : [outChannels, channels / groups];
  checkGroups(channels, weightShape, groups, transposed);
}

/**
 * A convolution layer, like `nn.Conv2d(in_channels, out_channels, kernel_size, ...)`.
 *
 * @example
 * ```ts
 * import { layers, summary } from "convlab";
 * summary([layers.Conv2d(1, 6, 5, { padding: 2 })], [1, 1, 28, 28]).output; // [1, 6, 28, 28]
 * ```
 */
export function Conv2d(
  inChannels: number,
  outChannels: number,
  kernelSize: IntOrPair,
  options: Conv2dLayerOptions = {},
): Conv2dLayer {
  validateConv(inChannels, outChannels, kernelSize, options, false);
  if (options.paddingMode !== undefined) checkPaddingMode(options.paddingMode);
  if (options.padding === "same") {
    const stride = toPair("stride", options.stride ?? 1, "stride", 1);
    if (stride[0] !== 1 || stride[1] !== 1) {
      throw new ConvLabError({
        parameter: "padding",
        value: "same",
        rule: `padding='same' is not supported for strided convolutions (stride is [${stride.join(", ")}])`,
        fix: "use padding: 'tf-same' for TensorFlow's rule, or give the padding explicitly",
        category: "padding",
      });
    }
  }
  if (typeof options.padding === "string" && !["same", "valid", "tf-same"].includes(options.padding)) {
    throw new ConvLabError({
      parameter: "padding",
      value: options.padding,
      rule: "invalid padding string: must be one of 'valid', 'same', 'tf-same', a number, [h, w] or {top, bottom, left, right}",
      fix: "use 'same' or 'valid', or give the pixels explicitly",
      category: "padding",
    });
  }
  return { kind: "conv2d", inChannels, outChannels, kernelSize, ...options };
}

/**
 * A convolution layer whose input channels are taken from its input (`nn.LazyConv2d`).
 *
 * @example
 * ```ts
 * import { layers, summary } from "convlab";
 * summary([layers.LazyConv2d(16, 3)], [1, 3, 8, 8]).output; // [1, 16, 6, 6]
 * ```
 */
export function LazyConv2d(
  outChannels: number,
  kernelSize: IntOrPair,
  options: Conv2dLayerOptions = {},
): Conv2dLayer {
  validateConv(undefined, outChannels, kernelSize, options, false);
  if (options.paddingMode !== undefined) checkPaddingMode(options.paddingMode);
  return { kind: "conv2d", outChannels, kernelSize, ...options };
}

/**
 * A transposed convolution layer, like `nn.ConvTranspose2d`.
 *
 * @example
 * ```ts
 * import { layers, summary } from "convlab";
 * summary([layers.ConvTranspose2d(1, 1, 2, { stride: 2 })], [1, 1, 14, 14]).output; // [1, 1, 28, 28]
 * ```
 */
export function ConvTranspose2d(
  inChannels: number,
  outChannels: number,
  kernelSize: IntOrPair,
  options: ConvTranspose2dLayerOptions = {},
): ConvTranspose2dLayer {
  validateConv(inChannels, outChannels, kernelSize, options, true);
  return { kind: "convTranspose2d", inChannels, outChannels, kernelSize, ...options };
}

/**
 * A max pooling layer, like `nn.MaxPool2d(kernel_size, stride=kernel_size, ...)`.
 *
 * @example
 * ```ts
 * import { layers, summary } from "convlab";
 * summary([layers.MaxPool2d(2)], [1, 1, 28, 28]).output; // [1, 1, 14, 14]
 * ```
 */
export function MaxPool2d(kernelSize: IntOrPair, options: Pool2dLayerOptions = {}): Pool2dLayer {
  toPair("kernelSize", kernelSize, "pooling", 1);
  return { kind: "maxPool2d", kernelSize, ...options };
}

/**
 * An average pooling layer, like `nn.AvgPool2d(kernel_size, stride=kernel_size, ...)`.
 *
 * @example
 * ```ts
 * import { layers, summary } from "convlab";
 * summary([layers.AvgPool2d(2, { stride: 2 })], [1, 6, 28, 28]).output; // [1, 6, 14, 14]
 * ```
 */
export function AvgPool2d(
  kernelSize: IntOrPair,
  options: Omit<Pool2dLayerOptions, "dilation"> = {},
): Pool2dLayer {
  toPair("kernelSize", kernelSize, "pooling", 1);
  return { kind: "avgPool2d", kernelSize, ...options };
}

/**
 * Flattens `[N, C, H, W]` to `[N, C·H·W]`.
 *
 * @example
 * ```ts
 * import { layers, summary } from "convlab";
 * summary([layers.Flatten()], [1, 16, 5, 5]).output; // [1, 400]
 * ```
 */
export function Flatten(): FlattenLayer {
  return { kind: "flatten" };
}

/**
 * A fully connected layer, like `nn.Linear(in_features, out_features)`.
 *
 * @example
 * ```ts
 * import { layers, summary } from "convlab";
 * summary([layers.Flatten(), layers.Linear(400, 120)], [1, 16, 5, 5]).output; // [1, 120]
 * ```
 */
export function Linear(
  inFeatures: number,
  outFeatures: number,
  options: { bias?: boolean } = {},
): LinearLayer {
  requirePositiveInteger("inFeatures", inFeatures, "shape");
  requirePositiveInteger("outFeatures", outFeatures, "shape");
  return { kind: "linear", inFeatures, outFeatures, ...options };
}

/**
 * A fully connected layer whose input size is taken from its input (`nn.LazyLinear`).
 *
 * @example
 * ```ts
 * import { layers, summary } from "convlab";
 * summary([layers.Flatten(), layers.LazyLinear(10)], [1, 16, 5, 5]).output; // [1, 10]
 * ```
 */
export function LazyLinear(outFeatures: number, options: { bias?: boolean } = {}): LinearLayer {
  requirePositiveInteger("outFeatures", outFeatures, "shape");
  return { kind: "linear", outFeatures, ...options };
}

/**
 * ReLU activation (shape unchanged).
 *
 * @example
 * ```ts
 * import { layers } from "convlab";
 * layers.ReLU().fn; // "relu"
 * ```
 */
export function ReLU(): ActivationLayer {
  return { kind: "activation", fn: "relu" };
}

/**
 * Sigmoid activation (shape unchanged).
 *
 * @example
 * ```ts
 * import { layers } from "convlab";
 * layers.Sigmoid().fn; // "sigmoid"
 * ```
 */
export function Sigmoid(): ActivationLayer {
  return { kind: "activation", fn: "sigmoid" };
}

/**
 * Tanh activation (shape unchanged).
 *
 * @example
 * ```ts
 * import { layers } from "convlab";
 * layers.Tanh().fn; // "tanh"
 * ```
 */
export function Tanh(): ActivationLayer {
  return { kind: "activation", fn: "tanh" };
}

/**
 * Dropout with probability `p` (shape unchanged).
 *
 * @example
 * ```ts
 * import { layers } from "convlab";
 * layers.Dropout(0.5).p; // 0.5
 * ```
 */
export function Dropout(p = 0.5): DropoutLayer {
  if (!(p >= 0 && p <= 1)) {
    throw new ConvLabError({
      parameter: "p",
      value: p,
      rule: "dropout probability must be in [0, 1]",
      fix: "for example Dropout(0.5)",
      category: "argument",
    });
  }
  return { kind: "dropout", p };
}

/**
 * Batch normalisation over `numFeatures` channels (shape unchanged), like `nn.BatchNorm2d`.
 *
 * @example
 * ```ts
 * import { layers, summary } from "convlab";
 * summary([layers.BatchNorm2d(6)], [1, 6, 28, 28]).totalParams; // 12
 * ```
 */
export function BatchNorm2d(numFeatures?: number): BatchNorm2dLayer {
  if (numFeatures !== undefined) requirePositiveInteger("numFeatures", numFeatures, "channels");
  return numFeatures === undefined ? { kind: "batchNorm2d" } : { kind: "batchNorm2d", numFeatures };
}

/**
 * Parallel branches applied to the same input and concatenated along channels — the
 * Inception block. Every branch must produce the same height and width.
 *
 * @example
 * ```ts
 * import { layers, summary } from "convlab";
 * const block = layers.Concat(
 *   [layers.Conv2d(1, 4, 1)],
 *   [layers.Conv2d(1, 4, 3, { padding: 1 })],
 *   [layers.Conv2d(1, 4, 5, { padding: 2 })],
 * );
 * summary([block], [1, 1, 28, 28]).output; // [1, 12, 28, 28]
 * ```
 */
export function Concat(...branches: (readonly Layer[])[]): ConcatLayer {
  if (branches.length === 0) {
    throw new ConvLabError({
      parameter: "branches",
      value: 0,
      rule: "a concat needs at least one branch",
      fix: "pass each branch as an array of layers: Concat([conv1], [conv3, conv5])",
      category: "argument",
    });
  }
  return { kind: "concat", branches };
}

function pairText(v: IntOrPair | undefined): string {
  if (v === undefined) return "";
  return typeof v === "number" ? `${v}` : v[0] === v[1] ? `${v[0]}` : `(${v[0]},${v[1]})`;
}

function paddingText(p: PaddingSpec | undefined): string {
  if (p === undefined) return "";
  if (typeof p === "string") return `'${p}'`;
  if (typeof p === "number" || Array.isArray(p)) return pairText(p as IntOrPair);
  const s = p as { top: number; bottom: number; left: number; right: number };
  return `(t${s.top},b${s.bottom},l${s.left},r${s.right})`;
}

/**
 * A short name for a layer in PyTorch's spirit, e.g. `Conv2d(1,6,k=5,p=2)`.
 *
 * @example
 * ```ts
 * import { layers, layerName } from "convlab";
 * layerName(layers.Conv2d(1, 6, 5, { padding: 2 })); // "Conv2d(1,6,k=5,p=2)"
 * ```
 */
export function layerName(layer: Layer): string {
  if (layer.name) return layer.name;
  const extras = (entries: [string, string][]): string =>
    entries
      .filter(([, v]) => v !== "" && v !== "1" && v !== "0" && v !== "false")
      .map(([k, v]) => `,${k}=${v}`)
      .join("");
  switch (layer.kind) {
    case "conv2d":
    case "convTranspose2d": {
      const head = layer.kind === "conv2d" ? "Conv2d" : "ConvTranspose2d";
      const channels =
        layer.inChannels === undefined ? `${layer.outChannels}` : `${layer.inChannels},${layer.outChannels}`;
      const more: [string, string][] = [
        ["s", pairText(layer.stride)],
        ["p", layer.kind === "conv2d" ? paddingText(layer.padding) : pairText(layer.padding)],
        ["d", pairText(layer.dilation)],
        ["g", layer.groups === undefined ? "" : `${layer.groups}`],
      ];
      if (layer.kind === "convTranspose2d") more.push(["op", pairText(layer.outputPadding)]);
      if (layer.kind === "conv2d" && layer.paddingMode && layer.paddingMode !== "zeros") {
        more.push(["mode", layer.paddingMode]);
      }
      return `${layer.inChannels === undefined ? "Lazy" : ""}${head}(${channels},k=${pairText(layer.kernelSize)}${extras(more)})`;
    }
    case "maxPool2d":
    case "avgPool2d": {
      const head = layer.kind === "maxPool2d" ? "MaxPool2d" : "AvgPool2d";
      return `${head}(k=${pairText(layer.kernelSize)}${extras([
        ["s", pairText(layer.stride)],
        ["p", pairText(layer.padding)],
        ["d", pairText(layer.dilation)],
        ["ceil", layer.ceilMode ? "true" : ""],
      ])})`;
    }
    case "flatten":
      return "Flatten";
    case "linear":
      return layer.inFeatures === undefined
        ? `LazyLinear(${layer.outFeatures})`
        : `Linear(${layer.inFeatures},${layer.outFeatures})`;
    case "activation":
      return { relu: "ReLU", sigmoid: "Sigmoid", tanh: "Tanh" }[layer.fn];
    case "dropout":
      return `Dropout(p=${layer.p})`;
    case "batchNorm2d":
      return `BatchNorm2d(${layer.numFeatures ?? ""})`;
    case "concat":
      return `Concat(${layer.branches.length} branches)`;
  }
}
