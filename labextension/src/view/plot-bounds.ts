/**
 * Bounds on the numbers of a plotly layout from an untrusted output. plotly itself trusts them: a
 * `width` of 1e8 crashes the renderer, a tick every unit over [0, 1e6] freezes the tab. The plot
 * view refuses such a layout with the reasons (a readable error) instead of drawing it.
 */

/** The bounds. */
export const LAYOUT_LIMITS = {
  /** width and height, in px */
  size: { min: 10, max: 4000 },
  /** each margin (l, r, t, b, pad), in px */
  margin: 1000,
  /** any font size, in px */
  fontSize: 200,
  /** ticks on one axis (nticks, or span / dtick) */
  ticks: 1000,
  /** ticklen, tickwidth, linewidth, gridwidth, in px */
  line: 100,
} as const;

type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** The span of the finite numbers in `values` (0 when fewer than two). */
function spanOf(values: readonly unknown[]): number {
  let [low, high] = [Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY];
  for (const v of values) {
    if (typeof v === "number" && Number.isFinite(v)) [low, high] = [Math.min(low, v), Math.max(high, v)];
  }
  return high > low ? high - low : 0;
}

function checkFonts(value: unknown, path: string, problems: string[]): void {
  if (Array.isArray(value)) {
    value.forEach((item, i) => {
      checkFonts(item, `${path}/${i}`, problems);
    });
    return;
  }
  if (!isObject(value)) return;
  for (const [key, item] of Object.entries(value)) {
    const at = `${path}/${key}`;
    if (/font$/i.test(key) && isObject(item) && typeof item.size === "number") {
      if (!(item.size >= 0 && item.size <= LAYOUT_LIMITS.fontSize)) {
        problems.push(`${at}/size is ${item.size}; a font size must be 0–${LAYOUT_LIMITS.fontSize} px`);
      }
    }
    checkFonts(item, at, problems);
  }
}

function checkAxis(name: string, axis: Json, dataSpan: number, problems: string[]): void {
  const at = `/layout/${name}`;
  if (typeof axis.nticks === "number" && !(axis.nticks >= 0 && axis.nticks <= LAYOUT_LIMITS.ticks)) {
    problems.push(`${at}/nticks is ${axis.nticks}; at most ${LAYOUT_LIMITS.ticks} ticks are drawn`);
  }
  for (const key of ["ticklen", "tickwidth", "linewidth", "gridwidth"]) {
    const value = axis[key];
    if (typeof value === "number" && !(value >= 0 && value <= LAYOUT_LIMITS.line)) {
      problems.push(`${at}/${key} is ${value}; it must be 0–${LAYOUT_LIMITS.line} px`);
    }
  }
  const range = Array.isArray(axis.range) ? spanOf(axis.range) : 0;
  const span = Math.max(range, dataSpan);
  if (typeof axis.dtick === "number") {
    if (!(axis.dtick > 0)) problems.push(`${at}/dtick is ${axis.dtick}; a tick step must be above 0`);
    else if (span / axis.dtick > LAYOUT_LIMITS.ticks) {
      problems.push(
        `${at}/dtick ${axis.dtick} over a span of ${span} makes ${Math.round(span / axis.dtick)} ticks; at most ${LAYOUT_LIMITS.ticks} are drawn`,
      );
    }
  }
}

/**
 * What is out of bounds in a plotly figure's layout (an empty list when nothing is).
 *
 * @example
 * ```ts
 * layoutProblems({ width: 1e8 }, []);
 * // ["/layout/width is 100000000; it must be 10–4000 px"]
 * layoutProblems({ xaxis: { range: [0, 1e6], dtick: 1 } }, []);
 * // ["/layout/xaxis/dtick 1 over a span of 1000000 makes 1000000 ticks; at most 1000 are drawn"]
 * ```
 */
export function layoutProblems(layout: Json, data: readonly unknown[]): string[] {
  const problems: string[] = [];
  const { size, margin } = LAYOUT_LIMITS;
  for (const key of ["width", "height"]) {
    const value = layout[key];
    if (typeof value === "number" && !(value >= size.min && value <= size.max)) {
      problems.push(`/layout/${key} is ${value}; it must be ${size.min}–${size.max} px`);
    }
  }
  if (isObject(layout.margin)) {
    for (const [key, value] of Object.entries(layout.margin)) {
      if (typeof value === "number" && !(value >= 0 && value <= margin)) {
        problems.push(`/layout/margin/${key} is ${value}; a margin must be 0–${margin} px`);
      }
    }
  }
  checkFonts(layout, "/layout", problems);
  const traces = data.filter(isObject);
  const dataSpan = (key: "x" | "y") =>
    Math.max(0, ...traces.map((t) => (Array.isArray(t[key]) ? spanOf(t[key] as unknown[]) : 0)));
  for (const [name, axis] of Object.entries(layout)) {
    const match = /^([xy])axis\d*$/.exec(name);
    if (match && isObject(axis)) checkAxis(name, axis, dataSpan(match[1] as "x" | "y"), problems);
  }
  return problems;
}
