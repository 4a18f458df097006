/**
 * tslab's second stage: the first stage's ES module turned into CommonJS (tslab calls
 * `ts.transpileModule`; the adapter routes that call here). On the way it keeps both stages'
 * source maps for runtime errors, strips the inline map, records the static imports and turns
 * `import()` into the executor's (see `./import-transform.ts`).
 *
 * Transpiling is a pure function of its input and options, and each `transpileModule` builds a
 * program and a type checker for its one file, so outputs are kept for recently seen inputs: a
 * cell run again (or run again after other cells) skips it.
 */
import { importTransformer } from "./import-transform.js";
import type { TranspileOptions, TsModule } from "./tslab-api.js";

/**
 * Source maps of the last transpile, captured for the converter's main output. Both are produced
 * only when a position is mapped (a runtime error): `second()` transpiles the stage's input
 * again with a source map, which gives the same code (transpiling is deterministic).
 */
export interface StageMaps {
  readonly first: string | undefined;
  second(): string | undefined;
}

/** No maps (nothing was transpiled yet in this compile). */
export const NO_MAPS: StageMaps = { first: undefined, second: () => undefined };

const INLINE_MAP = /\n\/\/# sourceMappingURL=data:application\/json;base64,([A-Za-z0-9+/=]+)\s*$/;
const MAP_COMMENT = /\n\/\/# sourceMappingURL=.*\s*$/;

/** How many recent transpile outputs are kept. */
const KEPT_OUTPUTS = 64;

interface Transpiled {
  readonly outputText: string;
  readonly imports: readonly string[];
}

/**
 * The second stage of one executor's compiles.
 *
 * @example
 * ```ts
 * const stage = new SecondStage(ts);
 * stage.begin();
 * const { outputText } = stage.transpile('import { a } from "./a";\na;', options);
 * stage.importsOf(outputText); // ["./a"]
 * ```
 */
export class SecondStage {
  private maps: StageMaps = NO_MAPS;
  private readonly importsOfOutput = new Map<string, readonly string[]>();
  private readonly kept = new Map<string, Transpiled>();

  constructor(private readonly ts: TsModule) {}

  /** Starts a compile: forgets the previous compile's maps and imports. */
  begin(): void {
    this.maps = NO_MAPS;
    this.importsOfOutput.clear();
  }

  /** The maps of this compile's last transpile (the converter transpiles the cell last). */
  lastMaps(): StageMaps {
    return this.maps;
  }

  /** The static import specifiers of an output of this compile. */
  importsOf(outputText: string): readonly string[] {
    return this.importsOfOutput.get(outputText) ?? [];
  }

  /** `ts.transpileModule` as tslab calls it, returning only `outputText` (tslab reads only that). */
  transpile(input: string, options: TranspileOptions): { outputText: string } {
    const first = INLINE_MAP.exec(input)?.[1];
    const stripped = first ? input.replace(INLINE_MAP, "\n") : input;
    const { ts } = this;
    this.maps = {
      first: first ? Buffer.from(first, "base64").toString("utf8") : undefined,
      second: () =>
        ts.transpileModule(stripped, {
          ...options,
          compilerOptions: { ...options.compilerOptions, sourceMap: true, inlineSourceMap: false },
          transformers: { before: [importTransformer(ts, [])] },
        }).sourceMapText,
    };
    const key = `${options.fileName ?? ""}\u0000${JSON.stringify(options.compilerOptions ?? {})}\u0000${stripped}`;
    const result = this.kept.get(key) ?? this.transpileNow(stripped, options);
    this.keep(key, result);
    this.importsOfOutput.set(result.outputText, result.imports);
    return { outputText: result.outputText };
  }

  private transpileNow(stripped: string, options: TranspileOptions): Transpiled {
    const imports: string[] = [];
    const out = this.ts.transpileModule(stripped, {
      ...options,
      transformers: { before: [importTransformer(this.ts, imports)] },
    });
    return { outputText: out.outputText.replace(MAP_COMMENT, "\n"), imports };
  }

  /** Keeps an output as the most recent one, dropping the oldest beyond {@link KEPT_OUTPUTS}. */
  private keep(key: string, result: Transpiled): void {
    this.kept.delete(key);
    this.kept.set(key, result);
    if (this.kept.size > KEPT_OUTPUTS) {
      const oldest = this.kept.keys().next().value;
      if (oldest !== undefined) this.kept.delete(oldest);
    }
  }
}
