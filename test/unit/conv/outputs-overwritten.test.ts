/**
 * A new output's memory is not zeroed (src/conv/engine/outputs.ts): that is only safe if every
 * op writes every element of its output. Here every fresh output starts as NaN, and each op's
 * result must equal the same op written into a caller-supplied buffer of zeros (which never
 * comes from the allocator), with no NaN left.
 */
import { describe, expect, it, vi } from "vitest";
import {
  avgPool2d,
  conv2d,
  conv2dAsync,
  conv2dReference,
  convTranspose2d,
  maxPool2d,
  planConv2d,
  randn,
  type Tensor,
  zeros,
} from "../../../src/index.js";

vi.mock("../../../src/conv/engine/outputs.js", async (original) => {
  const actual = await original<typeof import("../../../src/conv/engine/outputs.js")>();
  return { ...actual, takeOutputArray: (length: number) => actual.takeOutputArray(length).fill(Number.NaN) };
});

/** The op run once with a fresh output and once into zeros of the same shape. */
function bothWays(run: (out?: Tensor) => Tensor): { fresh: Float32Array; supplied: Float32Array } {
  const fresh = run();
  const supplied = run(zeros(fresh.shape));
  return { fresh: fresh.data as Float32Array, supplied: supplied.data as Float32Array };
}

const expectAllWritten = ({ fresh, supplied }: { fresh: Float32Array; supplied: Float32Array }) => {
  expect(fresh.some(Number.isNaN)).toBe(false);
  expect(Array.from(fresh)).toEqual(Array.from(supplied));
};

describe("every op writes all of a fresh output", () => {
  const images = randn([3, 2, 11, 9], { seed: 1 });
  const narrow = randn([5, 2, 3, 3], { seed: 2 });
  const wide = randn([40, 32, 3, 3], { seed: 3 });
  const deep = randn([2, 32, 9, 9], { seed: 4 });

  it.each([
    ["conv2d, the WebAssembly engine, stride 2 and odd widths", { padding: 1, stride: 2 }],
    ["conv2d, reflect padding and dilation", { padding: 2, paddingMode: "reflect", dilation: 2 }],
    ["conv2d, fused relu", { padding: "same", activation: "relu" }],
  ] as const)("%s", (_, options) => {
    expectAllWritten(bothWays((out) => conv2d(images, narrow, { ...options, ...(out && { out }) })));
  });

  it("conv2d on a wide layer (onnxruntime where it loads)", () => {
    expectAllWritten(bothWays((out) => conv2d(deep, wide, { padding: 1, ...(out && { out }) })));
  });

  it("the reference loops", () => {
    expectAllWritten(
      bothWays((out) => conv2dReference(planConv2d(images, narrow, { padding: 1, ...(out && { out }) }))),
    );
  });

  it("max pooling, fast (no padding) and reference (padding, ceil mode)", () => {
    expectAllWritten(bothWays((out) => maxPool2d(images, 2, { ...(out && { out }) })));
    expectAllWritten(
      bothWays((out) => maxPool2d(images, 3, { stride: 2, padding: 1, ceilMode: true, ...(out && { out }) })),
    );
  });

  it("average pooling", () => {
    expectAllWritten(bothWays((out) => avgPool2d(images, 3, { stride: 2, padding: 1, ...(out && { out }) })));
  });

  it("transposed convolution", () => {
    const w = randn([2, 3, 3, 3], { seed: 5 });
    expectAllWritten(
      bothWays((out) => convTranspose2d(images, w, { stride: 2, padding: 1, ...(out && { out }) })),
    );
  });

  it("conv2dAsync, a few images per step", async () => {
    const fresh = await conv2dAsync(images, narrow, { padding: 1, imagesPerStep: 2 });
    const supplied = await conv2dAsync(images, narrow, {
      padding: 1,
      imagesPerStep: 2,
      out: zeros(fresh.shape),
    });
    expectAllWritten({ fresh: fresh.data as Float32Array, supplied: supplied.data as Float32Array });
  });
});
