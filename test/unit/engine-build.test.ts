/**
 * The committed WebAssembly module is what its C source builds to: its base64 copy (what the
 * library loads) decodes to it, and, where clang and lld are installed, a fresh
 * `scripts/build-wasm.sh` gives the same bytes.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import {
  CONV_KERNELS_RELAXED_WASM,
  CONV_KERNELS_WASM,
} from "../../src/conv/engine/generated/conv-kernels-wasm.js";

const root = resolve(import.meta.dirname, "../..");
const committed = readFileSync(join(root, "src/conv/engine/conv-kernels.wasm"));
const committedRelaxed = readFileSync(join(root, "src/conv/engine/conv-kernels-relaxed.wasm"));
const hasCompiler = ["clang-16", "wasm-ld"].every((tool) => spawnSync("which", [tool]).status === 0);

describe("the committed conv engine module", () => {
  it("is the base64 copy the library loads", () => {
    expect(Buffer.from(CONV_KERNELS_WASM, "base64").equals(committed)).toBe(true);
    expect(Buffer.from(CONV_KERNELS_RELAXED_WASM, "base64").equals(committedRelaxed)).toBe(true);
  });
  it(`matches a fresh build of native/conv-kernels.c (${hasCompiler ? "clang found" : "no clang here: checks the module is a valid SIMD module instead"})`, () => {
    if (!hasCompiler) {
      const wasm = (globalThis as { WebAssembly?: { validate(b: Uint8Array): boolean } }).WebAssembly;
      expect(wasm?.validate(committed)).toBe(true);
      return;
    }
    const out = mkdtempSync(join(tmpdir(), "convlab-wasm-"));
    try {
      const build = spawnSync("bash", [join(root, "scripts/build-wasm.sh"), out], { encoding: "utf8" });
      expect(build.status, build.stderr).toBe(0);
      expect(readFileSync(join(out, "conv-kernels.wasm")).equals(committed)).toBe(true);
      expect(readFileSync(join(out, "conv-kernels-relaxed.wasm")).equals(committedRelaxed)).toBe(true);
      expect(readFileSync(join(out, "generated/conv-kernels-wasm.ts"), "utf8")).toBe(
        readFileSync(join(root, "src/conv/engine/generated/conv-kernels-wasm.ts"), "utf8"),
      );
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  }, 120_000); // clang -O3 over every specialised kernel takes a few seconds, more on a busy machine
});
