/**
 * Naive reference definitions, written straight from the formulas and independent of
 * src/: pad explicitly, then seven nested loops. Slow and obviously right.
 */

export interface NaiveConv {
  x: Float64Array;
  xShape: [number, number, number, number];
  w: Float64Array;
  wShape: [number, number, number, number];
  bias: number[] | null;
  stride: [number, number];
  dilation: [number, number];
  groups: number;
  /** top, bottom, left, right */
  sides: [number, number, number, number];
  mode: "zeros" | "reflect" | "replicate" | "circular";
}

function sourceIndex(i: number, n: number, mode: NaiveConv["mode"]): number {
  if (i >= 0 && i < n) return i;
  switch (mode) {
    case "zeros":
      return -1;
    case "reflect":
      return i < 0 ? -i : 2 * (n - 1) - i;
    case "replicate":
      return i < 0 ? 0 : n - 1;
    case "circular":
      return ((i % n) + n) % n;
  }
}

/** Output size straight from the definition: count window positions that fit. */
export function naiveOutputSize(
  n: number,
  k: number,
  before: number,
  after: number,
  s: number,
  d: number,
): number {
  let count = 0;
  for (let start = 0; start + d * (k - 1) <= n + before + after - 1; start += s) count++;
  return count;
}

export function naiveConv2d(c: NaiveConv): { shape: number[]; data: Float64Array } {
  const [N, C, H, W] = c.xShape;
  const [O, Cg, KH, KW] = c.wShape;
  const [top, bottom, left, right] = c.sides;
  const PH = H + top + bottom;
  const PW = W + left + right;
  const padded = new Float64Array(N * C * PH * PW);
  for (let n = 0; n < N; n++)
    for (let ch = 0; ch < C; ch++)
      for (let i = 0; i < PH; i++)
        for (let j = 0; j < PW; j++) {
          const r = sourceIndex(i - top, H, c.mode);
          const q = sourceIndex(j - left, W, c.mode);
          padded[((n * C + ch) * PH + i) * PW + j] =
            r < 0 || q < 0 ? 0 : c.x[((n * C + ch) * H + r) * W + q]!;
        }
  const OH = naiveOutputSize(H, KH, top, bottom, c.stride[0], c.dilation[0]);
  const OW = naiveOutputSize(W, KW, left, right, c.stride[1], c.dilation[1]);
  const out = new Float64Array(N * O * OH * OW);
  const perGroup = O / c.groups;
  for (let n = 0; n < N; n++)
    for (let o = 0; o < O; o++)
      for (let i = 0; i < OH; i++)
        for (let j = 0; j < OW; j++) {
          let sum = c.bias ? c.bias[o]! : 0;
          const g = Math.floor(o / perGroup);
          for (let ci = 0; ci < Cg; ci++)
            for (let a = 0; a < KH; a++)
              for (let e = 0; e < KW; e++) {
                const row = i * c.stride[0] + a * c.dilation[0];
                const col = j * c.stride[1] + e * c.dilation[1];
                sum +=
                  padded[((n * C + g * Cg + ci) * PH + row) * PW + col]! *
                  c.w[((o * Cg + ci) * KH + a) * KW + e]!;
              }
          out[((n * O + o) * OH + i) * OW + j] = sum;
        }
  return { shape: [N, O, OH, OW], data: out };
}

export interface NaivePool {
  x: Float64Array;
  xShape: [number, number, number, number];
  kernel: [number, number];
  stride: [number, number];
  padding: [number, number];
  dilation: [number, number];
  ceilMode: boolean;
  op: "max" | "avg";
  countIncludePad: boolean;
}

/**
 * Window count from the definition: every window that fits in the padded input; in ceil
 * mode one more partial window when space is left over, if it starts inside the left
 * padding or the input (never in the right padding).
 */
function poolSize(n: number, k: number, p: number, s: number, d: number, ceil: boolean): number {
  const span = d * (k - 1) + 1;
  let fitting = 0;
  while (-p + fitting * s + span - 1 <= n + p - 1) fitting++;
  const leftover = (n + 2 * p - span) % s !== 0;
  return ceil && leftover && -p + fitting * s < n ? fitting + 1 : fitting;
}

export function naivePool2d(c: NaivePool): { shape: number[]; data: Float64Array } {
  const [N, C, H, W] = c.xShape;
  const OH = poolSize(H, c.kernel[0], c.padding[0], c.stride[0], c.dilation[0], c.ceilMode);
  const OW = poolSize(W, c.kernel[1], c.padding[1], c.stride[1], c.dilation[1], c.ceilMode);
  const out = new Float64Array(N * C * OH * OW);
  for (let n = 0; n < N; n++)
    for (let ch = 0; ch < C; ch++)
      for (let i = 0; i < OH; i++)
        for (let j = 0; j < OW; j++) {
          const r0 = i * c.stride[0] - c.padding[0];
          const c0 = j * c.stride[1] - c.padding[1];
          let best = Number.NEGATIVE_INFINITY;
          let sum = 0;
          let inside = 0;
          let area = 0;
          for (let a = 0; a < c.kernel[0]; a++)
            for (let e = 0; e < c.kernel[1]; e++) {
              const r = r0 + a * c.dilation[0];
              const q = c0 + e * c.dilation[1];
              if (r < H + c.padding[0] && q < W + c.padding[1]) area++;
              if (r < 0 || r >= H || q < 0 || q >= W) continue;
              const v = c.x[((n * C + ch) * H + r) * W + q]!;
              best = Math.max(best, v);
              sum += v;
              inside++;
            }
          out[((n * C + ch) * OH + i) * OW + j] =
            c.op === "max" ? best : sum / (c.countIncludePad ? area : inside);
        }
  return { shape: [N, C, OH, OW], data: out };
}
