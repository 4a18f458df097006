/**
 * The feature-map view's keyboard, as pure functions: the variant toolbar (arrow keys step
 * through the variants and wrap, Home and End jump to the first and last) and the plot (arrow
 * keys move the cursor over an output map, Page Up/Down to the previous/next map, clamped).
 * The view claims exactly these keys (./key-claim.ts) so that the front end's shortcuts leave them.
 */
import type { Cursor } from "./featuremap-spec.js";

const TOOLBAR_STEPS: Readonly<Record<string, number>> = {
  ArrowRight: 1,
  ArrowDown: 1,
  ArrowLeft: -1,
  ArrowUp: -1,
};

/** The keys the variant toolbar handles. */
export const TOOLBAR_KEYS: ReadonlySet<string> = new Set([...Object.keys(TOOLBAR_STEPS), "Home", "End"]);

const PLOT_MOVES: Readonly<Record<string, readonly [keyof Cursor, number]>> = {
  ArrowLeft: ["column", -1],
  ArrowRight: ["column", 1],
  ArrowUp: ["row", -1],
  ArrowDown: ["row", 1],
  PageUp: ["map", -1],
  PageDown: ["map", 1],
};

/** The keys the plot handles. */
export const PLOT_KEYS: ReadonlySet<string> = new Set(Object.keys(PLOT_MOVES));

/**
 * The variant `key` selects from variant `index` of `count`, or `undefined` if the toolbar does
 * not handle `key`.
 *
 * @example
 * ```ts
 * import { toolbarTarget } from "./featuremap-keys.js";
 * toolbarTarget("ArrowLeft", 0, 3); // 2
 * toolbarTarget("End", 0, 3);       // 2
 * toolbarTarget("Enter", 0, 3);     // undefined
 * ```
 */
export function toolbarTarget(key: string, index: number, count: number): number | undefined {
  const step = TOOLBAR_STEPS[key];
  if (step !== undefined) return (index + step + count) % count;
  if (key === "Home") return 0;
  if (key === "End") return count - 1;
  return undefined;
}

/**
 * The cursor after `key` on a mosaic of `count` maps of `tileHeight × tileWidth`, or `undefined`
 * if the plot does not handle `key`.
 *
 * @example
 * ```ts
 * import { plotCursorMove } from "./featuremap-keys.js";
 * const grid = { count: 4, tileHeight: 2, tileWidth: 3 };
 * plotCursorMove("ArrowRight", { map: 0, row: 0, column: 2 }, grid); // { map: 0, row: 0, column: 2 }
 * plotCursorMove("PageDown", { map: 0, row: 1, column: 1 }, grid);   // { map: 1, row: 1, column: 1 }
 * ```
 */
export function plotCursorMove(
  key: string,
  cursor: Cursor,
  grid: { readonly count: number; readonly tileHeight: number; readonly tileWidth: number },
): Cursor | undefined {
  const move = PLOT_MOVES[key];
  if (move === undefined) return undefined;
  const [axis, step] = move;
  const last = { column: grid.tileWidth - 1, row: grid.tileHeight - 1, map: grid.count - 1 };
  return { ...cursor, [axis]: Math.min(last[axis], Math.max(0, cursor[axis] + step)) };
}
