import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { COLOR_MAPS, DEFAULT_SETTINGS, lectureCards, readSettings } from "../../src/settings.js";
import { checkPlotFigure, describePlot, PLOT_LIMITS } from "../../src/view/plot-view.js";

const schema = JSON.parse(readFileSync(new URL("../../schema/plugin.json", import.meta.url), "utf8")) as {
  properties: Record<string, { default: unknown; enum?: unknown[]; maximum?: number }>;
};

describe("settings", () => {
  it("defaults in code equal the defaults of the settings schema", () => {
    for (const [key, property] of Object.entries(schema.properties)) {
      expect(DEFAULT_SETTINGS[key as keyof typeof DEFAULT_SETTINGS], key).toEqual(property.default);
    }
    expect(schema.properties.colorMap?.enum).toEqual([...COLOR_MAPS]);
    expect(schema.properties.maxMapsDrawn?.maximum).toBe(512);
  });

  it("reads valid values and falls back on bad ones", () => {
    expect(readSettings({ colorMap: "Picnic", maxMapsDrawn: 64, defaultVariant: "v2" })).toMatchObject({
      colorMap: "Picnic",
      maxMapsDrawn: 64,
      defaultVariant: "v2",
    });
    expect(
      readSettings({ colorMap: "javascript:alert(1)", maxMapsDrawn: 10_000, lectureNotebooks: [3] }),
    ).toEqual(DEFAULT_SETTINGS);
  });
});

describe("lecture launcher cards", () => {
  it("the default offers the English and the Chinese edition of the lecture, one card each", () => {
    expect(lectureCards(DEFAULT_SETTINGS.lectureNotebooks)).toEqual([
      { path: "notebooks/lecture/01-shrinking-and-padding.ipynb", label: "ConvLab" },
      { path: "notebooks/lecture/zh/01-shrinking-and-padding.ipynb", label: "ConvLab 中文" },
    ]);
  });

  it("names further cards by their folder, and a single notebook gets the plain card", () => {
    expect(lectureCards(["x/lecture.ipynb"])).toEqual([{ path: "x/lecture.ipynb", label: "ConvLab" }]);
    expect(lectureCards(["a.ipynb", "course/fr/a.ipynb"])[1]).toEqual({
      path: "course/fr/a.ipynb",
      label: "ConvLab (fr)",
    });
    expect(lectureCards([])).toEqual([]);
  });
});

describe("plain plotly figures", () => {
  it("escapes markup in every string so plotly shows it as text", () => {
    const result = checkPlotFigure({
      data: [{ type: "scatter", name: "<b>x</b>", x: [1, 2], y: [28, 14] }],
      layout: { title: { text: "size <script>alert(1)</script> & more" } },
    });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.figure.data[0]?.name).toBe("&lt;b&gt;x&lt;/b&gt;");
    expect(describePlot(result.figure)).toBe("size <script>alert(1)</script> & more: 1 trace (scatter)");
  });

  it("drops prototype keys", () => {
    const result = checkPlotFigure(JSON.parse('{"data": [{"__proto__": {"polluted": 1}, "y": [1]}]}'));
    expect(result.ok && Object.keys(result.figure.data[0] ?? {})).toEqual(["y"]);
  });

  it("rejects malformed and oversized figures with a reason", () => {
    expect(checkPlotFigure(null)).toEqual({
      ok: false,
      problems: ["the figure must be an object with data and layout"],
    });
    expect(checkPlotFigure({ data: {} })).toEqual({
      ok: false,
      problems: ["/data must be an array of traces"],
    });
    expect(checkPlotFigure({ data: [1] })).toEqual({
      ok: false,
      problems: ["/data must hold trace objects"],
    });
    const big = checkPlotFigure({ data: [{ y: new Array(PLOT_LIMITS.values + 1).fill(0) }] });
    expect(big).toEqual({ ok: false, problems: [`the figure has more than ${PLOT_LIMITS.values} values`] });
  });
});
