export type {
  ActivationLayer,
  BatchNorm2dLayer,
  ConcatLayer,
  Conv2dLayer,
  ConvTranspose2dLayer,
  DropoutLayer,
  FlattenLayer,
  Layer,
  LinearLayer,
  Pool2dLayer,
} from "./layers.js";
export * as layers from "./layers.js";
export { layerName } from "./layers.js";
export { type LayerSummary, NetworkSummary, summary } from "./summary.js";
