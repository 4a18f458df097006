/** The requests an editor sends while a student types: completion, inspection and the pager. */
import type { CompleteBody, InspectBody, IsCompleteBody, WireBundle } from "../ipc.js";
import { docBundle } from "./doc-bundle.js";
import { isWhoMagic, MAGICS, parseTimingMagic } from "./magics.js";
import { checkCompleteness, type TypeScriptSession } from "./tslab-adapter.js";

/**
 * Whether a cell is complete (a console runs it on Enter): `%who` is; a timing magic is when the
 * code it times is; any other cell as TypeScript's parser says.
 *
 * @example
 * ```ts
 * completenessOf("%who").status; // "complete"
 * completenessOf("%time conv2d(").status; // "incomplete"
 * ```
 */
export function completenessOf(code: string): IsCompleteBody {
  if (isWhoMagic(code)) return { status: "complete", indent: "" };
  const timed = parseTimingMagic(code);
  return checkCompleteness(timed ? timed.code : code);
}

/**
 * Completions at `cursor`: the magics after a `%`, else what the checker offers.
 *
 * @example
 * ```ts
 * completeAt(session, "%ti", 3).matches; // ["%time", "%timeit"]
 * ```
 */
export function completeAt(session: TypeScriptSession, code: string, cursor: number): CompleteBody {
  const magic = /(^|\n)\s*(%{1,2}\w*)$/.exec(code.slice(0, cursor));
  if (magic) {
    const typed = magic[2]!;
    const matches = MAGICS.filter((m) => m.startsWith(typed));
    return { matches, cursor_start: cursor - typed.length, cursor_end: cursor };
  }
  const found = session.complete(code, cursor);
  return { matches: [...found.matches], cursor_start: found.start, cursor_end: found.end };
}

/**
 * The documentation of the name at `cursor` (inspect_request).
 *
 * @example
 * ```ts
 * inspectAt(session, "conv2d", 3).found; // true
 * ```
 */
export function inspectAt(session: TypeScriptSession, code: string, cursor: number): InspectBody {
  const info = session.inspect(code, cursor);
  return info ? { found: true, data: docBundle(info) } : { found: false, data: {} };
}

/**
 * The pager's page for `name` (a cell `?name` or `name?`).
 *
 * @example
 * ```ts
 * pagerPage(session, "nothingByThatName").data["text/plain"]; // "no documentation found for nothingByThatName"
 * ```
 */
export function pagerPage(session: TypeScriptSession, name: string): WireBundle {
  const info = session.inspect(name, name.length);
  return info
    ? { data: docBundle(info), metadata: {} }
    : { data: { "text/plain": `no documentation found for ${name}` }, metadata: {} };
}
