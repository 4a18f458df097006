/**
 * The slices of TypeScript's and tslab's APIs that the adapter uses, typed here (tslab ships
 * its own TypeScript, untyped for us; its converter is not a stable API, tslab is pinned).
 */
import type { TypeScriptApi } from "./import-transform.js";
import type { BuilderTypeScriptApi } from "./light-builder.js";

/** The slice of TypeScript's API this adapter uses (typed loosely: tslab's TS is untyped here). */
export interface TsModule extends TypeScriptApi, BuilderTypeScriptApi {
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

export interface WatchHost {
  createProgram(...args: unknown[]): unknown;
}

export interface TsSystem {
  getCurrentDirectory(): string;
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

export interface Watcher {
  close(): void;
}

export interface TranspileOptions {
  fileName?: string;
  compilerOptions?: Record<string, unknown>;
  transformers?: { before?: unknown[] };
}

export interface TsNode {
  kind: number;
  parseDiagnostics?: { start: number; length: number; messageText: unknown }[];
  statements?: TsNode[];
  [key: string]: unknown;
}

export interface TslabConverter {
  convert(prevDecl: string, src: string): TslabConvertResult;
  inspect(prevDecl: string, src: string, position: number): TslabQuickInfo | undefined;
  complete(
    prevDecl: string,
    src: string,
    position: number,
  ): { start: number; end: number; candidates: string[] };
  close(): void;
}

export interface TslabQuickInfo {
  displayParts?: { text: string }[];
  documentation?: { text: string }[];
  tags?: { name: string; text?: { text: string }[] }[];
}

export interface TslabConvertResult {
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

export interface TslabConverterModule {
  createConverter(options?: { isJS?: boolean; isBrowser?: boolean }): TslabConverter;
  isCompleteCode(content: string): { completed: boolean; indent?: string };
}
