/**
 * The one module that touches tslab's internals (tslab is pinned at exactly 1.0.22; its
 * converter is not a stable API). It turns a TypeScript cell into CommonJS JavaScript with
 * tslab's converter (type-checked against the declarations of earlier cells), and answers
 * completion, inspection and is-complete questions. Everything else in the kernel talks to
 * the {@link TypeScriptSession} interface below, so a tslab upgrade touches only this file.
 *
 * Two extensions over plain tslab, both made from here:
 * - source maps: tslab's TypeScript module is wrapped (through Node's module cache, before
 *   tslab loads it) so both of its emit stages produce source maps; a runtime stack frame is
 *   mapped back to the cell's own line and column;
 * - package forwarding: `import … from "convlab"` type-checks from a notebook in any
 *   directory (see `./package-forwarding.ts`);
 * - a light builder program (see `./light-builder.ts`): the watch API's default builder mapped
 *   the dependencies of every file twice per cell, which tslab's converter never asks for;
 * - ES modules: packages resolve as a bundler resolves them (`exports` with the `types` and
 *   `import` conditions), and the CommonJS emit keeps what the executor needs to load
 *   ES-module-only packages (see `./import-transform.ts`).
 */
import Module, { createRequire, SourceMap } from "node:module";
import path from "node:path";
import { type CachedModule, loadWithCodeCache } from "./code-cache.js";
import { type DeclarationApi, type ExportedName, listExports } from "./declared-exports.js";
import { importTransformer, type TypeScriptApi } from "./import-transform.js";
import { type BuilderTypeScriptApi, createLightBuilder } from "./light-builder.js";
import { type ForwardedPackage, installForwarding } from "./package-forwarding.js";

export type { ExportedName } from "./declared-exports.js";
export type { ForwardedPackage } from "./package-forwarding.js";

const require = createRequire(import.meta.url);

/** A position in a cell: zero-based line and column. */
export interface CellPosition {
  readonly line: number;
  readonly column: number;
}

/** A compile-time problem in a cell (syntax or type error). */
export interface CellDiagnostic {
  readonly start: CellPosition;
  readonly end: CellPosition;
  readonly message: string;
  /** TypeScript's error code (1xxx: syntax; others: types and semantics). */
  readonly code: number;
  /** Set when the problem is in another file the cell imports. */
  readonly fileName?: string;
}

/** A local `.ts` module that a cell imported, compiled to CommonJS. */
export interface SideModule {
  readonly path: string;
  readonly code: string;
  /** Its static import specifiers (the executor loads ES-module-only packages among them first). */
  readonly imports: readonly string[];
}

/** A cell compiled to CommonJS, ready to run. */
export interface CompiledCell {
  readonly ok: true;
  /** CommonJS code that reads earlier cells' names through `exports`. */
  readonly code: string;
  /** The `exports` name that receives the value of the cell's last expression, if any. */
  readonly lastExpressionVar: string | undefined;
  readonly hasTopLevelAwait: boolean;
  /** The cell's static import specifiers (the executor loads ES-module-only packages among them first). */
  readonly imports: readonly string[];
  /** Declarations to use as the "previous cells" context once this cell has run. */
  readonly declarations: string;
  readonly sideModules: readonly SideModule[];
  /** Maps a zero-based position in `code` to the cell's source, when the map knows it. */
  mapToCell(position: CellPosition): CellPosition | undefined;
}

export interface FailedCompile {
  readonly ok: false;
  readonly diagnostics: readonly CellDiagnostic[];
}

export interface Completion {
  readonly start: number;
  readonly end: number;
  readonly matches: readonly string[];
}

/** What the checker knows about the name under the cursor. */
export interface QuickInfo {
  /** The signature or type, e.g. `function conv2d(input: Tensor, …): Tensor`. */
  readonly signature: string;
  /** The TSDoc text. */
  readonly documentation: string;
  /** TSDoc tags, e.g. `{ name: "example", text: "…" }`. */
  readonly tags: readonly { readonly name: string; readonly text: string }[];
}

export type CompletenessStatus = "complete" | "incomplete" | "invalid";

export interface Completeness {
  readonly status: CompletenessStatus;
  readonly indent: string;
}

export interface SessionOptions {
  readonly cwd: string;
  readonly packages: readonly ForwardedPackage[];
  /** Declarations every cell sees (e.g. imports of the ConvLab API). */
  readonly preludeDeclarations: string;
}

/** One kernel's TypeScript state: the declarations of the cells run so far. */
export interface TypeScriptSession {
  compile(source: string): CompiledCell | FailedCompile;
  /** Makes a successfully run cell's declarations visible to later cells. */
  commit(cell: CompiledCell): void;
  /** Forgets every earlier cell (keeps the prelude). */
  reset(): void;
  complete(source: string, cursor: number): Completion;
  inspect(source: string, cursor: number): QuickInfo | undefined;
  close(): void;
}

/** Versions of the pinned compiler pieces, for kernel_info. */
export interface CompilerVersions {
  readonly tslab: string;
  readonly typescript: string;
}

// ---------------------------------------------------------------------------------------------
// Loading tslab with the TypeScript module wrapped.

/** The slice of TypeScript's API this adapter uses (typed loosely: tslab's TS is untyped here). */
interface TsModule extends TypeScriptApi, BuilderTypeScriptApi {
  version: string;
  sys: TsSystem;
  ScriptTarget: { Latest: number };
  ScriptKind: { TS: number };
  ModuleResolutionKind: { Bundler: number };
  createSourceFile(name: string, text: string, target: number, setParents?: boolean, kind?: number): TsNode;
  createWatchCompilerHost(...args: unknown[]): unknown;
  transpileModule(input: string, options: TranspileOptions): { outputText: string; sourceMapText?: string };
  getPreEmitDiagnosticsOfFiles(program: unknown, files: unknown[]): { code: number }[];
  displayPartsToString(parts: readonly { text: string }[] | undefined): string;
}

interface WatchHost {
  createProgram(...args: unknown[]): unknown;
}

interface TsSystem {
  readFile(p: string, encoding?: string): string | undefined;
  fileExists(p: string): boolean;
  directoryExists(p: string): boolean;
  realpath?(p: string): string;
  watchFile?(p: string, callback: (...args: unknown[]) => void, ...rest: unknown[]): Watcher;
  watchDirectory?(
    p: string,
    callback: (...args: unknown[]) => void,
    recursive?: boolean,
    ...rest: unknown[]
  ): Watcher;
}

interface Watcher {
  close(): void;
}

interface TranspileOptions {
  fileName?: string;
  compilerOptions?: Record<string, unknown>;
  transformers?: { before?: unknown[] };
}

interface TsNode {
  kind: number;
  parseDiagnostics?: { start: number; length: number; messageText: unknown }[];
  statements?: TsNode[];
  [key: string]: unknown;
}

interface TslabConverter {
  convert(prevDecl: string, src: string): TslabConvertResult;
  inspect(prevDecl: string, src: string, position: number): TslabQuickInfo | undefined;
  complete(
    prevDecl: string,
    src: string,
    position: number,
  ): { start: number; end: number; candidates: string[] };
  close(): void;
}

interface TslabQuickInfo {
  displayParts?: { text: string }[];
  documentation?: { text: string }[];
  tags?: { name: string; text?: { text: string }[] }[];
}

interface TslabConvertResult {
  output?: string;
  declOutput?: string;
  diagnostics: {
    start: { line: number; character: number };
    end: { line: number; character: number };
    messageText: string;
    code: number;
    fileName?: string;
  }[];
  lastExpressionVar?: string;
  hasToplevelAwait?: boolean;
  sideOutputs?: { path: string; data: string }[];
}

interface TslabConverterModule {
  createConverter(options?: { isJS?: boolean; isBrowser?: boolean }): TslabConverter;
  isCompleteCode(content: string): { completed: boolean; indent?: string };
}

const tslabRoot = path.dirname(require.resolve("tslab/package.json"));
const tsPath = require.resolve("@tslab/typescript-for-tslab", { paths: [tslabRoot] });

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

/**
 * Source maps of the last transpile stage, captured for the converter's main output. Both are
 * produced only when a position is mapped (a runtime error): `second()` transpiles the stage's
 * input again with a source map, which gives the same code (transpiling is deterministic).
 */
interface StageMaps {
  readonly first: string | undefined;
  second(): string | undefined;
}
const NO_MAPS: StageMaps = { first: undefined, second: () => undefined };
let lastStageMaps: StageMaps = NO_MAPS;
const INLINE_MAP = /\n\/\/# sourceMappingURL=data:application\/json;base64,([A-Za-z0-9+/=]+)\s*$/;
/** The static import specifiers of each CommonJS output of the current compile, by its text. */
const importsOfOutput = new Map<string, readonly string[]>();

let loaded: { ts: TsModule; converter: TslabConverterModule; cache: CachedModule } | undefined;

function loadTslab(): { ts: TsModule; converter: TslabConverterModule } {
  if (loaded) return loaded;
  const cache = loadWithCodeCache(tsPath);
  const ts = cache.exports as TsModule;
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
      host.createProgram = (...programArgs: unknown[]) => createLightBuilder(ts, programArgs);
      return host;
    },
    getPreEmitDiagnosticsOfFiles(program: unknown, files: unknown[]) {
      // Declaration-emit errors (TS4023 "… has or is using name … but cannot be named", …) exist
      // only because tslab shares a cell's names through a .d.ts; no student can act on them.
      const all = ts.getPreEmitDiagnosticsOfFiles(program, files);
      return all.filter((d) => !isDeclarationEmitOnly(d.code));
    },
    transpileModule(input: string, options: TranspileOptions) {
      // tslab's second stage (ES module → CommonJS); keep both maps and strip the inline one;
      // record the static imports and turn `import()` into the executor's (import-transform.ts).
      const first = INLINE_MAP.exec(input)?.[1];
      const stripped = first ? input.replace(INLINE_MAP, "\n") : input;
      const imports: string[] = [];
      const out = ts.transpileModule(stripped, {
        ...options,
        transformers: { before: [importTransformer(ts, imports)] },
      });
      lastStageMaps = {
        first: first ? Buffer.from(first, "base64").toString("utf8") : undefined,
        second: () =>
          ts.transpileModule(stripped, {
            ...options,
            compilerOptions: { ...options.compilerOptions, sourceMap: true, inlineSourceMap: false },
            transformers: { before: [importTransformer(ts, [])] },
          }).sourceMapText,
      };
      const outputText = out.outputText.replace(/\n\/\/# sourceMappingURL=.*\s*$/, "\n");
      importsOfOutput.set(outputText, imports);
      return { outputText };
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
  loaded = { ts, converter, cache };
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

/** The versions of tslab and of its TypeScript compiler. */
export function compilerVersions(): CompilerVersions {
  const pkg = require(path.join(tslabRoot, "package.json")) as { version: string };
  const tsPkg = require(path.join(path.dirname(tsPath), "..", "package.json")) as { version: string };
  return { tslab: pkg.version, typescript: tsPkg.version };
}

// ---------------------------------------------------------------------------------------------
// File watching.

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
function installStableFileWatching(ts: TsModule): void {
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

// ---------------------------------------------------------------------------------------------
// The session.

/** `export {};\n` that tslab puts before a cell shifts the first stage's lines by one. */
const TSLAB_PREFIX_LINES = 1;

/**
 * Creates the TypeScript state of one kernel. Slow (about a second: it builds the compiler's
 * program), so the kernel creates it while it starts.
 *
 * @example
 * ```ts
 * const session = createTypeScriptSession({ cwd: process.cwd(), packages: [], preludeDeclarations: "" });
 * const cell = session.compile("const x: number = 1 + 1;\nx");
 * if (cell.ok) console.log(cell.code, cell.lastExpressionVar);
 * ```
 */
export function createTypeScriptSession(options: SessionOptions): TypeScriptSession {
  const { ts, converter: converterModule } = loadTslab();
  installForwarding(ts.sys, options.cwd, options.packages);
  installStableFileWatching(ts);
  const previousCwd = process.cwd();
  if (previousCwd !== options.cwd) process.chdir(options.cwd);
  const converter = converterModule.createConverter({ isJS: false, isBrowser: false });
  if (previousCwd !== options.cwd) process.chdir(previousCwd);
  const prelude = options.preludeDeclarations;
  let declarations = prelude;

  return {
    compile(source) {
      lastStageMaps = NO_MAPS;
      importsOfOutput.clear();
      const result = converter.convert(declarations, source);
      if (result.diagnostics.length > 0 || result.output === undefined) {
        return {
          ok: false,
          diagnostics: result.diagnostics.map((d) => ({
            start: { line: d.start.line, column: d.start.character },
            end: { line: d.end.line, column: d.end.character },
            message: d.messageText,
            code: d.code,
            ...(d.fileName ? { fileName: d.fileName } : {}),
          })),
        };
      }
      const maps = lastStageMaps;
      return {
        ok: true,
        code: result.output,
        lastExpressionVar: result.lastExpressionVar,
        hasTopLevelAwait: result.hasToplevelAwait === true,
        imports: importsOfOutput.get(result.output) ?? [],
        declarations: result.declOutput ?? "",
        sideModules: (result.sideOutputs ?? []).map((s) => ({
          path: s.path,
          code: s.data,
          imports: importsOfOutput.get(s.data) ?? [],
        })),
        mapToCell: createPositionMapper(maps),
      };
    },
    commit(cell) {
      declarations = cell.declarations;
    },
    reset() {
      declarations = prelude;
    },
    complete(source, cursor) {
      const info = converter.complete(declarations, source, cursor);
      return { start: info.start, end: info.end, matches: info.candidates };
    },
    inspect(source, cursor) {
      for (const position of [cursor, cursor - 1]) {
        if (position < 0) continue;
        const info = converter.inspect(declarations, source, position);
        if (info?.displayParts && info.displayParts.length > 0) {
          return {
            signature: ts.displayPartsToString(info.displayParts),
            documentation: ts.displayPartsToString(info.documentation),
            tags: (info.tags ?? []).map((t) => ({ name: t.name, text: ts.displayPartsToString(t.text) })),
          };
        }
      }
      return undefined;
    },
    close() {
      converter.close();
    },
  };
}

/** Maps positions through both stages' maps, built on the first call (most cells never need them). */
function createPositionMapper(maps: StageMaps): (position: CellPosition) => CellPosition | undefined {
  let built: { commonJsToModule: SourceMap; moduleToCell: SourceMap } | null | undefined;
  const build = () => {
    const second = maps.first ? maps.second() : undefined;
    built =
      second && maps.first
        ? {
            commonJsToModule: new SourceMap(JSON.parse(second)),
            moduleToCell: new SourceMap(JSON.parse(maps.first)),
          }
        : null;
    return built;
  };
  return ({ line, column }) => {
    const mapped = built === undefined ? build() : built;
    if (!mapped) return undefined;
    const { commonJsToModule, moduleToCell } = mapped;
    const mid = commonJsToModule.findEntry(line, column) as Partial<{
      originalLine: number;
      originalColumn: number;
    }>;
    if (mid.originalLine === undefined || mid.originalColumn === undefined) return undefined;
    const src = moduleToCell.findEntry(mid.originalLine, mid.originalColumn) as Partial<{
      originalLine: number;
      originalColumn: number;
    }>;
    if (src.originalLine === undefined || src.originalColumn === undefined) return undefined;
    const cellLine = src.originalLine - TSLAB_PREFIX_LINES;
    return cellLine < 0 ? undefined : { line: cellLine, column: src.originalColumn };
  };
}

/**
 * Whether a cell's text is complete, incomplete (needs more lines) or invalid (a syntax error
 * that more lines cannot fix).
 *
 * @example
 * ```ts
 * checkCompleteness("function f() {").status; // "incomplete"
 * checkCompleteness("1 +* 2").status;         // "invalid"
 * ```
 */
export function checkCompleteness(source: string): Completeness {
  const { ts, converter } = loadTslab();
  const file = ts.createSourceFile("cell.ts", source, ts.ScriptTarget.Latest, false, ts.ScriptKind.TS);
  const end = source.trimEnd().length;
  const problems = file.parseDiagnostics ?? [];
  if (problems.some((p) => p.start < end)) return { status: "invalid", indent: "" };
  const tslabAnswer = converter.isCompleteCode(source);
  if (!tslabAnswer.completed || problems.length > 0) {
    return { status: "incomplete", indent: tslabAnswer.indent ?? "" };
  }
  return { status: "complete", indent: "" };
}

/**
 * Lists what a compiled package entry (`index.d.ts`) exports, following `export *`
 * (see `./declared-exports.ts`).
 *
 * @example
 * ```ts
 * listDeclaredExports("/path/to/dist/index.d.ts"); // [{ name: "conv2d", typeOnly: false }, …]
 * ```
 */
export function listDeclaredExports(declarationFile: string): ExportedName[] {
  return listExports(loadTslab().ts as unknown as DeclarationApi, declarationFile);
}
