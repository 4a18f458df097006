/**
 * The "builder program" that tslab's converter gets from TypeScript's watch API, without the
 * work tslab never uses. TypeScript's default builder (`createEmitAndSemanticDiagnosticsBuilderProgram`)
 * builds, for every program, a dependency map of every file (lib files and `@types/node`
 * included) and forces the type checker into being; the converter builds two programs for each
 * cell that declares a name, and reads from the builder only what this one serves straight from
 * the program:
 * - `getSourceFile`: the cell's file, bound (the converter reads its `locals`, which the binder
 *   sets; the default builder got them by creating the checker, which binds every file);
 * - `emit` of one file: the program's own emit (what the default builder does for a given file,
 *   minus bookkeeping for `composite` projects, which the converter does not use), with the
 *   declarations emitted even when the declaration emitter cannot name a type (TS4023 and kin,
 *   filtered from the diagnostics: later cells need the names);
 * - `getAllDependencies`: when the program holds no source file but the cell (no local `.ts` or
 *   `.js` module), the answer is the cell itself once the converter keeps only `.ts`/`.js` files;
 *   otherwise the default builder is created for this program and answers.
 */

/** The parts of a TypeScript source file this module reads. */
export interface BuilderSourceFile {
  readonly fileName: string;
  /** Set by the binder. */
  readonly locals?: unknown;
}

/** The parts of a TypeScript program this module uses. */
export interface BuilderTsProgram {
  getSourceFile(fileName: string): BuilderSourceFile | undefined;
  getSourceFiles(): readonly BuilderSourceFile[];
  getCompilerOptions(): object;
  emit(...args: unknown[]): unknown;
}

/** TypeScript's builder program, as the watch API and tslab's converter use it. */
export interface BuilderProgramLike {
  getProgram(): BuilderTsProgram;
  getProgramOrUndefined(): BuilderTsProgram | undefined;
  getCompilerOptions(): object;
  getSourceFile(fileName: string): BuilderSourceFile | undefined;
  getSourceFiles(): readonly BuilderSourceFile[];
  getAllDependencies(file: BuilderSourceFile): readonly string[];
  emit(
    target: BuilderSourceFile | undefined,
    writeFile?: unknown,
    cancellation?: unknown,
    declarationsOnly?: boolean,
    transformers?: unknown,
  ): unknown;
  releaseProgram(): void;
}

/** The slice of TypeScript's API the light builder needs. */
export interface BuilderTypeScriptApi {
  createProgram(
    rootNames: readonly string[],
    options: object,
    host: unknown,
    oldProgram?: BuilderTsProgram,
    configFileParsingDiagnostics?: unknown,
    projectReferences?: unknown,
  ): BuilderTsProgram;
  createEmitAndSemanticDiagnosticsBuilderProgram(
    program: BuilderTsProgram,
    host: unknown,
  ): BuilderProgramLike;
  bindSourceFile(file: BuilderSourceFile, options: object): void;
}

/**
 * Whether a program's file is one the converter compiles (it keeps `.js` and `.ts` but not `.d.ts`).
 *
 * @example
 * ```ts
 * import { isCompiledSource } from "./light-builder.js";
 * isCompiledSource("/nb/helpers.ts");   // true
 * isCompiledSource("/nb/types.d.ts");   // false
 * isCompiledSource("/nb/data.json");    // false
 * ```
 */
export function isCompiledSource(fileName: string): boolean {
  return fileName.endsWith(".js") || (fileName.endsWith(".ts") && !fileName.endsWith(".d.ts"));
}

/**
 * Creates the watch API's program for `createProgram`'s arguments (root names, options, host,
 * old builder, config-file diagnostics, project references): a program that reuses what it can
 * of the old one, wrapped as a light builder (see the module comment).
 *
 * @example
 * ```ts
 * import { mkdtempSync, writeFileSync } from "node:fs";
 * import { tmpdir } from "node:os";
 * import ts from "typescript";
 * import { type BuilderTypeScriptApi, createLightBuilder } from "./light-builder.js";
 * const file = `${mkdtempSync(`${tmpdir()}/light-builder-`)}/cell.ts`;
 * writeFileSync(file, "export const x = 1;");
 * const options = { noLib: true };
 * const api = ts as unknown as BuilderTypeScriptApi;
 * const builder = createLightBuilder(api, [[file], options, ts.createCompilerHost(options)]);
 * const cell = builder.getSourceFile(file)!;
 * cell.locals !== undefined; // true
 * builder.getAllDependencies(cell).length; // 1
 * ```
 */
export function createLightBuilder(ts: BuilderTypeScriptApi, args: readonly unknown[]): BuilderProgramLike {
  const [rootNames, options, host, old, configDiagnostics, references] = args as [
    readonly string[],
    object,
    unknown,
    BuilderProgramLike | undefined,
    unknown,
    unknown,
  ];
  const program = ts.createProgram(
    rootNames,
    options,
    host,
    old?.getProgramOrUndefined(),
    configDiagnostics,
    references,
  );
  let full: BuilderProgramLike | undefined;
  const onlyFileCompiled = (file: BuilderSourceFile): boolean =>
    program.getSourceFiles().every((f) => f === file || !isCompiledSource(f.fileName));
  return {
    getProgram: () => program,
    getProgramOrUndefined: () => program,
    getCompilerOptions: () => program.getCompilerOptions(),
    getSourceFiles: () => program.getSourceFiles(),
    getSourceFile(fileName) {
      const file = program.getSourceFile(fileName);
      if (file && file.locals === undefined) ts.bindSourceFile(file, program.getCompilerOptions());
      return file;
    },
    getAllDependencies(file) {
      if (onlyFileCompiled(file)) return [file.fileName];
      full ??= ts.createEmitAndSemanticDiagnosticsBuilderProgram(program, host);
      return full.getAllDependencies(file);
    },
    emit(target, writeFile, cancellation, declarationsOnly, transformers) {
      return program.emit(target, writeFile, cancellation, declarationsOnly, transformers, true);
    },
    releaseProgram: () => undefined,
  };
}
