/**
 * ConvLab's public API: what every notebook cell sees.
 *
 * The order follows the lecture: tensors, the book's corr2d, shape arithmetic, padding,
 * convolution with stride and dilation, pooling, transposed convolution, network shapes.
 */

export { type Conv2dAsyncOptions, conv2dAsync } from "./conv/batch.js";
export {
  type Conv2dActivation,
  type Conv2dOptions,
  conv2d,
  conv2dReference,
  conv2dShape,
  runConv2d,
} from "./conv/conv2d.js";
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
export { type Conv2dPlan, planConv2d } from "./conv/plan/conv.js";
export { type Pool2dPlan, planPool2d } from "./conv/plan/pool.js";
export { type ConvTranspose2dPlan, planConvTranspose2d } from "./conv/plan/transpose.js";
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
  slidingOutputSize,
} from "./conv/shape.js";
export { type ConvTranspose2dOptions, convTranspose2d, convTranspose2dShape } from "./conv/transpose.js";
// Pixel utilisation and heatmaps (lecture 1 and the dilation section).
export { pixelUsage } from "./conv/usage.js";
// Fashion-MNIST: the real images of the lecture's figures.
export { FASHION_MNIST_CLASSES, type FashionMnistClass } from "./data/classes.js";
export { type DownloadOptions, type DownloadResult, downloadFashionMnist } from "./data/download.js";
export {
  FashionMnist,
  type FashionMnistSelection,
  type ImageLabel,
  type LoadFashionMnistOptions,
  loadFashionMnist,
  loadFashionMnistFiles,
  type SelectionSpec,
} from "./data/fashion-mnist.js";
export {
  FASHION_MNIST_FILES,
  FASHION_MNIST_UPSTREAM_URL,
  type FashionMnistFile,
  type FashionMnistSplit,
} from "./data/files.js";
export {
  IDX_IMAGES_MAGIC,
  IDX_LABELS_MAGIC,
  type IdxExpectation,
  type IdxFile,
  readIdx,
} from "./data/idx.js";
export {
  DATA_DIR_ENV,
  type DataSource,
  defaultCacheDir,
  type LocatedFile,
  type LocateOptions,
  locateFashionMnistFiles,
  locateSplit,
  type SearchPlace,
  searchPlaces,
} from "./data/locate.js";
export { type Displayable, isDisplayable, MIME_BUNDLE, type MimeBundle } from "./display.js";
export { ConvLabError, type ConvLabErrorCategory, type ConvLabErrorDetails } from "./errors.js";
export {
  BUNDLE_BYTES_PER_MAP_PIXEL,
  type BundleFigureChoice,
  chooseFigure,
  estimatePngBytes,
  estimateSvgBytes,
  figureBundle,
  figureDescription,
  MAX_BUNDLE_ZOOM,
  MAX_RASTER_PIXELS,
  MAX_STATIC_ROWS,
  MAX_SVG_HEIGHT,
  SMALL_BUNDLE_BYTES,
  type SvgChoice,
  svgZoom,
  wantSvg,
} from "./figure/bundle.js";
// Feature-map figures: what every lecture cell displays.
export {
  BACKGROUND_GRAY,
  INPUT_LEVELS,
  inputGray,
  MAP_LEVELS,
  mapGray,
  paddingGray,
  ZERO_GRAY,
} from "./figure/colors.js";
export {
  FeatureMapFigure,
  type FeatureMapsSpec,
  type FigureImageLabel,
  type FigureImages,
  type FigureKernel,
  type FigureVariant,
  featureMaps,
  type VariantSpec,
} from "./figure/feature-maps.js";
export { figurePayload } from "./figure/figure-payload.js";
export { drawText, textMetrics } from "./figure/glyphs.js";
export { GrayCanvas, type Rect } from "./figure/gray-canvas.js";
export {
  KERNEL_NAMES,
  type KernelName,
  type KernelOptions,
  type NamedKernel,
  namedKernel,
  randomKernel,
} from "./figure/kernels.js";
export {
  fitText,
  formatTick,
  MAX_FIGURE_WIDTH,
  MIN_MAP_PIXELS,
  type MosaicCell,
  type MosaicLayout,
  type MosaicOptions,
  type MosaicSource,
  type MosaicText,
  maxZoomForWidth,
  mosaicLayout,
  TEXT_STYLES,
  type TextRole,
  type TextStyle,
} from "./figure/mosaic.js";
export {
  colorBarRuns,
  INK_GRAY,
  type MosaicPlane,
  mosaicPlanes,
  mosaicPng,
  mosaicRaster,
} from "./figure/mosaic-draw.js";
export { mosaicSvg, type SvgLabels } from "./figure/mosaic-svg.js";
export { type MosaicTones, mosaicTones } from "./figure/mosaic-tones.js";
export { encodeGrayPng, FIGURE_PNG_SETTINGS, type PngSettings } from "./figure/png-encode.js";
export { isXmlChar, xmlText } from "./figure/xml.js";
// Grading: what homework test cells call (captured before any student cell runs).
export {
  type CloseOptions,
  check,
  ExpectationError,
  expectClose,
  expectEqual,
  GRADE_MIME,
  type GradePayload,
  GradeResult,
} from "./grade/api/check.js";
export { restoreIntrinsics } from "./grade/api/intrinsics.js";
export * from "./net/index.js";
// The wire format (types, codec, validator, MIME types, padding index maps): one list, in
// src/payload/index.ts, which the extension imports as `convlab/payload`.
export * from "./payload/index.js";
export { Heatmap, type HeatmapSpec } from "./plot/heatmap.js";
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
export { type DType, MAX_ELEMENTS, type NestedArray, Tensor, type TensorData } from "./tensor/tensor.js";
