/**
 * Every bad input the fuzzing of issue 11 found accepted silently or answered badly: each must now
 * throw a ConvLabError naming the parameter, the value, the rule and a fix — before any big allocation.
 */
import { spawnSync } from "node:child_process";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import {
  arange,
  avgPool2d,
  ConvLabError,
  conv2d,
  convTranspose2d,
  MAX_ELEMENTS,
  maxPool2d,
  type NestedArray,
  ones,
  pad,
  Tensor,
  tensor,
  zeros,
} from "../../src/index.js";

/** Runs `f`, expects a clear ConvLabError about `parameter`, and returns it. */
function rejects(f: () => unknown, parameter: string | RegExp): ConvLabError {
  let thrown: unknown;
  try {
    f();
  } catch (error) {
    thrown = error;
  }
  expect(thrown).toBeInstanceOf(ConvLabError);
  const error = thrown as ConvLabError;
  if (typeof parameter === "string") expect(error.parameter).toBe(parameter);
  else expect(error.parameter).toMatch(parameter);
  expect(error.message).toContain(error.parameter);
  expect(error.rule.length).toBeGreaterThan(10);
  expect(error.fix?.length ?? 0).toBeGreaterThan(5);
  return error;
}

/** An array of `length` with `values` at its even indices and holes elsewhere, like [1, , 3]. */
function sparse(length: number, values: number[]): number[] {
  const array = new Array<number>(length);
  values.forEach((v, i) => {
    array[2 * i] = v;
  });
  return array;
}

const x4 = () =>
  tensor([
    [
      [
        [1, 2, 3, 4],
        [5, 6, 7, 8],
        [9, 10, 11, 12],
        [13, 14, 15, 16],
      ],
    ],
  ]);

describe("out must not share memory with the input", () => {
  it("conv2d refuses out: x (it would read pixels it already overwrote)", () => {
    const x = x4();
    const before = Array.from(x.data);
    const error = rejects(() => conv2d(x, ones([1, 1, 3, 3]), { padding: 1, out: x }), "out");
    expect(error.rule).toMatch(/shares memory with input/);
    expect(Array.from(x.data)).toEqual(before);
  });
  it("conv2d refuses an out that overlaps the weight's memory", () => {
    const buffer = new Float32Array(50);
    const w = new Tensor([2, 1, 3, 3], buffer.subarray(0, 18));
    const out = new Tensor([1, 2, 4, 4], buffer.subarray(10, 42));
    const error = rejects(() => conv2d(x4(), w, { padding: 1, out }), "out");
    expect(error.rule).toMatch(/shares memory with weight/);
  });
  it("maxPool2d and convTranspose2d refuse out aliasing the input", () => {
    const x = x4();
    rejects(() => maxPool2d(x, 1, { out: x }), "out");
    rejects(() => convTranspose2d(x, ones([1, 1, 1, 1]), { out: x }), "out");
  });
  it("a separate out of the right shape still works (first row: 3x3 box sums of the padded input, by hand)", () => {
    const out = zeros([1, 1, 4, 4]);
    conv2d(x4(), ones([1, 1, 3, 3]), { padding: 1, out });
    expect(Array.from(out.data.slice(0, 4))).toEqual([14, 24, 30, 22]);
  });
});

describe("avgPool2d options", () => {
  for (const divisor of [0, Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, 1.5, "2"]) {
    it(`divisorOverride ${String(divisor)} is refused`, () => {
      const error = rejects(
        () => avgPool2d(x4(), 2, { divisorOverride: divisor as number }),
        "divisorOverride",
      );
      expect(error.rule).toMatch(/non-zero integer/);
    });
  }
  it("divisorOverride 1 is sum pooling", () => {
    expect(avgPool2d(x4(), 2, { divisorOverride: 1 }).tolist()).toEqual([
      [
        [
          [14, 22],
          [46, 54],
        ],
      ],
    ]);
  });
  it("dilation is refused like PyTorch (avg_pool2d has none)", () => {
    const error = rejects(() => avgPool2d(x4(), 2, { dilation: 2 } as never), "dilation");
    expect(error.fix).toMatch(/maxPool2d/);
  });
  it("ceilMode must be a boolean", () => {
    rejects(() => maxPool2d(x4(), 2, { ceilMode: "yes" as never }), "ceilMode");
  });
});

describe("values of the wrong type", () => {
  it("bias given as strings", () => {
    const error = rejects(() => conv2d(x4(), ones([2, 1, 3, 3]), { bias: ["1", "2"] as never }), "bias[0]");
    expect(error.fix).toMatch(/Number/);
  });
  it("bias as a sparse array", () => {
    rejects(() => conv2d(x4(), ones([3, 1, 3, 3]), { bias: sparse(3, [1, 3]) as never }), "bias[1]");
  });
  it("pad's fill value as a string", () => {
    rejects(() => pad(x4(), 1, "zeros", "abc" as never), "value");
  });
  it("pad mode 'abc'", () => {
    const error = rejects(() => pad(x4(), 1, "abc" as never), "paddingMode");
    expect(error.rule).toMatch(/'zeros', 'reflect', 'replicate', 'circular'/);
  });
  it("dtype 'int8'", () => {
    rejects(() => zeros([2], { dtype: "int8" as never }), "dtype");
    rejects(() => tensor([1, 2], { dtype: "int8" as never }), "dtype");
    rejects(() => arange(3, undefined, 1, { dtype: "int8" as never }), "dtype");
    rejects(() => x4().to("int8" as never), "dtype");
  });
  it("a sparse nested array", () => {
    rejects(() => tensor(sparse(3, [1, 3]) as NestedArray), "values[1]");
    rejects(() => tensor([[1, 2], sparse(2, [3])] as NestedArray), /values\[1\]\[1\]/);
  });
  it("a circular nested array", () => {
    const a: unknown[] = [];
    a.push(a);
    const error = rejects(() => tensor(a as NestedArray), "values");
    expect(error.rule).toMatch(/at most 32 dimensions/);
    const b: unknown[] = [[1], [2]];
    (b[1] as unknown[])[0] = b;
    rejects(() => tensor(b as NestedArray), /values/);
  });
});

describe("huge sizes are refused against the stated limit before allocating", () => {
  it("states the limit", () => {
    expect(MAX_ELEMENTS).toBe(2 ** 28);
  });
  it("zeros([1e6, 1e6])", () => {
    const error = rejects(() => zeros([1e6, 1e6]), "shape");
    expect(error.rule).toMatch(/2\^28 = 268,435,456/);
  });
  it("arange(0, 1e12)", () => {
    rejects(() => arange(0, 1e12), "end");
  });
  it("pad with 1e5 pixels", () => {
    rejects(() => pad(x4(), 1e5), "padding");
  });
  it("conv2d with padding 2e4 fails fast", () => {
    const started = performance.now();
    rejects(() => conv2d(zeros([1, 1, 28, 28]), ones([1, 1, 3, 3]), { padding: 2e4 }), "padding");
    rejects(
      () => conv2d(zeros([1, 1, 28, 28]), ones([1, 1, 3, 3]), { padding: 2e4, paddingMode: "replicate" }),
      "padding",
    );
    expect(performance.now() - started).toBeLessThan(1000);
  });
});

describe("the message fits the value", () => {
  const x = () => zeros([1, 1, 5, 5]);
  const w = () => ones([1, 1, 3, 3]);
  it("stride 1.5 is a fraction, not 'non-positive'", () => {
    const error = rejects(() => conv2d(x(), w(), { stride: 1.5 }), "stride");
    expect(error.rule).toMatch(/fraction 1.5/);
    expect(error.rule).not.toMatch(/non-positive/);
  });
  it("padding 0.5 and Infinity are not 'negative'", () => {
    for (const padding of [0.5, Number.POSITIVE_INFINITY, Number.NaN]) {
      const error = rejects(() => conv2d(x(), w(), { padding }), "padding");
      expect(error.rule).not.toMatch(/negative/);
    }
  });
  it("negative stride and padding keep PyTorch's words", () => {
    expect(rejects(() => conv2d(x(), w(), { stride: -1 }), "stride").rule).toMatch(/non-positive stride/);
    expect(rejects(() => conv2d(x(), w(), { padding: -1 }), "padding").rule).toMatch(/negative padding/);
  });
  it("`convlab shape --input -5` speaks of the input, not of padding", () => {
    const bin = resolve(dirname(fileURLToPath(import.meta.url)), "../../bin/convlab.js");
    const run = spawnSync("node", [bin, "shape", "--input", "-5", "--kernel", "3"], { encoding: "utf8" });
    expect(run.status).not.toBe(0);
    const text = `${run.stdout}${run.stderr}`;
    expect(text).toMatch(/input = -5: must be a positive integer/);
    expect(text).not.toMatch(/padding/);
  });
});
