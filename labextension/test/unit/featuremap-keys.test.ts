/**
 * The feature-map view's keyboard without a browser: which variant a toolbar key selects, where a
 * plot key moves the cursor, and which presses the view claims from the front end's shortcuts
 * (the browser behaviour, in JupyterLab and Notebook 7, is ui-tests/tests/featuremaps.spec.ts).
 */
import { describe, expect, it } from "vitest";
import { PLOT_KEYS, plotCursorMove, TOOLBAR_KEYS, toolbarTarget } from "../../src/view/featuremap-keys.js";
import { isClaimedKey } from "../../src/view/key-claim.js";

const plain = { ctrlKey: false, altKey: false, metaKey: false, shiftKey: false };

describe("variant toolbar keys", () => {
  it("steps with the arrow keys, wrapping at both ends, and jumps with Home and End", () => {
    // 3 variants (indices 0, 1, 2)
    expect(toolbarTarget("ArrowRight", 0, 3)).toBe(1);
    expect(toolbarTarget("ArrowDown", 2, 3)).toBe(0);
    expect(toolbarTarget("ArrowLeft", 0, 3)).toBe(2);
    expect(toolbarTarget("ArrowUp", 2, 3)).toBe(1);
    expect(toolbarTarget("Home", 2, 3)).toBe(0);
    expect(toolbarTarget("End", 0, 3)).toBe(2);
    expect(toolbarTarget("Enter", 1, 3)).toBeUndefined();
    expect(toolbarTarget("PageUp", 1, 3)).toBeUndefined();
  });

  it("claims exactly its six keys, and only without modifiers", () => {
    expect([...TOOLBAR_KEYS].sort()).toEqual([
      "ArrowDown",
      "ArrowLeft",
      "ArrowRight",
      "ArrowUp",
      "End",
      "Home",
    ]);
    expect(isClaimedKey({ key: "ArrowLeft", ...plain }, TOOLBAR_KEYS)).toBe(true);
    expect(isClaimedKey({ key: "End", ...plain }, TOOLBAR_KEYS)).toBe(true);
    for (const modifier of ["ctrlKey", "altKey", "metaKey", "shiftKey"] as const) {
      expect(isClaimedKey({ key: "ArrowLeft", ...plain, [modifier]: true }, TOOLBAR_KEYS)).toBe(false);
    }
    // the notebook's own shortcuts are left alone
    for (const key of ["Enter", "Escape", "a", "b", "PageDown"]) {
      expect(isClaimedKey({ key, ...plain }, TOOLBAR_KEYS)).toBe(false);
    }
  });
});

describe("plot keys", () => {
  // 4 maps of 2 rows × 3 columns: rows 0–1, columns 0–2, maps 0–3
  const grid = { count: 4, tileHeight: 2, tileWidth: 3 };

  it("moves the cursor one pixel or one map, clamped to the mosaic", () => {
    const at = { map: 1, row: 1, column: 1 };
    expect(plotCursorMove("ArrowLeft", at, grid)).toEqual({ map: 1, row: 1, column: 0 });
    expect(plotCursorMove("ArrowRight", at, grid)).toEqual({ map: 1, row: 1, column: 2 });
    expect(plotCursorMove("ArrowUp", at, grid)).toEqual({ map: 1, row: 0, column: 1 });
    expect(plotCursorMove("ArrowDown", at, grid)).toEqual({ map: 1, row: 1, column: 1 });
    expect(plotCursorMove("PageUp", at, grid)).toEqual({ map: 0, row: 1, column: 1 });
    expect(plotCursorMove("PageDown", { map: 3, row: 0, column: 0 }, grid)).toEqual({
      map: 3,
      row: 0,
      column: 0,
    });
    expect(plotCursorMove("ArrowLeft", { map: 0, row: 0, column: 0 }, grid)).toEqual({
      map: 0,
      row: 0,
      column: 0,
    });
    expect(plotCursorMove("Home", at, grid)).toBeUndefined();
  });

  it("claims the arrow keys and Page Up/Down", () => {
    expect([...PLOT_KEYS].sort()).toEqual([
      "ArrowDown",
      "ArrowLeft",
      "ArrowRight",
      "ArrowUp",
      "PageDown",
      "PageUp",
    ]);
  });
});
