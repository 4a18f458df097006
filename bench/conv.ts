/**
 * `npm run bench:conv`: ConvLab's conv2d and max-pool against PyTorch (1 and 2 threads), each
 * workload and implementation in its own process, in two modes: "default" (a fresh output per
 * call) and "steady" (reused outputs, MALLOC_MMAP_MAX_=0 and no heap trimming). Every output is checked against
 * torch-2t. `--json` prints one object `{ results: [...] }`; otherwise a table with the ratios
 * ConvLab / torch-2t and the targets; `--rounds=N` repeats every process N times,
 * interleaved, and takes the median over all runs; `--only=A1,D` picks workloads. PyTorch is installed into .venv on first use
 * (bench/requirements-bench.txt); the tests do not need it.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { loadFashionMnist } from "../src/data/fashion-mnist.js";
import { locateSplit, randn, type Tensor } from "../src/index.js";
import { REPETITIONS, type Workload, workloads } from "./conv-workloads.js";

const json = process.argv.includes("--json");
const only = process.argv
  .find((a) => a.startsWith("--only="))
  ?.slice(7)
  .split(",");
// Under a busy machine, several rounds (each impl once per round, interleaved) share the drift fairly.
const rounds = Number(process.argv.find((a) => a.startsWith("--rounds="))?.slice(9) ?? 1);
const root = new URL("..", import.meta.url).pathname;
const python = join(root, ".venv/bin/python");
const log = (line: string) => {
  if (!json) process.stdout.write(`${line}\n`);
};

function ensureTorch(): void {
  if (spawnSync(python, ["-c", "import torch, numpy"]).status === 0) return;
  log("bench:conv: installing PyTorch into .venv (bench/requirements-bench.txt)…");
  const pip = spawnSync(
    python,
    ["-m", "pip", "install", "-q", "-r", join(root, "bench/requirements-bench.txt")],
    {
      stdio: json ? "ignore" : "inherit",
    },
  );
  if (pip.status !== 0) throw new Error("could not install torch into .venv (run npm run setup first)");
}

function writeInputs(dir: string, list: readonly Workload[], fashion: Tensor): void {
  const save = (name: string, t: Tensor) => writeFileSync(join(dir, name), new Uint8Array(t.data.buffer));
  save("x-fashion1000.f32", fashion);
  save("x-B.f32", randn([256, 6, 14, 14], { seed: 2 }));
  save("x-C.f32", randn([64, 32, 28, 28], { seed: 3 }));
  save("x-D.f32", randn([1000, 8, 28, 28], { seed: 4 }));
  list.forEach((w, i) => {
    if (!w.weightShape || w.op === "e2e") return;
    const [cout, cin, kh, kw] = w.weightShape as [number, number, number, number];
    const weight = randn([cout, cin, kh, kw], { seed: 10 + i });
    const scale = 1 / Math.sqrt(cin * kh * kw);
    for (let j = 0; j < weight.numel; j++) weight.data[j]! *= scale;
    save(w.weight!, weight);
    save(w.bias!, randn([cout], { seed: 20 + i }));
  });
  const fashionTestImages = locateSplit("test").images.path;
  writeFileSync(
    join(dir, "workloads.json"),
    JSON.stringify({ workloads: list, fashionTestImages, repetitions: REPETITIONS }),
  );
}

interface Measured {
  times: number[];
  peak_rss_mb: number;
  /** ConvLab only: the engine the selector picked (ort, wasm, js, reference; "conv+pool" for E2E). */
  engine?: string;
}

function measure(dir: string, w: Workload, mode: string, impl: string): Measured {
  // Steady: large blocks come from the heap and freed ones are kept (no trim), so a reused size
  // never faults its pages in again — for torch's allocator as for V8's.
  const steady = { MALLOC_MMAP_MAX_: "0", MALLOC_TRIM_THRESHOLD_: "4294967295" };
  const env = { ...process.env, ...(mode === "steady" && steady) };
  const command =
    impl === "convlab"
      ? ["node", ["--import", "tsx", join(root, "bench/conv-convlab.ts"), dir, w.id, mode]]
      : [python, [join(root, "bench/conv_torch.py"), dir, w.id, mode, impl === "torch-1t" ? "1" : "2"]];
  const run = spawnSync(command[0] as string, command[1] as string[], {
    env,
    encoding: "utf8",
    maxBuffer: 1 << 24,
  });
  if (run.status !== 0) throw new Error(`${impl} ${w.id} ${mode} failed:\n${run.stderr}`);
  return JSON.parse(run.stdout.trim().split("\n").at(-1)!) as Measured;
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};

/** max |a − b| / max(|b|, 1) over all elements: relative for large values, absolute near zero. */
function maxRelErr(a: string, b: string): number {
  const x = new Float32Array(new Uint8Array(readFileSync(a)).buffer);
  const y = new Float32Array(new Uint8Array(readFileSync(b)).buffer);
  if (x.length !== y.length) return Number.POSITIVE_INFINITY;
  let worst = 0;
  for (let i = 0; i < x.length; i++) {
    const e = Math.abs(x[i]! - y[i]!) / Math.max(Math.abs(y[i]!), 1);
    if (!(e <= worst)) worst = e;
  }
  return worst;
}

/** The targets: ratio ConvLab / torch-2t. */
const TARGETS: Record<string, { steady?: number; default?: number }> = {
  A1: { steady: 1.0, default: 0.3 },
  A2: { steady: 1.0 },
  A3: { steady: 1.0, default: 0.3 },
  B: { steady: 1.5 },
  C: { steady: 1.5 },
  D: { steady: 0.2 },
  E2E: { default: 1.0, steady: 1.0 },
};

ensureTorch();
const dir = mkdtempSync(join(tmpdir(), "convlab-bench-conv-"));
const list = workloads().filter((w) => !only || only.includes(w.id));
const fashion = (await loadFashionMnist("test")).tensor(Array.from({ length: 1000 }, (_, i) => i));
writeInputs(dir, workloads(), fashion);

const results: Record<string, unknown>[] = [];
const impls = ["convlab", "torch-1t", "torch-2t"] as const;
log(`workload mode     impl       median ms  GFLOP/s  peak RSS MB  max rel err  engine`);
for (const w of list) {
  for (const mode of ["default", "steady"] as const) {
    const rows = impls.map((impl) => ({ impl, m: { times: [] as number[], peak_rss_mb: 0 } as Measured }));
    for (let round = 0; round < rounds; round++) {
      for (const row of rows) {
        const m = measure(dir, w, mode, row.impl);
        row.m.times.push(...m.times);
        row.m.peak_rss_mb = Math.max(row.m.peak_rss_mb, m.peak_rss_mb);
        if (m.engine) row.m.engine = m.engine;
      }
    }
    const reference = join(dir, `out-torch-2t-${mode}-${w.id}.f32`);
    for (const { impl, m } of rows) {
      const file = join(
        dir,
        impl === "convlab"
          ? `out-convlab-${mode}-${w.id}.f32`
          : `out-torch-${impl.slice(6)}-${mode}-${w.id}.f32`,
      );
      const ms = median(m.times);
      const record = {
        workload: w.id,
        mode,
        impl,
        median_ms: Number(ms.toFixed(3)),
        gflops: Number((w.flops / ms / 1e6).toFixed(3)),
        max_rel_err: existsSync(file) ? maxRelErr(file, reference) : null,
        peak_rss_mb: Number(m.peak_rss_mb.toFixed(1)),
        engine: m.engine ?? impl,
      };
      results.push(record);
      log(
        `${w.id.padEnd(8)} ${mode.padEnd(8)}  ${impl.padEnd(9)} ${ms.toFixed(2).padStart(10)} ${record.gflops.toFixed(2).padStart(8)} ${record.peak_rss_mb.toFixed(0).padStart(12)}  ${record.max_rel_err?.toExponential(1).padEnd(11)}  ${record.engine}`,
      );
    }
  }
}

const find = (w: string, mode: string, impl: string) =>
  results.find((r) => r.workload === w && r.mode === mode && r.impl === impl)?.median_ms as
    | number
    | undefined;
log("\nratio ConvLab / torch-2t (target):");
let allAccurate = true;
for (const w of list) {
  const parts = (["steady", "default"] as const).map((mode) => {
    const ratio = find(w.id, mode, "convlab")! / find(w.id, mode, "torch-2t")!;
    const target = TARGETS[w.id]?.[mode];
    const verdict = target === undefined ? "" : ` (≤ ${target}: ${ratio <= target ? "met" : "NOT met"})`;
    return `${mode} ${ratio.toFixed(2)}${verdict}`;
  });
  log(`  ${w.id.padEnd(4)} ${parts.join(", ")}`);
}
for (const r of results) if (!((r.max_rel_err as number) <= 1e-4)) allAccurate = false;
log(
  allAccurate
    ? "every output within 1e-4 of torch-2t"
    : "SOME OUTPUTS DIFFER FROM torch-2t BY MORE THAN 1e-4",
);
if (json) process.stdout.write(`${JSON.stringify({ results })}\n`);
if (!process.env.CONVLAB_BENCH_KEEP) rmSync(dir, { recursive: true, force: true });
process.exitCode = allAccurate ? 0 : 1;
