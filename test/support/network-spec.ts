/**
 * Parses the layer labels of network-shapes.json (e.g. `Conv2d(1,6,k=5,p=2)`,
 * `MaxPool2d(2,ceil_mode=True) #3`, `Linear(400,120)`) into ConvLab layers.
 */
import { type IntOrPair, type Layer, layers } from "../../src/index.js";

function parseArgs(text: string): { positional: number[]; named: Record<string, string> } {
  const positional: number[] = [];
  const named: Record<string, string> = {};
  for (const part of text
    .split(",")
    .map((p) => p.trim())
    .filter(Boolean)) {
    const eq = part.indexOf("=");
    if (eq < 0) positional.push(Number(part));
    else named[part.slice(0, eq).trim()] = part.slice(eq + 1).trim();
  }
  return { positional, named };
}

const num = (v: string | undefined): number | undefined => (v === undefined ? undefined : Number(v));

/**
 * One label → one layer. `outChannels` is the channel count PyTorch produced, used only
 * for labels that omit channels (`Conv2d(k=5)`), which stand for a conv keeping its channels.
 */
export function parseLayer(label: string, outChannels: number | undefined): Layer {
  const match = /^(\w+)(?:\((.*)\))?(?:\s*#\d+)?$/.exec(label.trim());
  if (!match) throw new Error(`cannot parse layer label '${label}'`);
  const [, kind, argText = ""] = match;
  const { positional, named } = parseArgs(argText);
  const optional = (key: string): IntOrPair | undefined => num(named[key]);
  switch (kind) {
    case "Conv2d": {
      const kernel = num(named.k) ?? positional[2] ?? 1;
      const options = {
        ...(optional("s") !== undefined && { stride: optional("s")! }),
        ...(optional("p") !== undefined && { padding: optional("p")! }),
        ...(optional("d") !== undefined && { dilation: optional("d")! }),
        ...(num(named.g) !== undefined && { groups: num(named.g)! }),
      };
      return positional.length >= 2
        ? layers.Conv2d(positional[0]!, positional[1]!, kernel, options)
        : layers.LazyConv2d(outChannels ?? 1, kernel, options);
    }
    case "MaxPool2d":
    case "AvgPool2d": {
      const kernel = num(named.k) ?? positional[0] ?? 1;
      const options = {
        ...(optional("s") !== undefined && { stride: optional("s")! }),
        ...(optional("p") !== undefined && { padding: optional("p")! }),
        ...(named.ceil_mode === "True" && { ceilMode: true }),
      };
      return kind === "MaxPool2d" ? layers.MaxPool2d(kernel, options) : layers.AvgPool2d(kernel, options);
    }
    case "Linear":
      return layers.Linear(positional[0]!, positional[1]!);
    case "Flatten":
      return layers.Flatten();
    case "ReLU":
      return layers.ReLU();
    case "Sigmoid":
      return layers.Sigmoid();
    case "Tanh":
      return layers.Tanh();
    case "Dropout":
      return layers.Dropout(num(named.p) ?? 0.5);
    case "BatchNorm2d":
      return layers.BatchNorm2d(positional[0]);
    default:
      throw new Error(`unknown layer kind '${kind}' in label '${label}'`);
  }
}
