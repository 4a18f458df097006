/**
 * The kernel's TypeScript session: a cell turned into CommonJS JavaScript by tslab's converter
 * (type-checked against the declarations of earlier cells), and completion, inspection and
 * is-complete answers. Everything else in the kernel talks to the {@link TypeScriptSession}
 * interface below; what touches tslab's internals (pinned at exactly 1.0.22; its converter is
 * not a stable API) is in `./tslab-loader.ts` and the modules it uses, so a tslab upgrade
 * touches only those. `import … from "convlab"` type-checks from a notebook in any directory
 * (see `./package-forwarding.ts`).
 */
import { type DeclarationApi, type ExportedName, listExports } from "./declared-exports.js";
import { installStableFileWatching } from "./file-watching.js";
import { type ForwardedPackage, installForwarding } from "./package-forwarding.js";
import { createPositionMapper } from "./position-mapper.js";
import type { SecondStage } from "./second-stage.js";
import type { TslabConvertResult, TslabQuickInfo, TsModule } from "./tslab-api.js";
import { loadTslab } from "./tslab-loader.js";

export type { ExportedName } from "./declared-exports.js";
export { isWatchedFile } from "./file-watching.js";
export type { ForwardedPackage } from "./package-forwarding.js";
export {
  type CompilerVersions,
  compilerVersions,
  isDeclarationEmitOnly,
  saveCompilerCache,
} from "./tslab-loader.js";

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
  const { ts, converter: converterModule, secondStage } = loadTslab();
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
      secondStage.begin();
      const result = converter.convert(declarations, source);
      return result.diagnostics.length > 0 || result.output === undefined
        ? failedCompile(result)
        : compiledCell(result, result.output, secondStage);
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
        if (info?.displayParts && info.displayParts.length > 0) return quickInfo(ts, info);
      }
      return undefined;
    },
    close() {
      converter.close();
    },
  };
}

/** A compile that failed, with tslab's diagnostics as the kernel reports them. */
function failedCompile(result: TslabConvertResult): FailedCompile {
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

/** A compiled cell from tslab's result, its imports and maps from this compile's second stage. */
function compiledCell(result: TslabConvertResult, output: string, secondStage: SecondStage): CompiledCell {
  return {
    ok: true,
    code: output,
    lastExpressionVar: result.lastExpressionVar,
    hasTopLevelAwait: result.hasToplevelAwait === true,
    imports: secondStage.importsOf(output),
    declarations: result.declOutput ?? "",
    sideModules: (result.sideOutputs ?? []).map((s) => ({
      path: s.path,
      code: s.data,
      imports: secondStage.importsOf(s.data),
    })),
    mapToCell: createPositionMapper(secondStage.lastMaps()),
  };
}

/** The checker's quick info as plain text. */
function quickInfo(ts: TsModule, info: TslabQuickInfo): QuickInfo {
  return {
    signature: ts.displayPartsToString(info.displayParts),
    documentation: ts.displayPartsToString(info.documentation),
    tags: (info.tags ?? []).map((t) => ({ name: t.name, text: ts.displayPartsToString(t.text) })),
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
