/**
 * Evaluates the conformance files' PyTorch snippets with ConvLab's API, so each
 * invalid configuration PyTorch rejects is tried on ConvLab the same way.
 */
import {
  avgPool2d,
  conv2d,
  convTranspose2d,
  type IntOrPair,
  layers,
  maxPool2d,
  type PaddingMode,
  type PaddingSpec,
  pad,
  Tensor,
  zeros,
} from "../../src/index.js";
import { calleeName, isCall, type PyCall, type PyValue, parsePython } from "./python-call.js";

type Value = PyValue | Tensor | Module;

/** A constructed `nn.*` module: what calling it does. */
interface Module {
  readonly kind: "module";
  apply(x: Tensor): Tensor;
}

function isModule(v: unknown): v is Module {
  return typeof v === "object" && v !== null && (v as { kind?: unknown }).kind === "module";
}

function pair(v: Value | undefined, fallback: IntOrPair): IntOrPair {
  if (v === undefined || v === null) return fallback;
  if (typeof v === "number") return v;
  if (Array.isArray(v) && v.length === 2) return [Number(v[0]), Number(v[1])];
  throw new Error(`not an int or pair: ${JSON.stringify(v)}`);
}

function paddingSpec(v: Value | undefined): PaddingSpec {
  if (typeof v === "string") return v as PaddingSpec;
  return pair(v, 0) as PaddingSpec;
}

/** Binds positional and keyword arguments to PyTorch's parameter names. */
function bind(call: PyCall, names: string[], evaluate: (v: PyValue) => Value): Record<string, Value> {
  const bound: Record<string, Value> = {};
  call.args.forEach((arg, i) => {
    bound[names[i] ?? `arg${i}`] = evaluate(arg);
  });
  for (const [k, v] of Object.entries(call.kwargs)) bound[k] = evaluate(v);
  return bound;
}

function torchMode(mode: Value | undefined): PaddingMode {
  return mode === undefined || mode === "constant" ? "zeros" : (mode as PaddingMode);
}

/** F.pad's tuple is (left, right, top, bottom). */
export function fpadSides(tuple: readonly number[]): {
  top: number;
  bottom: number;
  left: number;
  right: number;
} {
  const [left = 0, right = 0, top = 0, bottom = 0] = tuple;
  return { top, bottom, left, right };
}

const CONV_ARGS = ["input", "weight", "bias", "stride", "padding", "dilation", "groups"];
const CONV_T_ARGS = ["input", "weight", "bias", "stride", "padding", "output_padding", "groups", "dilation"];
const MAXPOOL_ARGS = ["input", "kernel_size", "stride", "padding", "dilation", "ceil_mode"];
const AVGPOOL_ARGS = [
  "input",
  "kernel_size",
  "stride",
  "padding",
  "ceil_mode",
  "count_include_pad",
  "divisor_override",
];
const CONV_MODULE_ARGS = [
  "in_channels",
  "out_channels",
  "kernel_size",
  "stride",
  "padding",
  "dilation",
  "groups",
  "bias",
  "padding_mode",
];

function maxPool(a: Record<string, Value>, x: Tensor): Tensor {
  return maxPool2d(x, pair(a.kernel_size, 1), {
    ...(a.stride !== undefined && a.stride !== null && { stride: pair(a.stride, 1) }),
    padding: pair(a.padding, 0),
    dilation: pair(a.dilation, 1),
    ceilMode: a.ceil_mode === true,
  });
}

function avgPool(a: Record<string, Value>, x: Tensor): Tensor {
  return avgPool2d(x, pair(a.kernel_size, 1), {
    ...(a.stride !== undefined && a.stride !== null && { stride: pair(a.stride, 1) }),
    padding: pair(a.padding, 0),
    ceilMode: a.ceil_mode === true,
    countIncludePad: a.count_include_pad !== false,
    ...(typeof a.divisor_override === "number" && { divisorOverride: a.divisor_override }),
  });
}

function evaluate(value: PyValue): Value {
  if (!isCall(value)) return value;
  const callee = isCall(value.callee as PyValue) ? evaluate(value.callee) : null;
  if (isModule(callee)) {
    const x = evaluate(value.args[0]!);
    if (!(x instanceof Tensor)) throw new Error("a module must be called on a tensor");
    return callee.apply(x);
  }
  const name = calleeName(value);
  const shapeOf = (): number[] => value.args.flatMap((v) => (Array.isArray(v) ? v.map(Number) : [Number(v)]));
  switch (name) {
    case "torch.zeros":
      return zeros(shapeOf(), { dtype: "float64" });
    case "torch.ones": {
      const t = zeros(shapeOf(), { dtype: "float64" });
      t.data.fill(1);
      return t;
    }
    case "F.conv2d": {
      const a = bind(value, CONV_ARGS, evaluate);
      return conv2d(a.input as Tensor, a.weight as Tensor, {
        bias: (a.bias as Tensor | null | undefined) ?? null,
        stride: pair(a.stride, 1),
        padding: paddingSpec(a.padding),
        dilation: pair(a.dilation, 1),
        groups: (a.groups as number | undefined) ?? 1,
      });
    }
    case "F.conv_transpose2d": {
      const a = bind(value, CONV_T_ARGS, evaluate);
      return convTranspose2d(a.input as Tensor, a.weight as Tensor, {
        bias: (a.bias as Tensor | null | undefined) ?? null,
        stride: pair(a.stride, 1),
        padding: pair(a.padding, 0),
        outputPadding: pair(a.output_padding, 0),
        dilation: pair(a.dilation, 1),
        groups: (a.groups as number | undefined) ?? 1,
      });
    }
    case "F.pad": {
      const a = bind(value, ["input", "pad", "mode", "value"], evaluate);
      return pad(
        a.input as Tensor,
        fpadSides(a.pad as number[]),
        torchMode(a.mode),
        (a.value as number) ?? 0,
      );
    }
    case "F.max_pool2d": {
      const a = bind(value, MAXPOOL_ARGS, evaluate);
      return maxPool(a, a.input as Tensor);
    }
    case "F.avg_pool2d": {
      const a = bind(value, AVGPOOL_ARGS, evaluate);
      return avgPool(a, a.input as Tensor);
    }
    case "nn.MaxPool2d": {
      const a = bind(value, MAXPOOL_ARGS.slice(1), evaluate);
      layers.MaxPool2d(pair(a.kernel_size, 1));
      return { kind: "module", apply: (x) => maxPool(a, x) };
    }
    case "nn.AvgPool2d": {
      const a = bind(value, AVGPOOL_ARGS.slice(1), evaluate);
      layers.AvgPool2d(pair(a.kernel_size, 1));
      return { kind: "module", apply: (x) => avgPool(a, x) };
    }
    case "nn.Conv2d":
    case "nn.ConvTranspose2d": {
      const transposed = name === "nn.ConvTranspose2d";
      const a = bind(value, CONV_MODULE_ARGS, evaluate);
      const inC = a.in_channels as number;
      const outC = a.out_channels as number;
      const groups = (a.groups as number | undefined) ?? 1;
      const kernel = pair(a.kernel_size, 1);
      const [kh, kw] = typeof kernel === "number" ? [kernel, kernel] : kernel;
      const stride = pair(a.stride, 1);
      const dilation = pair(a.dilation, 1);
      const paddingMode = torchMode(a.padding_mode === "zeros" ? undefined : a.padding_mode);
      if (transposed) {
        layers.ConvTranspose2d(inC, outC, kernel, { stride, padding: pair(a.padding, 0), dilation, groups });
        return {
          kind: "module",
          apply: (x) =>
            convTranspose2d(x, zeros([inC, outC / groups, kh, kw], { dtype: "float64" }), {
              stride,
              padding: pair(a.padding, 0),
              dilation,
              groups,
            }),
        };
      }
      const options = {
        stride,
        padding: paddingSpec(a.padding),
        dilation,
        groups,
        ...(a.padding_mode !== undefined && { paddingMode: a.padding_mode as PaddingMode }),
      };
      layers.Conv2d(inC, outC, kernel, options);
      return {
        kind: "module",
        apply: (x) =>
          conv2d(x, zeros([outC, inC / groups, kh, kw], { dtype: "float64" }), { ...options, paddingMode }),
      };
    }
    default:
      throw new Error(`the conformance harness does not know ${name || "this call"}`);
  }
}

/** Runs a conformance `code` snippet with ConvLab; returns whatever it returns (or throws what it throws). */
export function runTorchSnippet(code: string): unknown {
  return evaluate(parsePython(code));
}
