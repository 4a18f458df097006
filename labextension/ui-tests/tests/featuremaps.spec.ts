/**
 * The feature-map renderer in a real JupyterLab 4 in real Chromium, on notebooks whose outputs
 * carry fixture payloads (the kernel-driven test is tests/kernel-featuremaps.spec.ts).
 *
 * Expected sizes come from the book's formula ⌊(n − k + p + s) / s⌋ (D2L 7.3): for 28×28 and
 * k=3: p=0,s=1 → 26; p=1,s=1 → 28; p=1,s=2 → 14.
 */
import { expect, test } from "./fixtures.js";
import { mosaicCellPosition, openFigureNotebook, openNotebook, plotState } from "./helpers.js";

const TITLES = [
  "28×28 → 26×26 (k=3, p=0, s=1)",
  "28×28 → 28×28 (k=3, p=1, s=1)",
  "28×28 → 14×14 (k=3, p=1, s=2)",
];

test.describe("feature maps", () => {
  test("64 maps: one mosaic heatmap, variant titles, aria-label", async ({ page }) => {
    const figure = await openFigureNotebook(page, "featuremaps-64.ipynb");
    await expect(figure.locator(".convlab-fm-variant")).toHaveText(TITLES);
    await expect(figure.locator(".convlab-fm-variant-title")).toHaveText(TITLES[0] as string);
    const state = await plotState(figure);
    expect(state.traces.map((t) => t.name)).toEqual(["input", "padding", "kernel", "output maps"]);
    expect(state.traces.every((t) => t.type === "heatmap")).toBe(true);
    // 64 maps of 26×26 in an 8 × 8 mosaic with 1-cell gaps: 8·26 + 7 = 215
    expect(state.traces[3]).toMatchObject({ rows: 215, columns: 215 });
    // the input is drawn unpadded for p=0: 28 × 28; the kernel 3 × 3
    expect(state.traces[0]).toMatchObject({ rows: 28, columns: 28 });
    expect(state.traces[2]).toMatchObject({ rows: 3, columns: 3 });
    // plotly drew three heatmap layers (input, kernel, ONE mosaic); p=0 leaves the padding overlay empty
    await expect(figure.locator(".convlab-fm-plot g.hm")).toHaveCount(3);
    const plot = figure.locator(".convlab-fm-plot");
    await expect(plot).toHaveAttribute("role", "img");
    await expect(plot).toHaveAttribute(
      "aria-label",
      /Variant 1 of 3: 28×28 → 26×26 \(k=3, p=0, s=1\)\..*64 output maps of 26×26 \(8 inputs × 8 kernels\) in one mosaic, shared colour scale from -\d.*centred on zero/,
    );
    await expect(figure).toHaveScreenshot("featuremaps-64-light.png");
  });

  test("switching variants with the mouse", async ({ page }) => {
    const figure = await openFigureNotebook(page, "featuremaps-64.ipynb");
    const buttons = figure.locator(".convlab-fm-variant");
    await buttons.nth(2).click();
    await expect(figure.locator(".convlab-fm-variant-title")).toHaveText(TITLES[2] as string);
    await expect(buttons.nth(2)).toHaveAttribute("aria-pressed", "true");
    await expect(buttons.nth(0)).toHaveAttribute("aria-pressed", "false");
    // 8 · 14 + 7 = 119; the padded input 30 × 30
    await expect.poll(async () => (await plotState(figure)).traces[3]?.rows).toBe(119);
    expect((await plotState(figure)).traces[0]).toMatchObject({ rows: 30, columns: 30 });
    // with padding the overlay is drawn too: input, padding, kernel, ONE mosaic
    await expect(figure.locator(".convlab-fm-plot g.hm")).toHaveCount(4);
    await expect(figure.locator(".convlab-fm-worked")).toContainText("⌊(28 − 3 + 2 + 2) / 2⌋");
  });

  test("switching variants with the keyboard", async ({ page }) => {
    // In Notebook 7 Lumino's shortcuts see keydown in the document's capture phase, before the
    // toolbar (in command mode the arrow keys would move the active cell): the view claims its
    // keys from window's capture phase (src/view/key-claim.ts). The same test runs in both.
    const figure = await openFigureNotebook(page, "featuremaps-64.ipynb");
    const buttons = figure.locator(".convlab-fm-variant");
    await buttons.nth(2).click();
    await expect.poll(async () => (await plotState(figure)).traces[3]?.rows).toBe(119);
    await buttons.nth(2).focus();
    await page.keyboard.press("ArrowLeft");
    await expect(figure.locator(".convlab-fm-variant-title")).toHaveText(TITLES[1] as string, {
      timeout: 10_000,
    });
    await expect(buttons.nth(1)).toBeFocused();
    await expect.poll(async () => (await plotState(figure)).traces[3]?.rows).toBe(8 * 28 + 7);
    await page.keyboard.press("End");
    await expect(figure.locator(".convlab-fm-variant-title")).toHaveText(TITLES[2] as string);
    await expect(figure.locator(".convlab-fm-plot")).toHaveAttribute("aria-label", /Variant 3 of 3/);
    // ArrowUp is also the notebook's "select the cell above" in command mode: the toolbar takes it
    await page.keyboard.press("ArrowUp");
    await expect(figure.locator(".convlab-fm-variant-title")).toHaveText(TITLES[1] as string);
    await expect(buttons.nth(1)).toBeFocused();
  });

  test("hover on an output pixel outlines its receptive field, padding included", async ({ page }) => {
    const figure = await openFigureNotebook(page, "featuremaps-64.ipynb");
    await figure.locator(".convlab-fm-variant").nth(2).click();
    await expect.poll(async () => (await plotState(figure)).traces[3]?.rows).toBe(119);

    // map 0, output (0, 0): rows and columns 0·2 − 1 … 0·2 − 1 + 2 = −1 … 1 (row/column −1 is padding)
    let at = await mosaicCellPosition(figure, 0, 0);
    await page.mouse.move(at.x, at.y);
    const readout = figure.locator(".convlab-fm-readout");
    await expect(readout).toContainText("output[0, 0] = ");
    await expect(readout).toContainText("receptive field rows -1…1, columns -1…1 (reaches into the padding)");
    let field = (await plotState(figure)).shapes.find((s) => s.name === "receptive-field");
    expect(field).toMatchObject({ xref: "x", x0: -1.5, x1: 1.5, y0: -1.5, y1: 1.5 });

    // map 9 = input 1, kernel 1 sits at mosaic column 1, row 1: origin (15, 15); output (6, 3)
    // reads rows 11 … 13 and columns 5 … 7, inside the image
    at = await mosaicCellPosition(figure, 15 + 3, 15 + 6);
    await page.mouse.move(at.x, at.y);
    await expect(readout).toContainText("map 10 of 64");
    await expect(readout).toContainText("output[6, 3] = ");
    await expect(readout).toContainText("rows 11…13, columns 5…7 (inside the image)");
    field = (await plotState(figure)).shapes.find((s) => s.name === "receptive-field");
    expect(field).toMatchObject({ x0: 4.5, x1: 7.5, y0: 10.5, y1: 13.5 });
    await expect(figure.locator(".convlab-fm-caption")).toHaveText(
      "Input: Trouser · kernel: horizontal edge (Sobel y)",
    );
    await expect(figure).toHaveScreenshot("featuremaps-64-hover.png");

    // the last output pixel (13, 13) of map 0: rows 25 … 27 (no padding needed at the end)
    await figure.locator(".convlab-fm-plot").focus();
    await page.keyboard.press("PageUp");
    await expect(readout).toContainText("map 9 of 64");
  });

  test("follows the dark theme live", async ({ page }) => {
    const figure = await openFigureNotebook(page, "featuremaps-64.ipynb");
    const light = await plotState(figure);
    await page.theme.setDarkTheme();
    await expect(figure).toHaveAttribute("data-theme", "dark");
    const layoutColor = await page.evaluate(() =>
      getComputedStyle(document.body).getPropertyValue("--jp-layout-color0").trim(),
    );
    await expect.poll(async () => (await plotState(figure)).paper).toBe(layoutColor);
    const dark = await plotState(figure);
    expect(dark.paper).not.toBe(light.paper);
    expect(dark.plot).toBe(layoutColor);
    await expect(figure).toHaveScreenshot("featuremaps-64-dark.png");
    await page.theme.setLightTheme();
    await expect(figure).toHaveAttribute("data-theme", "light");
  });

  test("an untrusted notebook still renders", async ({ page }) => {
    const figure = await openFigureNotebook(page, "featuremaps-1.ipynb");
    const trusted = await page.evaluate(() => {
      const app = (window as unknown as { jupyterapp: { shell: { currentWidget: unknown } } }).jupyterapp;
      const panel = app.shell.currentWidget as {
        content: { model: { cells: { get(i: number): { trusted: boolean } } } };
      };
      return panel.content.model.cells.get(0).trusted;
    });
    expect(trusted).toBe(false);
    await expect(figure.locator(".convlab-fm-plot")).toHaveAttribute(
      "aria-label",
      /1 output map of 26×26 \(1 input × 1 kernel\)/,
    );
    expect((await plotState(figure)).traces[3]).toMatchObject({ rows: 26, columns: 26 });
  });

  test("512 maps in one mosaic", async ({ page }) => {
    const figure = await openFigureNotebook(page, "featuremaps-512.ipynb");
    // 512 maps of 26×26: 23 columns × 23 rows, 23·26 + 22 = 620
    expect((await plotState(figure)).traces[3]).toMatchObject({ rows: 620, columns: 620 });
    await expect(figure.locator(".convlab-fm-plot")).toHaveAttribute(
      "aria-label",
      /512 output maps of 26×26 \(8 inputs × 64 kernels\)/,
    );
    await expect(figure.locator(".convlab-fm-plot g.hm")).toHaveCount(3);
  });

  test("frees plotly when the output is cleared", async ({ page }) => {
    const figure = await openFigureNotebook(page, "featuremaps-64.ipynb");
    const plot = await figure.locator(".convlab-fm-plot").elementHandle();
    expect(await plot?.evaluate((node) => "_fullLayout" in node && "data" in node)).toBe(true);
    await page.evaluate(async () => {
      const app = (
        window as unknown as { jupyterapp: { commands: { execute(id: string): Promise<unknown> } } }
      ).jupyterapp;
      await app.commands.execute("notebook:clear-all-cell-outputs");
    });
    await expect(page.locator(".jp-NotebookPanel:not(.lm-mod-hidden) .convlab-featuremaps")).toHaveCount(0);
    // Plotly.purge removes its state from the graph div
    expect(
      await plot?.evaluate((node) => "_fullLayout" in node || "data" in node || "_context" in node),
    ).toBe(false);
  });

  test("resizes with the panel", async ({ page }) => {
    const figure = await openFigureNotebook(page, "featuremaps-64.ipynb");
    const width = () =>
      figure
        .locator(".convlab-fm-plot .main-svg")
        .first()
        .evaluate((n) => n.getBoundingClientRect().width);
    const before = await width();
    await page.setViewportSize({ width: 900, height: 900 });
    await expect.poll(width).toBeLessThan(before - 200);
  });
});

test.describe("hostile and malformed payloads", () => {
  test("script in every string field executes nothing and shows as text", async ({ page }) => {
    const dialogs: string[] = [];
    page.on("dialog", (dialog) => {
      dialogs.push(dialog.message());
      void dialog.dismiss();
    });
    const figure = await openFigureNotebook(page, "hostile.ipynb");
    await expect(figure.locator(".convlab-fm-title")).toContainText("title <img src=x onerror=");
    await expect(figure.locator(".convlab-fm-variant").first()).toContainText("variant <img src=x");
    await expect(figure.locator(".convlab-fm-worked")).toContainText("worked <img src=x");
    await expect(figure.locator(".convlab-fm-caption")).toContainText("label <img");
    await expect(figure.locator(".convlab-fm-plot")).toHaveAttribute(
      "aria-label",
      /title <img src=x onerror=/,
    );
    // hover so the readout shows label and kernel name too
    const at = await mosaicCellPosition(figure, 1, 1);
    await page.mouse.move(at.x, at.y);
    await expect(figure.locator(".convlab-fm-readout")).toContainText("name <img");
    await page.waitForTimeout(500);
    expect(
      await page.evaluate(() => (window as unknown as { __convlabXss?: number }).__convlabXss),
    ).toBeUndefined();
    await expect(figure.locator("script")).toHaveCount(0);
    await expect(figure.locator("img")).toHaveCount(0);
    await expect(figure.locator("[onerror], [onload]")).toHaveCount(0);
    expect(dialogs).toEqual([]);
  });

  test("a malformed payload shows a readable error and the rest of the notebook still renders", async ({
    page,
  }) => {
    await openNotebook(page, "malformed.ipynb");
    const errors = page.locator(".jp-NotebookPanel:not(.lm-mod-hidden) .convlab-error");
    await expect(errors).toHaveCount(3);
    await expect(errors.nth(0)).toContainText(
      "ConvLab could not draw this feature-map figure: the payload is malformed.",
    );
    await expect(errors.nth(0)).toContainText(
      "/variants/0/maps/bits must be equal to one of the allowed values (8, 16)",
    );
    // 10×10, k=3, p=0, s=1: 10 − 3 + 0 + 1 = 8
    await expect(errors.nth(1)).toContainText(
      "/variants/0/height/output is 99, but the shape arithmetic gives 8",
    );
    await expect(errors.nth(2)).toContainText(
      "/colorScale/max 1e+308 is beyond ±1e+30, the largest value a figure can draw",
    );
    // the page stays responsive: a round trip into the page answers within a second
    const started = Date.now();
    await page.evaluate(() => 1);
    expect(Date.now() - started).toBeLessThan(1000);
    await expect(errors.nth(0)).toHaveAttribute("role", "alert");
    await expect(
      page.locator(".jp-NotebookPanel:not(.lm-mod-hidden) .convlab-featuremaps .main-svg").first(),
    ).toBeVisible();
    await expect(errors.nth(0)).toHaveScreenshot("malformed-error.png");
  });
});

test.describe("plain plotly plots", () => {
  test("hostile layout numbers (width 20000 with a tick per unit over [0, 1e6]; width and height 1e8) show a readable error, and the page stays responsive", async ({
    page,
  }) => {
    await openNotebook(page, "hostile-plot.ipynb");
    const panel = page.locator(".jp-NotebookPanel:not(.lm-mod-hidden)");
    const errors = panel.locator(".convlab-error");
    await expect(errors).toHaveCount(2);
    await expect(errors.nth(0)).toContainText("/layout/width is 20000; it must be 10–4000 px");
    await expect(errors.nth(0)).toContainText(
      "/layout/xaxis/dtick 1 over a span of 1000000 makes 1000000 ticks; at most 1000 are drawn",
    );
    await expect(errors.nth(1)).toContainText("/layout/height is 100000000; it must be 10–4000 px");
    await expect(panel.locator(".convlab-plot .main-svg").first()).toBeVisible();
    for (let i = 0; i < 3; i++) {
      const started = Date.now();
      await page.evaluate(() => document.title);
      expect(Date.now() - started).toBeLessThan(1000);
    }
  });

  test("output size per layer renders as a line chart", async ({ page }) => {
    await openNotebook(page, "plot.ipynb");
    const plot = page.locator(".jp-NotebookPanel:not(.lm-mod-hidden) .convlab-plot");
    await expect(plot.locator(".main-svg").first()).toBeVisible();
    await expect(plot).toHaveAttribute("role", "img");
    await expect(plot).toHaveAttribute("aria-label", "Output size per layer: 1 trace (scatter)");
    await expect(plot.locator(".scatterlayer .trace")).toHaveCount(1);
    await expect(plot.locator(".gtitle")).toHaveText("Output size per layer");
    await page.theme.setDarkTheme();
    const layoutColor = await page.evaluate(() =>
      getComputedStyle(document.body).getPropertyValue("--jp-layout-color0").trim(),
    );
    await expect
      .poll(() =>
        plot.evaluate(
          (node) => (node as unknown as { _fullLayout: { paper_bgcolor: string } })._fullLayout.paper_bgcolor,
        ),
      )
      .toBe(layoutColor);
    await page.theme.setLightTheme();
  });
});
