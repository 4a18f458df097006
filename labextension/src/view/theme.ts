/**
 * JupyterLab's theme as plot colours, and a watcher that reports theme changes live.
 */

export interface PlotTheme {
  readonly dark: boolean;
  readonly paper: string;
  readonly plot: string;
  readonly font: string;
  readonly grid: string;
  readonly fontFamily: string;
}

const LIGHT: PlotTheme = {
  dark: false,
  paper: "#ffffff",
  plot: "#ffffff",
  font: "#212121",
  grid: "#e0e0e0",
  fontFamily: "system-ui, sans-serif",
};

function cssVariable(style: CSSStyleDeclaration, name: string, fallback: string): string {
  const value = style.getPropertyValue(name).trim();
  return value === "" ? fallback : value;
}

/**
 * Reads the current JupyterLab theme from CSS variables (light defaults outside JupyterLab).
 *
 * @example
 * ```ts
 * currentTheme(node).paper; // "#111111" under JupyterLab Dark
 * ```
 */
export function currentTheme(node: Element): PlotTheme {
  const style = getComputedStyle(node);
  const dark = document.body.dataset.jpThemeLight === "false";
  return {
    dark,
    paper: cssVariable(style, "--jp-layout-color0", LIGHT.paper),
    plot: cssVariable(style, "--jp-layout-color0", LIGHT.plot),
    font: cssVariable(style, "--jp-ui-font-color1", LIGHT.font),
    grid: cssVariable(style, "--jp-border-color2", LIGHT.grid),
    fontFamily: cssVariable(style, "--jp-ui-font-family", LIGHT.fontFamily),
  };
}

/** Plotly layout keys that carry the theme. */
export function themeLayout(theme: PlotTheme): Record<string, unknown> {
  return {
    paper_bgcolor: theme.paper,
    plot_bgcolor: theme.plot,
    "font.color": theme.font,
    "font.family": theme.fontFamily,
  };
}

/**
 * Calls `onChange` whenever JupyterLab switches theme (it rewrites `data-jp-theme-*` on body
 * and swaps the theme stylesheet). Returns a function that stops watching.
 */
export function watchTheme(onChange: () => void): () => void {
  let frame = 0;
  const schedule = () => {
    cancelAnimationFrame(frame);
    // JupyterLab sets the attributes when the new theme's CSS has loaded; one frame later the
    // CSS variables hold the new values.
    frame = requestAnimationFrame(() => onChange());
  };
  const observer = new MutationObserver(schedule);
  observer.observe(document.body, {
    attributes: true,
    attributeFilter: ["data-jp-theme-light", "data-jp-theme-name"],
  });
  return () => {
    cancelAnimationFrame(frame);
    observer.disconnect();
  };
}
