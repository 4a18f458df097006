/**
 * The ConvLab plugin: settings honoured by the renderer, the launcher card and the command
 * palette entries that open the course notebooks.
 */
import { expect, galata, test } from "@jupyterlab/galata";
import { openFigureNotebook, plotState } from "./helpers.js";

test.describe("settings honoured by the renderer", () => {
  test.use({
    mockSettings: {
      ...galata.DEFAULT_SETTINGS,
      "convlab-labextension:plugin": { maxMapsDrawn: 16, defaultVariant: "v2-p1-s2", colorMap: "Picnic" },
    },
  });

  test("maximum maps drawn, default variant and colour map", async ({ page }) => {
    const figure = await openFigureNotebook(page, "featuremaps-64.ipynb");
    await expect(figure.locator(".convlab-fm-variant-title")).toHaveText("28×28 → 14×14 (k=3, p=1, s=2)");
    await expect(figure.locator(".convlab-fm-note")).toHaveText(
      "Showing the first 16 of 64 maps (setting “maximum maps drawn” or the size limit).",
    );
    const state = await plotState(figure);
    // 16 maps of 14×14: 4 × 4 mosaic, 4·14 + 3 = 59
    expect(state.traces[3]).toMatchObject({ rows: 59, columns: 59, colorscale: "Picnic" });
  });
});

test.describe("launcher and command palette", () => {
  test("the ConvLab launcher card opens the lecture notebook", async ({ page }) => {
    await page.menu.clickMenuItem("File>New Launcher");
    const card = page.locator(".jp-LauncherCard:visible", { hasText: /^ConvLab$/ });
    await expect(card).toBeVisible();
    await expect(page.locator(".jp-Launcher-sectionTitle:visible", { hasText: "ConvLab" })).toBeVisible();
    await expect(page.locator(".jp-LauncherCard:visible", { hasText: /^ConvLab homework$/ })).toBeVisible();
    await card.click();
    await expect(page.locator(".jp-NotebookPanel:not(.lm-mod-hidden) .convlab-featuremaps")).toBeVisible();
    await expect(page.getByRole("tab", { name: /01-shrinking-and-padding\.ipynb/ })).toBeVisible();
  });

  test("command palette entries open the lecture and the homework", async ({ page }) => {
    const items = await page.evaluate(() => {
      const app = (window as unknown as { jupyterapp: { commands: { listCommands(): string[] } } })
        .jupyterapp;
      return app.commands.listCommands().filter((id) => id.startsWith("convlab:"));
    });
    expect(items.sort()).toEqual(["convlab:open-homework", "convlab:open-lecture", "convlab:open-notebook"]);
    await page.keyboard.press("Control+Shift+C");
    const palette = page.locator("#command-palette");
    await expect(palette).toBeVisible();
    await palette.locator("input").fill("ConvLab homework");
    const item = palette.locator(".lm-CommandPalette-item", { hasText: "Open hw1-output-size.ipynb" });
    await expect(item).toHaveCount(1);
    await item.click();
    await expect(page.locator(".jp-NotebookPanel:not(.lm-mod-hidden)")).toBeVisible();
    const path = await page.evaluate(() => {
      const app = (
        window as unknown as { jupyterapp: { shell: { currentWidget: { context: { path: string } } } } }
      ).jupyterapp;
      return app.shell.currentWidget.context.path;
    });
    expect(path).toBe("notebooks/homework/student/hw1-output-size.ipynb");
  });
});

test.describe("a missing notebook", () => {
  test.use({
    mockSettings: {
      ...galata.DEFAULT_SETTINGS,
      "convlab-labextension:plugin": { lectureNotebooks: ["no/such/lecture.ipynb"] },
    },
  });

  test("shows which path is missing and where to set it", async ({ page }) => {
    await page.evaluate(async () => {
      const app = (
        window as unknown as { jupyterapp: { commands: { execute(id: string): Promise<unknown> } } }
      ).jupyterapp;
      void app.commands.execute("convlab:open-lecture");
    });
    const dialog = page.locator(".jp-Dialog");
    await expect(dialog).toContainText("ConvLab notebook not found");
    await expect(dialog).toContainText('There is no notebook at "no/such/lecture.ipynb"');
  });
});
