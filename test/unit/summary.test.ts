/**
 * Network shape inference. Parameter and multiply-add counts were computed with PyTorch 2.13
 * (sum of parameter numel; conv MACs = out.numel · C_in/groups · kH · kW); receptive fields are
 * the published values for AlexNet (pool5: 195, jump 32) and VGG-16 (pool5: 212).
 */
import { describe, expect, it } from "vitest";
import { ConvLabError, isDisplayable, layers as L, MIME_BUNDLE, summary } from "../../src/index.js";

const lenet = [
  L.Conv2d(1, 6, 5, { padding: 2 }),
  L.Sigmoid(),
  L.AvgPool2d(2, { stride: 2 }),
  L.Conv2d(6, 16, 5),
  L.Sigmoid(),
  L.AvgPool2d(2, { stride: 2 }),
  L.Flatten(),
  L.Linear(400, 120),
  L.Sigmoid(),
  L.Linear(120, 84),
  L.Sigmoid(),
  L.Linear(84, 10),
];

describe("summary", () => {
  it("LeNet: 61,706 parameters and 416,520 multiply-adds (PyTorch)", () => {
    const s = summary(lenet, [1, 1, 28, 28]);
    expect(s.totalParams).toBe(61706);
    expect(s.totalMacs).toBe(416520);
    expect(s.output).toEqual([1, 10]);
  });

  it("D2L AlexNet on 224x224: 46,764,746 parameters and 938,146,176 multiply-adds (PyTorch)", () => {
    const alex = [
      L.Conv2d(1, 96, 11, { stride: 4, padding: 1 }),
      L.ReLU(),
      L.MaxPool2d(3, { stride: 2 }),
      L.Conv2d(96, 256, 5, { padding: 2 }),
      L.ReLU(),
      L.MaxPool2d(3, { stride: 2 }),
      L.Conv2d(256, 384, 3, { padding: 1 }),
      L.ReLU(),
      L.Conv2d(384, 384, 3, { padding: 1 }),
      L.ReLU(),
      L.Conv2d(384, 256, 3, { padding: 1 }),
      L.ReLU(),
      L.MaxPool2d(3, { stride: 2 }),
      L.Flatten(),
      L.Linear(6400, 4096),
      L.ReLU(),
      L.Dropout(0.5),
      L.Linear(4096, 4096),
      L.ReLU(),
      L.Dropout(0.5),
      L.Linear(4096, 10),
    ];
    const s = summary(alex, [1, 1, 224, 224]);
    expect(s.totalParams).toBe(46764746);
    expect(s.totalMacs).toBe(938146176);
  });

  it("depthwise-separable block: 2,400 parameters, 1,196,032 multiply-adds for a batch of 2 (PyTorch)", () => {
    const s = summary(
      [L.Conv2d(32, 32, 3, { padding: 1, groups: 32, bias: false }), L.Conv2d(32, 64, 1)],
      [2, 32, 16, 16],
    );
    expect(s.totalParams).toBe(2400);
    expect(s.totalMacs).toBe(1196032);
    expect(s.output).toEqual([2, 64, 16, 16]);
  });

  it("receptive field and jump of the original AlexNet reach 195 and 32 at pool5", () => {
    const alex = [
      L.Conv2d(3, 96, 11, { stride: 4 }),
      L.MaxPool2d(3, { stride: 2 }),
      L.Conv2d(96, 256, 5, { padding: 2 }),
      L.MaxPool2d(3, { stride: 2 }),
      L.Conv2d(256, 384, 3, { padding: 1 }),
      L.Conv2d(384, 384, 3, { padding: 1 }),
      L.Conv2d(384, 256, 3, { padding: 1 }),
      L.MaxPool2d(3, { stride: 2 }),
    ];
    const rows = summary(alex, [1, 3, 227, 227]).rows;
    expect(rows.map((r) => r.receptiveField![0])).toEqual([11, 19, 51, 67, 99, 131, 163, 195]);
    expect(rows[7]!.effectiveStride).toEqual([32, 32]);
    expect(rows[7]!.outputShape).toEqual([1, 256, 6, 6]);
  });

  it("VGG-16's receptive field at pool5 is 212", () => {
    const block = (cin: number, cout: number, n: number) => [
      ...Array.from({ length: n }, (_, i) => L.Conv2d(i === 0 ? cin : cout, cout, 3, { padding: 1 })),
      L.MaxPool2d(2),
    ];
    const vgg = [
      ...block(3, 64, 2),
      ...block(64, 128, 2),
      ...block(128, 256, 3),
      ...block(256, 512, 3),
      ...block(512, 512, 3),
    ];
    const s = summary(vgg, [1, 3, 224, 224]);
    expect(s.rows[s.rows.length - 1]!.receptiveField).toEqual([212, 212]);
    expect(s.output).toEqual([1, 512, 7, 7]);
  });

  it("an Inception block concatenates branches that keep the size", () => {
    const inception = L.Concat(
      [L.Conv2d(192, 64, 1)],
      [L.Conv2d(192, 96, 1), L.Conv2d(96, 128, 3, { padding: 1 })],
      [L.Conv2d(192, 16, 1), L.Conv2d(16, 32, 5, { padding: 2 })],
      [L.MaxPool2d(3, { stride: 1, padding: 1 }), L.Conv2d(192, 32, 1)],
    );
    const s = summary([inception], [1, 192, 28, 28]);
    expect(s.output).toEqual([1, 256, 28, 28]); // GoogLeNet inception (3a): 256 channels, 28x28
  });

  it("branches of different sizes fail with every branch's shape and the fix", () => {
    const broken = L.Concat([L.Conv2d(1, 4, 1)], [L.Conv2d(1, 4, 3)]);
    expect(() => summary([broken], [1, 1, 28, 28])).toThrow(
      /layer 1 Concat\(2 branches\).*branch 1 gives \[1, 4, 28, 28\], branch 2 gives \[1, 4, 26, 26\].*padding/,
    );
    expect(() =>
      summary([L.Concat([L.Conv2d(1, 4, 1)], [L.Conv2d(1, 4, 3, { padding: "same" })])], [1, 1, 28, 28]),
    ).not.toThrow();
  });

  it("an invalid layer is named, with its input shape and the rule", () => {
    let error: unknown;
    try {
      summary([L.Conv2d(1, 6, 5), L.MaxPool2d(2), L.Conv2d(6, 16, 5)], [1, 1, 12, 12]);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConvLabError);
    expect((error as ConvLabError).message).toMatch(
      /^layer 3 Conv2d\(6,16,k=5\) \(input \[1, 6, 4, 4\]\): kernel = \[5, 5\]: kernel 5x5 is larger than the padded input 4x4/,
    );
  });

  it("channel and feature mismatches name the layer and suggest the fix", () => {
    expect(() => summary([L.Conv2d(3, 6, 3)], [1, 1, 8, 8])).toThrow(
      /expects 3 input channels, but the previous layer gives 1/,
    );
    expect(() => summary([L.Flatten(), L.Linear(10, 2)], [1, 1, 4, 4])).toThrow(
      /Linear\(16, 2\) or LazyLinear\(2\)/,
    );
    expect(() => summary([L.Linear(16, 2)], [1, 1, 4, 4])).toThrow(/insert layers.Flatten\(\)/);
  });

  it("layer constructors validate like PyTorch's", () => {
    expect(() => L.Conv2d(3, 4, 3, { groups: 2 })).toThrow(/in_channels must be divisible by groups/);
    expect(() => L.Conv2d(4, 3, 3, { groups: 2 })).toThrow(/out_channels must be divisible by groups/);
    expect(() => L.Conv2d(1, 1, 3, { stride: 2, padding: "same" })).toThrow(/strided/);
    expect(() => L.Conv2d(1, 1, 3, { paddingMode: "mirror" as never })).toThrow(
      /padding mode must be one of/,
    );
  });

  it("renders as a table in Jupyter", () => {
    const s = summary(lenet, [1, 1, 28, 28]);
    expect(isDisplayable(s)).toBe(true);
    const bundle = s[MIME_BUNDLE]();
    expect(bundle.data["text/html"]).toContain("<td>Conv2d(1,6,k=5,p=2)</td>");
    expect(String(bundle.data["text/plain"])).toContain("total params: 61,706");
  });
});
