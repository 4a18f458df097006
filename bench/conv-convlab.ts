/**
 * Worker of `npm run bench:conv`: times one workload with ConvLab in this process and writes the
 * output of the last run. Arguments: <dir> <workload id> <mode: default | steady>.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { performance } from "node:perf_hooks";
import { nativeEngineName, nativeSupportsPool } from "../src/conv/engine/native.js";
import { loadOrt } from "../src/conv/engine/ort/runtime.js";
import { ortTakesPool, requestedEngine } from "../src/conv/engine/ort/select.js";
import { maxPoolFastSupports } from "../src/conv/engine/pool.js";
import { loadEngine } from "../src/conv/engine/runtime.js";
import { CONV2D_ENGINES } from "../src/conv/engine/select.js";
import { conv2d, loadFashionMnist, maxPool2d, planConv2d, planPool2d, Tensor, zeros } from "../src/index.js";
import { REPETITIONS, repetitions, type Workload, workloads } from "./conv-workloads.js";

const [dir, id, mode] = process.argv.slice(2) as [string, string, "default" | "steady"];
const workload = workloads().find((w) => w.id === id)!;
const read = (file: string, shape: readonly number[]): Tensor => {
  const bytes = readFileSync(`${dir}/${file}`);
  const data = new Float32Array(bytes.byteLength / 4);
  new Uint8Array(data.buffer).set(bytes);
  return new Tensor(shape, data);
};

function runner(w: Workload): () => Tensor {
  const steady = mode === "steady";
  if (w.op === "maxpool") {
    const x = read(w.input!, w.inputShape);
    const out = steady ? zeros(w.outputShape) : undefined;
    return () => maxPool2d(x, w.kernel!, { stride: w.stride, ...(out && { out }) });
  }
  const weight = read(w.weight!, w.weightShape!);
  const bias = read(w.bias!, [w.weightShape![0]!]);
  const options = { padding: w.padding, stride: w.stride, bias };
  if (w.op === "conv") {
    const x = read(w.input!, w.inputShape);
    const out = steady ? zeros(w.outputShape) : undefined;
    return () => conv2d(x, weight, { ...options, ...(out && { out }) });
  }
  // E2E: from the files on disk to the pooled maps, 1000 images at a time (bounded memory):
  // conv2d with its ReLU fused, then max-pool, as a notebook would write it with ConvLab.
  const chunk = 1000;
  const [, cout, ph, pw] = w.outputShape as [number, number, number, number];
  const result = zeros(w.outputShape);
  const convOut = steady ? zeros([chunk, cout, 28, 28]) : undefined;
  return () => {
    const images = loadFashionMnistSync();
    for (let start = 0; start < 10000; start += chunk) {
      const indices = Array.from({ length: chunk }, (_, i) => start + i);
      // The ReLU is fused into the convolution (conv2d's `activation`, as tfjs's fused.conv2d).
      const maps = conv2d(images.tensor(indices), weight, {
        ...options,
        activation: "relu",
        ...(convOut && { out: convOut }),
      });
      const slice = new Tensor(
        [chunk, cout, ph, pw],
        result.data.subarray(start * cout * ph * pw, (start + chunk) * cout * ph * pw),
      );
      maxPool2d(maps, w.kernel!, { out: slice });
    }
    return result;
  };
}

/** The engine the selector picks for this workload's conv and pooling (e.g. "onnxruntime", "wasm-simd+wasm-simd"). */
function engineOf(w: Workload): string {
  const native = loadOrt() !== null;
  const pool = (x: Tensor) => {
    const plan = planPool2d(x, w.kernel!, { stride: w.stride });
    const fast = maxPoolFastSupports(plan);
    if (fast && requestedEngine() !== "ort")
      return nativeSupportsPool(plan) ? nativeEngineName()! : "wasm-simd"; // as maxPool2d decides
    if (ortTakesPool(plan) && native) return "onnxruntime";
    return fast ? "wasm-simd" : "reference";
  };
  if (w.op === "maxpool") return pool(zeros(w.inputShape));
  const plan = planConv2d(zeros(w.op === "e2e" ? [1000, 1, 28, 28] : w.inputShape), zeros(w.weightShape!), {
    padding: w.padding,
    stride: w.stride,
  });
  const chosen = CONV2D_ENGINES.find((e) => e.supports(plan) && (e.name !== "onnxruntime" || native));
  const name = chosen?.name ?? "reference";
  const conv = name === "wasm-simd" && loadEngine()?.fma ? "wasm-simd-fma" : name;
  return w.op === "e2e" ? `${conv}+${pool(zeros(plan.outputShape))}` : conv;
}

let loaded: Awaited<ReturnType<typeof loadFashionMnist>> | undefined;
const loadFashionMnistSync = () => loaded!;

const run = runner(workload);
const times: number[] = [];
const once = async (): Promise<Tensor> => {
  const started = performance.now();
  if (workload.op === "e2e") loaded = await loadFashionMnist("test");
  const out = run();
  times.push(performance.now() - started);
  return out;
};
// Warm-up: REPETITIONS.warmupCalls calls and REPETITIONS.warmupMs at least, as the torch worker.
const warmupStart = performance.now();
let out = await once();
while (times.length < REPETITIONS.warmupCalls || performance.now() - warmupStart < REPETITIONS.warmupMs) {
  out = await once();
}
const reps = repetitions(times.at(-1)!);
times.length = 0;
// Each run is its own event-loop task, as a notebook's cells are (a collected output's memory is
// returned to ConvLab's output pool between tasks, engine/outputs.ts).
const nextTask = () => new Promise<void>((resolve) => setImmediate(resolve));
for (let i = 0; i < reps; i++) {
  await nextTask();
  out = await once();
}
writeFileSync(
  `${dir}/out-convlab-${mode}-${id}.f32`,
  new Uint8Array(out.data.buffer, out.data.byteOffset, out.data.byteLength),
);
const engine = engineOf(workload);
process.stdout.write(
  `${JSON.stringify({ times, peak_rss_mb: process.resourceUsage().maxRSS / 1024, engine })}\n`,
);
