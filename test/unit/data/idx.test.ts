import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { readIdx } from "../../../src/data/idx.js";
import { ConvLabError } from "../../../src/errors.js";
import { idxBytes, syntheticImages, syntheticLabels, tempDir, writeFile } from "../../support/idx-files.js";

async function rejection(promise: Promise<unknown>): Promise<ConvLabError> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(ConvLabError);
    return error as ConvLabError;
  }
  throw new Error("expected a ConvLabError, but the call succeeded");
}

describe("readIdx on small synthetic files", () => {
  const dir = tempDir();

  it("reads a gzipped and a raw images file to the same bytes, header excluded", async () => {
    const bytes = syntheticImages(3, 4, 5);
    const gz = await readIdx(writeFile(dir, "ok-images.gz", bytes), { kind: "images" });
    const raw = await readIdx(writeFile(dir, "ok-images", bytes), { kind: "images" });
    expect(gz.gzipped).toBe(true);
    expect(raw.gzipped).toBe(false);
    expect(gz.magic).toBe(2051);
    expect(gz.dims).toEqual([3, 4, 5]);
    expect(Array.from(gz.data)).toEqual(Array.from(bytes.subarray(16)));
    expect(Array.from(raw.data)).toEqual(Array.from(bytes.subarray(16)));
    expect(gz.sha256).toBe(createHash("sha256").update(bytes).digest("hex"));
  });

  it("reads a labels file (magic 2049, one dimension)", async () => {
    const labels = await readIdx(writeFile(dir, "ok-labels.gz", syntheticLabels(12)), { kind: "labels" });
    expect(labels.magic).toBe(2049);
    expect(labels.dims).toEqual([12]);
    expect(Array.from(labels.data)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1]);
  });

  it("rejects a truncated gzip stream, naming the file", async () => {
    const whole = writeFile(dir, "whole.gz", syntheticImages(50));
    const { readFileSync, writeFileSync } = await import("node:fs");
    const cut = `${dir}/truncated-images.gz`;
    const bytes = readFileSync(whole);
    writeFileSync(cut, bytes.subarray(0, Math.floor(bytes.length / 2)));
    const error = await rejection(readIdx(cut, { kind: "images" }));
    expect(error.category).toBe("data");
    expect(error.message).toContain(cut);
    expect(error.message).toContain("truncated gzip stream");
  });

  it("rejects a wrong magic number (a labels file read as images)", async () => {
    const path = writeFile(dir, "labels-as-images.gz", syntheticLabels(10));
    const error = await rejection(readIdx(path, { kind: "images" }));
    expect(error.message).toContain(path);
    expect(error.message).toContain("wrong magic number 2049");
    expect(error.message).toContain("starts with 2051");
  });

  it("rejects a wrong magic number (not an IDX file at all)", async () => {
    const path = writeFile(dir, "text.gz", Buffer.from("hello, world: not an IDX file"));
    const error = await rejection(readIdx(path, { kind: "labels" }));
    expect(error.message).toMatch(/wrong magic number \d+ \(0x68656c6c\)/);
  });

  it("rejects wrong image dimensions", async () => {
    const path = writeFile(dir, "27x28.gz", syntheticImages(2, 27, 28));
    const error = await rejection(readIdx(path, { kind: "images", imageSize: [28, 28] }));
    expect(error.message).toContain("wrong image dimensions 27x28: Fashion-MNIST images are 28x28");
  });

  it("rejects data shorter than the header promises (file intact, content cut)", async () => {
    const bytes = idxBytes(2051, [2, 28, 28], new Uint8Array(28 * 28)); // one image instead of two
    const path = writeFile(dir, "short-data.gz", bytes);
    const error = await rejection(readIdx(path, { kind: "images" }));
    expect(error.message).toContain(`truncated: the header promises ${16 + 2 * 784} bytes`);
    expect(error.message).toContain(`file has ${16 + 784}`);
  });

  it("rejects data longer than the header promises", async () => {
    const path = writeFile(dir, "long-labels", idxBytes(2049, [3], [1, 2, 3, 4]));
    const error = await rejection(readIdx(path, { kind: "labels" }));
    expect(error.message).toContain("longer than its header says");
  });

  it("rejects a file too short for a header", async () => {
    const path = writeFile(dir, "tiny", Buffer.from([0, 0, 8]));
    const error = await rejection(readIdx(path, { kind: "labels" }));
    expect(error.message).toContain("too short to hold an IDX header (3 bytes)");
  });

  it("rejects a checksum mismatch, giving both hashes", async () => {
    const bytes = syntheticLabels(10);
    const actual = createHash("sha256").update(bytes).digest("hex");
    const expected = "0402a96d92fd2663957122ceb108a494c5af83dab82d92729df917d7dec38c34";
    const path = writeFile(dir, "wrong-content-labels.gz", bytes);
    const error = await rejection(readIdx(path, { kind: "labels", sha256: expected }));
    expect(error.message).toContain(
      `checksum mismatch: SHA-256 of the decompressed content is ${actual}, expected ${expected}`,
    );
    expect(error.fix).toContain("apt-get install --reinstall dataset-fashion-mnist");
  });

  it("rejects a missing file", async () => {
    const error = await rejection(readIdx(`${dir}/nope.gz`, { kind: "labels" }));
    expect(error.message).toContain("cannot be opened (ENOENT)");
  });
});
