/** Short, safe descriptions of values for check messages (only captured built-ins are used). */
import {
  ArrayBufferIsView,
  ArrayIsArray,
  arrayJoin,
  arrayPush,
  MathMin,
  MathTrunc,
  NumberCtor,
  NumberIsFinite,
  numberToPrecision,
  ObjectKeys,
  StringCtor,
  stringSlice,
  typedArrayLength,
} from "./intrinsics.js";

const MAX_ITEMS = 12;
const MAX_CHARS = 300;

function formatNumber(value: number): string {
  if (!NumberIsFinite(value) || value === MathTrunc(value)) return StringCtor(value);
  const text = numberToPrecision(value, 8);
  return StringCtor(NumberCtor(text));
}

function formatList(items: ArrayLike<unknown>, length: number, depth: number): string {
  const parts: string[] = [];
  const shown = MathMin(length, MAX_ITEMS);
  for (let i = 0; i < shown; i++) arrayPush(parts, formatDepth(items[i], depth + 1));
  if (length > shown) arrayPush(parts, `… ${length - shown} more`);
  return `[${arrayJoin(parts, ", ")}]`;
}

function formatDepth(value: unknown, depth: number): string {
  if (typeof value === "number") return formatNumber(value);
  if (typeof value === "string") return JSONQuote(value);
  if (typeof value !== "object" || value === null)
    return typeof value === "function" ? "a function" : StringCtor(value);
  if (depth > 3) return "…";
  if (ArrayIsArray(value)) return formatList(value, value.length, depth);
  if (ArrayBufferIsView(value) && !(value instanceof DataView)) {
    return formatList(value as unknown as ArrayLike<unknown>, typedArrayLength(value), depth);
  }
  const keys = ObjectKeys(value);
  return `an object with keys [${arrayJoin(keys, ", ")}]`;
}

function JSONQuote(text: string): string {
  const short = text.length > 60 ? `${stringSlice(text, 0, 60)}…` : text;
  return `"${short}"`;
}

/**
 * Describes a value for a failure message: numbers to 8 significant digits, arrays and typed
 * arrays up to 12 items, objects by their keys; at most 300 characters.
 *
 * @example
 * ```ts
 * import { check, expectEqual } from "convlab";
 * const failed = check("list", 1, () => expectEqual([1, 2.5], [1, 2]));
 * failed.payload.message; // "at [1]: expected 2, got 2.5"
 * ```
 */
export function formatActual(value: unknown): string {
  const text = formatDepth(value, 0);
  return text.length > MAX_CHARS ? `${stringSlice(text, 0, MAX_CHARS)}…` : text;
}
