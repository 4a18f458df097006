/**
 * The ConvLab plugin in Jupyter Notebook 7: settings reach the renderer, the commands (there is no
 * launcher) open a notebook in its own page, and nothing ConvLab does throws in the page.
 */
import { expect, galata, test } from "./fixtures.js";
import { openFigureNotebook, plotState } from "./helpers.js";

test.describe("settings honoured in Notebook 7", () => {
  test.use({
    mockSettings: {
      ...galata.DEFAULT_SETTINGS,
      "convlab-labextension:plugin": { maxMapsDrawn: 16, defaultVariant: "v2-p1-s2", colorMap: "Picnic" },
    },
  });

  test("maximum maps drawn, default variant and colour map", async ({ page }) => {
    const figure = await openFigureNotebook(page, "featuremaps-64.ipynb");
    await expect(figure.locator(".convlab-fm-variant-title")).toHaveText("28×28 → 14×14 (k=3, p=1, s=2)");
    // 16 maps of 14×14: 4 × 4 mosaic, 4·14 + 3 = 59
    expect((await plotState(figure)).traces[3]).toMatchObject({
      rows: 59,
      columns: 59,
      colorscale: "Picnic",
    });
  });
});

test("the commands open the lecture and the homework in their own Notebook 7 page", async ({ page }) => {
  const errors: string[] = [];
  page.on("pageerror", (error) => errors.push(`${error.message}\n${error.stack ?? ""}`));
  await page.goto("tree");
  const commands = await page.evaluate(() =>
    (window as unknown as { jupyterapp: { commands: { listCommands(): string[] } } }).jupyterapp.commands
      .listCommands()
      .filter((id) => id.startsWith("convlab:"))
      .sort(),
  );
  expect(commands).toEqual(["convlab:open-homework", "convlab:open-lecture", "convlab:open-notebook"]);
  for (const [command, path] of [
    ["convlab:open-lecture", "notebooks/lecture/01-shrinking-and-padding.ipynb"],
    ["convlab:open-homework", "notebooks/homework/student/hw1-output-size.ipynb"],
  ] as const) {
    const opened = page.context().waitForEvent("page");
    await page.evaluate(async (id) => {
      await (
        window as unknown as { jupyterapp: { commands: { execute(id: string): Promise<unknown> } } }
      ).jupyterapp.commands.execute(id);
    }, command);
    const tab = await opened;
    await tab.waitForURL(`**/notebooks/${path}`);
    await expect(tab.locator(".jp-NotebookPanel .jp-Cell").first()).toBeVisible();
    await tab.close();
  }
  // no notebook widget (and no kernel session) was built in the tree page
  expect(await page.evaluate(() => document.querySelectorAll(".jp-NotebookPanel").length)).toBe(0);
  // Notebook 7.6.5 itself may log "Cannot read properties of undefined (reading 'schema')" from
  // its shortcuts plugin (jupyter/notebook#7862, with or without ConvLab); ConvLab's code throws nothing
  expect(errors.filter((text) => text.includes("convlab"))).toEqual([]);
});
