/**
 * `featureMaps(...)`: images × kernels × variants (padding/stride/dilation settings) → a
 * {@link FeatureMapFigure} that holds every output (computed by `conv2d`), the shape arithmetic
 * (from `src/conv/shape.ts`), value ranges and labels, and displays itself as one mime bundle:
 * the versioned JSON payload, a PNG mosaic and a text summary.
 */
import { runConv2d } from "../conv/conv2d.js";
import type { IntOrPair, PaddingMode, PaddingSpec, Pair, Sides } from "../conv/params.js";
import { planConv2d } from "../conv/plan/conv.js";
import type { ShapeArithmetic } from "../conv/shape.js";
import { MIME_BUNDLE, type MimeBundle } from "../display.js";
import { ConvLabError } from "../errors.js";
import { Tensor } from "../tensor/tensor.js";
import { BUNDLE_BYTES_PER_MAP_PIXEL, figureBundle } from "./bundle.js";
import { LIMITS, toInputs, toKernel, tooMany } from "./figure-inputs.js";
import { figurePayload } from "./figure-payload.js";
import type { KernelName, NamedKernel } from "./kernels.js";
import type { MosaicLayout, MosaicOptions } from "./mosaic.js";
import { mosaicPng } from "./mosaic-draw.js";
import type { FeatureMapPayload } from "./payload.js";
import { variantId, variantTitle } from "./variant-labels.js";

export { BUNDLE_BYTES_PER_MAP_PIXEL };

/** What an input image is (a Fashion-MNIST selection provides these). */
export interface FigureImageLabel {
  readonly label: string;
  readonly classIndex?: number;
  readonly datasetIndex?: number;
  readonly split?: "train" | "test" | "synthetic";
}

/** Input images: a tensor (`[N, 1, H, W]`, `[1, H, W]` or `[H, W]`), or one with labels. */
export type FigureImages = Tensor | { readonly tensor: Tensor; readonly images: readonly FigureImageLabel[] };

/** A kernel: a name from the library, a {@link NamedKernel}, or a `[kh, kw]` (or `[1, 1, kh, kw]`) tensor. */
export type FigureKernel = KernelName | NamedKernel | Tensor;

/** One padding/stride/dilation setting (named like `conv2d`'s options). */
export interface VariantSpec {
  readonly padding?: PaddingSpec;
  readonly stride?: IntOrPair;
  readonly dilation?: IntOrPair;
  readonly paddingMode?: PaddingMode;
  /** A short id (letters, digits, `_.-`); made from the setting when absent. */
  readonly id?: string;
  /** A title; `28×28 → 14×14 (k=3, p=1, s=2)` when absent. */
  readonly title?: string;
}

/** What {@link featureMaps} takes. */
export interface FeatureMapsSpec {
  readonly images: FigureImages;
  readonly kernels: FigureKernel | readonly FigureKernel[];
  /** Default: one variant without padding, stride 1. */
  readonly variants?: readonly VariantSpec[];
  readonly title?: string;
  /** Bits per quantized map value in the payload (default 8). */
  readonly bits?: 8 | 16;
  /**
   * PNG pixels per image pixel in the mime bundle. Default: the largest of 4, 3, 2 whose figure
   * is at most 1200 px wide and whose estimated bundle stays within
   * {@link BUNDLE_BYTES_PER_MAP_PIXEL} bytes per feature-map pixel (or 64 KiB for a small figure),
   * else 1 (./bundle.ts).
   */
  readonly zoom?: number;
}

/** One variant of a figure, computed. */
export interface FigureVariant {
  readonly id: string;
  readonly title: string;
  readonly padding: Sides;
  readonly stride: Pair;
  readonly dilation: Pair;
  readonly paddingMode: PaddingMode;
  /** The shape arithmetic of this setting (`src/conv/shape.ts`). */
  readonly arithmetic: ShapeArithmetic;
  /** `conv2d(inputs, weight, setting)`: `[N, K, outHeight, outWidth]`. */
  readonly output: Tensor;
  readonly range: { readonly min: number; readonly max: number };
}

/**
 * A computed feature-map figure. Display it (a notebook cell's last value) to see the PNG mosaic
 * or, in JupyterLab with ConvLab's extension, the interactive view.
 *
 * @example
 * ```ts
 * import { featureMaps, MIME_BUNDLE, tensor } from "convlab";
 * const figure = featureMaps({ images: tensor([[0, 0, 1, 1], [0, 0, 1, 1]]), kernels: "edge" });
 * figure.variants[0]!.output.tolist(); // [[[[0, -1, 0], [0, -1, 0]]]]
 * Object.keys(figure[MIME_BUNDLE]().data); // ["application/vnd.convlab.featuremaps.v1+json", "image/png", "text/plain", "image/svg+xml"]
 * ```
 */
export class FeatureMapFigure {
  readonly title: string;
  /** The input images, `[N, 1, H, W]` float32. */
  readonly inputs: Tensor;
  /** One label per input. */
  readonly labels: readonly FigureImageLabel[];
  readonly kernels: readonly NamedKernel[];
  /** The kernels stacked as a conv2d weight, `[K, 1, kh, kw]`. */
  readonly weight: Tensor;
  readonly variants: readonly FigureVariant[];
  /** The colour scale shared by all maps: `[−limit, limit]` with limit = the largest |value|. */
  readonly colorScale: { readonly min: number; readonly max: number; readonly zeroCentered: true };
  private readonly bits: 8 | 16;
  private readonly zoom: number | undefined;

  constructor(spec: FeatureMapsSpec) {
    const { tensor, labels } = toInputs(spec.images);
    const kernelList = (Array.isArray(spec.kernels) ? spec.kernels : [spec.kernels]) as FigureKernel[];
    if (kernelList.length === 0) {
      throw new ConvLabError({
        parameter: "kernels",
        value: [],
        rule: "needs at least one kernel",
        fix: "e.g. kernels: ['sobel-x']",
        category: "argument",
      });
    }
    if (kernelList.length > LIMITS.kernels) throw tooMany("kernels", kernelList.length, LIMITS.kernels);
    const kernels = kernelList.map(toKernel);
    const [kh, kw] = kernels[0]!.tensor.shape as [number, number];
    kernels.forEach((k, i) => {
      const [h, w] = k.tensor.shape as [number, number];
      if (h !== kh || w !== kw) {
        throw new ConvLabError({
          parameter: `kernels[${i}]`,
          value: k.name,
          rule: `all kernels of one figure must have one size: ${kernels[0]!.name} is ${kh}x${kw} but ${k.name} is ${h}x${w}`,
          fix: "make one figure per kernel size",
          category: "kernel",
        });
      }
    });
    const weight = new Tensor([kernels.length, 1, kh, kw], new Float32Array(kernels.length * kh * kw));
    kernels.forEach((k, i) => {
      weight.data.set(k.tensor.data, i * kh * kw);
    });
    const specs = spec.variants ?? [{}];
    if (specs.length === 0) {
      throw new ConvLabError({
        parameter: "variants",
        value: [],
        rule: "needs at least one variant",
        fix: "e.g. variants: [{ padding: 1 }]",
        category: "argument",
      });
    }
    if (specs.length > LIMITS.variants) throw tooMany("variants", specs.length, LIMITS.variants);
    const ids = new Set<string>();
    const variants = specs.map((v, index): FigureVariant => {
      const options = {
        padding: v.padding ?? 0,
        stride: v.stride ?? 1,
        dilation: v.dilation ?? 1,
        paddingMode: v.paddingMode ?? "zeros",
      };
      try {
        const plan = planConv2d(tensor, weight, options);
        const { arithmetic } = plan;
        const output = runConv2d(plan);
        const stride: Pair = [arithmetic.height.stride, arithmetic.width.stride];
        const dilation: Pair = [arithmetic.height.dilation, arithmetic.width.dilation];
        let id = v.id ?? variantId(arithmetic.padding, stride, dilation, options.paddingMode);
        if (ids.has(id)) id = `${id}-${index}`;
        ids.add(id);
        return {
          id,
          title:
            v.title ??
            variantTitle(arithmetic, [kh, kw], arithmetic.padding, stride, dilation, options.paddingMode),
          padding: arithmetic.padding,
          stride,
          dilation,
          paddingMode: options.paddingMode,
          arithmetic,
          output,
          range: { min: output.min(), max: output.max() },
        };
      } catch (error) {
        if (error instanceof ConvLabError) throw error.within(`variants[${index}]`);
        throw error;
      }
    });
    const limit = Math.max(0, ...variants.map((v) => Math.max(Math.abs(v.range.min), Math.abs(v.range.max))));
    const scale = limit > 0 ? limit : 1;
    this.title = (
      spec.title ?? `${kernels.map((k) => k.name).join(", ")} on ${labels.map((l) => l.label).join(", ")}`
    ).slice(0, 200);
    this.inputs = tensor;
    this.labels = labels;
    this.kernels = kernels;
    this.weight = weight;
    this.variants = variants;
    this.colorScale = { min: -scale, max: scale, zeroCentered: true };
    this.bits = spec.bits ?? 8;
    this.zoom = spec.zoom;
  }

  /** Output shape `[N, K, outHeight, outWidth]` of each variant, by id. */
  get outputShapes(): { readonly id: string; readonly shape: readonly number[] }[] {
    return this.variants.map((v) => ({ id: v.id, shape: v.output.shape }));
  }

  /** The mosaic's colour limit (maps are drawn on `[−limit, limit]`). */
  get colorLimit(): number {
    return this.colorScale.max;
  }

  /** The JSON payload (validated against the schema before it is returned): ./figure-payload.ts. */
  toPayload(): FeatureMapPayload {
    return figurePayload(this, this.bits);
  }

  /** Number of feature-map pixels (all variants, inputs and kernels). */
  get mapPixels(): number {
    return this.variants.reduce((total, v) => total + v.output.numel, 0);
  }

  /** The labelled PNG figure at `zoom` PNG pixels per image pixel (default 3), and where each cell and label is. */
  toPng(zoom = 3, options: MosaicOptions = {}): { png: Buffer; layout: MosaicLayout } {
    return mosaicPng(this, zoom, options);
  }

  /** A short text summary: inputs, kernels and the shapes of each variant. */
  toText(): string {
    const [n, , h, w] = this.inputs.shape as [number, number, number, number];
    const k = this.kernels.length;
    const plural = (count: number, word: string) => `${count} ${word}${count === 1 ? "" : "s"}`;
    const lines = [
      `FeatureMapFigure: ${plural(n, "input")} × ${plural(k, "kernel")} × ${plural(this.variants.length, "variant")} (${h}x${w} inputs)`,
      `  inputs:  ${this.labels.map((l) => (l.datasetIndex === undefined ? l.label : `#${l.datasetIndex} ${l.label}`)).join(", ")}`,
      `  kernels: ${this.kernels.map((kk) => `${kk.name} ${kk.tensor.shape.join("x")}`).join(", ")}`,
    ];
    for (const v of this.variants) {
      const { height, width } = v.arithmetic;
      const worked = height.worked === width.worked ? height.worked : `${height.worked}; ${width.worked}`;
      lines.push(`  ${v.title}: maps [${v.output.shape.join(", ")}]; ${worked}`);
    }
    lines.push(`  colour scale: ±${this.colorScale.max.toPrecision(3)} (0 = mid-grey in the PNG)`);
    return lines.join("\n");
  }

  /** Prints the text summary. */
  toString(): string {
    return this.toText();
  }

  /**
   * The mime bundle: the validated JSON payload, the labelled PNG figure (base64; zoom chosen for
   * the size budget before encoding, see {@link FeatureMapsSpec.zoom}) with its size and `alt`
   * text in the metadata, and the text summary.
   */
  [MIME_BUNDLE](): MimeBundle {
    return figureBundle(this, this.zoom);
  }
}

/**
 * Convolves every image with every kernel under every variant (padding, stride, dilation, padding
 * mode, including one-sided padding `{ top, bottom, left, right }`) and returns the figure.
 *
 * @example
 * ```ts
 * import { featureMaps, tensor } from "convlab";
 * const figure = featureMaps({
 *   images: tensor([[0, 0, 1, 1], [0, 0, 1, 1], [0, 0, 1, 1], [0, 0, 1, 1]]),
 *   kernels: ["sobel-x", "identity"],
 *   variants: [{ padding: 0 }, { padding: 1, stride: 2 }, { padding: { top: 1, bottom: 0, left: 1, right: 0 } }],
 * });
 * figure.outputShapes.map((s) => s.shape); // [[1, 2, 2, 2], [1, 2, 2, 2], [1, 2, 3, 3]]
 * figure.variants.map((v) => v.id);        // ["p0-s1", "p1-s2", "pt1b0l1r0-s1"]
 * figure.variants[0]!.arithmetic.height.worked; // "4 − 3 + 0 + 1 = 2"
 * ```
 */
export function featureMaps(spec: FeatureMapsSpec): FeatureMapFigure {
  return new FeatureMapFigure(spec);
}
