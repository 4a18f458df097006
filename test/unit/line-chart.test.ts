/** Line charts: one bundle with plotly JSON, an SVG fallback and a text table. */
import { describe, expect, it } from "vitest";
import {
  ConvLabError,
  LineChart,
  layers,
  MIME_BUNDLE,
  PLOTLY_MIME,
  sizePerLayerChart,
  summary,
} from "../../src/index.js";

describe("sizePerLayerChart", () => {
  const net = summary(
    Array.from({ length: 7 }, () => layers.Conv2d(1, 1, 5)),
    [1, 1, 32, 32],
  );
  const chart = sizePerLayerChart(net, "32x32, seven 5x5 convolutions");

  it("plots the lecture's sizes 32 → 4", () => {
    expect(chart.spec.x).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    expect(chart.spec.series).toEqual([{ name: "height", y: [32, 28, 24, 20, 16, 12, 8, 4] }]);
  });

  it("displays as plotly, SVG and text", () => {
    const { data } = chart[MIME_BUNDLE]();
    const plotly = data[PLOTLY_MIME] as { data: { y: number[]; type: string }[] };
    expect(plotly.data[0]).toMatchObject({ type: "scatter", y: [32, 28, 24, 20, 16, 12, 8, 4] });
    const svg = String(data["image/svg+xml"]);
    expect(svg.startsWith("<svg")).toBe(true);
    expect(svg.match(/<circle /g)).toHaveLength(8);
    expect(String(data["text/plain"]).split("\n")).toContain("    7       4");
  });

  it("adds a width series when the image is not square", () => {
    const s = summary([layers.Conv2d(1, 1, [3, 5])], [1, 1, 8, 8]);
    expect(sizePerLayerChart(s).spec.series.map((x) => x.y)).toEqual([
      [8, 6],
      [8, 4],
    ]);
  });

  it("escapes text in the SVG", () => {
    const svg = new LineChart({
      title: "<script>x</script>",
      x: [1],
      series: [{ name: "a&b", y: [1] }],
    }).toSvg();
    expect(svg).not.toContain("<script>");
    expect(svg).toContain("a&#38;b");
  });

  it("rejects series of the wrong length", () => {
    expect(() => new LineChart({ title: "t", x: [1, 2], series: [{ name: "s", y: [1] }] })).toThrow(
      ConvLabError,
    );
  });
});
