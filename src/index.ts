/**
 * ConvLab's public API: what every notebook cell sees.
 *
 * The order follows the lecture: tensors, the book's corr2d, shape arithmetic, padding,
 * convolution with stride and dilation, pooling, transposed convolution, network shapes.
 */

export { type Conv2dOptions, conv2d, conv2dShape } from "./conv/conv2d.js";
export { corr2d } from "./conv/corr2d.js";
export { pad } from "./conv/pad.js";
export {
  type IntOrPair,
  PADDING_MODES,
  type PaddingMode,
  type PaddingSpec,
  type Pair,
  type Sides,
  toPair,
} from "./conv/params.js";
export {
  type AvgPool2dOptions,
  avgPool2d,
  type MaxPool2dOptions,
  maxPool2d,
  type Pool2dOptions,
  pool2dShape,
} from "./conv/pool.js";
export {
  type AxisArithmetic,
  type ConvGeometry,
  type ConvTransposeGeometry,
  conv2dOutputShape,
  convAxis,
  convTranspose2dOutputShape,
  type PoolGeometry,
  pool2dOutputShape,
  resolvePadding,
  type ShapeArithmetic,
} from "./conv/shape.js";
export { type ConvTranspose2dOptions, convTranspose2d, convTranspose2dShape } from "./conv/transpose.js";
export { type Displayable, isDisplayable, MIME_BUNDLE, type MimeBundle } from "./display.js";
export { ConvLabError, type ConvLabErrorCategory, type ConvLabErrorDetails } from "./errors.js";
export * from "./net/index.js";
export {
  LineChart,
  type LineChartSpec,
  PLOTLY_MIME,
  type Series,
  sizePerLayerChart,
} from "./plot/line-chart.js";
export {
  arange,
  type CreateOptions,
  full,
  ones,
  type RandomOptions,
  rand,
  randn,
  tensor,
  zeros,
} from "./tensor/create.js";
export { formatTensor } from "./tensor/format.js";
export { type RandomSource, seededRandom } from "./tensor/random.js";
export { type DType, type NestedArray, Tensor, type TensorData } from "./tensor/tensor.js";
