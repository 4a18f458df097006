import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type CompiledCell,
  createTypeScriptSession,
  isWatchedFile,
  type TypeScriptSession,
} from "../../../src/kernel/executor/tslab-adapter.js";

/** Where `needle` starts in the compiled code (zero-based line and column). */
function positionOf(cell: CompiledCell, needle: string) {
  const lines = cell.code.split("\n");
  const line = lines.findIndex((l) => l.includes(needle));
  expect(line).toBeGreaterThanOrEqual(0);
  return { line, column: lines[line]!.indexOf(needle) };
}

function compiled(session: TypeScriptSession, source: string): CompiledCell {
  const result = session.compile(source);
  if (!result.ok) throw new Error(JSON.stringify(result.diagnostics));
  return result;
}

describe("tslab adapter: source maps built only when a position is mapped", () => {
  let dir: string;
  let session: TypeScriptSession;
  beforeAll(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), "convlab-adapter-"));
    session = createTypeScriptSession({ cwd: dir, packages: [], preludeDeclarations: "" });
  }, 120_000);
  afterAll(() => {
    session.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("maps a statement of the compiled code back to its line and column in the cell", () => {
    // The throw is on the cell's third line (zero-based line 2), two spaces in.
    const cell = compiled(session, "const a = 1;\nconst b = a + 1;\n  throw new Error(String(b));");
    expect(cell.mapToCell(positionOf(cell, "throw new Error"))).toEqual({ line: 2, column: 2 });
  });

  it("maps an earlier cell's positions after later cells were compiled (each cell keeps its own input)", () => {
    const first = compiled(session, "let x = 1;\nx = x + 1;\nJSON.parse('{');");
    compiled(session, "const y = 2;\ny");
    compiled(session, "const z = [1, 2, 3];\nz.length");
    // `JSON.parse` is on the first cell's third line (zero-based line 2), column 0.
    expect(first.mapToCell(positionOf(first, "JSON.parse"))).toEqual({ line: 2, column: 0 });
  });

  it("still rejects a type error before anything runs", () => {
    const result = session.compile('const n: number = "one";');
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.diagnostics.map((d) => d.code)).toEqual([2322]);
  });
});

/** inotify watches this process holds (Linux: one `inotify wd:` line per watch in fdinfo). */
function inotifyWatches(): number {
  let watches = 0;
  for (const fd of readdirSync("/proc/self/fd")) {
    try {
      watches += (readFileSync(`/proc/self/fdinfo/${fd}`, "utf8").match(/^inotify wd:/gm) ?? []).length;
    } catch {
      // the fd closed while we looked
    }
  }
  return watches;
}

describe("tslab adapter: only files that can change are watched", () => {
  it("does not watch TypeScript's lib files or anything under node_modules", () => {
    const lib = "/opt/ts/lib";
    expect(isWatchedFile("/opt/ts/lib/lib.es2022.d.ts", lib)).toBe(false);
    expect(isWatchedFile("/home/me/nb/node_modules/@types/node/fs.d.ts", lib)).toBe(false);
    expect(isWatchedFile("/home/me/nb/node_modules/convlab/dist/index.d.ts", lib)).toBe(false);
    expect(isWatchedFile("/home/me/nb/helpers.ts", lib)).toBe(true);
    expect(isWatchedFile("/home/me/nb/lib/helpers.ts", lib)).toBe(true);
  });

  it.runIf(process.platform === "linux")(
    "a session in a notebook directory holds a handful of inotify watches, not one per lib and @types file",
    () => {
      const dir = mkdtempSync(path.join(os.tmpdir(), "convlab-watch-"));
      const before = inotifyWatches();
      const session = createTypeScriptSession({ cwd: dir, packages: [], preludeDeclarations: "" });
      try {
        expect(session.compile("const t = setTimeout(() => undefined, 1);\nclearTimeout(t);").ok).toBe(true);
        // lib.es2022 (~10 files) and @types/node (~60 files) were ~160 watches before.
        expect(inotifyWatches() - before).toBeLessThan(10);
      } finally {
        session.close();
        rmSync(dir, { recursive: true, force: true });
      }
    },
    120_000,
  );
});
