/**
 * Kernel-driven UI test: a notebook on the ConvLab kernel computes feature maps and the figure
 * renders (the kernelspec is installed into the test prefix by prepare.ts).
 */
import { expect, test } from "@jupyterlab/galata";
import { plotState } from "./helpers.js";

/** The ConvLab kernelspec name. */
const KERNEL_NAME = process.env.CONVLAB_KERNEL_NAME ?? "convlab";

/**
 * A cell that computes the lecture's three variants on 8 synthetic 28×28 images with 8 kernels
 * and displays the figure; it imports from "convlab" explicitly, which must work from any directory.
 */
const FIGURE_CELL = `import { featureMaps, randn } from "convlab";
const images = randn([8, 1, 28, 28], { seed: 1 });
const kernels = Array.from({ length: 8 }, (_, i) => randn([3, 3], { seed: 2 + i }));
featureMaps({ title: "kernel test", images, kernels,
  variants: [{ padding: 0, stride: 1 }, { padding: 1, stride: 1 }, { padding: 1, stride: 2 }] })`;

// ⌊(n − k + p + s) / s⌋ for n=28, k=3 (D2L 7.3): 26, 28, 14
const TITLES = [/28×28 → 26×26/, /28×28 → 28×28/, /28×28 → 14×14/];

test("a notebook on the ConvLab kernel computes feature maps and the figure renders", async ({ page }) => {
  await page.notebook.createNew("kernel-featuremaps.ipynb", { kernel: KERNEL_NAME });
  await page.notebook.setCell(0, "code", FIGURE_CELL);
  await page.notebook.runCell(0);
  const figure = page.locator(".jp-NotebookPanel:not(.lm-mod-hidden) .convlab-featuremaps").first();
  await expect(figure.locator(".convlab-fm-plot .main-svg").first()).toBeVisible({ timeout: 60_000 });
  const buttons = figure.locator(".convlab-fm-variant");
  await expect(buttons).toHaveCount(3);
  for (const [i, title] of TITLES.entries()) await expect(buttons.nth(i)).toHaveText(title);
  const state = await plotState(figure);
  expect(state.traces.map((t) => t.name)).toEqual(["input", "padding", "kernel", "output maps"]);
  // 64 maps of 26×26 in an 8 × 8 mosaic: 8·26 + 7 = 215
  expect(state.traces[3]).toMatchObject({ rows: 215, columns: 215 });
  await expect(figure.locator(".convlab-fm-plot g.hm")).toHaveCount(3);
  await expect(figure.locator(".convlab-fm-plot")).toHaveAttribute("aria-label", /64 output maps of 26×26/);
  await buttons.nth(2).click();
  await expect.poll(async () => (await plotState(figure)).traces[3]?.rows).toBe(8 * 14 + 7);
});
