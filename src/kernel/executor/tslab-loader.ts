/**
 * Loads tslab's converter with the TypeScript module it uses wrapped: the one place that
 * changes how tslab drives TypeScript (pinned at tslab 1.0.22). The wrapper adds:
 * - source maps: both emit stages produce them, so a runtime stack frame maps back to the cell;
 * - a light builder program (see `./light-builder.ts`): the watch API's default builder mapped
 *   the dependencies of every file twice per cell, which tslab's converter never asks for;
 * - declaration files parsed once per process, shared by its sessions (see `./shared-files.ts`);
 * - ES modules: packages resolve as a bundler resolves them (`exports` with the `types` and
 *   `import` conditions), and the second stage keeps what the executor needs to load
 *   ES-module-only packages (see `./second-stage.ts` and `./import-transform.ts`);
 * - no declaration-emit errors (TS4023 and kin): they exist only because of how tslab shares
 *   declarations between cells.
 */
import Module, { createRequire } from "node:module";
import path from "node:path";
import { type CachedModule, loadWithCodeCache } from "./code-cache.js";
import { createLightBuilder } from "./light-builder.js";
import { forwardPath } from "./package-forwarding.js";
import { SecondStage } from "./second-stage.js";
import { type SourceFileHost, shareParsedFiles } from "./shared-files.js";
import type { TranspileOptions, TslabConverterModule, TsModule, WatchHost } from "./tslab-api.js";

const require = createRequire(import.meta.url);

/** Versions of the pinned compiler pieces, for kernel_info. */
export interface CompilerVersions {
  readonly tslab: string;
  readonly typescript: string;
}

const tslabRoot = path.dirname(require.resolve("tslab/package.json"));
export const tsPath = require.resolve("@tslab/typescript-for-tslab", { paths: [tslabRoot] });

/**
 * Whether a diagnostic only says that a declaration file cannot name a type: TS4000–TS4199,
 * TS2527/TS2742 (inferred types that cannot be named) and TS9005/TS9006.
 *
 * @example
 * ```ts
 * isDeclarationEmitOnly(4023); // true
 * isDeclarationEmitOnly(2322); // false
 * ```
 */
export function isDeclarationEmitOnly(code: number): boolean {
  return (code >= 4000 && code < 4200) || code === 2527 || code === 2742 || code === 9005 || code === 9006;
}

/** tslab's converter, loaded with the TypeScript module it uses wrapped. */
export interface LoadedTslab {
  readonly ts: TsModule;
  readonly converter: TslabConverterModule;
  /** tslab's second stage: the converter's calls of `ts.transpileModule` land here. */
  readonly secondStage: SecondStage;
}

let loaded: (LoadedTslab & { cache: CachedModule }) | undefined;

/**
 * Loads tslab's converter once per process, with its TypeScript module wrapped (through
 * Node's module cache, before tslab loads it; see the overrides below).
 *
 * @example
 * ```ts
 * const { converter } = loadTslab();
 * converter.isCompleteCode("function f() {").completed; // false
 * ```
 */
export function loadTslab(): LoadedTslab {
  if (loaded) return loaded;
  const cache = loadWithCodeCache(tsPath);
  const ts = cache.exports as TsModule;
  // TypeScript remembers the first directory it was asked for; tslab's converter asks for the
  // notebook's, and a warm executor moves to another notebook's (see `../ipc.ts`, AdoptRequest).
  ts.sys.getCurrentDirectory = () => process.cwd();
  const secondStage = new SecondStage(ts);
  const overrides: Partial<TsModule> = {
    createWatchCompilerHost(...args: unknown[]) {
      // Global types from @types/node only (as `"types": ["node"]` in a tsconfig): a notebook
      // inside a project does not pay for every @types package of that project on every start;
      // an imported package still brings its own types.
      // Packages resolve as a bundler does (honouring `exports` and its `types` condition), so an
      // ES-module-only package is found with its types (tslab's Node10 resolution ignores `exports`).
      const options = {
        ...(args[1] as Record<string, unknown>),
        inlineSourceMap: true,
        types: ["node"],
        moduleResolution: ts.ModuleResolutionKind.Bundler,
      };
      const host = ts.createWatchCompilerHost(args[0], options, ...args.slice(2)) as WatchHost;
      host.createProgram = (...programArgs: unknown[]) => {
        // Declaration files parsed by an earlier session of this process are reused (./shared-files.ts).
        const compilerHost = programArgs[2] as SourceFileHost & { getCurrentDirectory(): string };
        programArgs[2] = shareParsedFiles(compilerHost, compilerHost.getCurrentDirectory(), forwardPath);
        return createLightBuilder(ts, programArgs);
      };
      return host;
    },
    getPreEmitDiagnosticsOfFiles(program: unknown, files: unknown[]) {
      // Declaration-emit errors (TS4023 "… has or is using name … but cannot be named", …) exist
      // only because tslab shares a cell's names through a .d.ts; no student can act on them.
      const all = ts.getPreEmitDiagnosticsOfFiles(program, files);
      return all.filter((d) => !isDeclarationEmitOnly(d.code));
    },
    transpileModule(input: string, options: TranspileOptions) {
      // tslab's second stage (ES module → CommonJS): see ./second-stage.ts.
      return secondStage.transpile(input, options);
    },
  };
  const wrapped = new Proxy(ts, {
    get: (target, key: string | symbol) =>
      typeof key === "string" && key in overrides
        ? overrides[key as keyof TsModule]
        : Reflect.get(target, key),
  });
  const cached = new Module(tsPath);
  cached.filename = tsPath;
  cached.loaded = true;
  cached.exports = wrapped;
  require.cache[tsPath] = cached;
  const converter = require(path.join(tslabRoot, "dist", "converter.js")) as TslabConverterModule;
  loaded = { ts, converter, cache, secondStage };
  return loaded;
}

/**
 * Stores the compiler's V8 code cache (call once the compiler is warm), so the next executor
 * loads TypeScript without compiling it.
 *
 * @example
 * ```ts
 * const session = createTypeScriptSession(options);
 * session.compile("1 + 1");
 * saveCompilerCache();
 * ```
 */
export function saveCompilerCache(): void {
  loaded?.cache.save();
}

/**
 * The versions of tslab and of its TypeScript compiler.
 *
 * @example
 * ```ts
 * compilerVersions().tslab; // "1.0.22"
 * ```
 */
export function compilerVersions(): CompilerVersions {
  const pkg = require(path.join(tslabRoot, "package.json")) as { version: string };
  const tsPkg = require(path.join(path.dirname(tsPath), "..", "package.json")) as { version: string };
  return { tslab: pkg.version, typescript: tsPkg.version };
}
