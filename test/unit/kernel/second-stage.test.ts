/**
 * tslab's second stage as the executor runs it (second-stage.ts), checked against TypeScript's
 * own `transpileModule` (tslab's bundled 5.0, with the executor's import transform) on the same input: the outputs it keeps for
 * repeated inputs are the ones a fresh transpile gives, imports included.
 */
import { createRequire } from "node:module";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { importTransformer } from "../../../src/kernel/executor/import-transform.js";
import { SecondStage } from "../../../src/kernel/executor/second-stage.js";
import type { TsModule } from "../../../src/kernel/executor/tslab-api.js";

const require = createRequire(import.meta.url);
const tslabRoot = path.dirname(require.resolve("tslab/package.json"));
const ts = require(require.resolve("@tslab/typescript-for-tslab", { paths: [tslabRoot] })) as TsModule & {
  ModuleKind: { CommonJS: number };
};

const options = (target: number) => ({
  fileName: "custom.js",
  compilerOptions: {
    module: ts.ModuleKind.CommonJS,
    esModuleInterop: true,
    target,
    noImplicitUseStrict: true,
  },
});
const plain = (input: string, target: number) =>
  ts
    .transpileModule(input, { ...options(target), transformers: { before: [importTransformer(ts, [])] } })
    .outputText.replace(/\n\/\/# sourceMappingURL=.*\s*$/, "\n");

describe("SecondStage", () => {
  const cell = 'import { a } from "./a";\nexport const b = a + 1;\n';

  it("gives TypeScript's output and the static imports, the first time and again", () => {
    const stage = new SecondStage(ts);
    for (let run = 0; run < 2; run++) {
      stage.begin();
      const { outputText } = stage.transpile(cell, options(9));
      expect(outputText).toBe(plain(cell, 9));
      expect(stage.importsOf(outputText)).toEqual(["./a"]);
    }
  });

  it("keeps outputs apart by options", () => {
    const stage = new SecondStage(ts);
    const source = "export const f = async () => { for await (const x of []) {} };\n";
    const old = stage.transpile(source, options(1)).outputText;
    const modern = stage.transpile(source, options(9)).outputText;
    expect(old).toBe(plain(source, 1));
    expect(modern).toBe(plain(source, 9));
    expect(old).not.toBe(modern);
  });

  it("forgets the imports of the previous compile at begin()", () => {
    const stage = new SecondStage(ts);
    const { outputText } = stage.transpile(cell, options(9));
    stage.begin();
    expect(stage.importsOf(outputText)).toEqual([]);
    expect(stage.lastMaps().first).toBeUndefined();
  });
});
