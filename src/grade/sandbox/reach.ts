/**
 * Whether the sandbox's unprivileged user can reach ConvLab's files: bubblewrap runs as that user
 * (setpriv drops to it first), so every directory above the package must let others pass through.
 */
import { statSync } from "node:fs";
import path from "node:path";

/**
 * The first directory on the way to `target` that other users cannot enter (no `o+x`), or
 * `undefined` when the whole path is open to them.
 *
 * @example
 * ```ts
 * import { closedAncestor } from "./reach.js";
 * closedAncestor("/usr/bin") === undefined; // true
 * ```
 */
export function closedAncestor(target: string): string | undefined {
  const parts = path.resolve(target).split(path.sep).filter(Boolean);
  let dir: string = path.sep;
  for (const part of parts) {
    dir = path.join(dir, part);
    const stat = statSync(dir, { throwIfNoEntry: false });
    if (stat?.isDirectory() && (stat.mode & 0o001) === 0) return dir;
  }
  return undefined;
}
