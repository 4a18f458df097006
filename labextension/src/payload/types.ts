/**
 * The payload types, under the names the renderer uses. They are the producer's own types
 * (src/figure/payload.ts): one definition of the payload for both sides.
 */
export type {
  FeatureMapPayload as FeatureMapsPayload,
  PayloadAxis as AxisArithmetic,
  PayloadImage as InputImage,
  PayloadKernel as Kernel,
  PayloadVariant as Variant,
  QuantizedArray,
} from "../../../dist/figure/payload.js";

/** Padding on each side of an image, in pixels. */
export type PaddingSides = import("../../../dist/figure/payload.js").PayloadVariant["padding"];

/** How padded pixels get their values. */
export type PaddingMode = import("../../../dist/figure/payload.js").PayloadVariant["paddingMode"];
