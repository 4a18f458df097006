/** conv2dAsync: long batches a slice at a time, with progress, yielding, and abort. */
import { describe, expect, it } from "vitest";
import { conv2d, conv2dAsync, randn } from "../../src/index.js";

describe("conv2dAsync", () => {
  const x = randn([50, 2, 12, 12], { seed: 1 });
  const w = randn([4, 2, 3, 3], { seed: 2 });
  const options = { padding: 1, stride: 2, bias: [1, 2, 3, 4] };

  it("gives conv2d's result and reports progress up to the batch size", async () => {
    const seen: [number, number][] = [];
    const y = await conv2dAsync(x, w, {
      ...options,
      imagesPerStep: 8,
      onProgress: (d, t) => seen.push([d, t]),
    });
    expect(Array.from(y.data)).toEqual(Array.from(conv2d(x, w, options).data));
    expect(seen.map(([d]) => d)).toEqual([8, 16, 24, 32, 40, 48, 50]);
    expect(seen.every(([, t]) => t === 50)).toBe(true);
  });

  it("lets other work run between slices (the event loop is not blocked)", async () => {
    const order: string[] = [];
    const ticker = setInterval(() => order.push("tick"), 0);
    await conv2dAsync(x, w, { ...options, imagesPerStep: 5, onProgress: () => order.push("slice") });
    clearInterval(ticker);
    expect(order.indexOf("tick")).toBeGreaterThan(-1);
    expect(order.indexOf("tick")).toBeLessThan(order.lastIndexOf("slice"));
  });

  it("stops when its signal aborts", async () => {
    const controller = new AbortController();
    let slices = 0;
    const run = conv2dAsync(x, w, {
      imagesPerStep: 10,
      signal: controller.signal,
      onProgress: () => {
        slices++;
        if (slices === 2) controller.abort();
      },
    });
    await expect(run).rejects.toThrow(/abort/i);
    expect(slices).toBe(2);
  });
});
