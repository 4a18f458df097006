import { describe, expect, it } from "vitest";
import { checkPlotFigure } from "../../src/view/plot-view.js";

const problemsOf = (
  layout: Record<string, unknown>,
  data: unknown[] = [{ type: "scatter", x: [1, 2], y: [3, 4] }],
) => {
  const check = checkPlotFigure({ data, layout });
  return check.ok ? [] : check.problems;
};

describe("plotly layouts from untrusted outputs are bounded", () => {
  it("accepts an ordinary layout", () => {
    expect(
      problemsOf({
        width: 600,
        height: 400,
        margin: { l: 40, r: 20, t: 40, b: 40 },
        font: { size: 12 },
        xaxis: { range: [0, 10], dtick: 1, nticks: 20, tickfont: { size: 10 } },
      }),
    ).toEqual([]);
  });

  it("refuses the sizes that crashed or froze the tab: width/height 1e8, width 20000", () => {
    expect(problemsOf({ width: 1e8, height: 1e8 })).toEqual([
      "/layout/width is 100000000; it must be 10–4000 px",
      "/layout/height is 100000000; it must be 10–4000 px",
    ]);
    expect(problemsOf({ width: 20000 })).toEqual(["/layout/width is 20000; it must be 10–4000 px"]);
  });

  it("refuses a tick every unit over [0, 1e6], from the layout's range or from the data", () => {
    expect(problemsOf({ xaxis: { range: [0, 1e6], dtick: 1 } })).toEqual([
      "/layout/xaxis/dtick 1 over a span of 1000000 makes 1000000 ticks; at most 1000 are drawn",
    ]);
    expect(problemsOf({ yaxis2: { dtick: 0.5 } }, [{ type: "scatter", x: [0, 1], y: [0, 1e4] }])).toEqual([
      "/layout/yaxis2/dtick 0.5 over a span of 10000 makes 20000 ticks; at most 1000 are drawn",
    ]);
    expect(problemsOf({ xaxis: { dtick: -1 } })[0]).toContain("a tick step must be above 0");
    expect(problemsOf({ xaxis: { nticks: 1e6 } })[0]).toContain("/layout/xaxis/nticks is 1000000");
  });

  it("refuses huge margins, fonts and line widths anywhere in the layout", () => {
    expect(problemsOf({ margin: { l: 1e7 } })).toEqual([
      "/layout/margin/l is 10000000; a margin must be 0–1000 px",
    ]);
    expect(problemsOf({ title: { text: "t", font: { size: 5000 } } })).toEqual([
      "/layout/title/font/size is 5000; a font size must be 0–200 px",
    ]);
    expect(problemsOf({ xaxis: { tickfont: { size: 1e9 }, ticklen: 1e6 } })).toEqual([
      "/layout/xaxis/tickfont/size is 1000000000; a font size must be 0–200 px",
      "/layout/xaxis/ticklen is 1000000; it must be 0–100 px",
    ]);
  });
});
