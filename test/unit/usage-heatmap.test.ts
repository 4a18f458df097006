/**
 * Pixel utilisation and its heatmap. Expected counts come from the book's argument (a pixel at
 * distance i from the border lies in min(i + 1, k, n − i, n − k + 1) windows per axis) worked
 * by hand, not from pixelUsage itself.
 */
import { describe, expect, it } from "vitest";
import { ConvLabError, Heatmap, MIME_BUNDLE, PLOTLY_MIME, pixelUsage } from "../../src/index.js";

describe("pixelUsage", () => {
  it("a 3×3 kernel on a 5×5 image without padding: corners once, centre nine times", () => {
    const line = [1, 2, 3, 2, 1];
    expect(pixelUsage({ input: 5, kernel: 3 }).tolist()).toEqual(line.map((r) => line.map((c) => r * c)));
  });

  it("a 5×5 kernel on an 8×8 image: rows used 1, 2, 3, 4, 4, 3, 2, 1 times", () => {
    const line = [1, 2, 3, 4, 4, 3, 2, 1];
    const usage = pixelUsage({ input: 8, kernel: 5 });
    expect(usage.tolist()).toEqual(line.map((r) => line.map((c) => r * c)));
    // every one of the 4·4 positions reads 25 pixels
    expect(usage.sum()).toBe(16 * 25);
  });

  it("with padding (k − 1)/2 every pixel is used at least k times per axis at the centre, fewer at the border", () => {
    // n = 4, k = 3, p = 1: windows start at −1, 0, 1, 2; pixel 0 is in windows −1, 0 → 2, pixel 1 in 3
    const line = [2, 3, 3, 2];
    expect(pixelUsage({ input: 4, kernel: 3, padding: 1 }).tolist()).toEqual(
      line.map((r) => line.map((c) => r * c)),
    );
  });

  it("stride skips pixels and dilation spreads the taps", () => {
    // k = 2, s = 3 on 7: windows at 0 and 3 → pixels 0, 1, 3, 4 used once, 2, 5, 6 never
    expect(pixelUsage({ input: [1, 7], kernel: [1, 2], stride: [1, 3] }).tolist()).toEqual([
      [1, 1, 0, 1, 1, 0, 0],
    ]);
    // k = 2, d = 3 on 5: windows at 0 and 1 read {0, 3} and {1, 4}; pixel 2 never
    expect(pixelUsage({ input: [1, 5], kernel: [1, 2], dilation: [1, 3] }).tolist()).toEqual([
      [1, 1, 0, 1, 1],
    ]);
  });

  it("rejects a kernel larger than the input like conv2dOutputShape", () => {
    expect(() => pixelUsage({ input: 2, kernel: 3 })).toThrow(ConvLabError);
  });
});

describe("Heatmap", () => {
  const z = [
    [1, 2, 1],
    [2, 4, 2],
  ];
  const map = new Heatmap({ title: "uses <per> pixel", z, xTitle: "column", yTitle: "row" });

  it("displays as a plotly heatmap with the image's orientation, SVG and text", () => {
    const { data } = map[MIME_BUNDLE]();
    const plotly = data[PLOTLY_MIME] as {
      data: { type: string; z: number[][] }[];
      layout: { yaxis: object };
    };
    expect(plotly.data[0]).toMatchObject({ type: "heatmap", z });
    expect(plotly.layout.yaxis).toMatchObject({ autorange: "reversed" });
    const svg = String(data["image/svg+xml"]);
    expect(svg.match(/<rect x=/g)).toHaveLength(6);
    expect(svg).toContain("uses &#60;per&#62; pixel");
    expect(String(data["text/plain"])).toBe("uses <per> pixel\n1  2  1\n2  4  2");
  });

  it("rejects ragged, empty or non-finite matrices", () => {
    expect(() => new Heatmap({ title: "t", z: [[1, 2], [3]] })).toThrow(ConvLabError);
    expect(() => new Heatmap({ title: "t", z: [] })).toThrow(ConvLabError);
    expect(() => new Heatmap({ title: "t", z: [[Number.NaN]] })).toThrow(ConvLabError);
  });
});
