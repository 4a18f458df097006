/**
 * `node --import tsx bench/conv-ort-sweep.ts`: where onnxruntime starts to beat the WebAssembly
 * kernels. Times both engines on float32 convs and max-poolings from tiny to large (steady
 * outputs, median of interleaved runs, sessions warm) and prints the ratio per shape; the
 * thresholds in src/conv/engine/ort/select.ts come from this table.
 */
import { performance } from "node:perf_hooks";
import { conv2dOrt, pool2dOrt } from "../src/conv/engine/ort/run.js";
import { imageMacs } from "../src/conv/engine/ort/select.js";
import { maxPool2dFast } from "../src/conv/engine/pool.js";
import { conv2dFast } from "../src/conv/engine/wasm.js";
import { planConv2d, planPool2d, randn, zeros } from "../src/index.js";

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1]!;
function time(runs: Record<string, () => unknown>): Record<string, number> {
  const times: Record<string, number[]> = {};
  for (const f of Object.values(runs)) f();
  const deadline = performance.now() + 400;
  for (let r = 0; r < 7 || (r < 200 && performance.now() < deadline); r++) {
    for (const [name, f] of Object.entries(runs)) {
      const t = performance.now();
      f();
      times[name] = [...(times[name] ?? []), performance.now() - t];
    }
  }
  return Object.fromEntries(Object.entries(times).map(([k, v]) => [k, median(v)]));
}

// [batch, cin, cout, size, kernel, padding]
const convs = [
  [1, 1, 1, 6, 3, 1],
  [1, 1, 8, 28, 3, 1],
  [8, 1, 8, 28, 3, 1],
  [1, 3, 8, 32, 3, 1],
  [64, 1, 8, 28, 3, 1],
  [1, 6, 16, 14, 5, 0],
  [16, 6, 16, 14, 5, 0],
  [1, 8, 16, 28, 3, 1],
  [1, 32, 64, 28, 3, 1],
  [1000, 1, 8, 28, 3, 1],
  [256, 6, 16, 14, 5, 0],
  [64, 32, 64, 28, 3, 1],
] as const;
console.log("conv  N  Cin Cout  HxW  k | MACs/image  ort ms  wasm ms  ort/wasm");
for (const [n, cin, cout, size, k, p] of convs) {
  const x = randn([n, cin, size, size], { seed: 1 });
  const w = randn([cout, cin, k, k], { seed: 2 });
  const o = size + 2 * p - k + 1;
  const plan = planConv2d(x, w, { padding: p, out: zeros([n, cout, o, o]) });
  const t = time({ ort: () => conv2dOrt(plan), wasm: () => conv2dFast(plan) });
  console.log(
    `conv ${[n, cin, cout, `${size}x${size}`, k].join(" ").padEnd(20)} | ${String(imageMacs(plan)).padStart(10)} ${t.ort!.toFixed(3).padStart(7)} ${t.wasm!.toFixed(3).padStart(8)} ${(t.ort! / t.wasm!).toFixed(2).padStart(8)}`,
  );
}
for (const [n, c, size] of [
  [1, 1, 28],
  [1, 8, 28],
  [16, 8, 28],
  [100, 8, 28],
  [1000, 8, 28],
] as const) {
  const x = randn([n, c, size, size], { seed: 3 });
  const plan = planPool2d(x, 2, { out: zeros([n, c, size / 2, size / 2]) });
  const t = time({ ort: () => pool2dOrt(plan), js: () => maxPool2dFast(plan) });
  console.log(
    `maxpool 2x2 ${[n, c, size].join("x").padEnd(12)} values ${n * c * size * size}: ort ${t.ort!.toFixed(3)} ms, js ${t.js!.toFixed(3)} ms, ratio ${(t.ort! / t.js!).toFixed(2)}`,
  );
}
