import { readFileSync } from "node:fs";
import { gunzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { FASHION_MNIST_CLASSES } from "../../../src/data/classes.js";
import { loadFashionMnist, loadFashionMnistFiles } from "../../../src/data/fashion-mnist.js";
import { DEBIAN_DIR } from "../../../src/data/files.js";
import { ConvLabError } from "../../../src/errors.js";
import { syntheticImages, syntheticLabels, tempDir, writeFile } from "../../support/idx-files.js";

// The real files from Debian's dataset-fashion-mnist (scripts/setup.sh installs it).
const env = {}; // no CONVLAB_FASHION_MNIST_DIR: the Debian directory is found
const test = await loadFashionMnist("test", { env });
const train = await loadFashionMnist("train", { env });

describe("Fashion-MNIST from the Debian package", () => {
  it("is found in /usr/share/datasets/fashion-mnist", () => {
    const files = test.files.images;
    expect(typeof files === "string" ? files : files.path).toBe(`${DEBIAN_DIR}/t10k-images-idx3-ubyte.gz`);
  });

  it("has the known first labels (train 9,0,0,3,0,2,7,2; test 9,2,1,1,6,1,4,6,5,7)", () => {
    expect(Array.from(train.labels.subarray(0, 8))).toEqual([9, 0, 0, 3, 0, 2, 7, 2]);
    expect(Array.from(test.labels.subarray(0, 10))).toEqual([9, 2, 1, 1, 6, 1, 4, 6, 5, 7]);
  });

  it("has 60 000 / 10 000 images of 28×28, 6000 / 1000 per class", () => {
    expect([train.count, train.rows, train.cols, train.pixels.length]).toEqual([60000, 28, 28, 60000 * 784]);
    expect([test.count, test.pixels.length]).toEqual([10000, 10000 * 784]);
    expect(train.classCounts()).toEqual(new Array(10).fill(6000));
    expect(test.classCounts()).toEqual(new Array(10).fill(1000));
  });

  it("names the classes in label order", () => {
    expect(FASHION_MNIST_CLASSES).toEqual([
      "T-shirt/top",
      "Trouser",
      "Pullover",
      "Dress",
      "Coat",
      "Sandal",
      "Shirt",
      "Sneaker",
      "Bag",
      "Ankle boot",
    ]);
    expect(test.className(0)).toBe("Ankle boot");
    expect(train.className(3)).toBe("Dress");
  });

  it("selects by index, with labels and a [0, 1] float32 NCHW tensor equal to pixel/255", () => {
    const raw = gunzipSync(readFileSync(`${DEBIAN_DIR}/t10k-images-idx3-ubyte.gz`)); // independent read
    const selection = test.select({ indices: [0, 7] });
    expect(selection.tensor.shape).toEqual([2, 1, 28, 28]);
    expect(selection.tensor.dtype).toBe("float32");
    expect(selection.images.map((i) => [i.label, i.classIndex, i.datasetIndex, i.split])).toEqual([
      ["Ankle boot", 9, 0, "test"],
      ["Shirt", 6, 7, "test"],
    ]);
    for (let p = 0; p < 784; p++) {
      expect(selection.tensor.data[p]).toBe(Math.fround(raw[16 + p]! / 255));
      expect(selection.tensor.data[784 + p]).toBe(Math.fround(raw[16 + 7 * 784 + p]! / 255));
    }
    expect(selection.tensor.min()).toBe(0);
    expect(selection.tensor.max()).toBe(1);
  });

  it("selects the first image of each class (from the known first test labels)", () => {
    const first = test.firstOfEachClass();
    expect(first).toHaveLength(10);
    // test labels start 9,2,1,1,6,1,4,6,5,7
    expect([first[9], first[2], first[1], first[6], first[4], first[5], first[7]]).toEqual([
      0, 1, 2, 4, 6, 8, 9,
    ]);
    first.forEach((index, klass) => {
      expect(test.label(index)).toBe(klass);
      for (let i = 0; i < index; i++) expect(test.labels[i]).not.toBe(klass);
    });
    expect(test.select({ firstOfEachClass: true }).tensor.shape).toEqual([10, 1, 28, 28]);
  });

  it("selects by class, by name or label", () => {
    const byName = test.select({ class: "Trouser", count: 3 });
    expect(byName.indices).toEqual([2, 3, 5]); // labels 1 at positions 2, 3, 5
    expect(test.select({ class: 1, count: 3 }).indices).toEqual([2, 3, 5]);
    expect(test.indicesOfClass(9)).toHaveLength(1000);
  });

  it("draws a seeded sample: distinct, reproducible, seed-dependent", () => {
    const a = test.sample(50, 7);
    expect(new Set(a).size).toBe(50);
    expect(test.sample(50, 7)).toEqual(a);
    expect(test.sample(50, 8)).not.toEqual(a);
    expect(a.every((i) => Number.isInteger(i) && i >= 0 && i < 10000)).toBe(true);
  });

  it("rejects a bad index or class with a ConvLabError", () => {
    expect(() => test.select({ indices: [10000] })).toThrow(
      /index = 10000: must be an integer in \[0, 9999\]/,
    );
    expect(() => test.select({ class: "Hat" as never })).toThrow(ConvLabError);
  });
});

describe("loading a split from bad files", () => {
  const dir = tempDir();

  it("rejects an image/label count mismatch, naming both files", async () => {
    const images = writeFile(dir, "mismatch-images.gz", syntheticImages(5));
    const labels = writeFile(dir, "mismatch-labels.gz", syntheticLabels(4));
    const error = await loadFashionMnistFiles("test", images, labels, false).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConvLabError);
    expect((error as ConvLabError).category).toBe("data");
    expect((error as ConvLabError).message).toContain(images);
    expect((error as ConvLabError).message).toContain(
      `image/label count mismatch: 5 images but ${labels} has 4 labels`,
    );
  });

  it("rejects files whose checksum is not Fashion-MNIST's (verification on by default)", async () => {
    const images = writeFile(dir, "t10k-images-idx3-ubyte.gz", syntheticImages(4));
    const labels = writeFile(dir, "t10k-labels-idx1-ubyte.gz", syntheticLabels(4));
    const error = await loadFashionMnist("test", { env: { CONVLAB_FASHION_MNIST_DIR: dir } }).catch(
      (e: unknown) => e,
    );
    expect((error as ConvLabError).message).toContain(labels);
    expect((error as ConvLabError).message).toContain("checksum mismatch");
    const unverified = await loadFashionMnistFiles("test", images, labels, false);
    expect(unverified.count).toBe(4);
  });

  it("rejects labels outside 0–9", async () => {
    const { idxBytes } = await import("../../support/idx-files.js");
    const images = writeFile(dir, "bad-label-images.gz", syntheticImages(2));
    const labels = writeFile(dir, "bad-label-labels.gz", idxBytes(2049, [2], [3, 12]));
    const error = await loadFashionMnistFiles("test", images, labels, false).catch((e: unknown) => e);
    expect((error as ConvLabError).message).toContain("label 12 at index 1 is not a class 0–9");
  });
});
