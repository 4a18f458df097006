/**
 * `npm run bench:figure`: the size and display cost of feature-map figures, from the CLI example to
 * a 64-image figure, measured in one run.
 * - Size: the whole mime bundle (payload + labelled PNG + text + metadata) per feature-map pixel
 *   against the target of ≤ 2 bytes, and the fixed overhead (the bundle with no map pixels) in bytes.
 * - Cost: computing the figure (convolution, the reference) and displaying it (payload, PNG, text),
 *   with the ratio display / compute; the targets: lecture figure ≤ 40 ms, 64 images ≤ 300 ms.
 * - The PNG: zoom and content the budget chose before encoding, the estimate against the real size.
 * - SVG vs PNG: per figure, the bytes and milliseconds of each (the SVG at the zoom the bundle
 *   gives it), the SVG's estimate against its real size, and whether the bundle carries it.
 * - PNG encoders: bytes and milliseconds per candidate on the lecture figure's raster.
 * - Memory: 16 displays of the 64-image figure in a synchronous loop, with and without a GC.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { performance } from "node:perf_hooks";
import { PNG } from "pngjs";
import { loadFashionMnist } from "../src/data/fashion-mnist.js";
import { MIME_BUNDLE, type MimeBundle } from "../src/display.js";
import {
  BUNDLE_BYTES_PER_MAP_PIXEL,
  chooseFigure,
  estimatePngBytes,
  estimateSvgBytes,
  figureDescription,
  svgZoom,
} from "../src/figure/bundle.js";
import { type FeatureMapFigure, type FeatureMapsSpec, featureMaps } from "../src/figure/feature-maps.js";
import { mosaicLayout } from "../src/figure/mosaic.js";
import { mosaicRaster } from "../src/figure/mosaic-draw.js";
import { mosaicSvg } from "../src/figure/mosaic-svg.js";
import { FEATUREMAPS_MIME_TYPE, type FeatureMapPayload } from "../src/figure/payload.js";
import { encodeGrayPng, FIGURE_PNG_SETTINGS, type PngSettings } from "../src/figure/png-encode.js";

const fashion = await loadFashionMnist("test");
const six = [0, 1, 2].flatMap((padding) => [1, 2].map((stride) => ({ padding, stride })));
const nine = [0, 1, 2].flatMap((padding) => [1, 2, 3].map((stride) => ({ padding, stride })));
const four = ["sobel-x", "sobel-y", "laplacian", "sharpen"] as const;

const cases: { name: string; spec: FeatureMapsSpec; target?: number }[] = [
  {
    name: "CLI example: 1 image x sobel-x x 6 variants",
    spec: { images: fashion.select({ indices: [0] }), kernels: "sobel-x", variants: six },
  },
  {
    name: "1 image x 4 kernels x 6 variants",
    spec: { images: fashion.select({ indices: [0] }), kernels: [...four], variants: six },
  },
  {
    name: "lecture: first of each class (10) x 4 kernels x 6 variants",
    spec: { images: fashion.select({ firstOfEachClass: true }), kernels: [...four], variants: six },
  },
  {
    name: "lecture: 10 x 4 kernels x 9 variants (issue 14's lecture figure)",
    spec: { images: fashion.select({ firstOfEachClass: true }), kernels: [...four], variants: nine },
    target: 40,
  },
  {
    name: "64 sampled images x 4 kernels x 9 variants",
    spec: { images: fashion.select({ sample: 64, seed: 1 }), kernels: [...four], variants: nine },
    target: 300,
  },
];

const bytes = (text: string) => Buffer.byteLength(text);
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
/** The median time of 5 runs (after one warm-up) and the last result. */
function timed<T>(work: () => T): { ms: number; result: T } {
  let result = work();
  const runs: number[] = [];
  for (let i = 0; i < 5; i++) {
    const t = performance.now();
    result = work();
    runs.push(performance.now() - t);
  }
  return { ms: median(runs), result };
}

/** The bundle with every map pixel removed: what does not grow with the figure's pixels. */
function fixedOverhead(bundle: MimeBundle): number {
  const payload = bundle.data[FEATUREMAPS_MIME_TYPE] as FeatureMapPayload;
  const empty = {
    ...bundle,
    data: {
      ...bundle.data,
      [FEATUREMAPS_MIME_TYPE]: {
        ...payload,
        variants: payload.variants.map((v) => ({ ...v, maps: { ...v.maps, base64: "" } })),
      },
      "image/png": "",
      ...(bundle.data["image/svg+xml"] === undefined ? {} : { "image/svg+xml": "" }),
    },
  };
  return bytes(JSON.stringify(empty));
}

function measure(spec: FeatureMapsSpec): {
  figure: FeatureMapFigure;
  computeMs: number;
  displayMs: number;
  bundle: MimeBundle;
} {
  const compute: number[] = [];
  const display: number[] = [];
  let figure = featureMaps(spec);
  let bundle = figure[MIME_BUNDLE]();
  for (let i = 0; i < 5; i++) {
    const t0 = performance.now();
    figure = featureMaps(spec);
    const t1 = performance.now();
    bundle = figure[MIME_BUNDLE]();
    const t2 = performance.now();
    compute.push(t1 - t0);
    display.push(t2 - t1);
  }
  return { figure, computeMs: median(compute), displayMs: median(display), bundle };
}

console.log("feature-map figures: bundle size (target ≤ 2 B per map pixel) and display cost\n");
const rows = cases.map(({ name, spec, target }) => {
  const { figure, computeMs, displayMs, bundle } = measure(spec);
  const pixels = figure.mapPixels;
  const total = bytes(JSON.stringify(bundle));
  const png = Buffer.from(bundle.data["image/png"] as string, "base64");
  const meta = bundle.metadata?.["image/png"] as { width: number; height: number };
  // what the bundle weighed before it chose the PNG: everything but the images
  const { "image/svg+xml": _svg, ...withoutSvg } = bundle.data;
  const fixedJson = bytes(
    JSON.stringify({
      data: { ...withoutSvg, "image/png": "" },
      metadata: { "image/png": bundle.metadata?.["image/png"] },
    }),
  );
  const choice = chooseFigure(figure, fixedJson);
  const estimate = estimatePngBytes(mosaicLayout(figure, choice.zoom, choice.options));
  const pngRun = timed(() => figure.toPng(choice.zoom, choice.options).png);
  const vectorZoom = svgZoom(figure, choice.zoom, choice.options);
  const labels = { title: figure.title, description: figureDescription(figure) };
  const svgRun = timed(() => mosaicSvg(figure, vectorZoom, choice.options, labels));
  const svgBytes = bytes(svgRun.result.svg);
  const svgEstimate =
    estimateSvgBytes(mosaicLayout(figure, vectorZoom, choice.options)) +
    bytes(JSON.stringify(figure.title + labels.description));
  const svgInBundle = typeof bundle.data["image/svg+xml"] === "string";
  const row = {
    figure: name,
    mapPixels: pixels,
    bundleBytes: total,
    bytesPerMapPixel: total / pixels,
    meetsSizeTarget: total <= BUNDLE_BYTES_PER_MAP_PIXEL * pixels,
    fixedOverheadBytes: fixedOverhead(bundle),
    payloadBytes: bytes(JSON.stringify(bundle.data[FEATUREMAPS_MIME_TYPE])),
    pngBytes: png.length,
    pngEstimateBytes: estimate,
    png: `${meta.width}x${meta.height}`,
    zoom: choice.zoom,
    leftOut: choice.options,
    pngMs: pngRun.ms,
    svgBytes,
    svgEstimateBytes: svgEstimate,
    svgMs: svgRun.ms,
    svgZoom: vectorZoom,
    svg: `${svgRun.result.layout.width}x${svgRun.result.layout.height}`,
    svgInBundle,
    computeMs,
    displayMs,
    displayToCompute: displayMs / computeMs,
    displayTargetMs: target ?? null,
    meetsDisplayTarget: target === undefined ? null : displayMs <= target,
  };
  console.log(name);
  console.log(
    `  ${pixels} map px; bundle ${total} B = ${row.bytesPerMapPixel.toFixed(3)} B/px ${row.meetsSizeTarget ? "≤ 2: MEETS" : "> 2: MISSES"}; fixed overhead ${row.fixedOverheadBytes} B (${(row.fixedOverheadBytes / pixels).toFixed(3)} B/px); payload ${row.payloadBytes} B`,
  );
  console.log(
    `  PNG ${row.png} zoom ${choice.zoom}${choice.options.mapRows ? `, maps of ${choice.options.mapRows} images` : ""}${choice.options.inputsRow === false ? ", no inputs row" : ""}: ${png.length} B (estimated ${estimate} B before encoding, ${((100 * estimate) / png.length).toFixed(0)}%)`,
  );
  console.log(
    `  SVG ${row.svg} zoom ${vectorZoom}: ${svgBytes} B in ${svgRun.ms.toFixed(1)} ms (estimated ${svgEstimate} B, ${((100 * svgEstimate) / svgBytes).toFixed(0)}%) vs PNG ${png.length} B (${Math.ceil(png.length / 3) * 4} B as base64) in ${pngRun.ms.toFixed(1)} ms; ${svgInBundle ? "in the bundle" : "not in the bundle"}`,
  );
  console.log(
    `  compute (conv) ${computeMs.toFixed(1)} ms, display ${displayMs.toFixed(1)} ms = ${row.displayToCompute.toFixed(2)}× compute${target === undefined ? "" : `; target ≤ ${target} ms: ${row.meetsDisplayTarget ? "MEETS" : "MISSES"}`}\n`,
  );
  return row;
});

// PNG encoders on the lecture figure's raster.
const lecture = featureMaps(cases[3]!.spec);
const { canvas } = mosaicRaster(lecture, 1);
const rgba = Buffer.alloc(canvas.width * canvas.height * 4, 255);
for (let i = 0; i < canvas.pixels.length; i++) rgba.fill(canvas.pixels[i]!, 4 * i, 4 * i + 3);
const time = (encode: () => Buffer) => {
  const runs: number[] = [];
  let out = encode();
  for (let i = 0; i < 5; i++) {
    const t = performance.now();
    out = encode();
    runs.push(performance.now() - t);
  }
  return { bytes: out.length, ms: median(runs) };
};
const own = (s: PngSettings) => () => encodeGrayPng(canvas.pixels, canvas.width, canvas.height, s);
const pngjs = (level: number, filter: number, strategy: number) => () => {
  const image = new PNG({ width: canvas.width, height: canvas.height });
  image.data = rgba;
  return PNG.sync.write(image, {
    colorType: 0,
    deflateLevel: level,
    deflateStrategy: strategy,
    filterType: filter,
  });
};
const candidates: [string, () => Buffer][] = [
  ["pngjs 8-bit, adaptive filter, level 9, filtered strategy (before issue 14)", pngjs(9, -1, 1)],
  ["pngjs 8-bit, no filter, level 6", pngjs(6, 0, 0)],
  ["zlib 8-bit, no filter, level 6", own({ bits: 8, level: 6, filter: 0 })],
  ["zlib 8-bit, up filter, level 6", own({ bits: 8, level: 6, filter: 2 })],
  ["zlib 4-bit, no filter, level 6", own({ bits: 4, level: 6, filter: 0 })],
  ["zlib 4-bit, sub filter, level 6", own({ bits: 4, level: 6, filter: 1 })],
  ["zlib 4-bit, up filter, level 6", own({ bits: 4, level: 6, filter: 2 })],
  ["zlib 4-bit, up filter, level 5", own({ bits: 4, level: 5, filter: 2 })],
  ["zlib 4-bit, no filter, level 9", own({ bits: 4, level: 9, filter: 0 })],
  ["zlib 4-bit, no filter, level 7", own({ bits: 4, level: 7, filter: 0 })],
  [`zlib 4-bit, no filter, level ${FIGURE_PNG_SETTINGS.level} (chosen)`, own(FIGURE_PNG_SETTINGS)],
  ["zlib 4-bit, no filter, level 4", own({ bits: 4, level: 4, filter: 0 })],
  ["zlib 4-bit, no filter, level 3", own({ bits: 4, level: 3, filter: 0 })],
  ["zlib 4-bit, no filter, level 1", own({ bits: 4, level: 1, filter: 0 })],
];
console.log(`PNG encoders on the lecture figure's raster (${canvas.width}x${canvas.height}):`);
const encoders = candidates.map(([name, encode]) => {
  const r = time(encode);
  console.log(`  ${name}: ${r.bytes} B, ${r.ms.toFixed(1)} ms`);
  return { encoder: name, ...r };
});

// Memory: 16 displays of the 64-image figure in one synchronous loop.
const gc = (globalThis as { gc?: () => void }).gc;
const big = featureMaps(cases[4]!.spec);
const used = () => {
  const m = process.memoryUsage();
  return (m.heapUsed + m.external) / 2 ** 20;
};
gc?.();
const before = used();
let peak = before;
for (let i = 0; i < 16; i++) {
  big[MIME_BUNDLE]();
  peak = Math.max(peak, used());
}
const afterLoop = used();
gc?.();
const afterGc = used();
const memory = { beforeMB: before, peakMB: peak, afterLoopMB: afterLoop, afterSyncGcMB: afterGc };
console.log(
  `\nmemory, 16 displays of the 64-image figure in one synchronous loop: heap+external ${before.toFixed(0)} MB before, peak ${peak.toFixed(0)} MB, ${afterLoop.toFixed(0)} MB after the loop, ${afterGc.toFixed(0)} MB after a synchronous GC (no event-loop turn)${gc ? "" : " (run with --expose-gc for the last figure)"}`,
);

mkdirSync("bench/results", { recursive: true });
writeFileSync(
  "bench/results/figure.json",
  `${JSON.stringify({ figures: rows, encoders, memory }, null, 2)}\n`,
);
console.log("wrote bench/results/figure.json");
