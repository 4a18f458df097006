/**
 * The conv plans: geometry computed once (sizes from PyTorch's documented formulas, worked by hand)
 * and every *Shape function returns its plan's arithmetic.
 */
import { describe, expect, it } from "vitest";
import {
  conv2dShape,
  convTranspose2dShape,
  planConv2d,
  planConvTranspose2d,
  planPool2d,
  pool2dShape,
  slidingOutputSize,
  zeros,
} from "../../src/index.js";

describe("planConv2d", () => {
  it("the lecture's layer: 1000 images, 1→8 channels, 28x28, 3x3, padding 1", () => {
    const plan = planConv2d(zeros([1000, 1, 28, 28]), zeros([8, 1, 3, 3]), { padding: 1 });
    expect(plan.outputShape).toEqual([1000, 8, 28, 28]);
    expect(plan.padding).toEqual({ top: 1, bottom: 1, left: 1, right: 1 });
    expect([plan.batch, plan.inChannels, plan.outChannels, plan.groups]).toEqual([1000, 1, 8, 1]);
    expect(plan.bias).toBeNull();
  });
  it("groups, stride and dilation per axis: H_out = ⌊(H + 2p − d(k−1) − 1)/s⌋ + 1", () => {
    // (14 + 2·2 − 2·4 − 1)/3 + 1 = 4 (floor of 9/3 = 3, + 1); (14 + 0 − 1·2 − 1)/1 + 1 = 12
    const plan = planConv2d(zeros([2, 6, 14, 14]), zeros([9, 2, 5, 3]), {
      padding: [2, 0],
      stride: [3, 1],
      dilation: [2, 1],
      groups: 3,
      bias: [1, 2, 3, 4, 5, 6, 7, 8, 9],
    });
    expect(plan.output).toEqual([4, 12]);
    expect([plan.inPerGroup, plan.outPerGroup]).toEqual([2, 3]);
    expect(Array.from(plan.bias!)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(plan.arithmetic.explain()).toContain("⌊(14 − 9 + 4 + 3) / 3⌋ = ⌊12 / 3⌋ = 4");
  });
  it("an unbatched input gives an unbatched output shape", () => {
    expect(planConv2d(zeros([3, 8, 8]), zeros([4, 3, 3, 3])).outputShape).toEqual([4, 6, 6]);
  });
  it("conv2dShape is the plan's arithmetic", () => {
    const x = zeros([1, 1, 8, 8]);
    const w = zeros([1, 1, 3, 5]);
    const options = { padding: [0, 1] as const, stride: [3, 4] as const };
    expect(conv2dShape(x, w, options).explain()).toBe(planConv2d(x, w, options).arithmetic.explain());
  });
});

describe("planPool2d and planConvTranspose2d", () => {
  it("max pooling 2x2 over the lecture's feature maps", () => {
    const plan = planPool2d(zeros([1000, 8, 28, 28]), 2);
    expect(plan.outputShape).toEqual([1000, 8, 14, 14]);
    expect(plan.stride).toEqual([2, 2]);
    expect(pool2dShape(zeros([1000, 8, 28, 28]), 2).output).toEqual([14, 14]);
  });
  it("average pooling keeps its options", () => {
    const plan = planPool2d(zeros([1, 1, 5, 5]), 2, { ceilMode: true, divisorOverride: 3 }, "avgPool2d");
    expect(plan.output).toEqual([3, 3]);
    expect(plan.divisorOverride).toBe(3);
  });
  it("transposed convolution: (n − 1)·s − 2p + d(k − 1) + op + 1", () => {
    const x = zeros([1, 4, 7, 7]);
    const w = zeros([4, 2, 3, 3]);
    const plan = planConvTranspose2d(x, w, { stride: 2, padding: 1, outputPadding: 1, groups: 2 });
    expect(plan.outputShape).toEqual([1, 4, 14, 14]);
    expect(convTranspose2dShape(x, w, { stride: 2, padding: 1, outputPadding: 1, groups: 2 }).output).toEqual(
      [14, 14],
    );
  });
});

describe("slidingOutputSize: the one 1-D rule", () => {
  it("floor and ceil", () => {
    expect(slidingOutputSize({ input: 28, kernel: 5, padding: 0, stride: 1, dilation: 1 })).toBe(24);
    expect(slidingOutputSize({ input: 7, kernel: 3, padding: 0, stride: 2, dilation: 2 })).toBe(2);
    expect(slidingOutputSize({ input: 6, kernel: 3, padding: 0, stride: 2, dilation: 1, ceil: true })).toBe(
      3,
    );
  });
});
