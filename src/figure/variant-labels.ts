/**
 * The id and the title of a feature-map figure's variant, from its padding, stride, dilation and
 * padding mode (and, for the title, the shape arithmetic).
 */
import type { PaddingMode, Pair, Sides } from "../conv/params.js";
import type { ShapeArithmetic } from "../conv/shape.js";

function paddingLabel(p: Sides): string {
  if (p.top === p.bottom && p.left === p.right) return p.top === p.left ? `${p.top}` : `${p.top},${p.left}`;
  return `t${p.top}b${p.bottom}l${p.left}r${p.right}`;
}

function pairLabel(p: Pair): string {
  return p[0] === p[1] ? `${p[0]}` : `${p[0]},${p[1]}`;
}

/**
 * A variant's id from its settings, e.g. `p1-s2`, `pt1b0l1r0-s1`, `p1-s1-d2-reflect`.
 *
 * @example
 * ```ts
 * import { variantId } from "./variant-labels.js";
 * variantId({ top: 1, bottom: 1, left: 1, right: 1 }, [2, 2], [1, 1], "zeros"); // "p1-s2"
 * variantId({ top: 1, bottom: 0, left: 1, right: 0 }, [1, 1], [2, 2], "reflect"); // "pt1b0l1r0-s1-d2-reflect"
 * ```
 */
export function variantId(padding: Sides, stride: Pair, dilation: Pair, mode: PaddingMode): string {
  const parts = [`p${paddingLabel(padding).replaceAll(",", "x")}`, `s${pairLabel(stride).replace(",", "x")}`];
  if (dilation[0] !== 1 || dilation[1] !== 1) parts.push(`d${pairLabel(dilation).replace(",", "x")}`);
  if (mode !== "zeros") parts.push(mode);
  return parts.join("-");
}

/**
 * A variant's title: its shape arithmetic and settings, e.g. `28×28 → 14×14 (k=3, p=1, s=2)`.
 *
 * @example
 * ```ts
 * import { planConv2d, zeros } from "convlab";
 * import { variantTitle } from "./variant-labels.js";
 * const { arithmetic } = planConv2d(zeros([1, 1, 28, 28]), zeros([1, 1, 3, 3]), { padding: 1, stride: 2 });
 * variantTitle(arithmetic, [3, 3], arithmetic.padding, [2, 2], [1, 1], "zeros"); // "28×28 → 14×14 (k=3, p=1, s=2)"
 * ```
 */
export function variantTitle(
  a: ShapeArithmetic,
  kernel: Pair,
  padding: Sides,
  stride: Pair,
  dilation: Pair,
  mode: PaddingMode,
): string {
  const settings = [`k=${pairLabel(kernel)}`, `p=${paddingLabel(padding)}`, `s=${pairLabel(stride)}`];
  if (dilation[0] !== 1 || dilation[1] !== 1) settings.push(`d=${pairLabel(dilation)}`);
  if (mode !== "zeros") settings.push(mode);
  return `${a.height.input}×${a.width.input} → ${a.output[0]}×${a.output[1]} (${settings.join(", ")})`;
}
