/**
 * The fast conv engine (WebAssembly SIMD) against the reference loops and PyTorch: every conv2d
 * conformance vector and random configurations of every padding mode, stride, dilation and groups
 * agree at float32 tolerance; outputs land in caller-supplied buffers; memory stays bounded; a
 * machine without WebAssembly SIMD gets the reference path with a one-line notice.
 */
import { spawnSync } from "node:child_process";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { maxPool2dFast, maxPoolFastSupports } from "../../src/conv/engine/pool.js";
import { conv2dFast, engineMemoryBytes, engineSupports, engineThreads } from "../../src/conv/engine/wasm.js";
import { maxPool2dReference } from "../../src/conv/pool.js";
import { conv2dReference, planConv2d, planPool2d, randn, Tensor, zeros } from "../../src/index.js";
import { mismatch } from "../support/compare.js";
import { conv2dVectorPlans, convPlans } from "../support/engine-cases.js";

/** |a − b| ≤ 1e-5·max(1, |a|, |b|) elementwise. */
function expectClose(actual: Tensor, expected: Tensor): void {
  expect([...actual.shape]).toEqual([...expected.shape]);
  expect(mismatch(actual, [...expected.shape], Array.from(expected.data), 1e-5)).toBeUndefined();
}

describe("the engine agrees with PyTorch on every conv2d conformance vector (float32)", () => {
  for (const { vector: v, plan: planOf } of conv2dVectorPlans()) {
    it(v.id, () => {
      const plan = planOf();
      expect(engineSupports(plan)).toBe(true);
      expect(mismatch(conv2dFast(plan), v.output_shape, v.output, 1e-5)).toBeUndefined();
    });
  }
});

describe("the engine equals the reference loops", () => {
  it("for random configurations of every mode, stride, dilation and groups", () => {
    fc.assert(
      fc.property(convPlans({ outPerGroup: 9, w: 20, reluAndNaN: false }), (plan) => {
        expect(engineSupports(plan)).toBe(true);
        expectClose(conv2dFast(plan), conv2dReference(plan));
      }),
      { numRuns: 300 },
    );
  });
  it("float64 stays on the reference loops (exact)", () => {
    const plan = planConv2d(zeros([1, 1, 4, 4], { dtype: "float64" }), zeros([1, 1, 3, 3]));
    expect(engineSupports(plan)).toBe(false);
  });
});

describe("the max-pool fast path equals the reference loops", () => {
  // The WebAssembly path (the native engine's pooling is tested in conv/native-engine.test.ts).
  beforeAll(() => {
    process.env.CONVLAB_ENGINE = "wasm";
  });
  afterAll(() => {
    delete process.env.CONVLAB_ENGINE;
  });
  it("bit for bit, NaN included, wherever it applies", () => {
    fc.assert(
      fc.property(
        fc.record({
          h: fc.integer({ min: 1, max: 12 }),
          w: fc.integer({ min: 1, max: 12 }),
          k: fc.tuple(fc.integer({ min: 1, max: 3 }), fc.integer({ min: 1, max: 3 })),
          s: fc.tuple(fc.integer({ min: 1, max: 3 }), fc.integer({ min: 1, max: 3 })),
          d: fc.integer({ min: 1, max: 2 }),
          nan: fc.nat(40),
          seed: fc.nat(),
        }),
        (c) => {
          fc.pre((c.k[0] - 1) * c.d + 1 <= c.h && (c.k[1] - 1) * c.d + 1 <= c.w);
          const x = randn([2, 2, c.h, c.w], { seed: c.seed });
          if (c.nan < x.numel) x.data[c.nan] = Number.NaN;
          const plan = planPool2d(x, c.k, { stride: c.s, dilation: c.d });
          expect(maxPoolFastSupports(plan)).toBe(true);
          expect(Array.from(maxPool2dFast(plan).data)).toEqual(Array.from(maxPool2dReference(plan).data));
        },
      ),
      { numRuns: 300 },
    );
  });
  it("padding and ceil mode stay on the reference loops", () => {
    expect(maxPoolFastSupports(planPool2d(zeros([1, 1, 5, 5]), 2, { padding: 1 }))).toBe(false);
    expect(maxPoolFastSupports(planPool2d(zeros([1, 1, 5, 5]), 2, { ceilMode: true }))).toBe(false);
  });
});

describe("two threads", () => {
  it("split each chunk and give the same result as the reference", async () => {
    const { availableParallelism } = await import("node:os");
    const cores = availableParallelism();
    for (let waited = 0; engineThreads() < Math.min(2, cores) && waited < 10000; waited += 50) {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(engineThreads()).toBe(Math.min(2, cores));
    const x = randn([37, 3, 17, 19], { seed: 5 });
    const w = randn([10, 3, 3, 5], { seed: 6 });
    const options = { padding: [1, 2] as const, stride: [1, 2] as const, bias: randn([10], { seed: 7 }) };
    expectClose(conv2dFast(planConv2d(x, w, options)), conv2dReference(planConv2d(x, w, options)));
  });
});

describe("buffers and memory", () => {
  it("writes into a caller-supplied output and returns it", () => {
    const x = randn([5, 2, 9, 9], { seed: 1 });
    const w = randn([6, 2, 3, 3], { seed: 2 });
    const out = zeros([5, 6, 9, 9]);
    const result = conv2dFast(planConv2d(x, w, { padding: 1, out }));
    expect(result).toBe(out);
    expectClose(out, conv2dReference(planConv2d(x, w, { padding: 1 })));
  });
  it("memory stays bounded for the 10,000-image case (a chunk at a time)", () => {
    const x = randn([10000, 1, 28, 28], { seed: 3 });
    const w = randn([8, 1, 3, 3], { seed: 4 });
    const out = conv2dFast(planConv2d(x, w, { padding: 1 }));
    expect(out.shape).toEqual([10000, 8, 28, 28]);
    // The output alone is 251 MB; the engine's scratch stays at a few MB.
    expect(engineMemoryBytes()).toBeLessThan(8 << 20);
    const probe = new Tensor([1, 1, 28, 28], x.data.subarray(9999 * 784, 10000 * 784));
    expectClose(
      new Tensor([1, 8, 28, 28], out.data.subarray(9999 * 8 * 784)),
      conv2dReference(planConv2d(probe, w, { padding: 1 })),
    );
  });
});

describe("without WebAssembly SIMD", () => {
  it("falls back to the reference loops with a one-line notice", () => {
    const script = `
      WebAssembly.validate = () => false;
      const { conv2d, arange, tensor } = await import("./src/index.ts");
      const K = tensor([[0, 1], [2, 3]]).reshape(1, 1, 2, 2);
      const a = conv2d(arange(9).reshape(1, 1, 3, 3), K).tolist();
      const b = conv2d(arange(9).reshape(1, 1, 3, 3), K).tolist();
      console.log(JSON.stringify([a, b]));`;
    // CONVLAB_ENGINE=wasm: no native engine either (a machine whose addon is not built).
    const run = spawnSync("node", ["--import", "tsx", "--input-type=module", "-e", script], {
      encoding: "utf8",
      env: { ...process.env, CONVLAB_ENGINE: "wasm" },
    });
    expect(run.status, run.stderr).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual([
      [
        [
          [
            [19, 25],
            [37, 43],
          ],
        ],
      ],
      [
        [
          [
            [19, 25],
            [37, 43],
          ],
        ],
      ],
    ]);
    const notice = run.stderr.trim().split("\n");
    expect(notice).toHaveLength(1);
    expect(notice[0]).toMatch(/^convlab: WebAssembly SIMD is not available here .*reference loops$/);
  });
});

describe("the two engine modules", () => {
  // This process runs the relaxed-SIMD module (fused multiply-adds) where Node.js accepts it; the
  // plain SIMD module runs where it does not, or with CONVLAB_FMA=0. Both agree with the reference.
  const script = `
    const { conv2d, conv2dReference, planConv2d, randn } = await import("./src/index.ts");
    const { loadEngine } = await import("./src/conv/engine/runtime.ts");
    const cases = [[[3, 1, 28, 28], [8, 1, 3, 3], { padding: 1 }], [[2, 6, 14, 14], [16, 6, 5, 5], {}],
      [[2, 4, 11, 9], [6, 2, 3, 3], { padding: 2, stride: [2, 1], dilation: 2, groups: 2 }]];
    let worst = 0;
    for (const [xs, ws, options] of cases) {
      const x = randn(xs, { seed: 1 }), w = randn(ws, { seed: 2 });
      const fast = conv2d(x, w, options).data, exact = conv2dReference(planConv2d(x, w, options)).data;
      for (let i = 0; i < exact.length; i++) worst = Math.max(worst, Math.abs(fast[i] - exact[i]) / Math.max(1, Math.abs(exact[i])));
    }
    console.log(JSON.stringify({ fma: loadEngine().fma, worst }));`;
  it.each([
    { fma: "", expected: true, module: "relaxed-SIMD (fused multiply-add)" },
    { fma: "0", expected: false, module: "plain SIMD" },
  ])(
    "CONVLAB_FMA=$fma runs the $module module, within float32 tolerance of the reference",
    ({ fma, expected }) => {
      const run = spawnSync("node", ["--import", "tsx", "--input-type=module", "-e", script], {
        encoding: "utf8",
        env: { ...process.env, CONVLAB_FMA: fma, CONVLAB_ENGINE: "wasm" },
      });
      expect(run.status, run.stderr).toBe(0);
      const { fma: used, worst } = JSON.parse(run.stdout) as { fma: boolean; worst: number };
      expect(used).toBe(expected);
      expect(worst).toBeLessThan(1e-5);
    },
  );
});
