/**
 * The two mime renderers, both marked safe (JupyterLab uses them for untrusted notebooks too):
 * every payload is validated, errors are shown in the output, and nothing throws out of
 * `renderModel`.
 */
import type { IRenderMime } from "@jupyterlab/rendermime-interfaces";
import { Widget } from "@lumino/widgets";
import { FEATUREMAPS_MIME, validateFeatureMaps } from "./payload/index.js";
import { showError } from "./view/error-view.js";
import { type FeatureMapOptions, FeatureMapView } from "./view/featuremap-view.js";
import { checkPlotFigure, PLOTLY_MIME, PlotView } from "./view/plot-view.js";
import { loadPlotly } from "./view/plotly-api.js";

/** Renders one feature-map payload. */
export class FeatureMapsRenderer extends Widget implements IRenderMime.IRenderer {
  private view: FeatureMapView | undefined;
  private readonly options: () => FeatureMapOptions;

  constructor(options: () => FeatureMapOptions) {
    super();
    this.options = options;
    this.addClass("convlab-featuremaps-output");
  }

  async renderModel(model: IRenderMime.IMimeModel): Promise<void> {
    this.view?.dispose();
    this.view = undefined;
    try {
      const result = validateFeatureMaps(model.data[FEATUREMAPS_MIME]);
      if (!result.ok) {
        showError(
          this.node,
          "ConvLab could not draw this feature-map figure: the payload is malformed.",
          result.problems,
        );
        return;
      }
      const plotly = await loadPlotly();
      if (this.isDisposed) return;
      const view = new FeatureMapView(result.figure, this.options(), plotly);
      this.view = view;
      this.node.replaceChildren(view.node);
      await view.render();
    } catch (error) {
      this.view?.dispose();
      this.view = undefined;
      if (!this.isDisposed) {
        showError(this.node, "ConvLab could not draw this feature-map figure.", [
          error instanceof Error ? error.message : String(error),
        ]);
      }
    }
  }

  override dispose(): void {
    if (this.isDisposed) return;
    this.view?.dispose();
    this.view = undefined;
    super.dispose();
  }
}

/** Renders one plain plotly figure. */
export class PlotlyRenderer extends Widget implements IRenderMime.IRenderer {
  private view: PlotView | undefined;

  constructor() {
    super();
    this.addClass("convlab-plot-output");
  }

  async renderModel(model: IRenderMime.IMimeModel): Promise<void> {
    this.view?.dispose();
    this.view = undefined;
    try {
      const result = checkPlotFigure(model.data[PLOTLY_MIME]);
      if (!result.ok) {
        showError(this.node, "ConvLab could not draw this plot: the figure is malformed.", result.problems);
        return;
      }
      const plotly = await loadPlotly();
      if (this.isDisposed) return;
      const view = new PlotView(result.figure, plotly);
      this.view = view;
      this.node.replaceChildren(view.node);
      await view.render();
    } catch (error) {
      this.view?.dispose();
      this.view = undefined;
      if (!this.isDisposed) {
        showError(this.node, "ConvLab could not draw this plot.", [
          error instanceof Error ? error.message : String(error),
        ]);
      }
    }
  }

  override dispose(): void {
    if (this.isDisposed) return;
    this.view?.dispose();
    this.view = undefined;
    super.dispose();
  }
}

/** Renderer factories for the rendermime registry (rank below the default 100: preferred). */
export function rendererFactories(options: () => FeatureMapOptions): IRenderMime.IRendererFactory[] {
  return [
    {
      safe: true,
      mimeTypes: [FEATUREMAPS_MIME],
      defaultRank: 20,
      createRenderer: () => new FeatureMapsRenderer(options),
    },
    {
      safe: true,
      mimeTypes: [PLOTLY_MIME],
      defaultRank: 20,
      createRenderer: () => new PlotlyRenderer(),
    },
  ];
}
