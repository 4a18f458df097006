/**
 * Turns a cell's value into a Jupyter mime bundle: objects that implement ConvLab's display
 * protocol render themselves; every other value shows as `text/plain` like Node's inspect.
 */
import { inspect } from "node:util";
import { isDisplayable, MIME_BUNDLE } from "../../display.js";
import type { WireBundle } from "../ipc.js";

/** How `text/plain` shows plain values (bounded, so a huge array cannot flood the notebook). */
export const INSPECT_OPTIONS = {
  depth: 4,
  colors: false,
  maxArrayLength: 100,
  maxStringLength: 10_000,
  breakLength: 100,
} as const;

/**
 * The mime bundle for `value`. A display method that throws falls back to `text/plain` and
 * says why, so a broken renderer never loses the cell's result.
 *
 * @example
 * ```ts
 * import { layers, summary } from "convlab";
 * import { toMimeBundle } from "./mime.js";
 * toMimeBundle(2).data["text/plain"]; // "2"
 * Object.keys(toMimeBundle(summary([layers.ReLU()], [1, 1, 4, 4])).data); // ["text/plain", "text/html"]
 * ```
 */
export function toMimeBundle(value: unknown): WireBundle {
  if (isDisplayable(value)) {
    try {
      const rendered = value[MIME_BUNDLE]();
      const data = { ...rendered.data };
      if (typeof data["text/plain"] !== "string") data["text/plain"] = inspect(value, INSPECT_OPTIONS);
      return { data: jsonSafe(data), metadata: jsonSafe({ ...(rendered.metadata ?? {}) }) };
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      return {
        data: { "text/plain": `${inspect(value, INSPECT_OPTIONS)}\n(rich display failed: ${reason})` },
        metadata: {},
      };
    }
  }
  return { data: { "text/plain": inspect(value, INSPECT_OPTIONS) }, metadata: {} };
}

/** Drops what JSON cannot carry (functions, cycles) so a bundle always serializes. */
function jsonSafe(record: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(record)) {
    try {
      out[key] = typeof value === "string" ? value : JSON.parse(JSON.stringify(value ?? null));
    } catch {
      out[key] = String(value);
    }
  }
  return out;
}
