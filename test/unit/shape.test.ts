/** Shape arithmetic, checked against the numbers the D2L lecture states. */
import { describe, expect, it } from "vitest";
import {
  ConvLabError,
  conv2dOutputShape,
  convTranspose2dOutputShape,
  pool2dOutputShape,
  resolvePadding,
} from "../../src/index.js";

describe("the lecture's numbers", () => {
  it("32x32 with 5x5 kernels: 28x28 after one layer, 4x4 after seven", () => {
    let n = 32;
    const sizes: number[] = [];
    for (let i = 0; i < 7; i++) {
      n = conv2dOutputShape({ input: n, kernel: 5 }).output[0];
      sizes.push(n);
    }
    expect(sizes).toEqual([28, 24, 20, 16, 12, 8, 4]);
  });

  it("comp_conv2d on 8x8 gives the book's four shapes", () => {
    const out = (kernel: [number, number], padding: [number, number], stride: [number, number] = [1, 1]) =>
      conv2dOutputShape({ input: [8, 8], kernel, padding, stride }).output;
    expect(out([3, 3], [1, 1])).toEqual([8, 8]);
    expect(out([5, 3], [2, 1])).toEqual([8, 8]);
    expect(out([3, 3], [1, 1], [2, 2])).toEqual([4, 4]);
    expect(out([3, 5], [0, 1], [3, 4])).toEqual([2, 2]);
  });

  it("odd kernels padded (k−1)/2 keep 28x28", () => {
    for (const k of [1, 3, 5, 7]) {
      expect(conv2dOutputShape({ input: 28, kernel: k, padding: (k - 1) / 2 }).output).toEqual([28, 28]);
    }
  });

  it("spells the worked arithmetic with the numbers filled in", () => {
    const s = conv2dOutputShape({ input: [8, 8], kernel: [3, 5], padding: [0, 1], stride: [3, 4] });
    expect(s.height.worked).toBe("⌊(8 − 3 + 0 + 3) / 3⌋ = ⌊8 / 3⌋ = 2");
    expect(s.width.worked).toBe("⌊(8 − 5 + 2 + 4) / 4⌋ = ⌊9 / 4⌋ = 2");
    expect(s.height.formula).toBe("⌊(n_h − k_h + p_h + s_h) / s_h⌋");
    expect(conv2dOutputShape({ input: 32, kernel: 5 }).height.worked).toBe("32 − 5 + 0 + 1 = 28");
  });
});

describe("padding rules", () => {
  it("'same' puts the extra pixel at the bottom/right (PyTorch)", () => {
    expect(resolvePadding("same", [4, 4], [2, 2], [1, 1], [1, 1])).toEqual({
      top: 0,
      bottom: 1,
      left: 0,
      right: 1,
    });
    expect(resolvePadding("same", [5, 5], [4, 4], [1, 1], [1, 1])).toEqual({
      top: 1,
      bottom: 2,
      left: 1,
      right: 2,
    });
  });

  it("'same' with stride > 1 is refused like PyTorch, pointing to 'tf-same'", () => {
    expect(() => conv2dOutputShape({ input: 5, kernel: 3, stride: 2, padding: "same" })).toThrow(/tf-same/);
  });

  it("'tf-same' gives ⌈n/s⌉ with TensorFlow's split", () => {
    expect(resolvePadding("tf-same", [6, 7], [4, 4], [3, 3], [1, 1])).toEqual({
      top: 0,
      bottom: 1,
      left: 1,
      right: 2,
    });
    expect(conv2dOutputShape({ input: [6, 7], kernel: 4, stride: 3, padding: "tf-same" }).output).toEqual([
      2, 3,
    ]);
  });

  it("four-sided padding reaches the arithmetic", () => {
    const s = conv2dOutputShape({
      input: [4, 4],
      kernel: 3,
      padding: { top: 1, bottom: 3, left: 2, right: 0 },
    });
    expect(s.output).toEqual([6, 4]);
  });
});

describe("pooling arithmetic", () => {
  it("stride defaults to the kernel", () => {
    expect(pool2dOutputShape({ input: 4, kernel: 3 }).output).toEqual([1, 1]);
  });
  it("ceil mode keeps a partial window but never one that starts in the right padding", () => {
    expect(pool2dOutputShape({ input: 5, kernel: 2, stride: 2, ceilMode: true }).output).toEqual([3, 3]);
    expect(pool2dOutputShape({ input: 5, kernel: 2, stride: 2, padding: 1, ceilMode: true }).output).toEqual([
      3, 3,
    ]);
    expect(pool2dOutputShape({ input: 28, kernel: 2, ceilMode: true }).output).toEqual([14, 14]);
    expect(pool2dOutputShape({ input: 7, kernel: 2, ceilMode: true }).output).toEqual([4, 4]);
  });
});

describe("transposed convolution arithmetic", () => {
  it("(n − 1)·s − 2p + k + output_padding", () => {
    expect(
      convTranspose2dOutputShape({ input: 4, kernel: 3, stride: 2, padding: 1, outputPadding: 1 }).output,
    ).toEqual([8, 8]);
    expect(convTranspose2dOutputShape({ input: 14, kernel: 2, stride: 2 }).output).toEqual([28, 28]);
  });
});

describe("errors name the parameter, the value, the rule and a fix", () => {
  it("a dilated kernel larger than the padded input", () => {
    let error: unknown;
    try {
      conv2dOutputShape({ input: 5, kernel: 3, dilation: 3 });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConvLabError);
    const e = error as ConvLabError;
    expect(e.category).toBe("kernel");
    expect(e.message).toContain("kernel 7x7 (3x3 dilated by 3) is larger than the padded input 5x5");
    expect(e.fix).toMatch(/pad at least 1 more per side, reduce dilation/);
  });

  it.each([
    [{ stride: 0 }, "stride", /non-positive stride/],
    [{ stride: 1.5 }, "stride", /integer/],
    [{ padding: -1 }, "padding", /negative padding/],
    [{ dilation: 0 }, "dilation", /positive integer/],
    [{ padding: "full" as never }, "padding", /invalid padding string/],
    [{ padding: { top: 0, bottom: -2, left: 0, right: 0 } }, "padding.bottom", /negative padding/],
  ])("%o", (options, parameter, rule) => {
    expect(() => conv2dOutputShape({ input: 8, kernel: 3, ...options })).toThrow(rule);
    try {
      conv2dOutputShape({ input: 8, kernel: 3, ...options });
    } catch (e) {
      expect((e as ConvLabError).parameter).toBe(parameter);
      expect((e as ConvLabError).message).toContain(parameter);
    }
  });

  it("pool padding larger than half the kernel", () => {
    expect(() => pool2dOutputShape({ input: 5, kernel: 2, padding: 2 })).toThrow(/at most half/);
  });
});
