import { PNG } from "pngjs";
import { describe, expect, it } from "vitest";
import { loadFashionMnist } from "../../../src/data/fashion-mnist.js";
import { MIME_BUNDLE } from "../../../src/display.js";
import { BACKGROUND_GRAY, ZERO_GRAY } from "../../../src/figure/colors.js";
import { featureMaps } from "../../../src/figure/feature-maps.js";
import { tensor } from "../../../src/tensor/create.js";

// The figure's grey scale, stated independently of src/figure/colors.ts: a 4-bit PNG has the 16
// greys 0, 17, …, 255; maps run from 34 (−limit) through 136 (0) to 238 (+limit).
const MAP_LOW = 34;
const MAP_ZERO = 136;
const MAP_HIGH = 238;

/** The grey at (x, y) of a decoded greyscale PNG (pngjs decodes to RGBA; R = G = B). */
function grayAt(png: PNG, x: number, y: number): number {
  const o = (y * png.width + x) * 4;
  expect([png.data[o + 1], png.data[o + 2], png.data[o + 3]]).toEqual([png.data[o], png.data[o], 255]);
  return png.data[o]!;
}

describe("the PNG figure, decoded back with pngjs", () => {
  // A step image: X[i, j] − X[i, j+1] with the book's [1, -1] kernel is -1 at the step, 0 elsewhere.
  const step = tensor([
    [0, 0, 1, 1],
    [0, 0, 1, 1],
    [0, 0, 1, 1],
  ]);
  const figure = featureMaps({ images: step, kernels: "edge", variants: [{}, { padding: 1 }] });
  const zoom = 2;
  const { png: bytes, layout } = figure.toPng(zoom);
  const png = PNG.sync.read(bytes);

  it("is a 4-bit greyscale PNG of the layout's size", () => {
    expect([png.width, png.height]).toEqual([layout.width, layout.height]);
    expect(bytes[25]).toBe(0); // IHDR colour type 0: greyscale
    expect(bytes[24]).toBe(4); // 4 bits per sample
    expect([BACKGROUND_GRAY, ZERO_GRAY]).toEqual([255, MAP_ZERO]);
  });

  it("draws the input: 0 black, 1 white, each pixel a zoom×zoom block", () => {
    const cell = layout.inputs[0]!;
    expect(grayAt(png, cell.x, cell.y)).toBe(0);
    expect(grayAt(png, cell.x + 2 * zoom + 1, cell.y + 2 * zoom + 1)).toBe(255);
    expect(grayAt(png, cell.x - 1, cell.y)).toBe(BACKGROUND_GRAY);
  });

  it("draws the maps on the zero-centred scale, a 3-pixel map enlarged to 12 px: 0 mid-grey, −1 (the extreme) darkest", () => {
    const map = layout.maps[0]![0]![0]!;
    const z = layout.mapZoom[0]!;
    expect(z).toBe(4); // ⌈12 / 3⌉
    expect([map.width, map.height]).toEqual([3 * z, 3 * z]);
    expect(figure.colorScale).toEqual({ min: -1, max: 1, zeroCentered: true });
    for (let r = 0; r < 3; r++) {
      expect(grayAt(png, map.x + 0 * z, map.y + r * z)).toBe(MAP_ZERO); // 0 − 0
      expect(grayAt(png, map.x + 1 * z + 1, map.y + r * z + 1)).toBe(MAP_LOW); // 0 − 1
      expect(grayAt(png, map.x + 2 * z + z - 1, map.y + r * z + z - 1)).toBe(MAP_ZERO); // 1 − 1
    }
  });

  it("with padding 1: the padded map shows +1 at the right border (1 − 0) and marks padding cells", () => {
    const map = layout.maps[1]![0]![0]!;
    const z = layout.mapZoom[1]!;
    expect(z).toBe(3); // ⌈12 / 5⌉
    expect([map.width, map.height]).toEqual([5 * z, 5 * z]);
    // padded input 5×6: columns 0 and 5 padding; output width 6 − 2 + 1 = 5, height 5 − 1 + 1 = 5
    expect(grayAt(png, map.x + 4 * z, map.y + 2 * z)).toBe(MAP_HIGH); // X[.,3] − pad = 1 − 0 = 1
    expect(grayAt(png, map.x + 0 * z, map.y + 2 * z)).toBe(MAP_ZERO); // pad − X[.,0] = 0 − 0 = 0
    const padded = layout.padded[1]!;
    expect([padded.width, padded.height]).toEqual([6 * zoom, 5 * zoom]);
    // zero padding: a checkerboard of black (value 0) and white (its inverse)
    expect(grayAt(png, padded.x, padded.y)).toBe(0);
    expect(grayAt(png, padded.x + zoom, padded.y)).toBe(255);
    // inside the padding frame the image itself: X[0, 2] = 1 at padded (1, 3)
    expect(grayAt(png, padded.x + 3 * zoom, padded.y + zoom)).toBe(255);
    expect(grayAt(png, padded.x + 1 * zoom, padded.y + zoom)).toBe(0);
  });

  it("has a colour bar from −limit to +limit, with its numbers", () => {
    const bar = layout.colorBar;
    expect(grayAt(png, bar.x, bar.y + 2)).toBe(MAP_LOW);
    expect(grayAt(png, bar.x + bar.width - 1, bar.y + 2)).toBe(MAP_HIGH);
    expect(grayAt(png, bar.x + Math.floor(bar.width / 2), bar.y + 2)).toBe(MAP_ZERO);
    expect(layout.texts.filter((t) => t.role === "tick").map((t) => t.text)).toEqual([
      "−1",
      "−0.5",
      "0",
      "0.5",
      "1",
    ]);
  });

  it("decodes the PNG of a real Fashion-MNIST bundle to the layout's size", async () => {
    const fashion = await loadFashionMnist("test", { env: {} });
    const real = featureMaps({
      images: fashion.select({ indices: [0] }),
      kernels: "sobel-x",
      variants: [{ padding: 0 }, { padding: 1, stride: 2 }],
    });
    const bundle = real[MIME_BUNDLE]();
    const decoded = PNG.sync.read(Buffer.from(bundle.data["image/png"] as string, "base64"));
    const meta = (bundle.metadata?.["image/png"] ?? {}) as { width: number; height: number };
    expect([decoded.width, decoded.height]).toEqual([meta.width, meta.height]);
    const zoomed = real.toPng(3).layout;
    const first = zoomed.inputs[0]!;
    const image = PNG.sync.read(real.toPng(3).png);
    // Fashion-MNIST test image 0 (an ankle boot) has a black corner: pixel (0, 0) is 0
    expect(grayAt(image, first.x, first.y)).toBe(0);
    expect(fashion.pixels[0]).toBe(0);
    // and every pixel is drawn at its value's grey, to within half of one of the 16 levels (17 grey steps)
    for (let p = 0; p < 784; p++) {
      const [r, c] = [Math.floor(p / 28), p % 28];
      const drawn = grayAt(image, first.x + c * 3 + 1, first.y + r * 3 + 1);
      expect(Math.abs(drawn - fashion.pixels[p]!)).toBeLessThanOrEqual(17 / 2);
    }
  });
});
