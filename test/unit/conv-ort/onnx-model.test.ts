/**
 * ConvLab's ONNX encoder against the `onnx` package's own helpers: the models that graphs.ts
 * builds from real plans are byte for byte the ones onnx.helper.make_model serialises
 * (fixtures/onnx-helper-models.json, written by fixtures/make_onnx_models.py with onnx 1.23.2).
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { convModel, poolModel, sumModel } from "../../../src/conv/engine/ort/graphs.js";
import { encodeModel } from "../../../src/conv/engine/ort/onnx-model.js";
import { arange, planConv2d, planPool2d, tensor, zeros } from "../../../src/index.js";

const fixtures = JSON.parse(
  readFileSync(new URL("fixtures/onnx-helper-models.json", import.meta.url), "utf8"),
) as {
  models: Record<string, string>;
};
const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString("hex");

describe("the ONNX encoding equals onnx.helper's", () => {
  it("for a grouped, dilated, strided conv with one-sided padding and stored weight and bias", () => {
    const weight = arange(36).reshape(4, 1, 3, 3);
    const bias = [0.5, -1, 2, 0];
    const padding = { top: 1, left: 0, bottom: 2, right: 1 };
    const plan = planConv2d(zeros([1, 2, 7, 7]), weight, {
      padding,
      stride: [2, 1],
      dilation: [1, 2],
      groups: 2,
      bias,
    });
    const model = convModel(plan, plan.padding, {
      weight: Float32Array.from(weight.data),
      bias: Float32Array.from(tensor(bias).data),
    });
    expect(hex(encodeModel(model))).toBe(fixtures.models.conv);
  });

  it("for max pooling with padding, stride and dilation", () => {
    const plan = planPool2d(zeros([1, 3, 8, 8]), [3, 2], {
      stride: [2, 1],
      padding: [1, 1],
      dilation: [1, 2],
    });
    expect(hex(encodeModel(poolModel(plan)))).toBe(fixtures.models.maxpool);
  });

  it("for average pooling that excludes the padding from the divisor", () => {
    const plan = planPool2d(
      zeros([1, 3, 8, 8]),
      3,
      { stride: 2, padding: 1, countIncludePad: false },
      "avgPool2d",
    );
    expect(hex(encodeModel(poolModel(plan)))).toBe(fixtures.models.avgpool);
  });

  it("for the NaN check (a sum of everything)", () => {
    expect(hex(encodeModel(sumModel()))).toBe(fixtures.models.sum);
  });
});
