import { readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { PNG } from "pngjs";
import { describe, expect, it } from "vitest";
import { loadFashionMnist } from "../../../src/data/fashion-mnist.js";
import { MIME_BUNDLE } from "../../../src/display.js";
import { featureMaps } from "../../../src/figure/feature-maps.js";
import { MAX_FIGURE_WIDTH, type MosaicCell } from "../../../src/figure/mosaic.js";
import { rand, tensor } from "../../../src/tensor/create.js";

const here = dirname(fileURLToPath(import.meta.url));
const fashion = await loadFashionMnist("test", { env: {} });

/** The greys of a region of a decoded greyscale PNG. */
function region(png: PNG, cell: MosaicCell): number[] {
  const out: number[] = [];
  for (let y = cell.y; y < cell.y + cell.height; y++) {
    for (let x = cell.x; x < cell.x + cell.width; x++) out.push(png.data[(y * png.width + x) * 4]!);
  }
  return out;
}

describe("the labelled static figure", () => {
  const images = fashion.select({ indices: [0, 1, 2] });
  const figure = featureMaps({
    images,
    kernels: ["sobel-x", "laplacian"],
    variants: [{ padding: 0 }, { padding: 1, stride: 2 }, { padding: 2, stride: 3 }],
  });
  const { png: bytes, layout } = figure.toPng(2);
  const png = PNG.sync.read(bytes);
  const texts = (role: string) => layout.texts.filter((t) => t.role === role).map((t) => t.text);

  it("says what each block is: title, per-variant arithmetic, kernel names over columns, class names beside rows", () => {
    expect(texts("title")).toEqual(["sobel-x, laplacian on Ankle boot, Pullover, Trouser"]);
    // the book's formula ⌊(n + 2p − k) / s⌋ + 1 on 28×28 with k = 3
    expect(texts("variant")).toEqual([
      "28×28 → 26×26 (k=3, p=0, s=1)",
      "28×28 → 14×14 (k=3, p=1, s=2)",
      "28×28 → 10×10 (k=3, p=2, s=3)",
    ]);
    expect(texts("column")).toEqual(new Array(3).fill(["sobel-x", "laplacian"]).flat());
    expect(texts("row")).toEqual(new Array(3).fill(["Ankle boot", "Pullover", "Trouser"]).flat());
    expect(texts("caption")).toEqual(["padded", "padded", "padded"]);
    expect(texts("legend").join(" ")).toMatch(/inputs: 0 = black, 1 = white .*padding: checkerboard/);
    expect(texts("legend").join(" ")).toMatch(/not the inputs'/);
    expect(texts("tick")).toHaveLength(5);
  });

  it("draws every label: no text region is blank (each holds dark ink on the white background)", () => {
    expect(layout.texts.length).toBeGreaterThan(20);
    for (const t of layout.texts) {
      const greys = region(png, t.box);
      expect(Math.min(...greys), `${t.role} "${t.text}"`).toBeLessThanOrEqual(51);
      expect(greys.filter((g) => g <= 119).length, `${t.role} "${t.text}"`).toBeGreaterThan(
        2 * t.text.trim().length,
      );
    }
  });

  it("puts each column's kernel name over its maps and each class name beside its row", () => {
    const columns = layout.texts.filter((t) => t.role === "column");
    const rows = layout.texts.filter((t) => t.role === "row");
    layout.maps.forEach((variant, v) => {
      variant.forEach((row, i) => {
        const name = rows[v * 3 + i]!.box;
        expect(name.x + name.width).toBeLessThanOrEqual(row[0]!.x);
        expect(name.y).toBeGreaterThanOrEqual(row[0]!.y);
        expect(name.y).toBeLessThan(row[0]!.y + row[0]!.height);
        row.forEach((map, j) => {
          const header = columns[v * 2 + j]!.box;
          expect(header.x).toBe(map.x);
          expect(header.y + header.height).toBeLessThanOrEqual(map.y);
        });
      });
    });
  });

  it("enlarges small maps by an integer factor (a 10×10 map is at least 12 px) and marks padding", () => {
    expect(layout.mapZoom).toEqual([2, 2, 2]);
    const small = layout.maps[2]![0]![0]!;
    expect([small.width, small.height]).toEqual([20, 20]);
    // the 2-pixel zero padding of variant 3: a checkerboard of black (0) and its inverse (255)
    const padded = layout.padded[2]!;
    expect(region(png, { x: padded.x, y: padded.y, width: 4, height: 1 })).toEqual([0, 0, 255, 255]);
  });

  it("stays within 1200 px for 64 kernels, wrapping the columns", () => {
    const kernels = Array.from({ length: 64 }, (_, i) => rand([3, 3], { seed: i }));
    const wide = featureMaps({
      images: fashion.select({ indices: [0] }),
      kernels,
      variants: [{ padding: 1 }],
    });
    const wideLayout = wide.toPng(4).layout;
    expect(wideLayout.width).toBeLessThanOrEqual(MAX_FIGURE_WIDTH);
    const maps = wideLayout.maps[0]![0]!;
    expect(maps).toHaveLength(64);
    for (const m of maps) expect(m.x + m.width).toBeLessThanOrEqual(wideLayout.width);
    expect(new Set(maps.map((m) => m.y)).size).toBeGreaterThan(1);
  });

  it("carries alt text and the text summary in the bundle", () => {
    const bundle = figure[MIME_BUNDLE]();
    const meta = bundle.metadata?.["image/png"] as { alt: string; width: number; height: number };
    expect(meta.alt).toContain("Ankle boot, Pullover, Trouser");
    expect(meta.alt).toContain("sobel-x, laplacian");
    expect(meta.alt).toContain("28×28 → 14×14 (k=3, p=1, s=2)");
    expect(bundle.data["text/plain"]).toMatch(/^FeatureMapFigure: 3 inputs × 2 kernels × 3 variants/);
    const decoded = PNG.sync.read(Buffer.from(bundle.data["image/png"] as string, "base64"));
    expect([decoded.width, decoded.height]).toEqual([meta.width, meta.height]);
    expect(meta.width).toBeLessThanOrEqual(MAX_FIGURE_WIDTH);
  });
});

describe("the labelled figure against its golden image", () => {
  // A synthetic step image: the whole figure is fixed by the code, the pinned font and resvg.
  const step = tensor([
    [0, 0, 1, 1, 1],
    [0, 0, 1, 1, 1],
    [0, 0, 0, 1, 1],
    [0, 0, 0, 0, 1],
  ]);
  const figure = featureMaps({
    images: step,
    kernels: ["edge"],
    variants: [{ padding: 0 }, { padding: 1, stride: 2 }],
    title: "golden: edge on a step",
  });
  const goldenPath = join(here, "golden", "labelled-step.png");

  it("matches pixel for pixel, up to font-rendering differences (≤ 1 % of pixels off by more than 2 grey levels)", () => {
    const { png } = figure.toPng(3);
    if (process.env.CONVLAB_UPDATE_GOLDEN === "1") writeFileSync(goldenPath, png);
    const actual = PNG.sync.read(png);
    const golden = PNG.sync.read(readFileSync(goldenPath));
    expect([actual.width, actual.height]).toEqual([golden.width, golden.height]);
    let off = 0;
    for (let i = 0; i < actual.data.length; i += 4)
      if (Math.abs(actual.data[i]! - golden.data[i]!) > 34) off++;
    expect(off / (actual.width * actual.height)).toBeLessThanOrEqual(0.01);
  });
});
