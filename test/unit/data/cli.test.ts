/** `convlab data check`, run as a user runs it, and its report for missing and bad files. */
import { spawnSync } from "node:child_process";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { dataCheckReport } from "../../../src/cli/data.js";
import { syntheticLabels, tempDir, writeFile } from "../../support/idx-files.js";

const bin = resolve(dirname(fileURLToPath(import.meta.url)), "../../../bin/convlab.js");

describe("convlab data check", () => {
  it("finds the Debian files and verifies their checksums", () => {
    const env = { ...process.env };
    delete env.CONVLAB_FASHION_MNIST_DIR;
    const result = spawnSync("node", [bin, "data", "check"], { encoding: "utf8", env });
    expect(result.status).toBe(0);
    expect(result.stdout).toContain(
      "/usr/share/datasets/fashion-mnist  (Debian package dataset-fashion-mnist)",
    );
    expect(result.stdout).toContain(
      "t10k-labels-idx1-ubyte: /usr/share/datasets/fashion-mnist/t10k-labels-idx1-ubyte.gz (Debian package dataset-fashion-mnist): SHA-256 verified",
    );
    expect(result.stdout.trim().split("\n").at(-1)).toBe("all 4 files found and verified");
  });

  it("reports a bad file in CONVLAB_FASHION_MNIST_DIR and exits 1", () => {
    const dir = tempDir();
    writeFile(dir, "t10k-labels-idx1-ubyte.gz", syntheticLabels(10));
    const result = spawnSync("node", [bin, "data", "check"], {
      encoding: "utf8",
      env: { ...process.env, CONVLAB_FASHION_MNIST_DIR: dir },
    });
    expect(result.status).toBe(1);
    expect(result.stdout).toContain(
      `t10k-labels-idx1-ubyte: ${dir}/t10k-labels-idx1-ubyte.gz (CONVLAB_FASHION_MNIST_DIR=${dir}): BAD: checksum mismatch`,
    );
    expect(result.stdout).toContain("t10k-images-idx3-ubyte: /usr/share/datasets/fashion-mnist/");
  });

  it("reports missing files with instructions", async () => {
    const cache = tempDir();
    const report = await dataCheckReport({
      env: {},
      debianDir: "/nonexistent",
      cacheDir: cache,
      progress: false,
    });
    expect(report.ok).toBe(false);
    expect(report.files.map((f) => f.status)).toEqual(["missing", "missing", "missing", "missing"]);
    expect(report.text).toContain("train-images-idx3-ubyte: MISSING");
    expect(report.text).toContain("sudo apt-get install dataset-fashion-mnist");
  });
});
