/**
 * What the compiler watches: only files that can change while a kernel runs (a cell's local
 * `.ts` modules), not TypeScript's lib files or anything under a `node_modules`.
 */
import path from "node:path";
import type { TsModule, Watcher } from "./tslab-api.js";
import { tsPath } from "./tslab-loader.js";

const NOT_WATCHED: Watcher = { close: () => undefined };
let watchingInstalled = false;

/**
 * Whether the compiler should watch a file: not the ones that do not change while a kernel
 * runs — TypeScript's lib files and anything under a `node_modules` (installed packages, their
 * types, and the forwarded `convlab` package). A cell's own local `.ts` modules stay watched,
 * so an edited module is compiled again.
 *
 * @example
 * ```ts
 * import { isWatchedFile } from "./file-watching.js";
 * isWatchedFile("/home/me/nb/node_modules/@types/node/fs.d.ts", "/opt/ts/lib"); // false
 * isWatchedFile("/home/me/nb/helpers.ts", "/opt/ts/lib");                        // true
 * ```
 */
export function isWatchedFile(file: string, libDirectory: string): boolean {
  return !file.includes("/node_modules/") && !file.startsWith(`${libDirectory}/`);
}

/**
 * Watches only what can change during a session (see {@link isWatchedFile}); a `node_modules`
 * directory itself is watched without recursion, which is enough to notice a package installed
 * after an import failed. Recursive watching of `node_modules` trees (TypeScript's failed-lookup
 * watchers) enumerates every directory on Linux and costs one inotify watch per directory;
 * watching every lib and package file cost ~160 watches per kernel.
 */
export function installStableFileWatching(ts: TsModule): void {
  if (watchingInstalled) return;
  watchingInstalled = true;
  const sys = ts.sys;
  const libDirectory = path.dirname(tsPath);
  const watchFile = sys.watchFile?.bind(sys);
  const watchDirectory = sys.watchDirectory?.bind(sys);
  if (watchFile) {
    sys.watchFile = (p, callback, ...rest) =>
      isWatchedFile(p, libDirectory) ? watchFile(p, callback, ...rest) : NOT_WATCHED;
  }
  if (watchDirectory) {
    sys.watchDirectory = (p, callback, recursive, ...rest) => {
      if (p.includes("/node_modules/")) return NOT_WATCHED;
      return watchDirectory(p, callback, p.endsWith("/node_modules") ? false : recursive, ...rest);
    };
  }
}
