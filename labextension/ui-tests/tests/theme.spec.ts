/**
 * The dark theme from the first paint: a notebook opened while the theme is already dark draws
 * every figure dark, including figures JupyterLab and Notebook 7 render before attaching them
 * (cells outside the viewport). Before the fix the lecture's second figure had a white plot area
 * between dark variant buttons: its colours were read from a node that had no computed style yet.
 */
import { expect, test } from "./fixtures.js";
import { openNotebook } from "./helpers.js";

// The feature-map lecture with its committed outputs (two figures, the second far down).
const LECTURE = "lecture/05-feature-maps.ipynb";

test("every figure of a notebook opened under the dark theme is dark", async ({ page }) => {
  await openNotebook(page, "featuremaps-1.ipynb");
  await page.theme.setDarkTheme();
  await openNotebook(page, LECTURE);
  const figures = page.locator(".jp-NotebookPanel:not(.lm-mod-hidden) .convlab-featuremaps");
  await expect(figures).toHaveCount(2);
  const dark = await page.evaluate(() =>
    getComputedStyle(document.body).getPropertyValue("--jp-layout-color0").trim(),
  );
  expect(dark).toBe("#111"); // JupyterLab Dark's --jp-layout-color0 (its theme CSS)
  for (let i = 0; i < 2; i++) {
    const figure = figures.nth(i);
    await figure.scrollIntoViewIfNeeded();
    await expect(figure.locator(".convlab-fm-plot .main-svg").first()).toBeVisible();
    await expect(figure).toHaveAttribute("data-theme", "dark");
    await expect
      .poll(() =>
        figure
          .locator(".convlab-fm-plot")
          .evaluate(
            (node) =>
              (node as unknown as { _fullLayout: { paper_bgcolor: string } })._fullLayout.paper_bgcolor,
          ),
      )
      .toBe(dark);
  }
  await page.theme.setLightTheme();
});
