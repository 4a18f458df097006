/**
 * The native conv engine inside the grader's sandbox (bubblewrap: read-only system and packages,
 * no network, a scratch home, the kernel's environment cleared): a homework cell that runs
 * conv2d on a shape the selector sends to onnxruntime gets PyTorch's numbers from the native
 * engine, with no fallback notice.
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

describe("onnxruntime in the grader sandbox", () => {
  it("runs a homework cell's conv2d natively, equal to the reference loops", async () => {
    const run = await kernel.execute(
      `
      const { ortSessionCount } = await import(${JSON.stringify(`${PACKAGE_ROOT}/dist/conv/engine/ort/run.js`)});
      const x = randn([64, 8, 28, 28], { seed: 1 });
      const w = randn([16, 8, 3, 3], { seed: 2 });
      const before = ortSessionCount();
      const y = conv2d(x, w, { padding: 1, bias: randn([16], { seed: 3 }) });
      const r = conv2dReference(planConv2d(x, w, { padding: 1, bias: randn([16], { seed: 3 }) }));
      let worst = 0;
      for (let i = 0; i < r.numel; i++) worst = Math.max(worst, Math.abs(y.data[i] - r.data[i]) / Math.max(1, Math.abs(r.data[i])));
      console.log(JSON.stringify({ shape: y.shape, native: ortSessionCount() > before, worst }));
      `,
      60_000,
    );
    expect(run.status, run.error?.evalue).toBe("ok");
    const text = JSON.stringify(run.outputs);
    expect(text).not.toMatch(/not available here/);
    const line = /\{\\"shape\\".*?\}/.exec(text)?.[0]?.replaceAll('\\"', '"');
    expect(line, text).toBeDefined();
    const result = JSON.parse(line!) as { shape: number[]; native: boolean; worst: number };
    expect(result.shape).toEqual([64, 16, 28, 28]);
    expect(result.native).toBe(true);
    expect(result.worst).toBeLessThan(1e-5);
  });
});
