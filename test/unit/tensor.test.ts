/** Tensor construction and printing; expected strings are PyTorch 2.13's own `repr` output. */
import { describe, expect, it } from "vitest";
import { arange, ConvLabError, ones, rand, randn, Tensor, tensor, zeros } from "../../src/index.js";

describe("printing matches PyTorch", () => {
  const cases: [string, () => Tensor, string][] = [
    [
      "integers",
      () =>
        tensor([
          [19, 25],
          [37, 43],
        ]),
      "tensor([[19., 25.],\n        [37., 43.]])",
    ],
    ["fixed point", () => tensor([0.1, -2.5, 3]), "tensor([ 0.1000, -2.5000,  3.0000])"],
    [
      "float64 suffix",
      () => tensor([1.5, 2], { dtype: "float64" }),
      "tensor([1.5000, 2.0000], dtype=torch.float64)",
    ],
    ["small values go scientific", () => tensor([1e-5, 1]), "tensor([1.0000e-05, 1.0000e+00])"],
    ["large values go scientific", () => tensor([1e9, 1]), "tensor([1.0000e+09, 1.0000e+00])"],
    ["scalar", () => new Tensor([], new Float32Array([3])), "tensor(3.)"],
    ["negative integers", () => tensor([-1, 2]), "tensor([-1.,  2.])"],
    [
      "nan and inf",
      () => tensor([Number.NaN, Number.POSITIVE_INFINITY, 1.5]),
      "tensor([   nan,    inf, 1.5000])",
    ],
    [
      "NCHW batch",
      () => arange(8).reshape(2, 1, 2, 2),
      "tensor([[[[0., 1.],\n          [2., 3.]]],\n\n\n        [[[4., 5.],\n          [6., 7.]]]])",
    ],
    [
      "summarised and wrapped",
      () => arange(2000).reshape(2, 1000),
      "tensor([[0.0000e+00, 1.0000e+00, 2.0000e+00,  ..., 9.9700e+02, 9.9800e+02,\n" +
        "         9.9900e+02],\n" +
        "        [1.0000e+03, 1.0010e+03, 1.0020e+03,  ..., 1.9970e+03, 1.9980e+03,\n" +
        "         1.9990e+03]])",
    ],
  ];
  for (const [name, make, expected] of cases) {
    it(name, () => expect(String(make())).toBe(expected));
  }

  it("summarises rows too", () => {
    const lines = String(arange(1600).reshape(40, 40)).split("\n");
    expect(lines).toHaveLength(13);
    expect(lines[6]).toBe("        ...,");
  });
});

describe("construction", () => {
  it("arange counts like torch.arange", () => {
    expect(arange(9).reshape(3, 3).tolist()).toEqual([
      [0, 1, 2],
      [3, 4, 5],
      [6, 7, 8],
    ]);
    expect(arange(1, 2, 0.25).tolist()).toEqual([1, 1.25, 1.5, 1.75]);
    expect(arange(5, 0, -2).tolist()).toEqual([5, 3, 1]);
  });

  it("defaults to float32 and keeps float64 when asked", () => {
    expect(zeros([2, 2]).dtype).toBe("float32");
    expect(ones([2], { dtype: "float64" }).dtype).toBe("float64");
    expect(tensor([0.1]).get(0)).toBe(Math.fround(0.1));
  });

  it("random tensors are reproducible from the seed and differ between seeds", () => {
    expect(rand([3, 3], { seed: 5 }).tolist()).toEqual(rand([3, 3], { seed: 5 }).tolist());
    expect(randn([3, 3], { seed: 5 }).tolist()).not.toEqual(randn([3, 3], { seed: 6 }).tolist());
    const r = rand([1000], { seed: 1 });
    expect(r.min()).toBeGreaterThanOrEqual(0);
    expect(r.max()).toBeLessThan(1);
  });

  it("standard normal samples have mean ≈ 0 and variance ≈ 1", () => {
    const x = randn([20000], { seed: 3, dtype: "float64" });
    const mean = x.sum() / x.numel;
    const variance = Array.from(x.data).reduce((a, v) => a + (v - mean) ** 2, 0) / x.numel;
    expect(Math.abs(mean)).toBeLessThan(0.03);
    expect(Math.abs(variance - 1)).toBeLessThan(0.05);
  });

  it("reshape infers one -1 and rejects impossible shapes with the rule", () => {
    expect(arange(16).reshape(1, 1, 4, -1).shape).toEqual([1, 1, 4, 4]);
    expect(() => arange(10).reshape(3, -1)).toThrow(ConvLabError);
    expect(() => arange(10).reshape(3, 3)).toThrow(/has 9 elements but the tensor has 10/);
  });

  it("rejects ragged nested arrays, naming where", () => {
    expect(() => tensor([[1, 2], [3]])).toThrow(/values\[1\].*length 2/);
  });

  it("get and set use Python-style negative indices and check bounds", () => {
    const t = arange(9).reshape(3, 3);
    expect(t.get(-1, 0)).toBe(6);
    t.set(42, 0, -1);
    expect(t.get(0, 2)).toBe(42);
    expect(() => t.get(3, 0)).toThrow(/index\[0\].*out of range/);
  });

  it("allclose follows torch.allclose", () => {
    expect(tensor([1, 2]).allclose([1, 2.000001])).toBe(true);
    expect(tensor([1, 2]).allclose([1, 2.1])).toBe(false);
    expect(tensor([1, 2]).allclose([[1, 2]])).toBe(false);
  });
});
