/** `convlab featuremaps`: a Fashion-MNIST feature-map figure from the command line. */
import { writeFile } from "node:fs/promises";
import type { PaddingMode } from "../conv/params.js";
import { type FashionMnistSelection, loadFashionMnist } from "../data/fashion-mnist.js";
import type { FashionMnistSplit } from "../data/files.js";
import { MIME_BUNDLE } from "../display.js";
import { ConvLabError } from "../errors.js";
import { type FeatureMapFigure, featureMaps, type VariantSpec } from "../figure/feature-maps.js";
import { KERNEL_NAMES, type KernelName } from "../figure/kernels.js";
import { maxZoomForWidth } from "../figure/mosaic.js";
import { parseList, parsePadding, parsePair } from "./parse.js";

/** What `convlab featuremaps` takes (the CLI's strings, parsed). */
export interface FeatureMapsCommand {
  split?: FashionMnistSplit;
  /** Comma-separated dataset indices, e.g. `0,1`. */
  index?: string;
  /** A class name or label: the first images of that class. */
  class?: string;
  firstOfEachClass?: boolean;
  /** A seeded sample of this many images. */
  sample?: string;
  seed?: string;
  /** Comma-separated kernel names. */
  kernel?: string;
  /** Comma-separated paddings: `p`, `HxW`, `top:bottom:left:right`, `same`, `valid`, `tf-same`. */
  padding?: string;
  /** Comma-separated strides: `s` or `HxW`. */
  stride?: string;
  /** Comma-separated dilations. */
  dilation?: string;
  paddingMode?: string;
  png?: string;
  bundle?: string;
  /** PNG pixels per image pixel for `--png` (default 4). */
  zoom?: string;
  download?: boolean;
}

/**
 * The variants of a command: every padding × stride × dilation combination, in that order.
 *
 * @example
 * ```ts
 * import { parseVariants } from "convlab/cli";
 * parseVariants({ padding: "0,1,2", stride: "1,2" }).length; // 6
 * parseVariants({ padding: "1:0:1:0" })[0]!.padding;        // { top: 1, bottom: 0, left: 1, right: 0 }
 * parseVariants({ stride: "3x4" })[0]!.stride;               // [3, 4]
 * ```
 */
export function parseVariants(
  command: Pick<FeatureMapsCommand, "padding" | "stride" | "dilation" | "paddingMode">,
): VariantSpec[] {
  const items = (text: string | undefined, fallback: string) =>
    (text ?? fallback).split(",").map((s) => s.trim());
  const paddings = items(command.padding, "0").map((p) => parsePadding(p.replaceAll(":", ",")));
  const strides = items(command.stride, "1").map((s) => parsePair("--stride", s));
  const dilations = items(command.dilation, "1").map((d) => parsePair("--dilation", d));
  const paddingMode = (command.paddingMode ?? "zeros") as PaddingMode;
  return paddings.flatMap((padding) =>
    strides.flatMap((stride) => dilations.map((dilation) => ({ padding, stride, dilation, paddingMode }))),
  );
}

/** The largest `--zoom` (PNG pixels per image pixel). */
export const MAX_CLI_ZOOM = 8;

/**
 * One whole number in `[min, max]` from option `option`, or a ConvLabError naming the range.
 *
 * @example
 * ```ts
 * import { parseBounded } from "convlab/cli";
 * parseBounded("--zoom", "3", 1, 8); // 3
 * ```
 */
export function parseBounded(option: string, text: string, min: number, max: number): number {
  const value = Number(text.trim());
  if (text.trim() === "" || !Number.isInteger(value) || value < min || value > max) {
    throw new ConvLabError({
      parameter: option,
      value: text,
      rule: `must be a whole number from ${min} to ${max}`,
      fix: `for example ${option} ${Math.min(max, Math.max(min, 2))}`,
      category: "argument",
    });
  }
  return value;
}

/** Writes `data` to the path of `option`, or throws a ConvLabError saying why it cannot. */
async function writeOutput(option: string, path: string, data: string | Uint8Array): Promise<void> {
  try {
    await writeFile(path, data);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? "error";
    const why: Record<string, string> = {
      ENOENT: "its directory does not exist",
      EACCES: "permission denied",
      EPERM: "permission denied",
      EISDIR: "it is a directory",
      ENOTDIR: "a part of the path is not a directory",
      EROFS: "the file system is read-only",
    };
    throw new ConvLabError({
      parameter: option,
      value: path,
      rule: `cannot be written: ${why[code] ?? code}`,
      fix: "give a file path in an existing directory you can write to",
      category: "argument",
    });
  }
}

function kernelsOf(text: string | undefined): KernelName[] {
  return (text ?? "sobel-x").split(",").map((name) => {
    const trimmed = name.trim();
    if (!(KERNEL_NAMES as readonly string[]).includes(trimmed)) {
      throw new ConvLabError({
        parameter: "--kernel",
        value: trimmed,
        rule: `unknown kernel: must be one of ${KERNEL_NAMES.join(", ")}`,
        fix: "for example --kernel sobel-x,sobel-y",
        category: "argument",
      });
    }
    return trimmed as KernelName;
  });
}

/**
 * Runs the command: loads the images, computes the figure, writes `--png` and `--bundle`, and
 * returns the figure and the text to print.
 *
 * @example
 * ```ts
 * import { featureMapsCommand } from "convlab/cli";
 * const { figure } = await featureMapsCommand({ index: "0", kernel: "sobel-x", padding: "0,1,2", stride: "1,2" });
 * figure.outputShapes.map((s) => s.shape[3]); // [26, 13, 28, 14, 30, 15]
 * ```
 */
export async function featureMapsCommand(
  command: FeatureMapsCommand,
): Promise<{ figure: FeatureMapFigure; text: string }> {
  // Arguments first: a bad one fails before any data is read.
  const zoom = command.png ? parseBounded("--zoom", command.zoom ?? "4", 1, MAX_CLI_ZOOM) : 1;
  const fashion = await loadFashionMnist(command.split ?? "test", { download: command.download === true });
  let selection: FashionMnistSelection;
  if (command.class !== undefined) {
    const label = Number(command.class);
    selection = fashion.select({
      class: Number.isInteger(label) ? label : (command.class as never),
      count: 1,
    });
  } else if (command.firstOfEachClass) {
    selection = fashion.select({ firstOfEachClass: true });
  } else if (command.sample !== undefined) {
    selection = fashion.select({
      sample: parseBounded("--sample", command.sample, 1, 64),
      seed: parseList("--seed", command.seed ?? "0")[0]!,
    });
  } else {
    selection = fashion.select({ indices: parseList("--index", command.index ?? "0") });
  }
  const figure = featureMaps({
    images: selection,
    kernels: kernelsOf(command.kernel),
    variants: parseVariants(command),
  });
  const lines = [figure.toText()];
  if (command.png) {
    // The figure stays within 1200 px: a zoom too large for that is lowered, and said so.
    const fitting = maxZoomForWidth(figure, zoom);
    const { png, layout } = figure.toPng(fitting);
    await writeOutput("--png", command.png, png);
    const lowered = fitting < zoom ? `, zoom ${fitting}: zoom ${zoom} would be wider than 1200 px` : "";
    lines.push(`wrote ${command.png} (${layout.width}x${layout.height} PNG, ${png.length} bytes${lowered})`);
  }
  if (command.bundle) {
    const json = JSON.stringify(figure[MIME_BUNDLE]());
    await writeOutput("--bundle", command.bundle, json);
    const perPixel = Buffer.byteLength(json) / figure.mapPixels;
    lines.push(
      `wrote ${command.bundle} (mime bundle, ${Buffer.byteLength(json)} bytes = ${perPixel.toFixed(2)} bytes per feature-map pixel)`,
    );
  }
  return { figure, text: lines.join("\n") };
}
