import { describe, expect, it } from "vitest";
import { ConvLabError } from "../../../src/errors.js";
import { KERNEL_NAMES, namedKernel, randomKernel } from "../../../src/figure/kernels.js";

describe("named kernels (textbook definitions)", () => {
  it("has the library's names", () => {
    expect([...KERNEL_NAMES]).toEqual([
      "identity",
      "box-blur",
      "gaussian-blur",
      "sharpen",
      "sobel-x",
      "sobel-y",
      "laplacian",
      "edge",
      "random",
    ]);
  });

  it("holds the standard 3×3 values", () => {
    expect(namedKernel("identity").tensor.tolist()).toEqual([
      [0, 0, 0],
      [0, 1, 0],
      [0, 0, 0],
    ]);
    expect(namedKernel("sharpen").tensor.tolist()).toEqual([
      [0, -1, 0],
      [-1, 5, -1],
      [0, -1, 0],
    ]);
    expect(namedKernel("sobel-x").tensor.tolist()).toEqual([
      [-1, 0, 1],
      [-2, 0, 2],
      [-1, 0, 1],
    ]);
    expect(namedKernel("sobel-y").tensor.tolist()).toEqual([
      [-1, -2, -1],
      [0, 0, 0],
      [1, 2, 1],
    ]);
    expect(namedKernel("laplacian").tensor.tolist()).toEqual([
      [0, 1, 0],
      [1, -4, 1],
      [0, 1, 0],
    ]);
  });

  it("blurs: box = 1/n² everywhere; Gaussian = binomial [1,2,1]ᵀ[1,2,1]/16 and [1,4,6,4,1] for 5×5", () => {
    expect(namedKernel("box-blur").tensor.allclose(new Array(3).fill(new Array(3).fill(1 / 9)))).toBe(true);
    expect(
      namedKernel("gaussian-blur").tensor.allclose([
        [1 / 16, 2 / 16, 1 / 16],
        [2 / 16, 4 / 16, 2 / 16],
        [1 / 16, 2 / 16, 1 / 16],
      ]),
    ).toBe(true);
    const g5 = namedKernel("gaussian-blur", { size: 5 }).tensor;
    expect(g5.get(2, 2)).toBeCloseTo(36 / 256, 7);
    expect(g5.get(0, 1)).toBeCloseTo(4 / 256, 7);
    expect(g5.sum()).toBeCloseTo(1, 6);
  });

  it("has the book's edge detector K = [[1, -1]]", () => {
    expect(namedKernel("edge").tensor.tolist()).toEqual([[1, -1]]);
  });

  it("makes seeded random kernels: same seed, same values; other seed, other values", () => {
    const a = randomKernel({ seed: 3 });
    expect(a.tensor.shape).toEqual([3, 3]);
    expect(a.tensor.tolist()).toEqual(namedKernel("random", { seed: 3 }).tensor.tolist());
    expect(a.tensor.tolist()).not.toEqual(randomKernel({ seed: 4 }).tensor.tolist());
    expect(a.name).toBe("random-3");
  });

  it("rejects unknown names and bad sizes", () => {
    expect(() => namedKernel("emboss" as never)).toThrow(/unknown kernel name/);
    expect(() => namedKernel("box-blur", { size: 0 })).toThrow(ConvLabError);
    expect(() => namedKernel("identity", { size: 4 })).toThrow(/odd size/);
  });
});
