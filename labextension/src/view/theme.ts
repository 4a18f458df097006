/**
 * The JupyterLab / Jupyter Notebook 7 theme as plot colours, and a watcher that reports theme
 * changes live (both apps use the same theme plugin, CSS variables and body attributes).
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
 * Where the theme's CSS variables can be read: the node itself once it is in the document, else
 * the page body. A node that is not attached yet (Notebook 7 and JupyterLab render outputs of
 * cells outside the viewport before attaching them) has no computed style at all, so reading it
 * would give the light fallbacks under a dark theme.
 */
function themeSource(node: Element): Element {
  return node.isConnected ? node : document.body;
}

/** Luma (Rec. 709 weights on the 0–1 sRGB values; 0 black … 1 white) of a CSS colour in `#rgb`, `#rrggbb` or `rgb()` form. */
function luminance(color: string): number | undefined {
  const hex = /^#([0-9a-f]{3}|[0-9a-f]{6})$/i.exec(color);
  let rgb: number[] | undefined;
  if (hex) {
    const digits = hex[1] as string;
    const full = digits.length === 3 ? [...digits].map((d) => d + d).join("") : digits;
    rgb = [0, 2, 4].map((i) => Number.parseInt(full.slice(i, i + 2), 16));
  } else {
    const fn = /^rgba?\(\s*(\d+)[\s,]+(\d+)[\s,]+(\d+)/i.exec(color);
    if (fn) rgb = [fn[1], fn[2], fn[3]].map(Number);
  }
  if (!rgb) return undefined;
  const [r, g, b] = rgb.map((c) => c / 255) as [number, number, number];
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

/**
 * Whether the page shows a dark theme: JupyterLab and Notebook 7 both say so in
 * `data-jp-theme-light` on the body; without it (another host) the background colour decides.
 *
 * @example
 * ```ts
 * isDarkTheme("false", "#ffffff"); // true (the attribute wins)
 * isDarkTheme(undefined, "#111");  // true
 * isDarkTheme(undefined, "white"); // false (not a colour it can read: light)
 * ```
 */
export function isDarkTheme(themeLight: string | undefined, background: string): boolean {
  if (themeLight === "true") return false;
  if (themeLight === "false") return true;
  const value = luminance(background.trim());
  return value !== undefined && value < 0.5;
}

/**
 * Reads the current theme from the CSS variables of JupyterLab or Jupyter Notebook 7 (light
 * defaults elsewhere), from the node when it is attached and from the page body before that.
 *
 * @example
 * ```ts
 * currentTheme(node).paper; // "#111" under JupyterLab Dark, attached or not
 * ```
 */
export function currentTheme(node: Element): PlotTheme {
  const style = getComputedStyle(themeSource(node));
  const paper = cssVariable(style, "--jp-layout-color0", LIGHT.paper);
  return {
    dark: isDarkTheme(document.body.dataset.jpThemeLight, paper),
    paper,
    plot: paper,
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
