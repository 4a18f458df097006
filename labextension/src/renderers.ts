/**
 * The two mime renderers, both marked safe (JupyterLab uses them for untrusted notebooks too):
 * every payload is validated, errors are shown in the output, and nothing throws out of
 * `renderModel`.
 */
import type { IRenderMime } from "@jupyterlab/rendermime-interfaces";
import { Widget } from "@lumino/widgets";
import { FEATUREMAPS_MIME_TYPE, validateFeatureMaps } from "./payload/index.js";
import { showError } from "./view/error-view.js";
import { type FeatureMapOptions, FeatureMapView } from "./view/featuremap-view.js";
import { checkPlotFigure, PLOTLY_MIME, PlotView } from "./view/plot-view.js";
import { loadPlotly } from "./view/plotly-api.js";

/** What a renderer draws into its node: a plotly-backed view. */
interface View {
  readonly node: HTMLElement;
  render(): Promise<void>;
  dispose(): void;
}

type Plotly = Awaited<ReturnType<typeof loadPlotly>>;

/**
 * The shared life cycle of both renderers: check the data, load plotly, draw a view; show a
 * readable error instead of throwing; free plotly when the output goes away.
 */
abstract class PlotlyRenderer extends Widget implements IRenderMime.IRenderer {
  private view: View | undefined;

  constructor(
    private readonly mime: string,
    /** e.g. "feature-map figure" or "plot", for error messages. */
    private readonly what: string,
    private readonly malformed: string,
  ) {
    super();
  }

  /** Checks untrusted data; returns a way to build the view, or the problems found. */
  protected abstract check(
    data: unknown,
  ): { ok: true; create: (plotly: Plotly) => View } | { ok: false; problems: readonly string[] };

  async renderModel(model: IRenderMime.IMimeModel): Promise<void> {
    this.view?.dispose();
    this.view = undefined;
    try {
      const result = this.check(model.data[this.mime]);
      if (!result.ok) {
        showError(
          this.node,
          `ConvLab could not draw this ${this.what}: the ${this.malformed} is malformed.`,
          result.problems,
        );
        return;
      }
      const plotly = await loadPlotly();
      if (this.isDisposed) return;
      const view = result.create(plotly);
      this.view = view;
      this.node.replaceChildren(view.node);
      await view.render();
    } catch (error) {
      this.view?.dispose();
      this.view = undefined;
      if (!this.isDisposed) {
        showError(this.node, `ConvLab could not draw this ${this.what}.`, [
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

/** Renders one feature-map payload. */
export class FeatureMapsRenderer extends PlotlyRenderer {
  constructor(private readonly options: () => FeatureMapOptions) {
    super(FEATUREMAPS_MIME_TYPE, "feature-map figure", "payload");
    this.addClass("convlab-featuremaps-output");
  }

  protected check(data: unknown) {
    const result = validateFeatureMaps(data);
    return result.ok
      ? {
          ok: true as const,
          create: (plotly: Plotly) => new FeatureMapView(result.figure, this.options(), plotly),
        }
      : result;
  }
}

/** Renders one plain plotly figure. */
export class PlotlyFigureRenderer extends PlotlyRenderer {
  constructor() {
    super(PLOTLY_MIME, "plot", "figure");
    this.addClass("convlab-plot-output");
  }

  protected check(data: unknown) {
    const result = checkPlotFigure(data);
    return result.ok
      ? { ok: true as const, create: (plotly: Plotly) => new PlotView(result.figure, plotly) }
      : result;
  }
}

/** Renderer factories for the rendermime registry (rank below the default 100: preferred). */
export function rendererFactories(options: () => FeatureMapOptions): IRenderMime.IRendererFactory[] {
  return [
    {
      safe: true,
      mimeTypes: [FEATUREMAPS_MIME_TYPE],
      defaultRank: 20,
      createRenderer: () => new FeatureMapsRenderer(options),
    },
    {
      safe: true,
      mimeTypes: [PLOTLY_MIME],
      defaultRank: 20,
      createRenderer: () => new PlotlyFigureRenderer(),
    },
  ];
}
