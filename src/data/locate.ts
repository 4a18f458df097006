/**
 * Finds the Fashion-MNIST files, in this order: the directory in `CONVLAB_FASHION_MNIST_DIR`;
 * Debian's `dataset-fashion-mnist` in /usr/share/datasets/fashion-mnist; the user cache
 * ~/.cache/convlab/fashion-mnist (where `convlab data download` puts them). Each file may be
 * gzipped (`name.gz`) or raw (`name`).
 */
import { existsSync } from "node:fs";
import { homedir } from "node:os";
import { join } from "node:path";
import { dataFileError } from "./errors.js";
import {
  DEBIAN_DIR,
  DEBIAN_PACKAGE,
  FASHION_MNIST_FILES,
  FASHION_MNIST_UPSTREAM_URL,
  type FashionMnistFile,
  type FashionMnistSplit,
  filesOf,
} from "./files.js";

/** The environment variable that points ConvLab at a directory holding the four files. */
export const DATA_DIR_ENV = "CONVLAB_FASHION_MNIST_DIR";

/** Where a file was found. */
export type DataSource = "env" | "debian" | "cache";

/** A directory the locator searches. */
export interface SearchPlace {
  readonly source: DataSource;
  readonly dir: string;
  /** How a person would name this place, e.g. `Debian package dataset-fashion-mnist`. */
  readonly description: string;
}

/** Overrides for the search (tests and unusual installs); defaults come from the process. */
export interface LocateOptions {
  /** Environment to read `CONVLAB_FASHION_MNIST_DIR`, `XDG_CACHE_HOME` and `HOME` from. */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** Debian's directory (default /usr/share/datasets/fashion-mnist). */
  readonly debianDir?: string;
  /** The user cache (default ~/.cache/convlab/fashion-mnist). */
  readonly cacheDir?: string;
}

/** A file that was found. */
export interface LocatedFile {
  readonly file: FashionMnistFile;
  readonly path: string;
  readonly place: SearchPlace;
}

/**
 * The user cache directory: `$XDG_CACHE_HOME/convlab/fashion-mnist`, else `~/.cache/convlab/fashion-mnist`.
 *
 * @example
 * ```ts
 * import { defaultCacheDir } from "convlab";
 * defaultCacheDir({ HOME: "/home/ada" }); // "/home/ada/.cache/convlab/fashion-mnist"
 * ```
 */
export function defaultCacheDir(env: Readonly<Record<string, string | undefined>> = process.env): string {
  const base = env.XDG_CACHE_HOME || join(env.HOME || homedir(), ".cache");
  return join(base, "convlab", "fashion-mnist");
}

/**
 * The places searched, in order.
 *
 * @example
 * ```ts
 * import { searchPlaces } from "convlab";
 * searchPlaces({ env: { HOME: "/home/ada" } }).map((p) => p.source); // ["debian", "cache"]
 * ```
 */
export function searchPlaces(options: LocateOptions = {}): SearchPlace[] {
  const env = options.env ?? process.env;
  const places: SearchPlace[] = [];
  const fromEnv = env[DATA_DIR_ENV];
  if (fromEnv) places.push({ source: "env", dir: fromEnv, description: `${DATA_DIR_ENV}=${fromEnv}` });
  places.push({
    source: "debian",
    dir: options.debianDir ?? DEBIAN_DIR,
    description: `Debian package ${DEBIAN_PACKAGE}`,
  });
  places.push({ source: "cache", dir: options.cacheDir ?? defaultCacheDir(env), description: "user cache" });
  return places;
}

/** The path of `file` in `dir` (gzipped preferred, raw accepted), or undefined. */
export function fileIn(dir: string, file: FashionMnistFile): string | undefined {
  for (const name of [`${file.name}.gz`, file.name]) {
    const path = join(dir, name);
    if (existsSync(path)) return path;
  }
  return undefined;
}

/**
 * Where each of the four files is (the first place holding it), or undefined when none does.
 *
 * @example
 * ```ts
 * import { locateFashionMnistFiles } from "convlab";
 * for (const { file, found } of locateFashionMnistFiles()) console.log(file.name, found?.path ?? "missing");
 * ```
 */
export function locateFashionMnistFiles(
  options: LocateOptions = {},
): { file: FashionMnistFile; found: LocatedFile | undefined }[] {
  const places = searchPlaces(options);
  return FASHION_MNIST_FILES.map((file) => {
    for (const place of places) {
      const path = fileIn(place.dir, file);
      if (path) return { file, found: { file, path, place } };
    }
    return { file, found: undefined };
  });
}

/**
 * How to get the data, for error messages and `convlab data check`.
 */
export function howToGetData(options: LocateOptions = {}): string {
  const cache = options.cacheDir ?? defaultCacheDir(options.env ?? process.env);
  const names = FASHION_MNIST_FILES.map((f) => `${f.name}.gz`).join(", ");
  return [
    `install Debian's package: sudo apt-get install ${DEBIAN_PACKAGE} (puts the files in ${DEBIAN_DIR});`,
    `or, with internet access, run: npx convlab data download (fetches ${FASHION_MNIST_UPSTREAM_URL} into ${cache});`,
    `or copy ${names} (from ${FASHION_MNIST_UPSTREAM_URL}) into a directory and set ${DATA_DIR_ENV} to it`,
  ].join(" ");
}

/**
 * The images and labels files of `split`, both from the first place that holds both.
 * Throws a {@link ConvLabError} (category `"data"`) listing the places searched and how to get the data.
 *
 * @example
 * ```ts
 * import { locateSplit } from "convlab";
 * locateSplit("test").images.path; // "/usr/share/datasets/fashion-mnist/t10k-images-idx3-ubyte.gz"
 * ```
 */
export function locateSplit(
  split: FashionMnistSplit,
  options: LocateOptions = {},
): { images: LocatedFile; labels: LocatedFile } {
  const { images, labels } = filesOf(split);
  const places = searchPlaces(options);
  for (const place of places) {
    const imagesPath = fileIn(place.dir, images);
    const labelsPath = fileIn(place.dir, labels);
    if (imagesPath && labelsPath) {
      return {
        images: { file: images, path: imagesPath, place },
        labels: { file: labels, path: labelsPath, place },
      };
    }
  }
  const searched = places.map((p) => `${p.dir} (${p.description})`).join(", ");
  throw dataFileError(
    `${images.name}[.gz] and ${labels.name}[.gz]`,
    `Fashion-MNIST ${split} files not found; searched ${searched}${(options.env ?? process.env)[DATA_DIR_ENV] ? "" : ` (${DATA_DIR_ENV} is not set)`}`,
    howToGetData(options),
  );
}
