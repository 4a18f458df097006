/**
 * `npm run bench:render`: how long the feature-map figure takes to draw 64, 256 and 512 maps
 * once plotly is loaded, and plotly's first load, in headless Debian Chromium. The reference,
 * measured in the same run: the same 64 maps drawn as a plotly subplot grid.
 *
 * Each number is the median of several runs; results also go to bench/results/render.json.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { SingleBar } from "cli-progress";
import { build } from "esbuild";
import { chromium } from "playwright-core";
import { makePayload } from "../test/fixtures/payloads.js";

const here = dirname(fileURLToPath(import.meta.url));
const require = createRequire(import.meta.url);
const outDir = join(here, ".build");
const RUNS = 7;
const LOAD_RUNS = 5;
const TARGET_64_MS = 100;

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] as number;
};

async function main(): Promise<void> {
  mkdirSync(outDir, { recursive: true });
  await build({
    entryPoints: [join(here, "page.ts")],
    bundle: true,
    format: "iife",
    target: "es2022",
    outfile: join(outDir, "page.js"),
    logLevel: "warning",
  });
  const plotlyUrl = pathToFileURL(require.resolve("plotly.js-cartesian-dist-min")).href;
  writeFileSync(
    join(outDir, "index.html"),
    `<!doctype html><html><head><meta charset="utf-8"><script src="page.js"></script></head>
<body style="margin:0"><div id="host" style="width:1200px"></div></body></html>`,
  );
  const pageUrl = pathToFileURL(join(outDir, "index.html")).href;

  const sizes = [
    { maps: 64, inputs: 8, kernels: 8 },
    { maps: 256, inputs: 8, kernels: 32 },
    { maps: 512, inputs: 8, kernels: 64 },
  ];
  const payloads = new Map(sizes.map((s) => [s.maps, makePayload({ inputs: s.inputs, kernels: s.kernels })]));

  const browser = await chromium.launch({
    executablePath: process.env.CONVLAB_CHROMIUM ?? "/usr/bin/chromium",
    headless: true,
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--allow-file-access-from-files",
    ],
  });
  const total = LOAD_RUNS + sizes.length * (RUNS + 1) + 3 + 1;
  const bar = new SingleBar({ format: "bench:render [{bar}] {value}/{total} {task}", hideCursor: true });
  bar.start(total, 0, { task: "plotly first load" });
  try {
    const loads: number[] = [];
    for (let i = 0; i < LOAD_RUNS; i++) {
      const context = await browser.newContext();
      const page = await context.newPage();
      await page.goto(pageUrl);
      loads.push(await page.evaluate((url) => window.convlabBench.loadPlotly(url), plotlyUrl));
      await context.close();
      bar.increment(1, { task: "plotly first load" });
    }

    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await page.goto(pageUrl);
    await page.evaluate((url) => window.convlabBench.loadPlotly(url), plotlyUrl);
    const render: {
      maps: number;
      medianMs: number;
      runsMs: number[];
      heatmaps: number;
      mosaic: [number, number];
    }[] = [];
    for (const size of sizes) {
      const payload = payloads.get(size.maps);
      const times: number[] = [];
      let last = { ms: 0, heatmaps: 0, mosaic: [0, 0] as [number, number] };
      for (let i = 0; i <= RUNS; i++) {
        last = await page.evaluate((p) => window.convlabBench.renderFeatureMaps(p), payload);
        if (i > 0) times.push(last.ms); // run 0 warms up the JIT
        bar.increment(1, { task: `${size.maps} maps` });
      }
      render.push({
        maps: size.maps,
        medianMs: median(times),
        runsMs: times,
        heatmaps: last.heatmaps,
        mosaic: last.mosaic,
      });
    }
    const gridTimes: number[] = [];
    let gridHeatmaps = 0;
    for (let i = 0; i <= 3; i++) {
      const result = await page.evaluate((p) => window.convlabBench.renderSubplotGrid(p), payloads.get(64));
      if (i > 0) gridTimes.push(result.ms);
      gridHeatmaps = result.heatmaps;
      bar.increment(1, { task: "reference: 64-map subplot grid" });
    }
    bar.stop();

    const version = browser.version();
    const grid64 = median(gridTimes);
    const mosaic64 = render[0]?.medianMs ?? Number.NaN;
    const results = {
      chromium: version,
      plotlyFirstLoadMs: median(loads),
      plotlyFirstLoadRunsMs: loads,
      render,
      reference: {
        what: "64 maps as a plotly subplot grid (64 heatmaps)",
        medianMs: grid64,
        runsMs: gridTimes,
        heatmaps: gridHeatmaps,
      },
      mosaicVsGrid64: mosaic64 / grid64,
      target64Ms: TARGET_64_MS,
      target64Met: mosaic64 <= TARGET_64_MS,
    };
    const resultsDir = join(here, "results");
    mkdirSync(resultsDir, { recursive: true });
    writeFileSync(join(resultsDir, "render.json"), `${JSON.stringify(results, null, 2)}\n`);

    const fmt = (ms: number) => `${ms.toFixed(1).padStart(8)} ms`;
    console.log(`\nheadless Chromium ${version}; medians of ${RUNS} runs (${LOAD_RUNS} for the load)`);
    console.log(`plotly.js-cartesian-dist-min first load ${fmt(results.plotlyFirstLoadMs)}`);
    for (const r of render) {
      console.log(
        `render ${String(r.maps).padStart(3)} maps (one ${r.mosaic[0]}×${r.mosaic[1]} mosaic)  ${fmt(r.medianMs)}`,
      );
    }
    console.log(`reference: 64 maps as a subplot grid   ${fmt(grid64)}`);
    console.log(
      `mosaic / grid at 64 maps: ${results.mosaicVsGrid64.toFixed(3)} (${(grid64 / mosaic64).toFixed(1)}× faster)`,
    );
    console.log(`target: 64 maps ≤ ${TARGET_64_MS} ms: ${results.target64Met ? "met" : "NOT met"}`);
  } finally {
    bar.stop();
    await browser.close();
  }
}

await main();
