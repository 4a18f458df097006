/**
 * TypeScript shapes of `application/vnd.convlab.featuremaps.v1+json`, one for one with
 * `schema/featuremaps.v1.schema.json` (the lead's schema; the validator is compiled from it).
 */

/** A row-major array stored as little-endian unsigned integers: value = offset + scale · q. */
export interface QuantizedArray {
  readonly shape: readonly number[];
  readonly bits: 8 | 16;
  readonly scale: number;
  readonly offset: number;
  readonly base64: string;
}

export interface InputImage {
  readonly label: string;
  readonly classIndex?: number;
  readonly datasetIndex?: number;
  readonly split?: "train" | "test" | "synthetic";
  readonly height: number;
  readonly width: number;
  /** shape [height, width], values in [0, 1] */
  readonly pixels: QuantizedArray;
}

export interface Kernel {
  readonly name: string;
  readonly description?: string;
  readonly height: number;
  readonly width: number;
  /** row-major, height · width numbers */
  readonly values: readonly number[];
}

/** The shape arithmetic of one axis (as src/conv/shape.ts AxisArithmetic). */
export interface AxisArithmetic {
  readonly input: number;
  readonly kernel: number;
  readonly dilation: number;
  readonly padBefore: number;
  readonly padAfter: number;
  readonly stride: number;
  readonly output: number;
  readonly formula: string;
  readonly worked: string;
}

export interface PaddingSides {
  readonly top: number;
  readonly bottom: number;
  readonly left: number;
  readonly right: number;
}

export type PaddingMode = "zeros" | "reflect" | "replicate" | "circular";

export interface Variant {
  readonly id: string;
  /** e.g. `28×28 → 14×14 (k=3, p=1, s=2)` */
  readonly title: string;
  readonly padding: PaddingSides;
  readonly stride: readonly [number, number];
  readonly dilation: readonly [number, number];
  readonly paddingMode: PaddingMode;
  readonly height: AxisArithmetic;
  readonly width: AxisArithmetic;
  /** shape [inputs, kernels, outHeight, outWidth] */
  readonly maps: QuantizedArray;
  readonly range: { readonly min: number; readonly max: number };
}

export interface FeatureMapsPayload {
  readonly version: 1;
  readonly title: string;
  readonly inputs: readonly InputImage[];
  readonly kernels: readonly Kernel[];
  readonly variants: readonly Variant[];
  readonly colorScale: { readonly min: number; readonly max: number; readonly zeroCentered: boolean };
}
