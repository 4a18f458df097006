/**
 * `convlab/payload`: the browser-safe wire format between the kernel and the JupyterLab extension,
 * in one module both sides import by name. It holds the feature-map payload's types (the
 * producer's names), the codec of its quantized arrays, the one validator, the MIME types, and the
 * padding index maps the renderer needs to draw a padded input exactly as `pad` makes it.
 *
 * No Node imports anywhere in its module graph (test/unit/figure/validate.test.ts checks it).
 */
export { type IndexMap, paddingSourceIndex } from "../conv/index-maps.js";
export type { PaddingMode, Sides } from "../conv/params.js";
export {
  base64DecodedLength,
  decodeBase64,
  dequantize,
  encodeBase64,
  type FeatureMapPayload,
  type PayloadAxis,
  type PayloadImage,
  type PayloadKernel,
  type PayloadVariant,
  type QuantizedArray,
  quantize,
  quantizedBytes,
} from "../figure/payload.js";
export {
  assertFeatureMapPayload,
  MAX_PAYLOAD_DATA_BYTES,
  MAX_PAYLOAD_VALUE,
  type PayloadIssue,
  type PayloadValidation,
  validateFeatureMapPayload,
} from "../figure/validate.js";
export { FEATUREMAPS_MIME_TYPE, PLOTLY_MIME } from "./mime.js";
