/**
 * The padding index maps: which input index a position of a padded axis copies, per padding mode
 * (PyTorch's `F.pad` semantics). Browser-safe, no imports: `pad` uses them, and the payload module
 * (`convlab/payload`) hands them to the JupyterLab renderer, so both sides pad alike.
 */
import type { PaddingMode } from "./params.js";

/** Maps an index of the padded axis (in input coordinates) to a source index, or −1 for a constant pixel. */
export type IndexMap = (i: number, n: number) => number;

/** One index map per padding mode. */
export const PADDING_INDEX_MAPS: Readonly<Record<PaddingMode, IndexMap>> = {
  zeros: (i, n) => (i >= 0 && i < n ? i : -1),
  reflect: (i, n) => (n === 1 ? 0 : i < 0 ? -i : i >= n ? 2 * (n - 1) - i : i),
  replicate: (i, n) => Math.min(Math.max(i, 0), n - 1),
  circular: (i, n) => ((i % n) + n) % n,
};

/**
 * The input index that position `i` of a padded axis copies (−1: a zero/constant pixel). `i` is in
 * input coordinates: negative = before the input, ≥ `n` = after it.
 *
 * @example
 * ```ts
 * import { paddingSourceIndex } from "convlab";
 * paddingSourceIndex(-2, 5, "reflect");   // 2
 * paddingSourceIndex(-1, 5, "replicate"); // 0
 * paddingSourceIndex(5, 5, "circular");   // 0
 * paddingSourceIndex(-1, 5, "zeros");     // -1
 * ```
 */
export function paddingSourceIndex(i: number, n: number, mode: PaddingMode): number {
  return PADDING_INDEX_MAPS[mode](i, n);
}
