/**
 * The import transform, run with the TypeScript that the kernel compiles with (tslab's bundled
 * 5.0), and the module loader's views, checked against TypeScript's own interop helpers
 * (`__importDefault` / `__importStar`, taken from TypeScript's CommonJS output).
 */
import { cpSync, mkdtempSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import {
  importTransformer,
  STATIC_IMPORT,
  type TypeScriptApi,
} from "../../../src/kernel/executor/import-transform.js";
import { asCommonJsView, ModuleLoader } from "../../../src/kernel/executor/module-loader.js";

const require = createRequire(import.meta.url);
const tslabRoot = path.dirname(require.resolve("tslab/package.json"));
const ts = require(
  require.resolve("@tslab/typescript-for-tslab", { paths: [tslabRoot] }),
) as TypeScriptApi & {
  version: string;
  transpileModule: typeof import("typescript").transpileModule;
  ModuleKind: typeof import("typescript").ModuleKind;
};

function toCommonJs(source: string): { code: string; imports: string[] } {
  const imports: string[] = [];
  const code = ts.transpileModule(source, {
    fileName: "cell.js",
    compilerOptions: { module: ts.ModuleKind.CommonJS, esModuleInterop: true },
    transformers: { before: [importTransformer(ts, imports) as never] },
  }).outputText;
  return { code, imports };
}

describe("importTransformer (TypeScript 5.0, as bundled with tslab)", () => {
  it("runs on the compiler the kernel uses", () => {
    expect(ts.version.startsWith("5.0.")).toBe(true);
  });

  it("records and marks every static import and re-export, in order", () => {
    const { code, imports } = toCommonJs(
      'import a from "pkg-a";\nimport * as b from "pkg-b";\nimport "side-effect";\nexport * from "pkg-c";\nexport { d } from "./local";\nconsole.log(a, b);',
    );
    expect(imports).toEqual(["pkg-a", "pkg-b", "side-effect", "pkg-c", "./local"]);
    for (const name of imports) expect(code).toContain(`require("${STATIC_IMPORT}${name}")`);
    expect(code).not.toMatch(/require\("(pkg-a|pkg-b|side-effect|pkg-c|\.\/local)"\)/);
  });

  it("turns every import() into require.dynamicImport(), also nested and with computed names", () => {
    const { code, imports } = toCommonJs(
      'const name = "x";\nasync function later() { return import(name + "y"); }\nconst m = import("z");\nexport { later, m };',
    );
    expect(imports).toEqual([]);
    expect(code).toContain('require.dynamicImport(name + "y")');
    expect(code).toContain('require.dynamicImport("z")');
    expect(code).not.toContain("Promise.resolve().then");
  });

  it("leaves a require the code wrote itself as it is", () => {
    const { code } = toCommonJs('const fs = require("fs");\nexport { fs };');
    expect(code).toContain('require("fs")');
  });
});

describe("ES module views under TypeScript's interop helpers", () => {
  // TypeScript's own helpers, from its CommonJS output with esModuleInterop.
  const helpers = ts.transpileModule('import d from "m";\nimport * as n from "m";\nexport { d, n };', {
    compilerOptions: { module: ts.ModuleKind.CommonJS, esModuleInterop: true },
  }).outputText;
  const load = (module: unknown): { d: unknown; n: Record<string, unknown> } => {
    const exports: Record<string, unknown> = {};
    new Function("exports", "require", helpers)(exports, () => module);
    return { d: exports.d, n: exports.n as Record<string, unknown> };
  };

  it("a default import reads the ES module's default export, a namespace import keeps the names", async () => {
    const source = "data:text/javascript,export default 7; export const named = 8;";
    const namespace = (await import(source)) as Record<string, unknown>;
    const { d, n } = load(asCommonJsView(namespace));
    expect(d).toBe(7);
    expect(n.named).toBe(8);
    expect(n.default).toBe(7);
  });
});

describe("ModuleLoader", () => {
  const fixtures = path.join(
    path.dirname(fileURLToPath(import.meta.url)),
    "..",
    "..",
    "kernel",
    "fixture-packages",
  );
  const dir = mkdtempSync(path.join(tmpdir(), "convlab-loader-"));
  for (const name of ["esm-typed", "esm-untyped", "cjs-typed", "dual-conditions", "esm-top-level-await"]) {
    cpSync(path.join(fixtures, name), path.join(dir, "node_modules", name), { recursive: true });
  }
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("preloads ES-module-only and dual packages with import(), and leaves CommonJS to require", async () => {
    const loader = new ModuleLoader();
    await loader.preload(
      ["esm-typed", "esm-untyped", "cjs-typed", "dual-conditions", "esm-top-level-await"],
      dir,
    );
    expect((loader.loaded("esm-typed", dir) as { greet(n: string): string }).greet("x")).toBe("hello, x");
    expect((loader.loaded("esm-untyped", dir) as { shout(s: string): string }).shout("a")).toBe("A!");
    expect(loader.loaded("cjs-typed", dir)).toBeUndefined();
    expect(loader.loaded("dual-conditions", dir)?.flavour).toBe("import");
    expect(loader.loaded("esm-top-level-await", dir)?.loaded).toBe("after a top-level await");
  });

  it("imports dynamically: an ES module's namespace, a CommonJS module in TypeScript's interop view", async () => {
    const loader = new ModuleLoader();
    const cjs = (await loader.dynamicImport("cjs-typed", dir)) as Record<string, unknown>;
    expect((cjs.triple as (x: number) => number)(2)).toBe(6);
    expect((cjs.default as Record<string, unknown>).kind).toBe("cjs");
    expect(((await loader.dynamicImport("dual-conditions", dir)) as Record<string, unknown>).flavour).toBe(
      "import",
    );
    await expect(loader.dynamicImport("no-such-package", dir)).rejects.toThrow(/no-such-package/);
  });

  it("requires an ES-module-only package that was not preloaded through its import entry", () => {
    const loader = new ModuleLoader();
    const requireFrom = createRequire(path.join(dir, "x.js"));
    const loaded = loader.requireEsModule("esm-typed", dir, requireFrom) as { format: string };
    expect(loaded.format).toBe("esm");
  });
});
