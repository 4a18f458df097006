/**
 * Property tests: random valid configurations agree with the naive seven-loop definition
 * and with the shape function; random invalid ones always throw a ConvLabError.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  arange,
  avgPool2d,
  ConvLabError,
  conv2d,
  conv2dOutputShape,
  convTranspose2d,
  maxPool2d,
  type NestedArray,
  type PaddingMode,
  pad,
  Tensor,
  tensor,
  zeros,
} from "../../src/index.js";
import { naiveConv2d, naiveOutputSize, naivePool2d } from "../support/naive.js";

const values = (n: number, seed: number): Float64Array => {
  // Small integers make every sum exact, so results must match bit for bit.
  const out = new Float64Array(n);
  let state = seed;
  for (let i = 0; i < n; i++) {
    state = (state * 1103515245 + 12345) % 2147483648;
    out[i] = (state % 19) - 9;
  }
  return out;
};

const convConfig = fc
  .record({
    n: fc.integer({ min: 1, max: 2 }),
    groups: fc.integer({ min: 1, max: 3 }),
    inPerGroup: fc.integer({ min: 1, max: 2 }),
    outPerGroup: fc.integer({ min: 1, max: 2 }),
    h: fc.integer({ min: 1, max: 9 }),
    w: fc.integer({ min: 1, max: 9 }),
    kh: fc.integer({ min: 1, max: 4 }),
    kw: fc.integer({ min: 1, max: 4 }),
    sh: fc.integer({ min: 1, max: 3 }),
    sw: fc.integer({ min: 1, max: 3 }),
    dh: fc.integer({ min: 1, max: 3 }),
    dw: fc.integer({ min: 1, max: 3 }),
    sides: fc.tuple(fc.nat(3), fc.nat(3), fc.nat(3), fc.nat(3)),
    symmetric: fc.boolean(),
    mode: fc.constantFrom<PaddingMode>("zeros", "reflect", "replicate", "circular"),
    bias: fc.boolean(),
    seed: fc.nat(),
  })
  .map((c) => {
    const sides: [number, number, number, number] = c.symmetric
      ? [c.sides[0], c.sides[0], c.sides[2], c.sides[2]]
      : c.sides;
    return { ...c, sides };
  })
  .filter((c) => {
    const [t, b, l, r] = c.sides;
    if (c.dh * (c.kh - 1) + 1 > c.h + t + b || c.dw * (c.kw - 1) + 1 > c.w + l + r) return false;
    if (c.mode === "reflect" && (Math.max(t, b) >= c.h || Math.max(l, r) >= c.w)) return false;
    if (c.mode === "circular" && (Math.max(t, b) > c.h || Math.max(l, r) > c.w)) return false;
    return true;
  });

describe("conv2d equals the seven-loop definition", () => {
  it("for random valid configurations", () => {
    fc.assert(
      fc.property(convConfig, (c) => {
        const cin = c.groups * c.inPerGroup;
        const cout = c.groups * c.outPerGroup;
        const xShape: [number, number, number, number] = [c.n, cin, c.h, c.w];
        const wShape: [number, number, number, number] = [cout, c.inPerGroup, c.kh, c.kw];
        const x = values(
          xShape.reduce((a, b) => a * b),
          c.seed,
        );
        const w = values(
          wShape.reduce((a, b) => a * b),
          c.seed + 1,
        );
        const bias = c.bias ? Array.from(values(cout, c.seed + 2)) : null;
        const [top, bottom, left, right] = c.sides;
        const expected = naiveConv2d({
          x,
          xShape,
          w,
          wShape,
          bias,
          stride: [c.sh, c.sw],
          dilation: [c.dh, c.dw],
          groups: c.groups,
          sides: c.sides,
          mode: c.mode,
        });
        const actual = conv2d(new Tensor(xShape, x), new Tensor(wShape, w), {
          bias,
          stride: [c.sh, c.sw],
          dilation: [c.dh, c.dw],
          groups: c.groups,
          padding: c.symmetric ? [top, left] : { top, bottom, left, right },
          paddingMode: c.mode,
        });
        expect([...actual.shape]).toEqual(expected.shape);
        expect(Array.from(actual.data)).toEqual(Array.from(expected.data));
        // The shape function agrees with counting windows.
        const shape = conv2dOutputShape({
          input: [c.h, c.w],
          kernel: [c.kh, c.kw],
          stride: [c.sh, c.sw],
          dilation: [c.dh, c.dw],
          padding: { top, bottom, left, right },
        });
        expect(shape.output).toEqual([
          naiveOutputSize(c.h, c.kh, top, bottom, c.sh, c.dh),
          naiveOutputSize(c.w, c.kw, left, right, c.sw, c.dw),
        ]);
      }),
      { numRuns: 300 },
    );
  });
});

describe("pooling equals the definition", () => {
  const poolConfig = fc
    .record({
      h: fc.integer({ min: 1, max: 9 }),
      w: fc.integer({ min: 1, max: 9 }),
      kh: fc.integer({ min: 1, max: 4 }),
      kw: fc.integer({ min: 1, max: 4 }),
      sh: fc.integer({ min: 1, max: 3 }),
      sw: fc.integer({ min: 1, max: 3 }),
      ph: fc.nat(2),
      pw: fc.nat(2),
      d: fc.integer({ min: 1, max: 2 }),
      ceilMode: fc.boolean(),
      op: fc.constantFrom<"max" | "avg">("max", "avg"),
      countIncludePad: fc.boolean(),
      seed: fc.nat(),
    })
    .map((c) => (c.op === "avg" ? { ...c, d: 1 } : c))
    .filter(
      (c) =>
        c.ph <= Math.floor((c.d * (c.kh - 1) + 1) / 2) &&
        c.pw <= Math.floor((c.d * (c.kw - 1) + 1) / 2) &&
        c.d * (c.kh - 1) + 1 <= c.h + 2 * c.ph &&
        c.d * (c.kw - 1) + 1 <= c.w + 2 * c.pw,
    );

  it("for random valid configurations", () => {
    fc.assert(
      fc.property(poolConfig, (c) => {
        const xShape: [number, number, number, number] = [1, 2, c.h, c.w];
        const x = values(2 * c.h * c.w, c.seed);
        const expected = naivePool2d({
          x,
          xShape,
          kernel: [c.kh, c.kw],
          stride: [c.sh, c.sw],
          padding: [c.ph, c.pw],
          dilation: [c.d, c.d],
          ceilMode: c.ceilMode,
          op: c.op,
          countIncludePad: c.countIncludePad,
        });
        const input = new Tensor(xShape, x);
        const options = {
          stride: [c.sh, c.sw] as [number, number],
          padding: [c.ph, c.pw] as [number, number],
          ceilMode: c.ceilMode,
        };
        const actual =
          c.op === "max"
            ? maxPool2d(input, [c.kh, c.kw], { ...options, dilation: c.d })
            : avgPool2d(input, [c.kh, c.kw], { ...options, countIncludePad: c.countIncludePad });
        expect([...actual.shape]).toEqual(expected.shape);
        const got = Array.from(actual.data);
        const want = Array.from(expected.data);
        got.forEach((v, i) => {
          expect(v).toBeCloseTo(want[i]!, 12);
        });
      }),
      { numRuns: 300 },
    );
  });
});

describe("convTranspose2d is the adjoint of conv2d", () => {
  it("⟨conv2d(x, w), y⟩ = ⟨x, convTranspose2d(y, w)⟩", () => {
    fc.assert(
      fc.property(
        fc
          .record({
            h: fc.integer({ min: 3, max: 9 }),
            w: fc.integer({ min: 3, max: 9 }),
            k: fc.integer({ min: 1, max: 3 }),
            s: fc.integer({ min: 1, max: 3 }),
            p: fc.nat(1),
            d: fc.integer({ min: 1, max: 2 }),
            groups: fc.integer({ min: 1, max: 2 }),
            seed: fc.nat(),
          })
          .filter((c) => c.d * (c.k - 1) + 1 <= Math.min(c.h, c.w) + 2 * c.p),
        (c) => {
          const cin = 2 * c.groups;
          const cout = c.groups;
          const xShape = [1, cin, c.h, c.w];
          const wShape = [cout, cin / c.groups, c.k, c.k];
          const x = new Tensor(xShape, values(cin * c.h * c.w, c.seed));
          const w = new Tensor(
            wShape,
            values(
              wShape.reduce((a, b) => a * b),
              c.seed + 7,
            ),
          );
          const options = { stride: c.s, padding: c.p, dilation: c.d, groups: c.groups };
          const y = conv2d(x, w, options);
          const probe = new Tensor([...y.shape], values(y.numel, c.seed + 3));
          // The transposed conv must land back on x's size: pick output_padding to recover it.
          const [oh, ow] = [y.shape[2]!, y.shape[3]!];
          const reach = (o: number, n: number) => n - ((o - 1) * c.s - 2 * c.p + c.d * (c.k - 1) + 1);
          const outputPadding: [number, number] = [reach(oh, c.h), reach(ow, c.w)];
          fc.pre(outputPadding.every((v) => v >= 0 && (v < c.s || v < c.d)));
          const back = convTranspose2d(probe, w, { ...options, outputPadding });
          expect([...back.shape]).toEqual(xShape);
          let left = 0;
          let right = 0;
          for (let i = 0; i < y.numel; i++) left += y.data[i]! * probe.data[i]!;
          for (let i = 0; i < x.numel; i++) right += x.data[i]! * back.data[i]!;
          expect(left).toBe(right);
        },
      ),
      { numRuns: 200 },
    );
  });
});

describe("invalid configurations always throw a ConvLabError", () => {
  const corruptions = [
    { name: "stride ≤ 0", options: (v: number) => ({ stride: -v }) },
    { name: "fractional stride", options: (v: number) => ({ stride: v + 0.5 }) },
    { name: "negative padding", options: (v: number) => ({ padding: -v - 1 }) },
    { name: "dilation ≤ 0", options: (v: number) => ({ dilation: -v }) },
    { name: "groups not dividing", options: (v: number) => ({ groups: v + 4 }) },
    { name: "same with stride", options: (v: number) => ({ padding: "same" as const, stride: v + 2 }) },
    { name: "unknown mode", options: () => ({ paddingMode: "mirror" as PaddingMode }) },
    {
      name: "reflect too wide",
      options: (v: number) => ({ padding: 3 + v, paddingMode: "reflect" as PaddingMode }),
    },
    { name: "kernel too large", options: (v: number) => ({ dilation: 4 + v }) },
  ];
  for (const corruption of corruptions) {
    it(corruption.name, () => {
      fc.assert(
        fc.property(fc.nat(3), (v) => {
          const x = new Tensor([1, 3, 3, 3], values(27, v));
          const w = new Tensor([3, 3, 3, 3], values(81, v));
          expect(() => conv2d(x, w, corruption.options(v))).toThrow(ConvLabError);
        }),
        { numRuns: 20 },
      );
    });
  }
});

/**
 * Clear error: a ConvLabError whose parameter matches, whose message names it, with a rule and a
 * fix, and whose rule does not call a non-negative value "negative" or a positive one "non-positive".
 */
function expectClearError(f: () => unknown, parameter: RegExp, value?: unknown): void {
  let thrown: unknown;
  try {
    f();
  } catch (error) {
    thrown = error;
  }
  expect(thrown, "silently accepted").toBeInstanceOf(ConvLabError);
  const error = thrown as ConvLabError;
  expect(error.parameter).toMatch(parameter);
  expect(error.message).toContain(error.parameter);
  expect(error.rule.length).toBeGreaterThan(10);
  expect(error.fix?.length ?? 0).toBeGreaterThan(5);
  if (typeof value === "number" && !(value < 0)) expect(error.rule).not.toMatch(/negative/);
  if (typeof value === "number" && !(value <= 0)) expect(error.rule).not.toMatch(/non-positive/);
}

/** Values that are not integers: fractions, non-finite numbers, numeric strings. */
const notInteger = fc.oneof(
  fc.double({ min: -50, max: 50, noInteger: true, noNaN: true }),
  fc.constantFrom(Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY),
  fc.integer({ min: 0, max: 9 }).map(String),
);

describe("invalid inputs of every kind from the fuzzing: 0 silent accepts, 0 unclear errors", () => {
  const x = () => new Tensor([1, 2, 6, 6], values(72, 1));
  const w = () => new Tensor([4, 2, 3, 3], values(72, 2));
  const runs = { numRuns: 60 };
  it("stride, padding, dilation that are not integers, or out of range", () => {
    fc.assert(
      fc.property(
        fc.constantFrom("stride", "padding", "dilation"),
        fc.oneof(notInteger, fc.integer({ min: -9, max: -1 })),
        fc.boolean(),
        (name, bad, pair) => {
          const value = pair ? [1, bad] : bad;
          expectClearError(() => conv2d(x(), w(), { [name]: value } as never), new RegExp(`^${name}`), bad);
          if (name !== "dilation") {
            expectClearError(
              () => maxPool2d(x(), 2, { [name]: value } as never),
              new RegExp(`^${name}`),
              bad,
            );
          }
        },
      ),
      runs,
    );
  });
  it("groups that are not positive integers or do not divide the channels", () => {
    fc.assert(
      fc.property(
        fc.oneof(notInteger, fc.integer({ min: -3, max: 0 }), fc.integer({ min: 3, max: 9 })),
        (g) => {
          expectClearError(() => conv2d(x(), w(), { groups: g as number }), /^(groups|weight)$/, g);
        },
      ),
      runs,
    );
  });
  it("unknown padding modes", () => {
    fc.assert(
      fc.property(
        fc
          .string({ minLength: 1, maxLength: 8 })
          .filter((m) => !["zeros", "reflect", "replicate", "circular"].includes(m)),
        (mode) => {
          expectClearError(
            () => conv2d(x(), w(), { padding: 1, paddingMode: mode as PaddingMode }),
            /^paddingMode$/,
          );
          expectClearError(() => pad(x(), 1, mode as PaddingMode), /^paddingMode$/);
        },
      ),
      runs,
    );
  });
  it("bias of strings, holes or the wrong length", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 3 }), fc.constantFrom("string", "hole", "length"), (at, kind) => {
        const bias: unknown[] = [0, 1, 2, 3];
        if (kind === "string") bias[at] = String(at);
        if (kind === "hole") delete bias[at];
        if (kind === "length") bias.length = at;
        expectClearError(() => conv2d(x(), w(), { bias: bias as number[] }), /^bias/);
      }),
      runs,
    );
  });
  it("out sharing memory with the input or weight", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 40 }), fc.boolean(), (offset, onWeight) => {
        const memory = new Float32Array(400);
        const input = new Tensor([1, 2, 6, 6], memory.subarray(100, 172));
        const weight = new Tensor([4, 2, 3, 3], memory.subarray(200, 272));
        const start = (onWeight ? 200 : 100) + offset - 20;
        const out = new Tensor([1, 4, 4, 4], memory.subarray(Math.max(0, start), Math.max(0, start) + 64));
        expectClearError(() => conv2d(input, weight, { out }), /^out$/);
      }),
      runs,
    );
  });
  it("average pooling: bad divisorOverride and dilation", () => {
    fc.assert(
      fc.property(fc.oneof(notInteger, fc.constant(0)), (d) => {
        expectClearError(() => avgPool2d(x(), 2, { divisorOverride: d as number }), /^divisorOverride$/);
        expectClearError(() => avgPool2d(x(), 2, { dilation: 1 } as never), /^dilation$/);
      }),
      runs,
    );
  });
  it("unsupported dtypes, sparse and circular nested arrays", () => {
    fc.assert(
      fc.property(
        fc.string({ maxLength: 8 }).filter((d) => d !== "float32" && d !== "float64"),
        fc.integer({ min: 2, max: 6 }),
        fc.nat(5),
        (dtype, length, hole) => {
          expectClearError(() => zeros([2, 2], { dtype: dtype as never }), /^dtype$/);
          const sparse: number[] = Array.from({ length }, (_, i) => i);
          delete sparse[hole % length];
          expectClearError(() => tensor(sparse as NestedArray), /^values\[\d+\]$/);
          const circular: unknown[] = Array.from({ length }, () => [1]);
          circular[hole % length] = circular;
          expectClearError(() => tensor(circular as NestedArray), /^values/);
        },
      ),
      runs,
    );
  });
  it("sizes over the 2^28-element limit fail fast, before allocating", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 2 ** 15, max: 2 ** 20 }),
        fc.integer({ min: 2 ** 14, max: 2 ** 20 }),
        (a, b) => {
          expectClearError(() => zeros([a, b]), /^shape$/);
          expectClearError(() => arange(0, a * b * 2), /^end$/);
          expectClearError(() => pad(x(), Math.floor(a / 2)), /^padding$/);
          expectClearError(() => conv2d(x(), w(), { padding: Math.floor(a / 2) }), /^padding$/);
        },
      ),
      { numRuns: 20 },
    );
  });
});
