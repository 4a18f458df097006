/** `convlab featuremaps`, run as a user runs it (the built binary). */
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { PNG } from "pngjs";
import { describe, expect, it } from "vitest";
import { FEATUREMAPS_MIME_TYPE, type FeatureMapPayload } from "../../../src/figure/payload.js";
import { validateFeatureMapPayload } from "../../../src/figure/validate.js";
import { tempDir } from "../../support/idx-files.js";
import { schemaErrors } from "../../support/schema.js";

const bin = resolve(dirname(fileURLToPath(import.meta.url)), "../../../bin/convlab.js");
const run = (...args: string[]) => spawnSync("node", [bin, ...args], { encoding: "utf8" });

describe("convlab featuremaps", () => {
  it("writes the PNG and the bundle for the lecture's example", () => {
    const dir = tempDir("convlab-cli-");
    const png = join(dir, "out.png");
    const bundlePath = join(dir, "out.json");
    const result = run(
      "featuremaps",
      "--index",
      "0",
      "--kernel",
      "sobel-x",
      "--padding",
      "0,1,2",
      "--stride",
      "1,2",
      "--png",
      png,
      "--bundle",
      bundlePath,
    );
    expect(result.stderr).toBe("");
    expect(result.status).toBe(0);
    expect(result.stdout).toContain("FeatureMapFigure: 1 input × 1 kernel × 6 variants (28x28 inputs)");
    expect(result.stdout).toContain("#0 Ankle boot");
    expect(result.stdout).toContain("28×28 → 15×15 (k=3, p=2, s=2): maps [1, 1, 15, 15]");
    const image = PNG.sync.read(readFileSync(png));
    expect(result.stdout).toContain(`wrote ${png} (${image.width}x${image.height} PNG`);
    const bundle = JSON.parse(readFileSync(bundlePath, "utf8")) as { data: Record<string, unknown> };
    expect(Object.keys(bundle.data)).toEqual([FEATUREMAPS_MIME_TYPE, "image/png", "text/plain"]);
    const payload = bundle.data[FEATUREMAPS_MIME_TYPE] as FeatureMapPayload;
    expect(schemaErrors(payload)).toBe("");
    expect(validateFeatureMapPayload(payload).valid).toBe(true);
    expect(payload.variants.map((v) => v.maps.shape)).toEqual([
      [1, 1, 26, 26],
      [1, 1, 13, 13],
      [1, 1, 28, 28],
      [1, 1, 14, 14],
      [1, 1, 30, 30],
      [1, 1, 15, 15],
    ]);
  });

  it("takes one-sided padding, classes and several kernels", () => {
    const result = run(
      "featuremaps",
      "--class",
      "Sneaker",
      "--kernel",
      "sobel-x,sobel-y",
      "--padding",
      "1:0:1:0",
    );
    expect(result.status).toBe(0);
    expect(result.stdout).toContain("#9 Sneaker");
    expect(result.stdout).toContain("28×28 → 27×27 (k=3, p=t1b0l1r0, s=1): maps [1, 2, 27, 27]");
  });

  it("rejects a bad kernel or padding with exit code 2 and a clear message", () => {
    const bad = run("featuremaps", "--kernel", "blur");
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain("convlab: --kernel = 'blur': unknown kernel");
    const tooMuch = run("featuremaps", "--padding", "0", "--stride", "40");
    expect(tooMuch.status).toBe(0); // a 40-stride still gives a 1×1 map
    const negative = run("featuremaps", "--padding", "-1");
    expect(negative.status).toBe(2);
    expect(negative.stderr).toContain("padding");
  });
});
