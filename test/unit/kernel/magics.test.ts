/** IPython's timing magics: recognition and IPython's own output format (IPython 8's strings). */
import { describe, expect, it } from "vitest";
import {
  chooseLoops,
  formatDuration,
  parseTimingMagic,
  timeitReport,
  timeReport,
} from "../../../src/kernel/executor/magics.js";

describe("parseTimingMagic", () => {
  it("recognizes line and cell magics, and nothing else", () => {
    expect(parseTimingMagic("%time 1+1")).toEqual({ magic: "time", code: "1+1" });
    expect(parseTimingMagic("  %timeit f(x)  ")).toEqual({ magic: "timeit", code: "f(x)" });
    expect(parseTimingMagic("%%timeit\nf(x);\ng(x);")).toEqual({ magic: "timeit", code: "\nf(x);\ng(x);" });
    expect(parseTimingMagic("%%time")).toEqual({ magic: "time", code: "\n" });
    expect(parseTimingMagic("%timex 1")).toBeUndefined();
    expect(parseTimingMagic("x % time")).toBeUndefined();
    expect(parseTimingMagic("%time\n1")).toBeUndefined();
  });
});

describe("IPython's format", () => {
  // IPython: _format_time(1.23e-3) == '1.23 ms', _format_time(5e-6) == '5 µs', _format_time(0) == '0 ns'
  it("formats durations with three significant digits", () => {
    expect(formatDuration(1.23e-3)).toBe("1.23 ms");
    expect(formatDuration(5e-6)).toBe("5 µs");
    expect(formatDuration(0.5)).toBe("500 ms");
    expect(formatDuration(3.14159e-8)).toBe("31.4 ns");
    expect(formatDuration(0)).toBe("0 ns");
  });

  it("prints %time's two lines", () => {
    expect(timeReport({ user: 0.002, system: 0, wall: 0.00501 })).toBe(
      "CPU times: user 2 ms, sys: 0 ns, total: 2 ms\nWall time: 5.01 ms\n",
    );
  });

  it("prints %timeit's mean ± population standard deviation", () => {
    // statistics.pstdev([1e-6, 3e-6]) == 1e-6, mean 2e-6
    expect(timeitReport([1e-6, 3e-6], 1000)).toBe(
      "2 µs ± 1 µs per loop (mean ± std. dev. of 2 runs, 1,000 loops each)\n",
    );
    expect(timeitReport([0.3], 1)).toBe("300 ms ± 0 ns per loop (mean ± std. dev. of 1 run, 1 loop each)\n");
  });

  it("picks loops 1, 2, 5, 10, … until a run takes 0.2 s", async () => {
    const tried: number[] = [];
    const loops = await chooseLoops(async (n) => {
      tried.push(n);
      return n * 0.004; // 4 ms per loop
    });
    expect(tried).toEqual([1, 2, 5, 10, 20, 50]);
    expect(loops).toBe(50);
  });
});
