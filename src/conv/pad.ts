import { ConvLabError } from "../errors.js";
import { allocate, numelOf, Tensor } from "../tensor/tensor.js";
import { PADDING_INDEX_MAPS } from "./index-maps.js";
import { asBatch } from "./layout.js";
import {
  checkPaddingMode,
  type IntOrPair,
  isSides,
  type PaddingMode,
  type Sides,
  toPair,
  toSides,
} from "./params.js";

/** The index map of each padding mode (./index-maps.ts, shared with the payload module). */
const INDEX_MAPS = PADDING_INDEX_MAPS;

function checkModeLimits(mode: PaddingMode, sides: Sides, h: number, w: number): void {
  const axes = [
    { name: "height", size: h, before: sides.top, after: sides.bottom },
    { name: "width", size: w, before: sides.left, after: sides.right },
  ];
  for (const axis of axes) {
    const largest = Math.max(axis.before, axis.after);
    if (largest === 0) continue;
    if (mode === "reflect" && largest >= axis.size) {
      throw new ConvLabError({
        parameter: "padding",
        value: { ...sides },
        rule: `reflect padding must be less than the input size it mirrors: ${largest} ≥ ${axis.size} on the ${axis.name} axis`,
        fix: `use at most ${axis.size - 1} pixels of reflect padding there, or padding mode 'replicate' or 'zeros'`,
        category: "padding-mode",
      });
    }
    if (mode === "replicate" && axis.size === 0) {
      throw new ConvLabError({
        parameter: "input",
        value: axis.size,
        rule: `replicate padding needs a non-empty ${axis.name} axis`,
        fix: "pad a non-empty image",
        category: "padding-mode",
      });
    }
    if (mode === "circular" && largest > axis.size) {
      throw new ConvLabError({
        parameter: "padding",
        value: { ...sides },
        rule: `circular padding would wrap around more than once: ${largest} > ${axis.size} on the ${axis.name} axis`,
        fix: `use at most ${axis.size} pixels of circular padding there`,
        category: "padding-mode",
      });
    }
  }
}

/**
 * Pads the last two axes of a `[N, C, H, W]` or `[C, H, W]` tensor (like `F.pad`, but sides by name).
 *
 * `padding` is a number (all sides), `[h, w]` (top = bottom = h, left = right = w) or
 * `{ top, bottom, left, right }`. `mode` is `'zeros'` (or a constant `value`), `'reflect'`,
 * `'replicate'` or `'circular'`.
 *
 * @example
 * ```ts
 * import { arange, pad } from "convlab";
 * const X = arange(4).reshape(1, 1, 2, 2);
 * pad(X, 1).shape;                                              // [1, 1, 4, 4]
 * pad(X, { top: 0, bottom: 1, left: 0, right: 1 }, "replicate").tolist();
 * // [[[[0, 1, 1], [2, 3, 3], [2, 3, 3]]]]
 * ```
 */
export function pad(
  input: Tensor,
  padding: IntOrPair | Sides,
  mode: PaddingMode = "zeros",
  value = 0,
): Tensor {
  const batch = asBatch("input", input, "pad");
  const checkedMode = checkPaddingMode(mode);
  const sides = isSides(padding)
    ? toSides("padding", padding)
    : ((p) => ({ top: p[0], bottom: p[0], left: p[1], right: p[1] }))(
        toPair("padding", padding, "padding", 0),
      );
  checkModeLimits(checkedMode, sides, batch.h, batch.w);
  const ph = batch.h + sides.top + sides.bottom;
  const pw = batch.w + sides.left + sides.right;
  const shape = batch.unbatched ? [batch.c, ph, pw] : [batch.n, batch.c, ph, pw];
  const out = new Tensor(shape, allocate(input.dtype, numelOf(shape)));
  const map = INDEX_MAPS[checkedMode];
  const rows = Array.from({ length: ph }, (_, i) => map(i - sides.top, batch.h));
  const cols = Array.from({ length: pw }, (_, j) => map(j - sides.left, batch.w));
  const src = input.data;
  const dst = out.data;
  let cursor = 0;
  for (let plane = 0; plane < batch.n * batch.c; plane++) {
    const base = plane * batch.h * batch.w;
    for (const r of rows) {
      for (const c of cols) dst[cursor++] = r < 0 || c < 0 ? value : src[base + r * batch.w + c]!;
    }
  }
  return out;
}
