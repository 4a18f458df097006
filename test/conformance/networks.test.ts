/** Every network in the conformance files: ConvLab's shape inference reproduces PyTorch's shapes. */
import { describe, expect, it } from "vitest";
import { summary } from "../../src/index.js";
import { parseLayer } from "../support/network-spec.js";
import { loadConformanceFiles } from "../support/vectors.js";

for (const file of loadConformanceFiles().filter((f) => f.networks.length > 0)) {
  describe(file.path, () => {
    for (const net of file.networks) {
      it(`${net.id}: ${net.description ?? ""}`, () => {
        const rows = net.layers.filter((l) => l.layer !== "input");
        const inputRow = net.layers.find((l) => l.layer === "input");
        if (inputRow) expect(inputRow.output_shape).toEqual(net.input_shape);
        const network = rows.map((l) => parseLayer(l.layer, l.output_shape[1]));
        const result = summary(network, net.input_shape);
        expect(result.rows.map((r) => [...r.outputShape])).toEqual(rows.map((l) => l.output_shape));
      });
    }
  });
}
