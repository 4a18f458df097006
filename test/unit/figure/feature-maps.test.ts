import { describe, expect, it } from "vitest";
import { conv2d } from "../../../src/conv/conv2d.js";
import { conv2dOutputShape } from "../../../src/conv/shape.js";
import { loadFashionMnist } from "../../../src/data/fashion-mnist.js";
import { MIME_BUNDLE } from "../../../src/display.js";
import { ConvLabError } from "../../../src/errors.js";
import { BUNDLE_BYTES_PER_MAP_PIXEL, featureMaps } from "../../../src/figure/feature-maps.js";
import { namedKernel } from "../../../src/figure/kernels.js";
import { dequantize, FEATUREMAPS_MIME_TYPE, type FeatureMapPayload } from "../../../src/figure/payload.js";
import { validateFeatureMapPayload } from "../../../src/figure/validate.js";
import { ones, rand, tensor } from "../../../src/tensor/create.js";
import { schemaErrors } from "../../support/schema.js";

const fashion = await loadFashionMnist("test", { env: {} });
const LECTURE_VARIANTS = [0, 1, 2].flatMap((padding) => [1, 2].map((stride) => ({ padding, stride })));

function bundleOf(figure: ReturnType<typeof featureMaps>) {
  const bundle = figure[MIME_BUNDLE]();
  const payload = bundle.data[FEATUREMAPS_MIME_TYPE] as FeatureMapPayload;
  // every bundle: valid against the schema (compiled independently here) and by our validator
  expect(schemaErrors(payload)).toBe("");
  const verdict = validateFeatureMapPayload(JSON.parse(JSON.stringify(payload)));
  expect(verdict.valid ? "" : verdict.message).toBe("");
  return { bundle, payload };
}

describe("featureMaps on the book's examples", () => {
  it("the [1, -1] edge detector finds the edges of the book's 6×8 image (D2L 7.2)", () => {
    const X = ones([6, 8]);
    for (let i = 0; i < 6; i++) for (let j = 2; j < 6; j++) X.set(0, i, j);
    const figure = featureMaps({ images: X, kernels: "edge" });
    expect(figure.variants[0]!.output.tolist()).toEqual([[new Array(6).fill([0, 1, 0, 0, 0, -1, 0])]]);
    bundleOf(figure);
  });

  it("gives the book's output shapes for its padding and stride settings (D2L 7.3, 8×8 input)", () => {
    const X = rand([1, 1, 8, 8], { seed: 1 });
    const cases = [
      { kernel: [3, 3], variant: { padding: 1 }, shape: [8, 8] },
      { kernel: [5, 3], variant: { padding: [2, 1] as const }, shape: [8, 8] },
      { kernel: [3, 3], variant: { padding: 1, stride: 2 }, shape: [4, 4] },
      { kernel: [3, 5], variant: { padding: [0, 1] as const, stride: [3, 4] as const }, shape: [2, 2] },
    ];
    for (const c of cases) {
      const K = rand(c.kernel, { seed: 2 });
      const figure = featureMaps({ images: X, kernels: K, variants: [c.variant] });
      expect(figure.variants[0]!.output.shape).toEqual([1, 1, ...c.shape]);
      expect(figure.variants[0]!.arithmetic.output).toEqual(c.shape);
      bundleOf(figure);
    }
  });
});

describe("featureMaps on Fashion-MNIST", () => {
  const selection = fashion.select({ indices: [0, 1] });
  const kernels = ["sobel-x", "sobel-y", "laplacian"] as const;
  const variants = [
    ...LECTURE_VARIANTS,
    { padding: { top: 2, bottom: 0, left: 1, right: 0 } },
    { padding: 2, dilation: 2 },
    { padding: 1, paddingMode: "reflect" as const, stride: [1, 2] as const },
  ];
  const figure = featureMaps({ images: selection, kernels: [...kernels], variants });

  it("each variant's maps equal conv2d's result for that setting", () => {
    const weight = tensor(kernels.map((k) => [namedKernel(k).tensor.tolist()] as never)).reshape(3, 1, 3, 3);
    figure.variants.forEach((variant, i) => {
      const spec = variants[i]!;
      const expected = conv2d(selection.tensor, weight, {
        padding: spec.padding,
        stride: "stride" in spec ? spec.stride : 1,
        dilation: "dilation" in spec ? spec.dilation : 1,
        paddingMode: "paddingMode" in spec ? spec.paddingMode : "zeros",
      });
      expect(variant.output.shape).toEqual(expected.shape);
      expect(Array.from(variant.output.data)).toEqual(Array.from(expected.data));
    });
  });

  it("holds the shape arithmetic of src/conv/shape.ts for each variant", () => {
    figure.variants.forEach((variant, i) => {
      const spec = variants[i]!;
      const expected = conv2dOutputShape({ input: [28, 28], kernel: 3, ...spec });
      expect(variant.arithmetic.explain()).toBe(expected.explain());
    });
    // 28×28, k=3: p=0,s=1 → 26; p=1,s=2 → 14; p=2,s=2 → 15; top 2 / bottom 0 → 28 high, left 1 → 27 wide
    expect(figure.outputShapes.map((s) => s.shape.slice(2))).toEqual([
      [26, 26],
      [13, 13],
      [28, 28],
      [14, 14],
      [30, 30],
      [15, 15],
      [28, 27],
      [28, 28],
      [28, 14],
    ]);
    expect(figure.variants.map((v) => v.id)).toEqual([
      "p0-s1",
      "p0-s2",
      "p1-s1",
      "p1-s2",
      "p2-s1",
      "p2-s2",
      "pt2b0l1r0-s1",
      "p2-s1-d2",
      "p1-s1x2-reflect",
    ]);
    expect(figure.variants[3]!.title).toBe("28×28 → 14×14 (k=3, p=1, s=2)");
  });

  it("keeps labels, value ranges and a shared zero-centred colour scale", () => {
    expect(figure.labels.map((l) => [l.label, l.datasetIndex])).toEqual([
      ["Ankle boot", 0],
      ["Pullover", 1],
    ]);
    for (const v of figure.variants) expect(v.range).toEqual({ min: v.output.min(), max: v.output.max() });
    const limit = Math.max(...figure.variants.map((v) => Math.max(-v.range.min, v.range.max)));
    expect(figure.colorScale).toEqual({ min: -limit, max: limit, zeroCentered: true });
  });

  it("puts the same numbers in the payload: inputs exact, maps within half a quantization step", () => {
    const { payload } = bundleOf(figure);
    expect(payload.inputs.map((i) => [i.label, i.classIndex, i.datasetIndex, i.split])).toEqual([
      ["Ankle boot", 9, 0, "test"],
      ["Pullover", 2, 1, "test"],
    ]);
    expect(Array.from(dequantize(payload.inputs[1]!.pixels))).toEqual(
      Array.from(selection.tensor.data.subarray(784, 2 * 784)),
    );
    expect(payload.kernels.map((k) => k.name)).toEqual([...kernels]);
    payload.variants.forEach((pv, i) => {
      const output = figure.variants[i]!.output;
      expect(pv.maps.shape).toEqual(output.shape);
      const decoded = dequantize(pv.maps);
      let worst = 0;
      for (let p = 0; p < output.numel; p++) worst = Math.max(worst, Math.abs(decoded[p]! - output.data[p]!));
      expect(worst).toBeLessThanOrEqual(pv.maps.scale / 2 + 1e-5);
      expect(pv.height.worked).toBe(figure.variants[i]!.arithmetic.height.worked);
    });
  });

  it("summarises shapes per variant in text/plain", () => {
    const text = figure[MIME_BUNDLE]().data["text/plain"] as string;
    expect(text.split("\n")[0]).toBe("FeatureMapFigure: 2 inputs × 3 kernels × 9 variants (28x28 inputs)");
    expect(text).toContain(
      "  28×28 → 14×14 (k=3, p=1, s=2): maps [2, 3, 14, 14]; ⌊(28 − 3 + 2 + 2) / 2⌋ = ⌊29 / 2⌋ = 14\n",
    );
    expect(text).toContain(
      "  28×28 → 28×27 (k=3, p=t2b0l1r0, s=1): maps [2, 3, 28, 27]; 28 − 3 + 2 + 1 = 28; 28 − 3 + 1 + 1 = 27\n",
    );
  });

  it("keeps a lecture-sized bundle within 2 bytes per feature-map pixel", () => {
    const lecture = featureMaps({
      images: fashion.select({ firstOfEachClass: true }),
      kernels: ["sobel-x", "sobel-y", "laplacian", "sharpen"],
      variants: LECTURE_VARIANTS,
    });
    const size = Buffer.byteLength(JSON.stringify(lecture[MIME_BUNDLE]()));
    expect(size).toBeLessThanOrEqual(BUNDLE_BYTES_PER_MAP_PIXEL * lecture.mapPixels);
  });
});

describe("featureMaps rejects what a figure cannot show", () => {
  it("kernels of different sizes", () => {
    expect(() => featureMaps({ images: ones([4, 4]), kernels: ["sobel-x", "edge"] })).toThrow(
      /all kernels of one figure must have one size: sobel-x is 3x3 but edge is 1x2/,
    );
  });

  it("a variant whose kernel does not fit, naming the variant", () => {
    let error: unknown;
    try {
      featureMaps({ images: ones([2, 2]), kernels: "sobel-x", variants: [{ padding: 1 }, { padding: 0 }] });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConvLabError);
    expect((error as ConvLabError).message).toMatch(
      /^variants\[1\]: kernel = \[3, 3\]: kernel 3x3 is larger than the padded input 2x2/,
    );
  });

  it("multi-channel images and too many variants", () => {
    expect(() => featureMaps({ images: ones([1, 3, 4, 4]), kernels: "identity" })).toThrow(
      /one-channel images/,
    );
    expect(() =>
      featureMaps({
        images: ones([4, 4]),
        kernels: "identity",
        variants: new Array(33).fill({ padding: 1 }),
      }),
    ).toThrow(/at most 32 variants/);
  });
});
