/** CONVLAB_EXTRA_VECTORS adds directories of vector files to the conformance run. */
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { loadConformanceFiles, sharedConformanceDir } from "../support/vectors.js";

describe("conformance file loading", () => {
  const saved = process.env.CONVLAB_EXTRA_VECTORS;
  afterEach(() => {
    if (saved === undefined) delete process.env.CONVLAB_EXTRA_VECTORS;
    else process.env.CONVLAB_EXTRA_VECTORS = saved;
  });

  it("loads the shared files: 65 vectors, 21 errors, 14 networks", () => {
    delete process.env.CONVLAB_EXTRA_VECTORS;
    const shared = loadConformanceFiles().filter((f) => f.path.startsWith(sharedConformanceDir()));
    expect(shared.reduce((a, f) => a + f.vectors.length, 0)).toBe(65);
    expect(shared.reduce((a, f) => a + f.errors.length, 0)).toBe(21);
    expect(shared.reduce((a, f) => a + f.networks.length, 0)).toBe(14);
  });

  it("adds every *.json of each listed directory", () => {
    const a = mkdtempSync(join(tmpdir(), "convlab-a-"));
    const b = mkdtempSync(join(tmpdir(), "convlab-b-"));
    const source = JSON.parse(readFileSync(join(sharedConformanceDir(), "torch-conv-pool.json"), "utf8"));
    writeFileSync(join(a, "one.json"), JSON.stringify({ vectors: source.vectors.slice(0, 2), errors: [] }));
    writeFileSync(join(b, "two.json"), JSON.stringify({ vectors: [], errors: source.errors.slice(0, 3) }));
    writeFileSync(join(b, "notes.txt"), "not a vector file");
    process.env.CONVLAB_EXTRA_VECTORS = `${a}:${b}`;
    const extra = loadConformanceFiles().filter((f) => f.path.startsWith(a) || f.path.startsWith(b));
    expect(extra.map((f) => [f.vectors.length, f.errors.length])).toEqual([
      [2, 0],
      [0, 3],
    ]);
  });
});
