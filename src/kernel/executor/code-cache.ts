/**
 * Loads a large CommonJS file (TypeScript's 9 MB compiler) with a V8 code cache on disk, so a
 * new executor skips parsing and compiling it again. The cache is written after the compiler
 * has warmed up, so it also holds the functions that warm-up compiled lazily. Any problem with
 * the cache (unwritable home, a cache from another Node.js) only costs the time it would save.
 */
import { createHash } from "node:crypto";
import { mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import Module, { createRequire } from "node:module";
import os from "node:os";
import path from "node:path";
import vm from "node:vm";

/** Where code caches live: `CONVLAB_CACHE_DIR`, else `$XDG_CACHE_HOME/convlab`, else `~/.cache/convlab`. */
export function cacheDirectory(env: NodeJS.ProcessEnv = process.env): string {
  if (env.CONVLAB_CACHE_DIR) return env.CONVLAB_CACHE_DIR;
  return path.join(env.XDG_CACHE_HOME ?? path.join(os.homedir(), ".cache"), "convlab");
}

/** A module loaded through the code cache. */
export interface CachedModule {
  readonly exports: unknown;
  /** Whether V8 accepted a cache from disk. */
  readonly fromCache: boolean;
  /** Writes the cache (with what has been compiled so far) unless it was accepted as it is. */
  save(): void;
}

/**
 * Loads `file` like `require` would, with a code cache keyed by its content, Node's version
 * and V8's flags.
 *
 * @example
 * ```ts
 * const ts = loadWithCodeCache(require.resolve("typescript"));
 * // … warm it up …
 * ts.save();
 * ```
 */
export function loadWithCodeCache(file: string): CachedModule {
  const source = readFileSync(file, "utf8");
  const key = createHash("sha256")
    .update(source)
    .update(process.version)
    .update(process.arch)
    .update(process.execArgv.join(" "))
    .digest("hex")
    .slice(0, 16);
  const cacheFile = path.join(cacheDirectory(), "v8", `${path.basename(file)}-${key}.cache`);
  let cachedData: Buffer | undefined;
  try {
    cachedData = readFileSync(cacheFile);
  } catch {
    cachedData = undefined;
  }
  const script = new vm.Script(Module.wrap(source), {
    filename: file,
    ...(cachedData ? { cachedData } : {}),
  });
  const fromCache = cachedData !== undefined && !script.cachedDataRejected;
  const module = { exports: {} as unknown };
  const wrapper = script.runInThisContext() as (...args: unknown[]) => void;
  wrapper.call(module.exports, module.exports, createRequire(file), module, file, path.dirname(file));
  return {
    exports: module.exports,
    fromCache,
    save() {
      if (fromCache) return;
      try {
        mkdirSync(path.dirname(cacheFile), { recursive: true });
        const temporary = `${cacheFile}.${process.pid}.tmp`;
        writeFileSync(temporary, script.createCachedData());
        renameSync(temporary, cacheFile);
      } catch {
        // no writable cache directory: the next executor compiles TypeScript again
      }
    },
  };
}
