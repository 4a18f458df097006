/**
 * galata's test, able to drive Jupyter Notebook 7 as well as JupyterLab: in the `notebook7`
 * project (playwright.config.ts: `appPath: ""`) the application is ready when Notebook 7's main
 * panel is there (Notebook 7 has no launcher to wait for), and `openNotebook` goes to the
 * notebook's own page, `/notebooks/<path>`.
 */
import { test as base } from "@jupyterlab/galata";

export { expect, galata } from "@jupyterlab/galata";

/** Which front end a project drives. */
export type FrontEnd = "jupyterlab" | "notebook7";

/** The front end of the running project (its name in playwright.config.ts). */
export function frontEnd(): FrontEnd {
  return base.info().project.name === "notebook7" ? "notebook7" : "jupyterlab";
}

export const test = base.extend({
  waitForApplication: async ({ waitForApplication }, use) => {
    if (frontEnd() === "jupyterlab") {
      await use(waitForApplication);
      return;
    }
    await use(async (page) => {
      await page.locator("#main-panel").waitFor();
    });
  },
});
