/**
 * One-node ONNX models, serialised with protobufjs from the {@link ONNX_SCHEMA} subset: every
 * tensor (image, weight, bias) is a graph input, so one session serves every weight; sizes that
 * vary between calls (batch, height, width) are symbolic dimensions.
 */
import { createRequire } from "node:module";
import type * as Protobuf from "protobufjs";
import { ONNX_SCHEMA } from "./onnx-schema.js";

/** A dimension: a fixed size, or the name of one that varies between runs. */
export type Dim = number | string;

/** A float32 graph input or output. */
export interface ValueSpec {
  readonly name: string;
  readonly dims: readonly Dim[];
}

/** A constant float32 tensor stored in the model (an initializer). */
export interface ConstantSpec {
  readonly name: string;
  readonly dims: readonly number[];
  readonly data: Float32Array;
}

/** A graph of one operator node, float32 throughout. */
export interface NodeModel {
  /** The ONNX operator, e.g. `Conv`, `MaxPool`, `AveragePool`. */
  readonly opType: string;
  readonly inputs: readonly ValueSpec[];
  /** Node inputs stored in the model instead of fed at run time (listed after `inputs`). */
  readonly constants?: readonly ConstantSpec[];
  readonly output: ValueSpec;
  /** Integer and integer-list attributes (all the pooling and conv operators take). */
  readonly attributes: Readonly<Record<string, number | readonly number[]>>;
}

/** ONNX IR version 8 and the default-domain opset 17 (ONNX 1.12; onnxruntime reads both). */
export const IR_VERSION = 8;
export const OPSET = 17;
const FLOAT = 1; // TensorProto.DataType.FLOAT
const INT = 2; // AttributeProto.AttributeType.INT
const INTS = 7; // AttributeProto.AttributeType.INTS

let modelType: Protobuf.Type | undefined;

function model(): Protobuf.Type {
  if (modelType === undefined) {
    // protobufjs/light: reflection without the .proto parser; loaded on first use like the runtime.
    const protobuf = createRequire(import.meta.url)("protobufjs/light.js") as typeof Protobuf;
    modelType = protobuf.Root.fromJSON(ONNX_SCHEMA).lookupType("onnx.ModelProto");
  }
  return modelType;
}

const valueInfo = ({ name, dims }: ValueSpec) => ({
  name,
  type: {
    tensorType: {
      elemType: FLOAT,
      shape: { dim: dims.map((d) => (typeof d === "number" ? { dimValue: d } : { dimParam: d })) },
    },
  },
});

/**
 * Serialises a one-node model to the ONNX protobuf bytes onnxruntime loads.
 *
 * @example
 * ```ts
 * import { encodeModel } from "./onnx-model.js";
 * const bytes = encodeModel({
 *   opType: "Relu",
 *   inputs: [{ name: "x", dims: ["N"] }],
 *   output: { name: "y", dims: ["N"] },
 *   attributes: {},
 * });
 * bytes[0]; // 8 (field 1, ir_version, as a varint)
 * bytes[1]; // 8 (IR version 8)
 * ```
 */
export function encodeModel(spec: NodeModel): Uint8Array {
  // Sorted by name, as onnx.helper.make_node stores keyword attributes.
  const names = Object.keys(spec.attributes).sort();
  const attribute = names
    .map((name) => [name, spec.attributes[name]!] as const)
    .map(([name, value]) =>
      typeof value === "number" ? { name, type: INT, i: value } : { name, type: INTS, ints: [...value] },
    );
  const constants = spec.constants ?? [];
  const message = {
    irVersion: IR_VERSION,
    producerName: "convlab",
    graph: {
      node: [
        {
          input: [...spec.inputs, ...constants].map((i) => i.name),
          output: [spec.output.name],
          opType: spec.opType,
          attribute,
        },
      ],
      name: spec.opType.toLowerCase(),
      initializer: constants.map(({ name, dims, data }) => ({
        dims: [...dims],
        dataType: FLOAT,
        name,
        rawData: new Uint8Array(data.buffer, data.byteOffset, data.byteLength),
      })),
      input: spec.inputs.map(valueInfo),
      output: [valueInfo(spec.output)],
    },
    opsetImport: [{ domain: "", version: OPSET }],
  };
  const type = model();
  return type.encode(type.fromObject(message)).finish();
}
