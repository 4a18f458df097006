/**
 * Maps a position in a cell's CommonJS code back to the cell: through the second stage's map
 * (CommonJS → ES module) and the first stage's (ES module → the cell, after tslab's prefix).
 */
import { SourceMap } from "node:module";
import type { StageMaps } from "./second-stage.js";
import type { CellPosition } from "./tslab-adapter.js";

/** `export {};\n` that tslab puts before a cell shifts the first stage's lines by one. */
const TSLAB_PREFIX_LINES = 1;

/**
 * Maps positions through both stages' maps, built on the first call (most cells never need them).
 *
 * @example
 * ```ts
 * import { createPositionMapper } from "./position-mapper.js";
 * import { NO_MAPS } from "./second-stage.js";
 * createPositionMapper(NO_MAPS)({ line: 0, column: 0 }) === undefined; // true
 * ```
 */
export function createPositionMapper(maps: StageMaps): (position: CellPosition) => CellPosition | undefined {
  let built: { commonJsToModule: SourceMap; moduleToCell: SourceMap } | null | undefined;
  const build = () => {
    const second = maps.first ? maps.second() : undefined;
    built =
      second && maps.first
        ? {
            commonJsToModule: new SourceMap(JSON.parse(second)),
            moduleToCell: new SourceMap(JSON.parse(maps.first)),
          }
        : null;
    return built;
  };
  return ({ line, column }) => {
    const mapped = built === undefined ? build() : built;
    if (!mapped) return undefined;
    const { commonJsToModule, moduleToCell } = mapped;
    const mid = commonJsToModule.findEntry(line, column) as Partial<{
      originalLine: number;
      originalColumn: number;
    }>;
    if (mid.originalLine === undefined || mid.originalColumn === undefined) return undefined;
    const src = moduleToCell.findEntry(mid.originalLine, mid.originalColumn) as Partial<{
      originalLine: number;
      originalColumn: number;
    }>;
    if (src.originalLine === undefined || src.originalColumn === undefined) return undefined;
    const cellLine = src.originalLine - TSLAB_PREFIX_LINES;
    return cellLine < 0 ? undefined : { line: cellLine, column: src.originalColumn };
  };
}
