/**
 * Galata + Playwright against a real Jupyter server (started here, from the project venv) in
 * Debian's Chromium (/usr/bin/chromium; no browser download). One server serves both front ends:
 *
 * - `jupyterlab`: every spec in JupyterLab 4 (/lab).
 * - `notebook7`: the renderer specs (render, variants, hover, dark theme, hostile payloads),
 *   the theme spec and the Notebook 7 spec in Jupyter Notebook 7 (/tree, /notebooks/<path>).
 * - `smoke`: a short render + dark-theme check in plain Playwright (no galata helpers, so it runs
 *   against any JupyterLab 4 release); scripts/ui-matrix.sh runs it against the lowest supported
 *   and the newest JupyterLab from PyPI (CONVLAB_UI_VENV names the venv that serves).
 *
 * tests/kernel-*.spec.ts run notebooks on the ConvLab kernel (installed into the test prefix).
 * CONVLAB_UI_PORT moves the server off 8888.
 */
import galataConfig from "@jupyterlab/galata/lib/playwright-config.js";

// a CommonJS module.exports object: its type is seen through the default import
const baseConfig = galataConfig as unknown as { use: Record<string, unknown> } & Record<string, unknown>;

// The server's port: CONVLAB_UI_PORT (default 8888), so that two checkouts can run the UI tests at
// once; start-jupyter.sh's server config reads the same variable.
const port = process.env.CONVLAB_UI_PORT ?? "8888";
if (!/^[0-9]{2,5}$/.test(port)) throw new Error(`CONVLAB_UI_PORT must be a port number, not "${port}"`);

export default {
  ...baseConfig,
  testDir: "tests",
  outputDir: "test-results",
  snapshotPathTemplate: "{testDir}/__screenshots__/{testFilePath}/{arg}{ext}",
  timeout: 120_000,
  // a hang anywhere (browser, server, teardown) fails the run within this bound instead of eating CI
  globalTimeout: 30 * 60_000,
  workers: 1,
  retries: 0,
  reporter: [["list"]],
  expect: { timeout: 30_000, toHaveScreenshot: { maxDiffPixelRatio: 0.03 } },
  use: {
    ...baseConfig.use,
    baseURL: `http://127.0.0.1:${port}`,
    viewport: { width: 1280, height: 900 },
    trace: "off",
    video: "off",
    launchOptions: {
      executablePath: "/usr/bin/chromium",
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
      ],
    },
  },
  projects: [
    { name: "jupyterlab", testIgnore: ["smoke.spec.ts", "notebook7.spec.ts"] },
    {
      name: "notebook7",
      testMatch: ["featuremaps.spec.ts", "theme.spec.ts", "notebook7.spec.ts"],
      // Notebook 7's own look (centred notebook, its toolbar): screenshots of its own
      snapshotPathTemplate: "{testDir}/__screenshots__/notebook7/{testFilePath}/{arg}{ext}",
      use: { appPath: "", autoGoto: false },
    },
    { name: "smoke", testMatch: ["smoke.spec.ts"] },
  ],
  webServer: {
    command: "bash start-jupyter.sh",
    url: `http://127.0.0.1:${port}/lab`,
    timeout: 180_000,
    reuseExistingServer: false,
    stdout: "ignore",
    stderr: process.env.CONVLAB_UI_SERVER_LOG === "1" ? "pipe" : "ignore",
  },
};
