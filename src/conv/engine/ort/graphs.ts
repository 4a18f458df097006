/**
 * The one-node ONNX graph of a plan, and the key that names it: a `Conv` for conv2d (zero
 * padding as `pads`; other padding modes are padded before, so the graph sees zeros), a
 * `MaxPool` or `AveragePool` for pooling. Batch, height and width are symbolic, so one session
 * serves every batch size and image size of a geometry.
 */
import type { Sides } from "../../params.js";
import type { Conv2dPlan } from "../../plan/conv.js";
import type { Pool2dPlan } from "../../plan/pool.js";
import type { ConstantSpec, NodeModel } from "./onnx-model.js";

/** ONNX `pads` order: begin of each axis, then end of each axis. */
const pads = (p: Sides) => [p.top, p.left, p.bottom, p.right];

/** The weight and bias of a conv node, stored in the model rather than fed on every run. */
export interface ConvConstants {
  readonly weight: Float32Array;
  readonly bias: Float32Array | null;
}

/**
 * The geometry part of a conv graph's key: everything its session depends on except the batch,
 * the image size and the weight values.
 *
 * @example
 * ```ts
 * import { planConv2d, zeros } from "convlab";
 * import { convKey } from "./graphs.js";
 * convKey(planConv2d(zeros([2, 3, 8, 8]), zeros([4, 3, 3, 3]), { padding: 1 }), { top: 1, bottom: 1, left: 1, right: 1 });
 * // "Conv c3 o4 g1 k3x3 s1x1 d1x1 p1,1,1,1 nobias"
 * ```
 */
export function convKey(plan: Conv2dPlan, padding: Sides): string {
  const { inChannels, outChannels, groups, kernel, stride, dilation } = plan;
  return [
    "Conv",
    `c${inChannels}`,
    `o${outChannels}`,
    `g${groups}`,
    `k${kernel.join("x")}`,
    `s${stride.join("x")}`,
    `d${dilation.join("x")}`,
    `p${pads(padding).join(",")}`,
    plan.bias ? "bias" : "nobias",
  ].join(" ");
}

/**
 * The conv node of a plan with zero padding `padding` (the plan's, or none once the input was
 * padded by another mode). The weight and bias are stored in the model (onnxruntime pre-packs
 * them); the image `x` is the one graph input.
 *
 * @example
 * ```ts
 * import { planConv2d, zeros } from "convlab";
 * import { convModel } from "./graphs.js";
 * const plan = planConv2d(zeros([1, 2, 5, 5]), zeros([4, 1, 3, 3]), { stride: 2, groups: 2 });
 * const node = convModel(plan, { top: 0, bottom: 0, left: 0, right: 0 }, { weight: new Float32Array(36), bias: null });
 * node.inputs.map((i) => i.name);    // ["x"]
 * node.constants?.map((c) => c.dims); // [[4, 1, 3, 3]]
 * node.attributes.group;          // 2
 * node.attributes.strides;        // [2, 2]
 * ```
 */
export function convModel(plan: Conv2dPlan, padding: Sides, constants: ConvConstants): NodeModel {
  const { inChannels, outChannels, inPerGroup, kernel } = plan;
  const tensors: ConstantSpec[] = [
    { name: "w", dims: [outChannels, inPerGroup, ...kernel], data: constants.weight },
  ];
  if (constants.bias) tensors.push({ name: "b", dims: [outChannels], data: constants.bias });
  return {
    opType: "Conv",
    inputs: [{ name: "x", dims: ["N", inChannels, "H", "W"] }],
    constants: tensors,
    output: { name: "y", dims: ["N", outChannels, "OH", "OW"] },
    attributes: {
      kernel_shape: [...kernel],
      pads: pads(padding),
      strides: [...plan.stride],
      dilations: [...plan.dilation],
      group: plan.groups,
    },
  };
}

/**
 * The pooling node of a plan (`MaxPool` or `AveragePool`, floor mode).
 *
 * @example
 * ```ts
 * import { planPool2d, zeros } from "convlab";
 * import { poolKey, poolModel } from "./graphs.js";
 * const plan = planPool2d(zeros([1, 8, 28, 28]), 2, {}, "maxPool2d");
 * poolKey(plan);                          // "MaxPool k2x2 s2x2 p0x0 d1x1"
 * poolModel(plan).attributes.kernel_shape; // [2, 2]
 * ```
 */
export function poolModel(plan: Pool2dPlan): NodeModel {
  const max = plan.operation === "maxPool2d";
  const [ph, pw] = plan.padding;
  return {
    opType: max ? "MaxPool" : "AveragePool",
    inputs: [{ name: "x", dims: ["N", "C", "H", "W"] }],
    output: { name: "y", dims: ["N", "C", "OH", "OW"] },
    attributes: {
      kernel_shape: [...plan.kernel],
      strides: [...plan.stride],
      pads: [ph, pw, ph, pw],
      ...(max ? { dilations: [...plan.dilation] } : { count_include_pad: plan.countIncludePad ? 1 : 0 }),
    },
  };
}

/** The key of {@link poolModel}'s graph. */
export function poolKey(plan: Pool2dPlan): string {
  const max = plan.operation === "maxPool2d";
  return [
    max ? "MaxPool" : `AveragePool${plan.countIncludePad ? " incl" : " excl"}`,
    `k${plan.kernel.join("x")}`,
    `s${plan.stride.join("x")}`,
    `p${plan.padding.join("x")}`,
    ...(max ? [`d${plan.dilation.join("x")}`] : []),
  ].join(" ");
}

/**
 * The sum of a whole tensor. onnxruntime's max pooling may drop a NaN that PyTorch propagates
 * (it keeps the NaN only when it is the last value of a window), so max pooling first sums its
 * input: a sum that is not NaN proves there is no NaN, and a NaN sum sends the call to the exact path.
 *
 * @example
 * ```ts
 * import { sumModel } from "./graphs.js";
 * sumModel().opType;            // "ReduceSum"
 * sumModel().attributes.keepdims; // 0
 * ```
 */
export function sumModel(): NodeModel {
  return {
    opType: "ReduceSum",
    inputs: [{ name: "x", dims: ["N", "C", "H", "W"] }],
    output: { name: "y", dims: [] },
    attributes: { keepdims: 0 },
  };
}
