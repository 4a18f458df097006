/**
 * Fashion-MNIST in memory: the pixels of one split (one Uint8Array, as read), its labels, the class
 * names, selection (by index, by class, first of each class, seeded sample) and scaling to
 * `[0, 1]` float32 NCHW tensors.
 */
import { ConvLabError } from "../errors.js";
import { seededRandom } from "../tensor/random.js";
import { Tensor } from "../tensor/tensor.js";
import { FASHION_MNIST_CLASSES, type FashionMnistClass } from "./classes.js";
import { downloadFashionMnist } from "./download.js";
import { dataFileError } from "./errors.js";
import { FASHION_MNIST_IMAGE_SIZE, type FashionMnistSplit, filesOf } from "./files.js";
import { readIdx } from "./idx.js";
import { defaultCacheDir, type LocatedFile, type LocateOptions, locateSplit } from "./locate.js";

/** Options of {@link loadFashionMnist}. */
export interface LoadFashionMnistOptions extends LocateOptions {
  /** Check the SHA-256 of the decompressed files (default true). */
  readonly verify?: boolean;
  /** When no place holds the files, download them into the cache (default false). */
  readonly download?: boolean;
  /** Base URL for the download (default: the upstream release). */
  readonly baseUrl?: string;
}

/** The label of one image, as figures show it. */
export interface ImageLabel {
  /** The class name, e.g. "Ankle boot". */
  readonly label: string;
  readonly classIndex?: number;
  readonly datasetIndex?: number;
  readonly split?: "train" | "test" | "synthetic";
}

/** Some images of a split: a `[n, 1, 28, 28]` float32 tensor in [0, 1] and what each image is. */
export interface FashionMnistSelection {
  readonly split: FashionMnistSplit;
  readonly indices: readonly number[];
  /** `[n, 1, 28, 28]`, float32, pixel / 255. */
  readonly tensor: Tensor;
  readonly images: readonly ImageLabel[];
}

/** How to choose images: explicit indices, a class, the first of each class, or a seeded sample. */
export type SelectionSpec =
  | { readonly indices: readonly number[] }
  | { readonly class: number | FashionMnistClass; readonly count?: number }
  | { readonly firstOfEachClass: true }
  | { readonly sample: number; readonly seed?: number };

function classIndexOf(value: number | string): number {
  const index = typeof value === "number" ? value : FASHION_MNIST_CLASSES.indexOf(value as FashionMnistClass);
  if (!Number.isInteger(index) || index < 0 || index > 9) {
    throw new ConvLabError({
      parameter: "class",
      value,
      rule: "must be a label 0–9 or a class name",
      fix: `use one of ${FASHION_MNIST_CLASSES.map((c, i) => `${i} '${c}'`).join(", ")}`,
      category: "argument",
    });
  }
  return index;
}

/**
 * One split of Fashion-MNIST, loaded by {@link loadFashionMnist}: the pixels as read (one
 * Uint8Array), the labels, and selection helpers.
 *
 * @example
 * ```ts
 * import { loadFashionMnist } from "convlab";
 * const test = await loadFashionMnist("test");
 * Array.from(test.labels.subarray(0, 4)); // [9, 2, 1, 1]
 * test.classCounts()[0];                   // 1000
 * test.tensor([0]).shape;                  // [1, 1, 28, 28]
 * ```
 */
export class FashionMnist {
  readonly split: FashionMnistSplit;
  /** Number of images. */
  readonly count: number;
  readonly rows: number;
  readonly cols: number;
  /** All pixels, `count·rows·cols` bytes, image after image, row-major. */
  readonly pixels: Uint8Array;
  /** One label 0–9 per image. */
  readonly labels: Uint8Array;
  /** Where the images and labels were read from. */
  readonly files: { readonly images: LocatedFile | string; readonly labels: LocatedFile | string };

  constructor(
    split: FashionMnistSplit,
    pixels: Uint8Array,
    labels: Uint8Array,
    files: { images: LocatedFile | string; labels: LocatedFile | string },
    rows = FASHION_MNIST_IMAGE_SIZE,
    cols = FASHION_MNIST_IMAGE_SIZE,
  ) {
    this.split = split;
    this.pixels = pixels;
    this.labels = labels;
    this.count = labels.length;
    this.rows = rows;
    this.cols = cols;
    this.files = files;
  }

  private checkIndex(index: number): void {
    if (!Number.isInteger(index) || index < 0 || index >= this.count) {
      throw new ConvLabError({
        parameter: "index",
        value: index,
        rule: `must be an integer in [0, ${this.count - 1}] (the ${this.split} split has ${this.count} images)`,
        fix: `use an index from 0 to ${this.count - 1}`,
        category: "argument",
      });
    }
  }

  /** The label 0–9 of image `index`. */
  label(index: number): number {
    this.checkIndex(index);
    return this.labels[index]!;
  }

  /** The class name of image `index`, e.g. "Ankle boot". */
  className(index: number): FashionMnistClass {
    return FASHION_MNIST_CLASSES[this.label(index)]!;
  }

  /** How many images each class has (10 numbers). */
  classCounts(): number[] {
    const counts = new Array<number>(10).fill(0);
    for (const label of this.labels) counts[label] = counts[label]! + 1;
    return counts;
  }

  /** Indices of the images of one class, in dataset order (at most `limit`). */
  indicesOfClass(klass: number | FashionMnistClass, limit = Number.POSITIVE_INFINITY): number[] {
    const wanted = classIndexOf(klass);
    const out: number[] = [];
    for (let i = 0; i < this.count && out.length < limit; i++) if (this.labels[i] === wanted) out.push(i);
    return out;
  }

  /** The index of the first image of each class, for classes 0…9. */
  firstOfEachClass(): number[] {
    const first = new Array<number>(10).fill(-1);
    let missing = 10;
    for (let i = 0; i < this.count && missing > 0; i++) {
      const label = this.labels[i]!;
      if (first[label] === -1) {
        first[label] = i;
        missing--;
      }
    }
    return first.filter((i) => i >= 0);
  }

  /** `n` distinct indices drawn reproducibly from `seed` (partial Fisher–Yates shuffle). */
  sample(n: number, seed = 0): number[] {
    if (!Number.isInteger(n) || n < 0 || n > this.count) {
      throw new ConvLabError({
        parameter: "sample",
        value: n,
        rule: `must be an integer in [0, ${this.count}]`,
        fix: "for example sample: 8",
        category: "argument",
      });
    }
    const random = seededRandom(seed);
    const order = new Uint32Array(this.count);
    for (let i = 0; i < this.count; i++) order[i] = i;
    for (let i = 0; i < n; i++) {
      const j = i + random.int(this.count - i);
      const swap = order[i]!;
      order[i] = order[j]!;
      order[j] = swap;
    }
    return Array.from(order.subarray(0, n));
  }

  /**
   * Images `indices` scaled to [0, 1] as a float32 `[n, 1, rows, cols]` tensor.
   */
  tensor(indices: readonly number[]): Tensor {
    const size = this.rows * this.cols;
    const data = new Float32Array(indices.length * size);
    indices.forEach((index, n) => {
      this.checkIndex(index);
      const from = index * size;
      for (let p = 0; p < size; p++) data[n * size + p] = this.pixels[from + p]! / 255;
    });
    return new Tensor([indices.length, 1, this.rows, this.cols], data);
  }

  /**
   * Chooses images and returns them as a tensor with their labels.
   *
   * @example
   * ```ts
   * import { loadFashionMnist } from "convlab";
   * const test = await loadFashionMnist("test");
   * test.select({ indices: [0] }).images[0]!.label;              // "Ankle boot"
   * test.select({ firstOfEachClass: true }).tensor.shape;         // [10, 1, 28, 28]
   * test.select({ class: "Sneaker", count: 2 }).indices;          // [9, 12]
   * test.select({ sample: 4, seed: 1 }).indices.length;           // 4
   * ```
   */
  select(spec: SelectionSpec): FashionMnistSelection {
    let indices: number[];
    if ("indices" in spec) indices = [...spec.indices];
    else if ("class" in spec) indices = this.indicesOfClass(spec.class, spec.count ?? 1);
    else if ("firstOfEachClass" in spec) indices = this.firstOfEachClass();
    else indices = this.sample(spec.sample, spec.seed ?? 0);
    const tensor = this.tensor(indices);
    const images = indices.map((datasetIndex) => ({
      label: this.className(datasetIndex),
      classIndex: this.label(datasetIndex),
      datasetIndex,
      split: this.split,
    }));
    return { split: this.split, indices, tensor, images };
  }
}

/**
 * Loads one split of Fashion-MNIST (default `"test"`), found by {@link locateSplit}: checks magic
 * numbers, 28×28 images, equal image and label counts and (by default) the SHA-256 of each
 * decompressed file. Every fault throws a {@link ConvLabError} of category `"data"` naming the file.
 *
 * @example
 * ```ts
 * import { loadFashionMnist } from "convlab";
 * const test = await loadFashionMnist("test");
 * test.count;          // 10000
 * test.className(0);   // "Ankle boot"
 * ```
 */
export async function loadFashionMnist(
  split: FashionMnistSplit = "test",
  options: LoadFashionMnistOptions = {},
): Promise<FashionMnist> {
  if (split !== "train" && split !== "test") {
    throw new ConvLabError({
      parameter: "split",
      value: split,
      rule: "must be 'train' or 'test'",
      fix: "use loadFashionMnist('test') (10 000 images) or loadFashionMnist('train') (60 000)",
      category: "argument",
    });
  }
  let located: { images: LocatedFile; labels: LocatedFile };
  try {
    located = locateSplit(split, options);
  } catch (error) {
    if (!options.download) throw error;
    const { images, labels } = filesOf(split);
    const cacheDir = options.cacheDir ?? defaultCacheDir(options.env ?? process.env);
    await downloadFashionMnist({
      dir: cacheDir,
      files: [images, labels],
      ...(options.baseUrl !== undefined && { baseUrl: options.baseUrl }),
    });
    located = locateSplit(split, { ...options, cacheDir });
  }
  return loadFashionMnistFiles(split, located.images, located.labels, options.verify ?? true);
}

/**
 * Loads a split from explicit files (`LocatedFile`s or paths), with the same checks as {@link loadFashionMnist}.
 *
 * @example
 * ```ts
 * import { loadFashionMnistFiles } from "convlab";
 * const dir = "/usr/share/datasets/fashion-mnist";
 * const test = await loadFashionMnistFiles("test", `${dir}/t10k-images-idx3-ubyte.gz`, `${dir}/t10k-labels-idx1-ubyte.gz`);
 * test.labels[0]; // 9
 * ```
 */
export async function loadFashionMnistFiles(
  split: FashionMnistSplit,
  images: LocatedFile | string,
  labels: LocatedFile | string,
  verify = true,
): Promise<FashionMnist> {
  const expected = filesOf(split);
  const pathOf = (f: LocatedFile | string) => (typeof f === "string" ? f : f.path);
  const labelFile = await readIdx(pathOf(labels), {
    kind: "labels",
    ...(verify && { sha256: expected.labels.sha256 }),
  });
  const imageFile = await readIdx(pathOf(images), {
    kind: "images",
    imageSize: [FASHION_MNIST_IMAGE_SIZE, FASHION_MNIST_IMAGE_SIZE],
    ...(verify && { sha256: expected.images.sha256 }),
  });
  const imageCount = imageFile.dims[0]!;
  const labelCount = labelFile.dims[0]!;
  if (imageCount !== labelCount) {
    throw dataFileError(
      pathOf(images),
      `image/label count mismatch: ${imageCount} images but ${pathOf(labels)} has ${labelCount} labels`,
      "use an images file and a labels file of the same split",
    );
  }
  for (let i = 0; i < labelCount; i++) {
    if (labelFile.data[i]! > 9) {
      throw dataFileError(
        pathOf(labels),
        `label ${labelFile.data[i]} at index ${i} is not a class 0–9`,
        "this is not a Fashion-MNIST labels file; replace it with the original",
      );
    }
  }
  return new FashionMnist(split, imageFile.data, labelFile.data, { images, labels });
}
