/**
 * The fast conv engines inside the grader's sandbox (bubblewrap: read-only system and packages,
 * no network, a scratch home, the kernel's environment cleared): a homework cell's conv2d runs on
 * the native addon (bound read-only into the sandbox), and on onnxruntime when a cell asks for it,
 * both equal to the reference loops, with no fallback notice.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PACKAGE_ROOT, SandboxedKernel, sandboxAvailable } from "../../src/grade/sandbox/sandbox.js";

let kernel: SandboxedKernel;

beforeAll(async () => {
  const available = sandboxAvailable();
  if (!available.ok) throw new Error(`bubblewrap cannot start a sandbox here: ${available.reason}`);
  kernel = await SandboxedKernel.start();
}, 120_000);

afterAll(() => kernel?.dispose());

/** Runs a cell that convolves and prints `{ shape, engine, worst }`; returns what it printed. */
async function convolveIn(setup: string, engine: string) {
  const run = await kernel.execute(
    `
    ${setup}
    const x = randn([64, 8, 28, 28], { seed: 1 });
    const w = randn([16, 8, 3, 3], { seed: 2 });
    const y = conv2d(x, w, { padding: 1, bias: randn([16], { seed: 3 }) });
    const r = conv2dReference(planConv2d(x, w, { padding: 1, bias: randn([16], { seed: 3 }) }));
    let worst = 0;
    for (let i = 0; i < r.numel; i++) worst = Math.max(worst, Math.abs(y.data[i] - r.data[i]) / Math.max(1, Math.abs(r.data[i])));
    console.log(JSON.stringify({ shape: y.shape, engine: ${engine}, worst }));
    `,
    60_000,
  );
  expect(run.status, run.error?.evalue).toBe("ok");
  const text = JSON.stringify(run.outputs);
  expect(text).not.toMatch(/not available here/);
  const line = /\{\\"shape\\".*?\}/.exec(text)?.[0]?.replaceAll('\\"', '"');
  expect(line, text).toBeDefined();
  return JSON.parse(line!) as { shape: number[]; engine: string | boolean; worst: number };
}

describe("the fast engines in the grader sandbox", () => {
  it("runs a homework cell's conv2d on the native addon, equal to the reference loops", async () => {
    const result = await convolveIn(
      `const { nativeEngineName } = await import(${JSON.stringify(`${PACKAGE_ROOT}/dist/conv/engine/native.js`)});`,
      "nativeEngineName()",
    );
    expect(result.shape).toEqual([64, 16, 28, 28]);
    expect(result.engine).toMatch(/^native-avx(512|2)$/);
    expect(result.worst).toBeLessThan(1e-5);
  });

  it("runs it on onnxruntime when the cell asks for it (CONVLAB_ENGINE=ort), equal too", async () => {
    const result = await convolveIn(
      `process.env.CONVLAB_ENGINE = "ort";
      const { ortSessionCount } = await import(${JSON.stringify(`${PACKAGE_ROOT}/dist/conv/engine/ort/run.js`)});
      const before = ortSessionCount();`,
      "ortSessionCount() > before",
    );
    expect(result.shape).toEqual([64, 16, 28, 28]);
    expect(result.engine).toBe(true);
    expect(result.worst).toBeLessThan(1e-5);
  });
});
