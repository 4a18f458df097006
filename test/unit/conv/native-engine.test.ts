/**
 * The native engine (native/conv-native/, built by scripts/build-native.sh at setup) against
 * PyTorch and the reference loops: every conv2d conformance vector and random configurations of
 * every padding mode, stride, dilation, groups, width and the fused relu agree at float32
 * tolerance; max pooling is bit for bit the reference's, NaN included; it writes into the
 * caller's buffer; a bad call gets an error, not a write outside its arrays; callers on several
 * worker threads at once all get right answers; and the build script builds it in a clean directory.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Worker } from "node:worker_threads";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  conv2dNative,
  loadNative,
  maxPool2dNative,
  NATIVE_ADDON_PATH,
  nativeSupportsConv,
} from "../../../src/conv/engine/native.js";
import { maxPoolFastSupports } from "../../../src/conv/engine/pool.js";
import { selectConv2dEngine } from "../../../src/conv/engine/select.js";
import { maxPool2dReference } from "../../../src/conv/pool.js";
import {
  conv2dReference,
  type Pair,
  planConv2d,
  planPool2d,
  randn,
  type Tensor,
  zeros,
} from "../../../src/index.js";
import { mismatch } from "../../support/compare.js";
import { conv2dVectorPlans, convPlans } from "../../support/engine-cases.js";

const root = join(import.meta.dirname, "../../..");

/** |a − b| ≤ 1e-5·max(1, |a|, |b|) elementwise, NaN where the reference has NaN. */
function expectClose(actual: Tensor, expected: Tensor): void {
  expect([...actual.shape]).toEqual([...expected.shape]);
  expect(mismatch(actual, [...expected.shape], Array.from(expected.data), 1e-5)).toBeUndefined();
}

describe("the native engine loads here", () => {
  it("with AVX-512 or AVX2 (this machine has one of them), and takes the lecture's layers", () => {
    const addon = loadNative();
    expect(addon?.isa).toMatch(/^avx(512|2)$/);
    const lecture = planConv2d(zeros([10, 1, 28, 28]), zeros([8, 1, 3, 3]), { padding: 1 });
    expect(selectConv2dEngine(lecture)?.name).toBe(`native-${addon!.isa}`);
  });
});

describe("the native engine agrees with PyTorch on every conv2d conformance vector (float32)", () => {
  for (const { vector: v, plan: planOf } of conv2dVectorPlans()) {
    it(v.id, () => {
      const plan = planOf();
      expect(nativeSupportsConv(plan)).toBe(true);
      expect(mismatch(conv2dNative(plan), v.output_shape, v.output, 1e-5)).toBeUndefined();
    });
  }
});

describe("the native engine equals the reference loops", () => {
  it("for random configurations of every mode, stride, dilation, groups, width and relu", () => {
    // Rows up to 40 wide: narrower than half a vector, between half and one, and wider than two.
    fc.assert(
      fc.property(convPlans({ outPerGroup: 17, w: 40, reluAndNaN: true }), (plan) => {
        expect(nativeSupportsConv(plan)).toBe(true);
        expectClose(conv2dNative(plan), conv2dReference(plan));
      }),
      { numRuns: 400 },
    );
  });

  it("the lecture's layers on a batch (both threads), into the caller's buffer", () => {
    for (const [k, stride] of [
      [3, 1],
      [3, 2],
      [5, 1],
    ] as const) {
      const x = randn([67, 1, 28, 28], { seed: k });
      const w = randn([8, 1, k, k], { seed: k + 1 });
      const options = { padding: (k - 1) / 2, stride, bias: randn([8], { seed: 9 }) };
      const out = zeros(planConv2d(x, w, options).outputShape);
      const result = conv2dNative(planConv2d(x, w, { ...options, out }));
      expect(result).toBe(out);
      expectClose(out, conv2dReference(planConv2d(x, w, options)));
    }
  });

  it("channel-vectorised layers (rows narrower than a vector, whole vectors of channels)", () => {
    const cases: [number[], number[], Parameters<typeof planConv2d>[2]][] = [
      [[5, 6, 14, 14], [16, 6, 5, 5], {}], // LeNet's second layer (bench:conv B)
      [[3, 4, 9, 11], [32, 2, 3, 3], { groups: 2, stride: 2, padding: 1, activation: "relu" }],
      [[2, 3, 12, 7], [16, 3, 2, 3], { dilation: [2, 1], padding: [1, 0] }],
    ];
    for (const [xs, ws, options] of cases) {
      const x = randn(xs, { seed: 11 });
      x.data[5] = Number.NaN;
      const plan = planConv2d(x, randn(ws, { seed: 12 }), {
        ...options,
        bias: randn([ws[0]!], { seed: 13 }),
      });
      expectClose(conv2dNative(plan), conv2dReference(plan));
    }
  });

  it("float64 stays on the reference loops (exact)", () => {
    const plan = planConv2d(
      zeros([1, 1, 4, 4], { dtype: "float64" }),
      zeros([1, 1, 3, 3], { dtype: "float64" }),
    );
    expect(nativeSupportsConv(plan)).toBe(false);
  });
});

describe("native max pooling equals the reference loops", () => {
  it("bit for bit, NaN and ties included, for every width and window", () => {
    fc.assert(
      fc.property(
        fc.record({
          planes: fc.integer({ min: 1, max: 5 }),
          h: fc.integer({ min: 1, max: 12 }),
          w: fc.integer({ min: 1, max: 70 }),
          k: fc.tuple(fc.integer({ min: 1, max: 3 }), fc.integer({ min: 1, max: 3 })),
          s: fc.tuple(fc.integer({ min: 1, max: 3 }), fc.integer({ min: 1, max: 3 })),
          d: fc.integer({ min: 1, max: 2 }),
          twoByTwo: fc.boolean(),
          nans: fc.array(fc.nat(2000), { maxLength: 3 }),
          ties: fc.boolean(),
          seed: fc.nat(),
        }),
        (c) => {
          const [k, s, d] = c.twoByTwo ? [[2, 2] as Pair, [2, 2] as Pair, 1] : [c.k, c.s, c.d];
          fc.pre((k[0] - 1) * d + 1 <= c.h && (k[1] - 1) * d + 1 <= c.w);
          const x = randn([1, c.planes, c.h, c.w], { seed: c.seed });
          if (c.ties) for (let i = 0; i < x.numel; i++) x.data[i] = Math.round(x.data[i]!);
          for (const at of c.nans) if (at < x.numel) x.data[at] = Number.NaN;
          const plan = planPool2d(x, k, { stride: s, dilation: d });
          expect(maxPoolFastSupports(plan)).toBe(true);
          expect(Array.from(maxPool2dNative(plan).data)).toEqual(Array.from(maxPool2dReference(plan).data));
        },
      ),
      { numRuns: 400 },
    );
  });
});

describe("a bad call gets an error, not a write outside its arrays", () => {
  const addon = () => loadNative()!;
  const geometry = Int32Array.of(2, 1, 4, 4, 1, 1, 3, 3, 1, 1, 1, 1, 1, 1, 4, 4, 0);
  const x = new Float32Array(32);
  const w = new Float32Array(9);
  const bias = new Float32Array(1);

  it("an output shorter than the geometry", () => {
    expect(() => addon().conv2d(geometry, x, w, bias, new Float32Array(31))).toThrow(RangeError);
  });
  it("an input shorter than the geometry, or of another type", () => {
    expect(() => addon().conv2d(geometry, x.subarray(1), w, bias, new Float32Array(32))).toThrow(RangeError);
    expect(() =>
      addon().conv2d(
        geometry,
        new Float64Array(32) as unknown as Float32Array,
        w,
        bias,
        new Float32Array(32),
      ),
    ).toThrow(TypeError);
  });
  it("a geometry with a zero size or a window past the image", () => {
    const zero = Int32Array.from(geometry);
    zero[1] = 0;
    expect(() => addon().conv2d(zero, x, w, bias, new Float32Array(32))).toThrow(/bad conv geometry/);
    const pool = Int32Array.of(1, 4, 4, 2, 2, 2, 2, 1, 1, 3, 2);
    expect(() => addon().maxPool(pool, new Float32Array(16), new Float32Array(6))).toThrow(
      /bad pooling geometry/,
    );
  });
});

describe("two callers at once", () => {
  it("worker threads calling the addon together all get the reference's result", async () => {
    const x = randn([300, 1, 28, 28], { seed: 1 });
    const w = randn([8, 1, 5, 5], { seed: 2 });
    const expected = conv2dReference(planConv2d(x, w, { padding: 2 })).data as Float32Array;
    const geometry = Int32Array.of(300, 1, 28, 28, 8, 1, 5, 5, 1, 1, 1, 1, 2, 2, 28, 28, 0);
    // Each worker loads the addon itself and runs the same conv 20 times while the others do.
    const body = `
      const { parentPort, workerData: d } = require("node:worker_threads");
      const addon = require(d.path);
      let worst = 0;
      for (let round = 0; round < 20; round++) {
        const y = new Float32Array(d.expected.length);
        addon.conv2d(d.geometry, d.x, d.w, new Float32Array(8), y);
        for (let i = 0; i < y.length; i++)
          worst = Math.max(worst, Math.abs(y[i] - d.expected[i]) / Math.max(1, Math.abs(d.expected[i])));
      }
      parentPort.postMessage(worst);`;
    const run = () =>
      new Promise<number>((resolve, reject) => {
        const worker = new Worker(body, {
          eval: true,
          workerData: { path: NATIVE_ADDON_PATH, geometry, x: x.data, w: w.data, expected },
        });
        worker.once("message", resolve);
        worker.once("error", reject);
      });
    const worst = await Promise.all([run(), run(), run()]);
    for (const e of worst) expect(e).toBeLessThan(1e-5);
  });
});

describe("the AVX2 kernels", () => {
  it("agree with the reference loops too (CONVLAB_NATIVE_ISA=avx2 on a machine with AVX-512)", () => {
    const run = spawnSync("node", ["--import", "tsx", join(root, "test/support/native-check.ts")], {
      encoding: "utf8",
      cwd: root,
      env: { ...process.env, CONVLAB_NATIVE_ISA: "avx2" },
    });
    expect(run.status, run.stderr).toBe(0);
    const result = JSON.parse(run.stdout.trim()) as {
      isa: string;
      worst: number;
      cases: number;
      poolMismatches: number;
    };
    expect(result.isa).toBe("avx2");
    expect(result.cases).toBeGreaterThan(100);
    expect(result.worst).toBeLessThan(1e-5);
    expect(result.poolMismatches).toBe(0);
  }, 60_000);
});

describe("scripts/build-native.sh", () => {
  it("builds an addon that loads and reports its instruction set", () => {
    const out = mkdtempSync(join(tmpdir(), "convlab-native-"));
    try {
      const build = spawnSync("bash", [join(root, "scripts/build-native.sh"), out], { encoding: "utf8" });
      expect(build.status, build.stderr).toBe(0);
      const built = createRequire(import.meta.url)(join(out, "convlab-native.node")) as { isa: string };
      expect(built.isa).toBe(loadNative()!.isa);
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  }, 60_000);
});
