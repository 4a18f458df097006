/**
 * ConvLab's display protocol: an object that can show itself richly in Jupyter implements
 * one method under a well-known symbol and returns a mime bundle. The kernel calls it for
 * a cell's last expression and for `display(...)`; nothing else in the library knows Jupyter.
 */

/** A Jupyter mime bundle: data by mime type, and optional per-type metadata. */
export interface MimeBundle {
  readonly data: Readonly<Record<string, unknown>>;
  readonly metadata?: Readonly<Record<string, unknown>>;
}

/**
 * The method name (a registered symbol, so separate copies of ConvLab agree on it).
 *
 * @example
 * ```ts
 * import { MIME_BUNDLE, type MimeBundle } from "convlab";
 * class Greeting {
 *   [MIME_BUNDLE](): MimeBundle {
 *     return { data: { "text/plain": "hello", "text/html": "<b>hello</b>" } };
 *   }
 * }
 * ```
 */
export const MIME_BUNDLE: unique symbol = Symbol.for("convlab.mimeBundle") as never;

/** An object that can render itself as a mime bundle. */
export interface Displayable {
  [MIME_BUNDLE](): MimeBundle;
}

/**
 * Whether `value` implements ConvLab's display protocol.
 *
 * @example
 * ```ts
 * import { isDisplayable, summary, layers } from "convlab";
 * isDisplayable(summary([layers.ReLU()], [1, 1, 4, 4])); // true
 * isDisplayable(42);                                        // false
 * ```
 */
export function isDisplayable(value: unknown): value is Displayable {
  return (
    typeof value === "object" &&
    value !== null &&
    typeof (value as Partial<Record<typeof MIME_BUNDLE, unknown>>)[MIME_BUNDLE] === "function"
  );
}

/** Escapes text for safe inclusion in HTML. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);
}
