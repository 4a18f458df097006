/**
 * `npm run bench:data` (node --expose-gc): the memory that loading the Fashion-MNIST test set
 * (10 000 images) keeps, beyond the process baseline, against the target of < 1.3× its raw
 * (decompressed) size. Each measurement runs in a fresh child process. Reference, same run: the
 * obvious approach, `gunzipSync(readFileSync(file))` for both files.
 *
 * Memory = V8 heap used + external memory (typed arrays, Buffers), after a full GC; the peak is
 * sampled every millisecond while loading. RSS is reported too (it includes freed-but-kept pages).
 */
import { execFileSync } from "node:child_process";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { gunzipSync } from "node:zlib";
import { loadFashionMnist } from "../src/data/fashion-mnist.js";
import { locateSplit } from "../src/data/locate.js";

type Method = "convlab" | "reference";
interface Measurement {
  method: Method;
  rawBytes: number;
  retainedBytes: number;
  peakBytes: number;
  retainedRssBytes: number;
  ms: number;
}

const gc = (globalThis as { gc?: () => void }).gc;

function used(): number {
  const m = process.memoryUsage();
  return m.heapUsed + m.external;
}

async function measure(method: Method): Promise<Measurement> {
  if (!gc) throw new Error("run with node --expose-gc (npm run bench:data does)");
  const files = locateSplit("test");
  // warm up module code paths on a small file so their one-off allocations are in the baseline
  readFileSync(files.labels.path);
  gc();
  gc();
  const baseline = used();
  const baselineRss = process.memoryUsage().rss;
  let peak = baseline;
  const sampler = setInterval(() => {
    peak = Math.max(peak, used());
  }, 1);
  const started = performance.now();
  let keep: unknown;
  let rawBytes: number;
  if (method === "convlab") {
    const test = await loadFashionMnist("test");
    keep = test;
    rawBytes = 16 + test.pixels.length + 8 + test.labels.length;
  } else {
    const images = gunzipSync(readFileSync(files.images.path));
    const labels = gunzipSync(readFileSync(files.labels.path));
    keep = [images, labels];
    rawBytes = images.length + labels.length;
  }
  const ms = performance.now() - started;
  peak = Math.max(peak, used());
  clearInterval(sampler);
  gc();
  gc();
  const retained = used() - baseline;
  const retainedRss = process.memoryUsage().rss - baselineRss;
  if (!keep) throw new Error("unreachable");
  return {
    method,
    rawBytes,
    retainedBytes: retained,
    peakBytes: peak - baseline,
    retainedRssBytes: retainedRss,
    ms,
  };
}

const child = process.argv[2] as Method | undefined;
if (child) {
  process.stdout.write(JSON.stringify(await measure(child)));
} else {
  const self = fileURLToPath(import.meta.url);
  const run = (method: Method): Measurement =>
    JSON.parse(
      execFileSync(process.execPath, ["--expose-gc", "--import", "tsx", self, method], { encoding: "utf8" }),
    ) as Measurement;
  const mb = (b: number) => `${(b / 1e6).toFixed(2)} MB`;
  const results: Measurement[] = [];
  for (let round = 0; round < 3; round++) results.push(run("convlab"), run("reference"));
  const best = (method: Method) =>
    results.filter((r) => r.method === method).sort((a, b) => a.retainedBytes - b.retainedBytes)[0]!;
  const median = (method: Method, key: keyof Measurement) => {
    const values = results
      .filter((r) => r.method === method)
      .map((r) => r[key] as number)
      .sort((a, b) => a - b);
    return values[Math.floor(values.length / 2)]!;
  };
  console.log("loading the Fashion-MNIST test set (10 000 images), 3 fresh processes per method (medians)\n");
  for (const method of ["convlab", "reference"] as const) {
    const raw = best(method).rawBytes;
    const retained = median(method, "retainedBytes");
    const peak = median(method, "peakBytes");
    console.log(
      `${method === "convlab" ? "loadFashionMnist (streaming gunzip, one allocation)" : "reference: gunzipSync(readFileSync(...))"}`,
    );
    console.log(
      `  raw size ${mb(raw)}; retained ${mb(retained)} = ${(retained / raw).toFixed(3)}× raw; peak while loading ${mb(peak)} = ${(peak / raw).toFixed(3)}× raw`,
    );
    console.log(
      `  retained RSS ${mb(median(method, "retainedRssBytes"))}; time ${median(method, "ms").toFixed(0)} ms`,
    );
  }
  const ratio = median("convlab", "retainedBytes") / best("convlab").rawBytes;
  console.log(
    `\ntarget: retained < 1.3× raw → ${ratio.toFixed(3)}× ${ratio < 1.3 ? "MEETS" : "MISSES"} the target`,
  );
  mkdirSync("bench/results", { recursive: true });
  writeFileSync("bench/results/data.json", `${JSON.stringify(results, null, 2)}\n`);
  console.log("wrote bench/results/data.json");
}
