/**
 * `npm run bench:figure`: the size of a feature-map figure's mime bundle (JSON payload + PNG +
 * text) per feature-map pixel, against the target of ≤ 2 bytes, for figures from the CLI example to
 * a full lecture figure. References, from the same figures: the maps as raw float32 (4 B/px) and
 * as base64 float32 (what an unquantized payload would cost). Also reports the time to build each.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { performance } from "node:perf_hooks";
import { loadFashionMnist } from "../src/data/fashion-mnist.js";
import { MIME_BUNDLE } from "../src/display.js";
import { BUNDLE_BYTES_PER_MAP_PIXEL, type FeatureMapsSpec, featureMaps } from "../src/figure/feature-maps.js";
import { FEATUREMAPS_MIME_TYPE } from "../src/figure/payload.js";

const fashion = await loadFashionMnist("test");
const lectureVariants = [0, 1, 2].flatMap((padding) => [1, 2].map((stride) => ({ padding, stride })));
const eight3x3 = [
  "identity",
  "box-blur",
  "gaussian-blur",
  "sharpen",
  "sobel-x",
  "sobel-y",
  "laplacian",
  "random",
] as const;

const cases: { name: string; spec: FeatureMapsSpec }[] = [
  {
    name: "CLI example: 1 image x sobel-x x 6 variants",
    spec: { images: fashion.select({ indices: [0] }), kernels: "sobel-x", variants: lectureVariants },
  },
  {
    name: "1 image x 4 kernels x 6 variants",
    spec: {
      images: fashion.select({ indices: [0] }),
      kernels: ["sobel-x", "sobel-y", "laplacian", "sharpen"],
      variants: lectureVariants,
    },
  },
  {
    name: "lecture: first of each class (10) x 4 kernels x 6 variants",
    spec: {
      images: fashion.select({ firstOfEachClass: true }),
      kernels: ["sobel-x", "sobel-y", "laplacian", "sharpen"],
      variants: lectureVariants,
    },
  },
  {
    name: "10 images x 8 kernels x 6 variants",
    spec: {
      images: fashion.select({ firstOfEachClass: true }),
      kernels: [...eight3x3],
      variants: lectureVariants,
    },
  },
  {
    name: "32 sampled images x 4 kernels x 9 variants (incl. one-sided, dilation)",
    spec: {
      images: fashion.select({ sample: 32, seed: 1 }),
      kernels: ["sobel-x", "sobel-y", "laplacian", "sharpen"],
      variants: [
        ...lectureVariants,
        { padding: { top: 2, bottom: 0, left: 2, right: 0 } },
        { padding: 2, dilation: 2 },
        { padding: 1, stride: 3 },
      ],
    },
  },
];

const bytes = (text: string) => Buffer.byteLength(text);
const rows = cases.map(({ name, spec }) => {
  const started = performance.now();
  const figure = featureMaps(spec);
  const built = performance.now();
  const bundle = figure[MIME_BUNDLE]();
  const done = performance.now();
  const pixels = figure.mapPixels;
  const payload = bytes(JSON.stringify(bundle.data[FEATUREMAPS_MIME_TYPE]));
  const png = bytes(bundle.data["image/png"] as string);
  const text = bytes(bundle.data["text/plain"] as string);
  const total = bytes(JSON.stringify(bundle));
  const meta = bundle.metadata?.["image/png"] as { width: number; height: number };
  return {
    figure: name,
    mapPixels: pixels,
    payloadBytes: payload,
    pngBase64Bytes: png,
    textBytes: text,
    bundleBytes: total,
    bytesPerMapPixel: total / pixels,
    target: BUNDLE_BYTES_PER_MAP_PIXEL,
    meetsTarget: total <= BUNDLE_BYTES_PER_MAP_PIXEL * pixels,
    png: `${meta.width}x${meta.height}`,
    referenceFloat32BytesPerPixel: 4,
    referenceBase64Float32BytesPerPixel: (Math.ceil((4 * pixels) / 3) * 4) / pixels,
    computeMs: built - started,
    bundleMs: done - built,
  };
});

console.log("feature-map bundle size (target: whole bundle ≤ 2 bytes per feature-map pixel)\n");
for (const r of rows) {
  console.log(`${r.figure}`);
  console.log(
    `  ${r.mapPixels} map pixels; bundle ${r.bundleBytes} B = payload ${r.payloadBytes} + PNG ${r.pngBase64Bytes} (base64, ${r.png}) + text ${r.textBytes} + JSON`,
  );
  console.log(
    `  ${r.bytesPerMapPixel.toFixed(3)} B/px ${r.meetsTarget ? "≤" : ">"} 2 → ${r.meetsTarget ? "MEETS" : "MISSES"} the target; reference: float32 4 B/px, base64 float32 ${r.referenceBase64Float32BytesPerPixel.toFixed(2)} B/px (bundle = ${((100 * r.bytesPerMapPixel) / r.referenceBase64Float32BytesPerPixel).toFixed(0)}% of it)`,
  );
  console.log(
    `  time: featureMaps ${r.computeMs.toFixed(0)} ms, bundle (payload + validation + PNG + text) ${r.bundleMs.toFixed(0)} ms\n`,
  );
}
mkdirSync("bench/results", { recursive: true });
writeFileSync("bench/results/figure.json", `${JSON.stringify(rows, null, 2)}\n`);
console.log("wrote bench/results/figure.json");
