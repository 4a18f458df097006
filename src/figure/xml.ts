/**
 * Text into XML (the SVG figure, and the SVG the glyphs are rendered from): markup characters as
 * character references, and the characters XML 1.0 cannot hold at all (most C0 controls,
 * U+FFFE/U+FFFF, lone surrogates) as U+FFFD, so that any string from a payload stays text.
 */
import { escapeHtml } from "../display.js";

/**
 * Whether XML 1.0 can hold code point `c`.
 *
 * @example
 * ```ts
 * import { isXmlChar } from "convlab";
 * [isXmlChar(0x41), isXmlChar(0x0a), isXmlChar(0x01), isXmlChar(0xd800)]; // [true, true, false, false]
 * ```
 */
export function isXmlChar(c: number): boolean {
  if (c < 0x20) return c === 0x09 || c === 0x0a || c === 0x0d;
  return !(c >= 0xd800 && c <= 0xdfff) && c !== 0xfffe && c !== 0xffff;
}

/**
 * `text` as XML character data or an attribute value.
 *
 * @example
 * ```ts
 * import { xmlText } from "convlab";
 * xmlText('</text><script>alert("x")</script>\u0001'); // "&#60;/text&#62;&#60;script&#62;alert(&#34;x&#34;)&#60;/script&#62;\ufffd"
 * ```
 */
export function xmlText(text: string): string {
  let safe = "";
  // for…of walks code points; a lone surrogate comes out on its own
  for (const ch of text) safe += isXmlChar(ch.codePointAt(0)!) ? ch : "\ufffd";
  return escapeHtml(safe);
}
