/** Shared steps of the ConvLab UI tests. */
import type { IJupyterLabPageFixture } from "@jupyterlab/galata";
import { expect, type Locator } from "@playwright/test";
import { frontEnd } from "./fixtures.js";

/**
 * Opens a notebook of the server root (the fixture notebooks): in JupyterLab through the
 * document manager, in Notebook 7 at its own page (`/notebooks/<path>`).
 */
export async function openNotebook(page: IJupyterLabPageFixture, path: string): Promise<void> {
  if (frontEnd() === "notebook7") {
    await page.goto(`notebooks/${path.split("/").map(encodeURIComponent).join("/")}`);
    await expect(page.locator(".jp-NotebookPanel:not(.lm-mod-hidden) .jp-Cell").first()).toBeVisible();
    return;
  }
  await page.evaluate(async (notebookPath) => {
    const app = (
      window as unknown as {
        jupyterapp: { commands: { execute(id: string, args: object): Promise<unknown> } };
      }
    ).jupyterapp;
    await app.commands.execute("docmanager:open", { path: notebookPath, factory: "Notebook" });
  }, path);
  await expect(page.locator(".jp-NotebookPanel:not(.lm-mod-hidden) .jp-Cell").first()).toBeVisible();
}

/** Opens a fixture notebook and waits until every ConvLab figure in it has been drawn. */
export async function openFigureNotebook(
  page: IJupyterLabPageFixture,
  path: string,
  figures = 1,
): Promise<Locator> {
  await openNotebook(page, path);
  const outputs = page.locator(
    ".jp-NotebookPanel:not(.lm-mod-hidden) .convlab-featuremaps .convlab-fm-plot .main-svg",
  );
  await expect(outputs.first()).toBeVisible();
  await expect(page.locator(".jp-NotebookPanel:not(.lm-mod-hidden) .convlab-featuremaps")).toHaveCount(
    figures,
  );
  return page.locator(".jp-NotebookPanel:not(.lm-mod-hidden) .convlab-featuremaps").first();
}

/** What plotly holds for a figure's plot: trace names and the mosaic's size. */
export interface PlotState {
  traces: { name: string; type: string; rows: number; columns: number; colorscale: unknown }[];
  shapes: { name?: string; x0: number; x1: number; y0: number; y1: number; xref: string }[];
  paper: string;
  plot: string;
}

export async function plotState(figure: Locator): Promise<PlotState> {
  return figure.locator(".convlab-fm-plot").evaluate((node) => {
    const gd = node as HTMLElement & {
      data: { name: string; type: string; z: unknown[][]; colorscale: unknown }[];
      layout: { shapes?: PlotState["shapes"] };
      _fullLayout: { paper_bgcolor: string; plot_bgcolor: string };
    };
    return {
      traces: gd.data.map((t) => ({
        name: t.name,
        type: t.type,
        rows: t.z.length,
        columns: (t.z[0] ?? []).length,
        colorscale: t.colorscale,
      })),
      shapes: (gd.layout.shapes ?? []).map((s) => ({ ...s })),
      paper: gd._fullLayout.paper_bgcolor,
      plot: gd._fullLayout.plot_bgcolor,
    };
  });
}

/** Client coordinates of mosaic cell (x, y) of a figure's plot. */
export async function mosaicCellPosition(
  figure: Locator,
  x: number,
  y: number,
): Promise<{ x: number; y: number }> {
  return figure.locator(".convlab-fm-plot").evaluate(
    (node, cell) => {
      const gd = node as HTMLElement & {
        _fullLayout: {
          xaxis3: { l2p(v: number): number; _offset: number };
          yaxis3: { l2p(v: number): number; _offset: number };
        };
      };
      const box = node.querySelector(".main-svg")?.getBoundingClientRect() ?? node.getBoundingClientRect();
      const { xaxis3, yaxis3 } = gd._fullLayout;
      return {
        x: box.left + xaxis3._offset + xaxis3.l2p(cell.x),
        y: box.top + yaxis3._offset + yaxis3.l2p(cell.y),
      };
    },
    { x, y },
  );
}
