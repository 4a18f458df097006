/**
 * Every TSDoc `@example` in src/ runs, and each line of the form `expr; // value` (or an
 * expression line followed by a `// value` line) asserts that the expression equals the
 * value. Comments that contain "..." are illustrations, not assertions.
 */
import { mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
const out = join(root, "test", ".generated", "examples");

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? sourceFiles(path) : path.endsWith(".ts") ? [path] : [];
  });
}

/** The code of each ```ts block that follows an @example tag. */
function examples(text: string): { line: number; code: string }[] {
  const found: { line: number; code: string }[] = [];
  const pattern = /@example\s*\n((?:\s*\*.*\n)*?)\s*\*\s*```ts\n((?:\s*\*.*\n)*?)\s*\*\s*```/g;
  for (const match of text.matchAll(pattern)) {
    const code = match[2]!
      .split("\n")
      .map((l) => l.replace(/^\s*\* ?/, ""))
      .join("\n");
    found.push({ line: text.slice(0, match.index).split("\n").length, code });
  }
  return found;
}

function parses(expression: string): boolean {
  try {
    new Function(`return (${expression});`);
    return true;
  } catch {
    return false;
  }
}

/** Turns `expr; // value` lines into assertions. */
function instrument(code: string, fromDir: string, sourceDir: string): string {
  const index = relative(fromDir, join(root, "src", "index.js")).replaceAll("\\", "/");
  const cli = relative(fromDir, join(root, "src", "cli", "index.js")).replaceAll("\\", "/");
  const local = (specifier: string) => relative(fromDir, resolve(sourceDir, specifier)).replaceAll("\\", "/");
  const lines = code
    .replace(/from "(\.\.?\/[^"]+)"/g, (_, specifier: string) => `from "${local(specifier)}"`)
    .replace(/from "convlab"/g, `from "${index}"`)
    .replace(/from "convlab\/cli"/g, `from "${cli}"`)
    .split("\n");
  const result: string[] = ['import { expect } from "vitest";'];
  let assertions = 0;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    let match = /^(?!\s*(?:import|const|let|var|if|for|try|}|\/\/))(.+?);\s*\/\/\s*(.+)$/.exec(line);
    if (!match && /^[^/]+;\s*$/.test(line) && /^\s*\/\/\s*(.+)$/.test(lines[i + 1] ?? "")) {
      match = [
        line,
        line.trim().slice(0, -1),
        /^\s*\/\/\s*(.+)$/.exec(lines[i + 1]!)![1]!,
      ] as unknown as RegExpExecArray;
      i++;
    }
    if (match && !match[2]!.includes("...") && parses(match[2]!) && !/^\s*(const|let)\b/.test(match[1]!)) {
      result.push(`expect(JSON.parse(JSON.stringify(${match[1]}))).toEqual(${match[2]});`);
      assertions++;
    } else {
      result.push(line);
    }
  }
  result.push(`export const assertions = ${assertions};`);
  return result.join("\n");
}

rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });
const files = sourceFiles(join(root, "src"));

describe("TSDoc examples run and their stated results hold", () => {
  it("every public function and class has an @example", async () => {
    const api = (await import("../../src/index.js")) as Record<string, unknown>;
    const cli = (await import("../../src/cli/index.js")) as Record<string, unknown>;
    const names = new Set<string>();
    const collect = (module: Record<string, unknown>): void => {
      for (const [name, value] of Object.entries(module)) {
        if (typeof value === "function") names.add(name);
        else if (value && typeof value === "object" && !Array.isArray(value))
          collect(value as Record<string, unknown>);
      }
    };
    collect(api);
    collect(cli);
    const documented = new Map<string, boolean>();
    for (const file of files) {
      const text = readFileSync(file, "utf8");
      const pattern = /(\/\*\*(?:(?!\*\/)[\s\S])*?\*\/\s*)?export (?:async )?(?:function|class) (\w+)/g;
      for (const m of text.matchAll(pattern)) documented.set(m[2]!, Boolean(m[1]?.includes("@example")));
    }
    const missing = [...names].filter((name) => documented.get(name) !== true).sort();
    expect(missing).toEqual([]);
  });

  // Most kernel examples are notebook cells or need a running kernel; the kernel suite
  // (test/kernel, pytest over ZeroMQ) exercises them there. The pure kernel modules run here.
  const pureKernelModules = [
    "protocol/wire.ts",
    "protocol/history.ts",
    "protocol/kernel-info.ts",
    "protocol/journal.ts",
    "executor/traceback.ts",
    "executor/mime.ts",
    "executor/magics.ts",
    "executor/output.ts",
    "executor/cell-modules.ts",
    "executor/import-transform.ts",
    "executor/module-loader.ts",
    "executor/light-builder.ts",
    "executor/file-watching.ts",
    "executor/position-mapper.ts",
    "executor/cell-errors.ts",
    "executor/doc-bundle.ts",
    "cell-api/runtime.ts",
    "pool/handover.ts",
    "executor/shared-files.ts",
    "executor/input-requests.ts",
    "protocol/executor-process.ts",
  ].map((f) => join("src", "kernel", f));
  const runnable = (f: string) =>
    !relative(root, f).startsWith(join("src", "kernel")) || pureKernelModules.includes(relative(root, f));
  for (const file of files.filter(runnable)) {
    for (const example of examples(readFileSync(file, "utf8"))) {
      const name = `${relative(join(root, "src"), file)}:${example.line}`;
      it(name, async () => {
        const path = join(out, `${name.replace(/[/:.]/g, "_")}.ts`);
        writeFileSync(path, instrument(example.code, out, dirname(file)));
        const module = (await import(path)) as { assertions: number };
        expect(module.assertions).toBeGreaterThanOrEqual(0);
      });
    }
  }
});
