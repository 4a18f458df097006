/**
 * The native engine (onnxruntime-node) against the reference loops and PyTorch: every conv2d
 * and pooling conformance vector, random configurations of every padding mode, stride, dilation
 * and groups; NaN handling of max pooling; outputs in the caller's buffer; the same bits on every
 * call; a bounded session cache; and the fallback with a one-line notice when it cannot load.
 */
import { spawnSync } from "node:child_process";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { conv2dOrt, ortSessionCount, pool2dOrt, SESSION_CAPACITY } from "../../../src/conv/engine/ort/run.js";
import { ortTakesConv, ortTakesPool } from "../../../src/conv/engine/ort/select.js";
import { avgPool2dReference, maxPool2dReference } from "../../../src/conv/pool.js";
import {
  conv2dReference,
  type PaddingMode,
  type Pair,
  planConv2d,
  planPool2d,
  randn,
  Tensor,
  tensor,
  zeros,
} from "../../../src/index.js";
import { mismatch } from "../../support/compare.js";
import { conv2dVectorPlans } from "../../support/engine-cases.js";
import { loadConformanceFiles } from "../../support/vectors.js";

function expectClose(actual: Tensor | undefined, expected: Tensor): void {
  expect(actual).toBeDefined();
  expect([...actual!.shape]).toEqual([...expected.shape]);
  expect(mismatch(actual!, [...expected.shape], Array.from(expected.data), 1e-5)).toBeUndefined();
}

const pairOf = (v: number[] | undefined, fallback: number): Pair =>
  v ? [v[0]!, v[1] ?? v[0]!] : [fallback, fallback];

describe("onnxruntime agrees with PyTorch on every conformance vector (float32)", () => {
  for (const { vector: v, plan: planOf } of conv2dVectorPlans()) {
    it(`conv2d ${v.id}`, () => {
      const plan = planOf();
      expect(ortTakesConv(plan, "ort")).toBe(true);
      const out = conv2dOrt(plan);
      expect(out).toBeDefined();
      expect(mismatch(out!, v.output_shape, v.output, 1e-5)).toBeUndefined();
    });
  }
  for (const file of loadConformanceFiles()) {
    for (const v of file.vectors.filter((x) => x.op === "max_pool2d" || x.op === "avg_pool2d")) {
      it(`${v.op} ${v.id}`, () => {
        const max = v.op === "max_pool2d";
        const plan = planPool2d(
          tensor(v.input as number[]),
          pairOf(v.kernel_size, 1),
          {
            stride: pairOf(v.stride ?? v.kernel_size, 1),
            padding: pairOf(v.padding as number[] | undefined, 0),
            ceilMode: v.ceil_mode ?? false,
            ...(max && { dilation: pairOf(v.dilation, 1) }),
            ...(!max && { countIncludePad: v.count_include_pad ?? true }),
            ...(v.divisor_override != null && { divisorOverride: v.divisor_override }),
          },
          max ? "maxPool2d" : "avgPool2d",
        );
        // Ceil-mode windows past the floor size and divisorOverride stay on the exact path.
        const expectTaken =
          v.divisor_override == null && (!v.ceil_mode || plan.output.join() === floorOutput(plan));
        expect(ortTakesPool(plan, "ort")).toBe(expectTaken);
        if (!expectTaken) return;
        const out = pool2dOrt(plan) ?? (max ? maxPool2dReference(plan) : avgPool2dReference(plan));
        expect(mismatch(out, v.output_shape, v.output, 1e-5)).toBeUndefined();
      });
    }
  }
});

function floorOutput(plan: ReturnType<typeof planPool2d>): string {
  return [0, 1]
    .map((a) => {
      const reach = plan.dilation[a]! * (plan.kernel[a]! - 1) + 1;
      return Math.floor((plan.inputSize[a]! + 2 * plan.padding[a]! - reach) / plan.stride[a]!) + 1;
    })
    .join();
}

describe("onnxruntime equals the reference loops", () => {
  it("for random convs of every padding mode, stride, dilation and groups", () => {
    const config = fc
      .record({
        n: fc.integer({ min: 1, max: 3 }),
        groups: fc.integer({ min: 1, max: 3 }),
        inPerGroup: fc.integer({ min: 1, max: 3 }),
        outPerGroup: fc.integer({ min: 1, max: 5 }),
        h: fc.integer({ min: 1, max: 16 }),
        w: fc.integer({ min: 1, max: 16 }),
        kh: fc.integer({ min: 1, max: 5 }),
        kw: fc.integer({ min: 1, max: 5 }),
        s: fc.tuple(fc.integer({ min: 1, max: 3 }), fc.integer({ min: 1, max: 3 })),
        d: fc.tuple(fc.integer({ min: 1, max: 2 }), fc.integer({ min: 1, max: 2 })),
        sides: fc.tuple(fc.nat(3), fc.nat(3), fc.nat(3), fc.nat(3)),
        mode: fc.constantFrom<PaddingMode>("zeros", "reflect", "replicate", "circular"),
        bias: fc.boolean(),
        unbatched: fc.boolean(),
        seed: fc.nat(),
      })
      .filter((c) => {
        const [t, b, l, r] = c.sides;
        if (c.d[0] * (c.kh - 1) + 1 > c.h + t + b || c.d[1] * (c.kw - 1) + 1 > c.w + l + r) return false;
        if (c.mode === "reflect" && (Math.max(t, b) >= c.h || Math.max(l, r) >= c.w)) return false;
        return !(c.mode === "circular" && (Math.max(t, b) > c.h || Math.max(l, r) > c.w));
      });
    fc.assert(
      fc.property(config, (c) => {
        const cin = c.groups * c.inPerGroup;
        const cout = c.groups * c.outPerGroup;
        const [top, bottom, left, right] = c.sides;
        const x = randn(c.unbatched ? [cin, c.h, c.w] : [c.n, cin, c.h, c.w], { seed: c.seed });
        const plan = planConv2d(x, randn([cout, c.inPerGroup, c.kh, c.kw], { seed: c.seed + 1 }), {
          bias: c.bias ? randn([cout], { seed: c.seed + 2 }) : null,
          stride: c.s,
          dilation: c.d,
          groups: c.groups,
          padding: { top, bottom, left, right },
          paddingMode: c.mode,
        });
        expectClose(conv2dOrt(plan), conv2dReference(plan));
      }),
      { numRuns: 150 },
    );
  }, 60_000); // a session per configuration: slow on a loaded machine

  it("for random max and average poolings (NaN propagated as PyTorch does)", () => {
    let taken = 0;
    const config = fc.record({
      max: fc.boolean(),
      h: fc.integer({ min: 1, max: 14 }),
      w: fc.integer({ min: 1, max: 14 }),
      k: fc.tuple(fc.integer({ min: 1, max: 4 }), fc.integer({ min: 1, max: 4 })),
      s: fc.tuple(fc.integer({ min: 1, max: 3 }), fc.integer({ min: 1, max: 3 })),
      p: fc.tuple(fc.nat(2), fc.nat(2)),
      d: fc.integer({ min: 1, max: 2 }),
      includePad: fc.boolean(),
      nan: fc.option(fc.nat(60)),
      seed: fc.nat(),
    });
    fc.assert(
      fc.property(config, (c) => {
        const d = c.max ? c.d : 1;
        fc.pre(2 * c.p[0] <= c.k[0] && 2 * c.p[1] <= c.k[1]);
        fc.pre((c.k[0] - 1) * d + 1 <= c.h + 2 * c.p[0] && (c.k[1] - 1) * d + 1 <= c.w + 2 * c.p[1]);
        const x = randn([2, 3, c.h, c.w], { seed: c.seed });
        if (c.nan !== null && c.nan < x.numel) x.data[c.nan] = Number.NaN;
        const plan = c.max
          ? planPool2d(x, c.k, { stride: c.s, padding: c.p, dilation: d })
          : planPool2d(x, c.k, { stride: c.s, padding: c.p, countIncludePad: c.includePad }, "avgPool2d");
        const reference = c.max ? maxPool2dReference(plan) : avgPool2dReference(plan);
        if (!ortTakesPool(plan, "ort")) return; // ceil-mode extra windows, windows of padding only
        taken++;
        const out = pool2dOrt(plan);
        if (c.max && c.nan !== null && c.nan < x.numel) {
          expect(out).toBeUndefined(); // a NaN in the input: the exact path runs instead
          return;
        }
        expectClose(out, reference);
        if (c.max) expect(Array.from(out!.data)).toEqual(Array.from(reference.data)); // max is exact
      }),
      { numRuns: 150 },
    );
    expect(taken).toBeGreaterThan(100);
  }, 60_000); // a session per configuration: slow on a loaded machine
});

describe("buffers, determinism and sessions", () => {
  it("writes into the caller's output buffer and returns it", () => {
    const out = zeros([3, 4, 10, 10]);
    const plan = planConv2d(randn([3, 2, 10, 10], { seed: 5 }), randn([4, 2, 3, 3], { seed: 6 }), {
      padding: 1,
      out,
    });
    const result = conv2dOrt(plan);
    expect(result).toBe(out);
    expectClose(out, conv2dReference({ ...plan, out: undefined }));
  });

  it("gives the same bits on every call, for a batch and for its slices", () => {
    const x = randn([40, 3, 12, 12], { seed: 7 });
    const w = randn([5, 3, 3, 3], { seed: 8 });
    const first = conv2dOrt(planConv2d(x, w, { padding: 1, bias: [1, 2, 3, 4, 5] }))!;
    const again = conv2dOrt(planConv2d(x, w, { padding: 1, bias: [1, 2, 3, 4, 5] }))!;
    expect(Array.from(again.data)).toEqual(Array.from(first.data));
    const image = 5 * 12 * 12;
    const slice = new Tensor([7, 3, 12, 12], x.data.subarray(10 * 3 * 144, 17 * 3 * 144));
    const part = conv2dOrt(planConv2d(slice, w, { padding: 1, bias: [1, 2, 3, 4, 5] }))!;
    expect(Array.from(part.data)).toEqual(Array.from(first.data.subarray(10 * image, 17 * image)));
  });

  it("a changed weight is noticed (the session is keyed by the weight's bits)", () => {
    const x = randn([2, 1, 6, 6], { seed: 9 });
    const w = randn([2, 1, 3, 3], { seed: 10 });
    conv2dOrt(planConv2d(x, w));
    w.data[4] = w.data[4]! + 1;
    expectClose(conv2dOrt(planConv2d(x, w)), conv2dReference(planConv2d(x, w)));
  });

  it(`keeps at most ${SESSION_CAPACITY} sessions however many weights it sees`, () => {
    const x = randn([1, 1, 8, 8], { seed: 11 });
    for (let i = 0; i < 3 * SESSION_CAPACITY; i++) {
      const w = randn([1, 1, 3, 3], { seed: 100 + i });
      expectClose(conv2dOrt(planConv2d(x, w)), conv2dReference(planConv2d(x, w)));
      expect(ortSessionCount()).toBeLessThanOrEqual(SESSION_CAPACITY);
    }
  });

  it("float64 and empty batches stay off the native engine", () => {
    expect(
      ortTakesConv(planConv2d(zeros([1, 1, 4, 4], { dtype: "float64" }), zeros([1, 1, 3, 3])), "ort"),
    ).toBe(false);
    expect(ortTakesConv(planConv2d(zeros([0, 1, 4, 4]), zeros([1, 1, 3, 3])), "ort")).toBe(false);
    expect(ortTakesConv(planConv2d(zeros([9, 1, 28, 28]), zeros([8, 1, 3, 3])), "wasm")).toBe(false);
    expect(ortTakesConv(planConv2d(zeros([9, 1, 28, 28]), zeros([8, 1, 3, 3])), "reference")).toBe(false);
  });
});

describe("without the native library", () => {
  it("falls back to the WebAssembly and reference paths with a one-line notice", () => {
    const script = `
      import Module from "node:module";
      const load = Module._load;
      Module._load = function (request, ...rest) {
        if (request.startsWith("onnxruntime-node")) throw new Error("simulated: no native library");
        return load.call(this, request, ...rest);
      };
      const { conv2d, maxPool2d, arange, ones } = await import("./src/index.ts");
      const x = arange(2 * 3 * 16 * 16).reshape(2, 3, 16, 16);
      const a = conv2d(x, ones([4, 3, 3, 3])).data.slice(0, 2);
      const b = conv2d(x, ones([4, 3, 3, 3])).data.slice(0, 2);
      const c = maxPool2d(x, 2).data.slice(0, 2);
      console.log(JSON.stringify([Array.from(a), Array.from(b), Array.from(c)]));`;
    const run = spawnSync("node", ["--import", "tsx", "--input-type=module", "-e", script], {
      encoding: "utf8",
      env: { ...process.env, CONVLAB_ENGINE: "ort" },
    });
    expect(run.status, run.stderr).toBe(0);
    // Sums of 3×3×3 windows of arange: Σ over the 3 channels of the window at (0,0).
    const corner = (c: number) => [0, 1, 2, 16, 17, 18, 32, 33, 34].reduce((s, v) => s + v + 256 * c, 0);
    const first = corner(0) + corner(1) + corner(2);
    expect(JSON.parse(run.stdout)).toEqual([
      [first, first + 27],
      [first, first + 27],
      [17, 19],
    ]);
    const notice = run.stderr.trim().split("\n");
    expect(notice).toHaveLength(1);
    expect(notice[0]).toMatch(
      /^convlab: onnxruntime-node is not available here \(simulated: no native library\); /,
    );
  }, 60_000);

  it("falls back when onnxruntime throws during a run, reporting it once", () => {
    const script = `
      import { createRequire } from "node:module";
      const require = createRequire(process.cwd() + "/src/");
      const { binding } = require("onnxruntime-node/dist/binding.js");
      binding.InferenceSession = class extends binding.InferenceSession {
        run() { throw new Error("simulated run failure"); }
      };
      const { conv2d, ones, arange } = await import("./src/index.ts");
      const x = arange(2 * 3 * 16 * 16).reshape(2, 3, 16, 16);
      const a = conv2d(x, ones([4, 3, 3, 3])).data[0];
      const b = conv2d(x, ones([4, 3, 3, 3])).data[0];
      console.log(JSON.stringify([a, b]));`;
    const run = spawnSync("node", ["--import", "tsx", "--input-type=module", "-e", script], {
      encoding: "utf8",
      env: { ...process.env, CONVLAB_ENGINE: "ort" },
    });
    expect(run.status, run.stderr).toBe(0);
    const corner = [0, 1, 2, 16, 17, 18, 32, 33, 34].reduce((s, v) => s + 3 * v + 256 * 3, 0);
    expect(JSON.parse(run.stdout)).toEqual([corner, corner]);
    const notice = run.stderr.trim().split("\n");
    expect(notice).toHaveLength(1);
    expect(notice[0]).toMatch(/^convlab: onnxruntime failed \(simulated run failure\); /);
  }, 60_000);
});
