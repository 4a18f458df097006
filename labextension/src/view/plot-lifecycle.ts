/**
 * The life cycle both plot views share: once plotted, follow JupyterLab's theme and the plot's
 * size (resized one animation frame after the element changes; a hidden plot, e.g. in a
 * background tab, is resized when shown again), and on dispose stop watching and purge plotly.
 */
import type { PlotlyApi } from "./plotly-api.js";
import { watchTheme } from "./theme.js";

export class PlotLifecycle {
  private plottedFlag = false;
  private disposedFlag = false;
  private stopThemeWatch: (() => void) | undefined;
  private resizeObserver: ResizeObserver | undefined;
  private frame = 0;

  /**
   * @param plotly the plotly API that drew into `plotNode`
   * @param plotNode the element plotly draws into
   * @param onTheme called (one frame after) each theme switch while plotted and not disposed
   *
   * @example
   * ```ts
   * const life = new PlotLifecycle(plotly, div, () => plotly.relayout(div, themeLayout(currentTheme(div))));
   * await plotly.newPlot(div, data, layout, config);
   * life.plotted();  // starts following theme and size
   * life.dispose();  // stops, purges the plot
   * ```
   */
  constructor(
    private readonly plotly: PlotlyApi,
    private readonly plotNode: HTMLElement,
    private readonly onTheme: () => void,
  ) {}

  /** Whether plotly has drawn (and the view is not disposed). */
  get isPlotted(): boolean {
    return this.plottedFlag && !this.disposedFlag;
  }

  get isDisposed(): boolean {
    return this.disposedFlag;
  }

  /** Call once plotly has drawn: starts following the theme and the size (once). */
  plotted(): void {
    if (this.disposedFlag || this.plottedFlag) return;
    this.plottedFlag = true;
    this.stopThemeWatch = watchTheme(() => {
      if (this.isPlotted) this.onTheme();
    });
    this.resizeObserver = new ResizeObserver(() => {
      cancelAnimationFrame(this.frame);
      this.frame = requestAnimationFrame(() => {
        // plotly rejects resizing a hidden plot (a background tab); it resizes when shown again
        if (this.isPlotted && this.plotNode.offsetWidth > 0) {
          this.plotly.Plots.resize(this.plotNode)?.catch(() => undefined);
        }
      });
    });
    this.resizeObserver.observe(this.plotNode);
  }

  /** Stops watching and purges the plot; later calls do nothing. */
  dispose(): void {
    if (this.disposedFlag) return;
    this.disposedFlag = true;
    this.stopThemeWatch?.();
    this.resizeObserver?.disconnect();
    cancelAnimationFrame(this.frame);
    if (this.plottedFlag) this.plotly.purge(this.plotNode);
  }
}
