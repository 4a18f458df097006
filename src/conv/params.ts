import { ConvLabError, type ConvLabErrorCategory, formatValue } from "../errors.js";

/** A (height, width) pair. */
export type Pair = readonly [number, number];

/** A size given once for both axes, or as `[height, width]` (PyTorch's `int or tuple`). */
export type IntOrPair = number | readonly [number, number];

/** Padding on each side of an image, in pixels. */
export interface Sides {
  readonly top: number;
  readonly bottom: number;
  readonly left: number;
  readonly right: number;
}

/**
 * How to pad before a convolution:
 * - a number or `[h, w]`: that many pixels on both sides of each axis (PyTorch);
 * - `{ top, bottom, left, right }`: any amount on each side (one-sided padding);
 * - `'valid'`: no padding;
 * - `'same'`: PyTorch's rule for stride 1 — total `dilation·(k−1)`, the odd pixel at the bottom/right;
 * - `'tf-same'`: TensorFlow's rule, also for stride > 1 — output `⌈n/s⌉`, the odd pixel at the bottom/right.
 */
export type PaddingSpec = number | Pair | Sides | "valid" | "same" | "tf-same";

/** How padded pixels get their values (PyTorch's `padding_mode`). */
export type PaddingMode = "zeros" | "reflect" | "replicate" | "circular";

/** All padding modes, in PyTorch's spelling. */
export const PADDING_MODES: readonly PaddingMode[] = ["zeros", "reflect", "replicate", "circular"];

/** The padding strings ConvLab accepts. */
export const PADDING_STRINGS = ["valid", "same", "tf-same"] as const;

/** Whether `value` is a {@link Sides} object. */
export function isSides(value: unknown): value is Sides {
  return typeof value === "object" && value !== null && !Array.isArray(value) && "top" in value;
}

/**
 * Normalises an `int or [h, w]` argument, checking each entry.
 *
 * @example
 * ```ts
 * import { toPair } from "convlab";
 * toPair("stride", 2, "stride", 1);       // [2, 2]
 * toPair("stride", [3, 4], "stride", 1);  // [3, 4]
 * ```
 */
export function toPair(
  parameter: string,
  value: IntOrPair,
  category: ConvLabErrorCategory,
  minimum: 0 | 1,
): Pair {
  const pair: readonly number[] = typeof value === "number" ? [value, value] : value;
  if (!Array.isArray(pair) || pair.length !== 2) {
    throw new ConvLabError({
      parameter,
      value,
      rule: "must be an integer or a pair [height, width]",
      fix: `for example ${parameter}: 1 or ${parameter}: [1, 2]`,
      category,
    });
  }
  for (const entry of pair) {
    const rule = integerRule(parameter, entry, minimum);
    if (rule !== undefined) {
      throw new ConvLabError({
        parameter,
        value,
        rule,
        fix: `use an integer ${parameter} ${minimum === 1 ? "≥ 1" : "≥ 0"} (got ${formatValue(entry)})`,
        category,
      });
    }
  }
  return [pair[0]!, pair[1]!];
}

/** Which rule `entry` breaks as a whole number ≥ `minimum`, in words that fit the value; `undefined` if none. */
export function integerRule(parameter: string, entry: unknown, minimum: 0 | 1): string | undefined {
  if (typeof entry !== "number") return `must be a number, got ${typeof entry} ${formatValue(entry)}`;
  if (!Number.isFinite(entry)) return `must be a finite integer, got ${entry}`;
  if (!Number.isInteger(entry)) return `must be an integer, got the fraction ${entry}`;
  if (entry >= minimum) return undefined;
  if (parameter.startsWith("padding")) return "negative padding is not supported: every padding must be ≥ 0";
  if (parameter === "stride") return "non-positive stride is not supported: every stride must be ≥ 1";
  return `must be ${minimum === 1 ? "a positive integer (at least 1)" : "an integer ≥ 0"}, got ${entry}`;
}

/** Checks and returns four-sided padding. */
export function toSides(parameter: string, value: Sides): Sides {
  for (const side of ["top", "bottom", "left", "right"] as const) {
    const amount = value[side];
    const rule = integerRule(parameter, amount, 0);
    if (rule !== undefined) {
      throw new ConvLabError({
        parameter: `${parameter}.${side}`,
        value: amount,
        rule,
        fix: `set ${side} to 0 or more`,
        category: "padding",
      });
    }
  }
  return { top: value.top, bottom: value.bottom, left: value.left, right: value.right };
}

/** Checks a padding mode, naming the valid ones if it is unknown. */
export function checkPaddingMode(mode: unknown): PaddingMode {
  if (!(PADDING_MODES as readonly unknown[]).includes(mode)) {
    throw new ConvLabError({
      parameter: "paddingMode",
      value: mode,
      rule: `padding mode must be one of ${PADDING_MODES.map((m) => `'${m}'`).join(", ")}`,
      fix: mode === "constant" ? "use 'zeros' for constant zero padding" : "pick one of those",
      category: "padding-mode",
    });
  }
  return mode as PaddingMode;
}

/** Whether padding adds nothing on any side. */
export function isZeroPadding(sides: Sides): boolean {
  return sides.top === 0 && sides.bottom === 0 && sides.left === 0 && sides.right === 0;
}
