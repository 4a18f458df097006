/** What `?name`, `name?` and inspect_request show: the checker's documentation of a name. */
import type { QuickInfo } from "./tslab-adapter.js";

/** `?name` or `name?` alone in a cell asks for the pager. */
const PAGER = /^\s*(?:\?\s*([\w$.]+)|([\w$.]+)\s*\?)\s*$/;

/**
 * The name a pager cell asks about, or undefined for any other cell.
 *
 * @example
 * ```ts
 * import { pagerName } from "./doc-bundle.js";
 * pagerName("?conv2d"); // "conv2d"
 * pagerName("Math.max?"); // "Math.max"
 * pagerName("1 + 1") === undefined; // true
 * ```
 */
export function pagerName(code: string): string | undefined {
  const pager = PAGER.exec(code);
  return pager ? (pager[1] ?? pager[2] ?? "") : undefined;
}

/**
 * The documentation of a name as a bundle (pager `?name` and inspect_request show the same).
 *
 * @example
 * ```ts
 * import { docBundle } from "./doc-bundle.js";
 * docBundle({ signature: "const x: number", documentation: "", tags: [] })["text/plain"]; // "const x: number"
 * ```
 */
export function docBundle(info: QuickInfo): Record<string, string> {
  const text = [info.signature];
  const markdown = ["```ts", info.signature, "```"];
  if (info.documentation) {
    text.push("", info.documentation);
    markdown.push("", info.documentation);
  }
  for (const tag of info.tags) {
    text.push("", `@${tag.name}${tag.text ? `\n${tag.text}` : ""}`);
    markdown.push("", `**@${tag.name}**`, "", tag.text);
  }
  return { "text/plain": text.join("\n"), "text/markdown": markdown.join("\n") };
}
