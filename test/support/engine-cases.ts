/**
 * The cases every fast conv engine is tested on, written once: the conv2d conformance vectors
 * from PyTorch as float32 plans, and random configurations of every padding mode, stride,
 * dilation, groups and width (with the fused relu and a NaN in the input where asked for).
 */
import fc from "fast-check";
import {
  type Conv2dPlan,
  type PaddingMode,
  type PaddingSpec,
  type Pair,
  planConv2d,
  randn,
  tensor,
} from "../../src/index.js";
import { type ConvVector, loadConformanceFiles } from "./vectors.js";

const pairOf = (v: number[] | undefined, fallback: number): Pair =>
  v ? [v[0]!, v[1] ?? v[0]!] : [fallback, fallback];

/** Every conv2d conformance vector an engine can take (its input not pre-padded), with its float32 plan. */
export function conv2dVectorPlans(): { vector: ConvVector; plan: () => Conv2dPlan }[] {
  return loadConformanceFiles().flatMap((file) =>
    file.vectors
      .filter((v) => v.op === "conv2d" && !v.pre_pad)
      .map((v) => ({
        vector: v,
        plan: () =>
          planConv2d(tensor(v.input as number[]), tensor(v.weight as number[]), {
            bias: v.bias ?? null,
            stride: pairOf(v.stride, 1),
            padding: typeof v.padding === "string" ? (v.padding as PaddingSpec) : pairOf(v.padding, 0),
            dilation: pairOf(v.dilation, 1),
            groups: v.groups ?? 1,
            paddingMode: (v.padding_mode ?? "zeros") as PaddingMode,
          }),
      })),
  );
}

/** What the random configurations may reach beyond the common ranges. */
export interface ConvConfigLimits {
  /** Output channels per group, at most. */
  readonly outPerGroup: number;
  /** Input width, at most. */
  readonly w: number;
  /** Whether some configurations fuse a relu and put a NaN in the input. */
  readonly reluAndNaN: boolean;
}

/** Random float32 conv plans of every padding mode, stride, dilation and groups that PyTorch accepts. */
export function convPlans(limits: ConvConfigLimits): fc.Arbitrary<Conv2dPlan> {
  return fc
    .record({
      n: fc.integer({ min: 1, max: 3 }),
      groups: fc.integer({ min: 1, max: 3 }),
      inPerGroup: fc.integer({ min: 1, max: 3 }),
      outPerGroup: fc.integer({ min: 1, max: limits.outPerGroup }),
      h: fc.integer({ min: 1, max: 20 }),
      w: fc.integer({ min: 1, max: limits.w }),
      kh: fc.integer({ min: 1, max: 5 }),
      kw: fc.integer({ min: 1, max: 5 }),
      sh: fc.integer({ min: 1, max: 3 }),
      sw: fc.integer({ min: 1, max: 3 }),
      dh: fc.integer({ min: 1, max: 2 }),
      dw: fc.integer({ min: 1, max: 2 }),
      sides: fc.tuple(fc.nat(3), fc.nat(3), fc.nat(3), fc.nat(3)),
      mode: fc.constantFrom<PaddingMode>("zeros", "reflect", "replicate", "circular"),
      bias: fc.boolean(),
      relu: limits.reluAndNaN ? fc.boolean() : fc.constant(false),
      nan: limits.reluAndNaN ? fc.nat(400) : fc.constant(Number.POSITIVE_INFINITY),
      seed: fc.nat(),
    })
    .filter((c) => {
      const [t, b, l, r] = c.sides;
      if (c.dh * (c.kh - 1) + 1 > c.h + t + b || c.dw * (c.kw - 1) + 1 > c.w + l + r) return false;
      if (c.mode === "reflect" && (Math.max(t, b) >= c.h || Math.max(l, r) >= c.w)) return false;
      if (c.mode === "circular" && (Math.max(t, b) > c.h || Math.max(l, r) > c.w)) return false;
      return true;
    })
    .map((c) => {
      const cin = c.groups * c.inPerGroup;
      const cout = c.groups * c.outPerGroup;
      const [top, bottom, left, right] = c.sides;
      const x = randn([c.n, cin, c.h, c.w], { seed: c.seed });
      if (c.nan < x.numel) x.data[c.nan] = Number.NaN;
      return planConv2d(x, randn([cout, c.inPerGroup, c.kh, c.kw], { seed: c.seed + 1 }), {
        bias: c.bias ? randn([cout], { seed: c.seed + 2 }) : null,
        stride: [c.sh, c.sw],
        dilation: [c.dh, c.dw],
        groups: c.groups,
        padding: { top, bottom, left, right },
        paddingMode: c.mode,
        ...(c.relu && { activation: "relu" as const }),
      });
    });
}
