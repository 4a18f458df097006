/**
 * The part of ONNX's `onnx.proto` (proto2, IR version 8) that a one-node model needs, as a
 * protobufjs JSON descriptor: model, opset import, graph, node, attribute, value info and tensor
 * type, and constant tensors (initializers). Field numbers are copied from onnx.proto; test/unit/conv-ort/onnx-model.test.ts checks the
 * encoding byte for byte against one made by the `onnx` Python package's `helper.make_model`.
 * Every message is proto2 (as onnx.proto is): fields set to their default are still written, and
 * repeated scalars are unpacked. Fields are listed in field-number order, the order protobuf's own
 * serialisers write them in.
 */
import type { INamespace } from "protobufjs";

/** The ONNX messages used by {@link encodeModel}, in protobufjs's JSON form. */
export const ONNX_SCHEMA: INamespace = {
  nested: {
    onnx: {
      nested: {
        ModelProto: {
          edition: "proto2",
          fields: {
            irVersion: { type: "int64", id: 1 },
            producerName: { type: "string", id: 2 },
            producerVersion: { type: "string", id: 3 },
            graph: { type: "GraphProto", id: 7 },
            opsetImport: { rule: "repeated", type: "OperatorSetIdProto", id: 8 },
          },
        },
        OperatorSetIdProto: {
          edition: "proto2",
          fields: {
            domain: { type: "string", id: 1 },
            version: { type: "int64", id: 2 },
          },
        },
        GraphProto: {
          edition: "proto2",
          fields: {
            node: { rule: "repeated", type: "NodeProto", id: 1 },
            name: { type: "string", id: 2 },
            initializer: { rule: "repeated", type: "TensorProto", id: 5 },
            input: { rule: "repeated", type: "ValueInfoProto", id: 11 },
            output: { rule: "repeated", type: "ValueInfoProto", id: 12 },
          },
        },
        NodeProto: {
          edition: "proto2",
          fields: {
            input: { rule: "repeated", type: "string", id: 1 },
            output: { rule: "repeated", type: "string", id: 2 },
            name: { type: "string", id: 3 },
            opType: { type: "string", id: 4 },
            attribute: { rule: "repeated", type: "AttributeProto", id: 5 },
          },
        },
        AttributeProto: {
          edition: "proto2",
          fields: {
            name: { type: "string", id: 1 },
            i: { type: "int64", id: 3 },
            ints: { rule: "repeated", type: "int64", id: 8 },
            type: { type: "AttributeType", id: 20 },
          },
          nested: {
            AttributeType: { values: { UNDEFINED: 0, FLOAT: 1, INT: 2, INTS: 7 } },
          },
        },
        TensorProto: {
          edition: "proto2",
          fields: {
            dims: { rule: "repeated", type: "int64", id: 1 },
            dataType: { type: "int32", id: 2 },
            name: { type: "string", id: 8 },
            rawData: { type: "bytes", id: 9 },
          },
        },
        ValueInfoProto: {
          edition: "proto2",
          fields: {
            name: { type: "string", id: 1 },
            type: { type: "TypeProto", id: 2 },
          },
        },
        TypeProto: {
          edition: "proto2",
          fields: { tensorType: { type: "TensorTypeProto", id: 1 } },
        },
        // TypeProto.Tensor in onnx.proto (a nested message there; the name does not go on the wire).
        TensorTypeProto: {
          edition: "proto2",
          fields: {
            elemType: { type: "int32", id: 1 },
            shape: { type: "TensorShapeProto", id: 2 },
          },
        },
        TensorShapeProto: {
          edition: "proto2",
          fields: { dim: { rule: "repeated", type: "Dimension", id: 1 } },
          nested: {
            Dimension: {
              fields: {
                dimValue: { type: "int64", id: 1 },
                dimParam: { type: "string", id: 2 },
              },
            },
          },
        },
      },
    },
  },
};
