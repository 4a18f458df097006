/**
 * Galata + Playwright against a real JupyterLab 4 (started here, from the project venv) in
 * Debian's Chromium (/usr/bin/chromium; no browser download).
 * tests/kernel-*.spec.ts run notebooks on the ConvLab kernel (installed into the test prefix).
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
  webServer: {
    command: "bash start-jupyter.sh",
    url: `http://127.0.0.1:${port}/lab`,
    timeout: 180_000,
    reuseExistingServer: false,
    stdout: "ignore",
    stderr: process.env.CONVLAB_UI_SERVER_LOG === "1" ? "pipe" : "ignore",
  },
};
