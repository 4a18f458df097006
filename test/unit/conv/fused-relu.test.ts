/**
 * conv2d's fused activation: `activation: 'relu'` gives exactly relu(conv2d(…)), NaN kept as
 * torch.relu keeps it, on every engine (the WebAssembly kernels fuse it; onnxruntime and the
 * reference loops get it after or inline).
 */
import { describe, expect, it } from "vitest";
import { selectConv2dEngine } from "../../../src/conv/engine/select.js";
import {
  type Conv2dOptions,
  ConvLabError,
  conv2d,
  planConv2d,
  randn,
  type Tensor,
  tensor,
} from "../../../src/index.js";

/** relu(t) as torch.relu defines it: negatives to 0, NaN kept. */
function relu(t: Tensor): number[] {
  return Array.from(t.data, (v) => Math.max(v, 0));
}

const cases: [string, number[], number[], Conv2dOptions, "float32" | "float64"][] = [
  ["lecture layer, 1→8, 3×3", [3, 1, 28, 28], [8, 1, 3, 3], { padding: 1 }, "float32"],
  ["stride 2, odd width", [2, 1, 13, 11], [8, 1, 3, 3], { padding: 1, stride: 2 }, "float32"],
  [
    "groups, dilation, reflect",
    [2, 4, 12, 10],
    [6, 2, 3, 3],
    { padding: 2, dilation: 2, groups: 2, paddingMode: "reflect" },
    "float32",
  ],
  ["wide layer (onnxruntime where present)", [2, 32, 10, 10], [64, 32, 3, 3], { padding: 1 }, "float32"],
  ["float64 (the reference loops)", [2, 3, 9, 9], [5, 3, 3, 3], { stride: 2 }, "float64"],
];

describe("conv2d with activation: 'relu'", () => {
  for (const [name, xs, ws, options, dtype] of cases) {
    it(`equals relu(conv2d(…)): ${name}`, () => {
      const x = randn(xs, { seed: 3, dtype });
      const w = randn(ws, { seed: 4, dtype });
      const bias = Array.from({ length: ws[0]! }, (_, i) => (i % 3) - 1);
      const plain = conv2d(x, w, { ...options, bias });
      const fused = conv2d(x, w, { ...options, bias, activation: "relu" });
      expect(Array.from(fused.data)).toEqual(relu(plain));
      expect(Array.from(plain.data).some((v) => v < 0)).toBe(true); // the case exercises relu
    });
  }

  it("keeps NaN as torch.relu does, and zeroes negatives", () => {
    const x = tensor([
      [Number.NaN, 1, 2, 3, 4, 5, 6, 7, 8],
      [-1, -2, -3, -4, -5, -6, -7, -8, -9],
    ]).reshape(2, 1, 1, 9);
    const w = tensor([1]).reshape(1, 1, 1, 1);
    const y = conv2d(x, w, { activation: "relu" });
    expect(Array.from(y.data)).toEqual([Number.NaN, 1, 2, 3, 4, 5, 6, 7, 8, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
  });

  it("runs on the same engine as without it", () => {
    const x = randn([4, 1, 28, 28]);
    const w = randn([8, 1, 3, 3]);
    expect(selectConv2dEngine(planConv2d(x, w, { activation: "relu" }))?.name).toBe(
      selectConv2dEngine(planConv2d(x, w))?.name,
    );
  });

  it("refuses an unknown activation, naming it and the choices", () => {
    const call = () => conv2d(randn([1, 1, 4, 4]), randn([1, 1, 3, 3]), { activation: "sigmoid" as "relu" });
    expect(call).toThrow(ConvLabError);
    expect(call).toThrow(/activation.*'sigmoid'.*must be one of 'none', 'relu'/s);
  });
});
