/**
 * A short smoke test of the prebuilt extension in any JupyterLab 4 release, in plain Playwright
 * (galata's page helpers follow the newest JupyterLab): a figure renders, and follows the dark
 * theme. scripts/ui-matrix.sh runs it against the lowest supported and the newest JupyterLab.
 */
import { expect, type Page, test } from "@playwright/test";

type App = { commands: { execute(id: string, args?: object): Promise<unknown> }; started: Promise<void> };

async function paper(page: Page): Promise<string> {
  return page
    .locator(".convlab-fm-plot")
    .evaluate(
      (node) => (node as unknown as { _fullLayout: { paper_bgcolor: string } })._fullLayout.paper_bgcolor,
    );
}

async function setTheme(page: Page, theme: string, light: boolean): Promise<void> {
  await page.evaluate(
    (name) =>
      (window as unknown as { jupyterapp: App }).jupyterapp.commands.execute("apputils:change-theme", {
        theme: name,
      }),
    theme,
  );
  await expect(page.locator("body")).toHaveAttribute("data-jp-theme-light", String(light));
}

test("a feature-map figure renders and follows the dark theme", async ({ page }) => {
  const errors: string[] = [];
  page.on("pageerror", (error) => errors.push(`${error.message}\n${error.stack ?? ""}`));
  // A workspace of its own, reset: the server may have served other specs before this one, and
  // JupyterLab would otherwise reopen the notebooks they left in the default workspace.
  await page.goto("lab/workspaces/convlab-smoke/tree/featuremaps-64.ipynb?reset");
  await page.waitForFunction(
    () => typeof (window as unknown as { jupyterapp?: App }).jupyterapp === "object",
    undefined,
    { timeout: 60_000 },
  );
  await page.evaluate(() => (window as unknown as { jupyterapp: App }).jupyterapp.started);
  const figure = page.locator(".convlab-featuremaps");
  await expect(figure.locator(".convlab-fm-plot .main-svg").first()).toBeVisible({ timeout: 60_000 });
  // 64 maps of 26×26 (28×28, k=3, p=0, s=1) in an 8 × 8 mosaic: 8·26 + 7 = 215
  await expect(figure.locator(".convlab-fm-plot")).toHaveAttribute("aria-label", /64 output maps of 26×26/);
  expect(
    await figure
      .locator(".convlab-fm-plot")
      .evaluate((node) => (node as unknown as { data: { z: unknown[] }[] }).data[3]?.z.length),
  ).toBe(215);
  await setTheme(page, "JupyterLab Light", true);
  const light = await paper(page);
  await setTheme(page, "JupyterLab Dark", false);
  await expect(figure).toHaveAttribute("data-theme", "dark");
  const dark = await page.evaluate(() =>
    getComputedStyle(document.body).getPropertyValue("--jp-layout-color0").trim(),
  );
  await expect.poll(() => paper(page)).toBe(dark);
  expect(dark).not.toBe(light);
  await setTheme(page, "JupyterLab Light", true);
  await expect.poll(() => paper(page)).toBe(light);
  expect(errors.filter((text) => text.includes("convlab"))).toEqual([]);
});
