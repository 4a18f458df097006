/**
 * Max pooling on the WebAssembly engine (src/conv/engine/pool.ts): PyTorch's comparisons exactly —
 * NaN wins, the first of equal values stays (so −0 before +0 gives −0) — and batches larger than
 * one scratch chunk, pooled on both threads, equal the reference loops bit for bit.
 */
import { describe, expect, it } from "vitest";
import { maxPool2dReference } from "../../../src/conv/pool.js";
import { maxPool2d, planPool2d, randn, Tensor } from "../../../src/index.js";

/** A [1, 1, 2, 8] input: four 2×2 windows side by side (columns 2j, 2j+1 of both rows). */
const windows = (values: number[][]) => {
  const data = new Float32Array(16);
  values.forEach((w, j) => {
    data[2 * j] = w[0]!;
    data[2 * j + 1] = w[1]!;
    data[8 + 2 * j] = w[2]!;
    data[8 + 2 * j + 1] = w[3]!;
  });
  return new Tensor([1, 1, 2, 8], data);
};

describe("max pooling 2×2 stride 2 on the engine", () => {
  it("keeps the first of equal values and lets NaN win, as PyTorch's kernel does", () => {
    // Hand-computed: (val > max || isnan(val)) scanning row by row within the window.
    const x = windows([
      [-0, 0, 0, 0],
      [0, -0, -0, -0],
      [1, Number.NaN, 5, 2],
      [-3, -1, -2, -1],
    ]);
    const y = Array.from(maxPool2d(x, 2).data);
    expect(Object.is(y[0], -0)).toBe(true);
    expect(Object.is(y[1], 0)).toBe(true);
    expect(Number.isNaN(y[2])).toBe(true);
    expect(y[3]).toBe(-1);
  });

  it("equals the reference loops bit for bit over several chunks", () => {
    const x = randn([100, 8, 28, 28], { seed: 9 });
    x.data[12345] = Number.NaN;
    const plan = planPool2d(x, 2, { stride: 2 });
    const expected = maxPool2dReference(plan).data;
    const got = maxPool2d(x, 2, { stride: 2 }).data;
    expect(Buffer.from(got.slice().buffer).equals(Buffer.from(expected.slice().buffer))).toBe(true);
  });

  it.each([
    [[3, 2, 10, 11], "5 outputs a row: four, then a last vector overlapping them"],
    [[2, 3, 17, 15], "7 outputs a row, odd input width"],
    [[2, 3, 6, 7], "3 outputs a row: the scalar loop"],
  ])("equals the reference loops bit for bit on %j (%s)", (shape) => {
    const x = randn(shape, { seed: 4 });
    for (const at of [0, 7, 23, 40]) x.data[at] = Number.NaN;
    x.data[50] = -0;
    const plan = planPool2d(x, 2, { stride: 2 });
    const expected = maxPool2dReference(plan).data;
    const got = maxPool2d(x, 2, { stride: 2 }).data;
    expect(Buffer.from(got.slice().buffer).equals(Buffer.from(expected.slice().buffer))).toBe(true);
  });
});
