/** Parsers for the CLI's compact argument syntax (`28x28`, `3,4`, `same`). */
import type { IntOrPair, PaddingSpec } from "../conv/params.js";
import { ConvLabError } from "../errors.js";

function integers(option: string, text: string, separator: RegExp): number[] {
  const parts = text.split(separator).map((p) => p.trim());
  const values = parts.map(Number);
  if (parts.some((p) => p === "") || values.some((v) => !Number.isInteger(v))) {
    throw new ConvLabError({
      parameter: option,
      value: text,
      rule: "must be whole numbers",
      fix: `for example ${option} 3 or ${option} 3,4`,
      category: "argument",
    });
  }
  return values;
}

/**
 * Parses a size or a pair: `28` → 28, `28x32` or `28,32` → [28, 32].
 *
 * @example
 * ```ts
 * import { parsePair } from "convlab/cli";
 * parsePair("--kernel", "3x5"); // [3, 5]
 * parsePair("--stride", "2");   // 2
 * ```
 */
export function parsePair(option: string, text: string): IntOrPair {
  const values = integers(option, text, /[x,×]/);
  if (values.length === 1) return values[0]!;
  if (values.length === 2) return [values[0]!, values[1]!];
  throw new ConvLabError({
    parameter: option,
    value: text,
    rule: "takes one number or a pair HxW",
    fix: `for example ${option} 3 or ${option} 3x5`,
    category: "argument",
  });
}

/**
 * Parses padding: `1`, `0,1` (h,w), `1,0,2,0` (top,bottom,left,right), `same`, `valid`, `tf-same`.
 *
 * @example
 * ```ts
 * import { parsePadding } from "convlab/cli";
 * parsePadding("0,1");     // [0, 1]
 * parsePadding("1,0,2,0"); // { top: 1, bottom: 0, left: 2, right: 0 }
 * parsePadding("same");    // "same"
 * ```
 */
export function parsePadding(text: string): PaddingSpec {
  if (text === "same" || text === "valid" || text === "tf-same") return text;
  const values = integers("--padding", text, /[x,×]/);
  if (values.length === 4) {
    const [top, bottom, left, right] = values as [number, number, number, number];
    return { top, bottom, left, right };
  }
  if (values.length === 1 || values.length === 2) return parsePair("--padding", text) as PaddingSpec;
  throw new ConvLabError({
    parameter: "--padding",
    value: text,
    rule: "takes p, h,w, top,bottom,left,right, 'same', 'valid' or 'tf-same'",
    fix: "for example --padding 1, --padding 0,1 or --padding 1,0,1,0",
    category: "padding",
  });
}

/**
 * Parses a comma-separated list of whole numbers.
 *
 * @example
 * ```ts
 * import { parseList } from "convlab/cli";
 * parseList("--padding", "0,1,2"); // [0, 1, 2]
 * ```
 */
export function parseList(option: string, text: string): number[] {
  return integers(option, text, /,/);
}
