/**
 * The four Fashion-MNIST files: names, what they hold, and the SHA-256 of their decompressed bytes
 * (Debian's gzip headers differ from upstream; the decompressed bytes are identical).
 */

/** Which half of the dataset: 60 000 training or 10 000 test examples. */
export type FashionMnistSplit = "train" | "test";

/** One of the four IDX files. */
export interface FashionMnistFile {
  readonly split: FashionMnistSplit;
  readonly kind: "images" | "labels";
  /** The file name without `.gz` (the decompressed IDX file). */
  readonly name: string;
  /** SHA-256 of the decompressed content, lower-case hex. */
  readonly sha256: string;
  /** Number of examples. */
  readonly count: number;
}

/** Images are 28×28 pixels. */
export const FASHION_MNIST_IMAGE_SIZE = 28;

/**
 * The four files, in the order `convlab data check` lists them.
 *
 * @example
 * ```ts
 * import { FASHION_MNIST_FILES } from "convlab";
 * FASHION_MNIST_FILES.map((f) => f.name);
 * // ["train-images-idx3-ubyte", "train-labels-idx1-ubyte", "t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte"]
 * ```
 */
export const FASHION_MNIST_FILES: readonly FashionMnistFile[] = [
  {
    split: "train",
    kind: "images",
    name: "train-images-idx3-ubyte",
    sha256: "c59f468a2f672dc815687fe0f83887768d799fd8a3f3276145d20f83aa44d888",
    count: 60000,
  },
  {
    split: "train",
    kind: "labels",
    name: "train-labels-idx1-ubyte",
    sha256: "bad3541b69d912435c50bb6ba87bec294ff4f6a2e1246121d8633921760443d9",
    count: 60000,
  },
  {
    split: "test",
    kind: "images",
    name: "t10k-images-idx3-ubyte",
    sha256: "5b4141f0afbad91edebe8549f8fcffe087ea10ca49f1dbef5c9a5cd8815ce37b",
    count: 10000,
  },
  {
    split: "test",
    kind: "labels",
    name: "t10k-labels-idx1-ubyte",
    sha256: "0402a96d92fd2663957122ceb108a494c5af83dab82d92729df917d7dec38c34",
    count: 10000,
  },
];

/** The images and labels files of a split. */
export function filesOf(split: FashionMnistSplit): { images: FashionMnistFile; labels: FashionMnistFile } {
  const of = (kind: "images" | "labels") =>
    FASHION_MNIST_FILES.find((f) => f.split === split && f.kind === kind)!;
  return { images: of("images"), labels: of("labels") };
}

/** Where the upstream release lives (Zalando Research's S3 bucket, as linked from their README). */
export const FASHION_MNIST_UPSTREAM_URL = "http://fashion-mnist.s3-website.eu-central-1.amazonaws.com/";

/** The Debian package that ships the files, and where it puts them. */
export const DEBIAN_PACKAGE = "dataset-fashion-mnist";
export const DEBIAN_DIR = "/usr/share/datasets/fashion-mnist";
