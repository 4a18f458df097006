/**
 * The lecture in real JupyterLab: open the Fashion-MNIST feature-map lecture (copied into the
 * server root by prepare.ts), run all cells on the ConvLab kernel, and find the rendered figures.
 */
import { expect, test } from "@jupyterlab/galata";

const LECTURE = "lecture/05-feature-maps.ipynb";

test("the feature-map lecture runs on the ConvLab kernel and its figures render", async ({ page }) => {
  await page.notebook.openByPath(LECTURE);
  await page.notebook.activate(LECTURE);
  await page.notebook.run();
  const panel = page.locator(".jp-NotebookPanel:not(.lm-mod-hidden)");
  await expect(
    panel.locator(".jp-OutputArea-output[data-mime-type='application/vnd.jupyter.stderr']"),
  ).toHaveCount(0);
  await expect(panel.locator(".jp-RenderedText[data-mime-type='application/vnd.jupyter.error']")).toHaveCount(
    0,
  );
  const figures = panel.locator(".convlab-featuremaps");
  await expect(figures).toHaveCount(2, { timeout: 60_000 });
  // padding {0,1,2} × stride {1,2,3}: nine variants, titled with their arithmetic
  const buttons = figures.first().locator(".convlab-fm-variant");
  await expect(buttons).toHaveCount(9);
  await expect(buttons.nth(4)).toHaveText(/28×28 → 14×14 \(k=3, p=1, s=2\)/);
  await expect(figures.first().locator(".convlab-fm-plot .main-svg").first()).toBeVisible();
  await expect(figures.first().locator(".convlab-fm-plot")).toHaveAttribute("aria-label", /16 output maps/);
});
