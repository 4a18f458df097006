/**
 * Runs the native engine against the reference loops on a fixed set of seeded random
 * configurations and prints one JSON line: the instruction set the addon chose, the worst relative
 * conv error, and how many max-pool outputs differ. test/unit/conv/native-engine.test.ts runs it
 * with CONVLAB_NATIVE_ISA=avx2, so the AVX2 kernels are checked on a machine that has AVX-512.
 */
import { conv2dNative, loadNative, maxPool2dNative } from "../../src/conv/engine/native.js";
import { maxPool2dReference } from "../../src/conv/pool.js";
import { conv2dReference, type PaddingMode, planConv2d, planPool2d, randn } from "../../src/index.js";

let state = 12345;
/** A small seeded generator (xorshift32) of integers in [lo, hi]. */
const int = (lo: number, hi: number): number => {
  state ^= state << 13;
  state ^= state >>> 17;
  state ^= state << 5;
  return lo + ((state >>> 0) % (hi - lo + 1));
};

let worst = 0;
let cases = 0;
for (let trial = 0; trial < 300; trial++) {
  const groups = int(1, 2);
  const cin = groups * int(1, 3);
  const cout = groups * [1, 3, 8, 9, 16][int(0, 4)]!;
  const [h, w, kh, kw] = [int(1, 20), int(1, 40), int(1, 5), int(1, 5)];
  const [sh, sw, dh, dw] = [int(1, 3), int(1, 3), int(1, 2), int(1, 2)];
  const [top, bottom, left, right] = [int(0, 2), int(0, 2), int(0, 2), int(0, 2)];
  if ((kh - 1) * dh + 1 > h + top + bottom || (kw - 1) * dw + 1 > w + left + right) continue;
  const mode: PaddingMode = ["zeros", "replicate", "circular"][int(0, 2)] as PaddingMode;
  if (mode === "circular" && (Math.max(top, bottom) > h || Math.max(left, right) > w)) continue;
  const x = randn([int(1, 3), cin, h, w], { seed: trial });
  x.data[int(0, x.numel - 1)] = Number.NaN;
  const plan = planConv2d(x, randn([cout, cin / groups, kh, kw], { seed: trial + 1 }), {
    bias: randn([cout], { seed: trial + 2 }),
    stride: [sh, sw],
    dilation: [dh, dw],
    groups,
    padding: { top, bottom, left, right },
    paddingMode: mode,
    ...(int(0, 1) === 1 && { activation: "relu" as const }),
  });
  const fast = conv2dNative(plan).data;
  const exact = conv2dReference(plan).data;
  for (let i = 0; i < exact.length; i++) {
    const [a, b] = [fast[i]!, exact[i]!];
    const e = Number.isNaN(b)
      ? Number.isNaN(a)
        ? 0
        : Number.POSITIVE_INFINITY
      : Math.abs(a - b) / Math.max(1, Math.abs(b));
    if (!(e <= worst)) worst = e;
  }
  cases++;
}

let poolMismatches = 0;
for (let trial = 0; trial < 200; trial++) {
  const [h, w] = [int(2, 12), int(2, 70)];
  const x = randn([1, int(1, 4), h, w], { seed: trial });
  x.data[int(0, x.numel - 1)] = Number.NaN;
  const plan = planPool2d(x, 2, { stride: 2 });
  const fast = maxPool2dNative(plan).data;
  const exact = maxPool2dReference(plan).data;
  for (let i = 0; i < exact.length; i++) if (!Object.is(fast[i], exact[i])) poolMismatches++;
}

process.stdout.write(`${JSON.stringify({ isa: loadNative()?.isa, worst, cases, poolMismatches })}\n`);
