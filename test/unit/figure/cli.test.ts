/** `convlab featuremaps`, run as a user runs it (the built binary). */
import { execFileSync, spawnSync } from "node:child_process";
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
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
    // the SVG too: smaller than the PNG for this figure
    expect(Object.keys(bundle.data)).toEqual([
      FEATUREMAPS_MIME_TYPE,
      "image/png",
      "text/plain",
      "image/svg+xml",
    ]);
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

describe("convlab featuremaps and data check on bad arguments: a clear error and exit code 2", () => {
  const expectRejected = (result: ReturnType<typeof run>, ...messages: string[]) => {
    expect(result.status).toBe(2);
    expect(result.stdout).toBe("");
    for (const m of messages) expect(result.stderr).toContain(m);
    expect(result.stderr).not.toMatch(/\n\s+at /); // no stack trace
  };

  it("rejects --zoom outside 1..8 (negative, zero, huge, not a number)", () => {
    const dir = tempDir("convlab-cli-");
    for (const zoom of ["-2", "0", "100000", "1.5", "x"]) {
      const result = run("featuremaps", "--png", join(dir, "z.png"), `--zoom=${zoom}`);
      expectRejected(result, `convlab: --zoom = '${zoom}': must be a whole number from 1 to 8`);
    }
    expect(existsSync(join(dir, "z.png"))).toBe(false);
  });

  it("keeps --png within 1200 px at the largest zoom (kernel columns wrap)", () => {
    const dir = tempDir("convlab-cli-");
    const png = join(dir, "wide.png");
    const kernels = "sobel-x,sobel-y,laplacian,sharpen,identity,box-blur";
    const result = run("featuremaps", "--kernel", kernels, "--png", png, "--zoom", "8");
    expect(result.status).toBe(0);
    expect(PNG.sync.read(readFileSync(png)).width).toBeLessThanOrEqual(1200);
  });

  it("rejects an unwritable --png or --bundle path, naming why", () => {
    const dir = tempDir("convlab-cli-");
    expectRejected(
      run("featuremaps", "--png", join(dir, "missing", "out.png")),
      "--png",
      "its directory does not exist",
    );
    expectRejected(run("featuremaps", "--bundle", dir), "--bundle", "it is a directory");
    mkdirSync(join(dir, "locked"));
    chmodSync(join(dir, "locked"), 0o500);
    if (process.getuid?.() !== 0) {
      expectRejected(
        run("featuremaps", "--png", join(dir, "locked", "out.png")),
        "--png",
        "permission denied",
      );
    }
    writeFileSync(join(dir, "file"), "");
    expectRejected(run("featuremaps", "--png", join(dir, "file", "out.png")), "--png", "not a directory");
  });

  it("rejects --sample 0 (and more than a figure holds)", () => {
    expectRejected(
      run("featuremaps", "--sample", "0"),
      "--sample = '0': must be a whole number from 1 to 64",
    );
    expectRejected(
      run("featuremaps", "--sample", "65"),
      "--sample = '65': must be a whole number from 1 to 64",
    );
  });

  it("data check: a FIFO among the data files is refused at once, not read", () => {
    const dir = tempDir("convlab-fifo-");
    for (const name of ["train-images-idx3-ubyte", "train-labels-idx1-ubyte", "t10k-images-idx3-ubyte"]) {
      writeFileSync(join(dir, name), "");
    }
    execFileSync("mkfifo", [join(dir, "t10k-labels-idx1-ubyte")]);
    const result = spawnSync("node", [bin, "data", "check"], {
      encoding: "utf8",
      timeout: 20_000,
      env: { ...process.env, CONVLAB_FASHION_MNIST_DIR: dir },
    });
    expectRejected(
      result,
      "t10k-labels-idx1-ubyte",
      "is not a regular file (a FIFO, a device or a directory)",
    );
  });
});
