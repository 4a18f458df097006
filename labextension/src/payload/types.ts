/**
 * The payload types, under the producer's own names, from `convlab/payload`: one definition of
 * the payload for both sides.
 */
export type {
  FeatureMapPayload,
  PaddingMode,
  PayloadAxis,
  PayloadImage,
  PayloadKernel,
  PayloadVariant,
  QuantizedArray,
  Sides,
} from "convlab/payload";
