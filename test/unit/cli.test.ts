/** The `convlab` binary, run as a user runs it (needs `npm run build`, which setup does). */
import { execFileSync, spawnSync } from "node:child_process";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const bin = resolve(dirname(fileURLToPath(import.meta.url)), "../../bin/convlab.js");
const run = (...args: string[]) => spawnSync("node", [bin, ...args], { encoding: "utf8" });

describe("convlab shape", () => {
  it("32x32 with seven 5x5 layers: 28x28 after layer 1, 4x4 after layer 7", () => {
    const out = execFileSync("node", [bin, "shape", "--input", "32x32", "--kernel", "5", "--repeat", "7"], {
      encoding: "utf8",
    });
    expect(out).toContain("layer 1: conv2d: 32x32 → 28x28");
    expect(out).toContain("layer 7: conv2d: 8x8 → 4x4");
    expect(out).toContain("32 − 5 + 0 + 1 = 28");
    expect(out.trim().split("\n").at(-1)).toBe("result: 32x32 → 4x4 after 7 layers");
  });

  it("8x8, kernel 3x5, padding 0,1, stride 3,4: 2x2 with the formula and the numbers", () => {
    const out = run(
      "shape",
      "--input",
      "8x8",
      "--kernel",
      "3x5",
      "--padding",
      "0,1",
      "--stride",
      "3,4",
    ).stdout;
    expect(out).toContain("conv2d: 8x8 → 2x2");
    expect(out).toContain("height: ⌊(n_h − k_h + p_h + s_h) / s_h⌋ = ⌊(8 − 3 + 0 + 3) / 3⌋ = ⌊8 / 3⌋ = 2");
    expect(out).toContain("width:  ⌊(n_w − k_w + p_w + s_w) / s_w⌋ = ⌊(8 − 5 + 2 + 4) / 4⌋ = ⌊9 / 4⌋ = 2");
  });

  it("stops at the layer where the image gets too small, exit code 1", () => {
    const result = run("shape", "--input", "32", "--kernel", "5", "--repeat", "8");
    expect(result.status).toBe(1);
    expect(result.stdout).toContain("layer 7: conv2d: 8x8 → 4x4");
    expect(result.stdout).toContain(
      "layer 8: kernel = [5, 5]: kernel 5x5 is larger than the padded input 4x4",
    );
  });

  it("pooling in ceil mode", () => {
    const out = run("shape", "--op", "maxpool", "--input", "7", "--kernel", "2", "--ceil-mode").stdout;
    expect(out).toContain("maxPool2d: 7x7 → 4x4");
  });

  it("bad arguments get a clear message and exit code 2", () => {
    const result = run("shape", "--input", "8x8", "--kernel", "3", "--stride", "two");
    expect(result.status).toBe(2);
    expect(result.stderr).toContain("convlab: --stride = 'two': must be whole numbers");
  });
});

describe("convlab demo", () => {
  it("prints the book's numbers", () => {
    const out = run("demo").stdout;
    expect(out).toContain("32 → 28 → 24 → 20 → 16 → 12 → 8 → 4");
    expect(out).toContain("corr2d(X, K) = [[19, 25], [37, 43]]");
    expect(out).toContain("[[[[0, 8], [6, 8]]]]");
  });
});
