/**
 * The optional download: fetches the upstream release into the user cache, with a progress bar,
 * and keeps a file only when the SHA-256 of its decompressed content matches. Each file is
 * written to `name.gz.part` and renamed when verified, so the cache never holds partial data.
 */
import { createWriteStream } from "node:fs";
import { mkdir, rename, rm } from "node:fs/promises";
import { join } from "node:path";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import type { ReadableStream as WebReadableStream } from "node:stream/web";
import cliProgress from "cli-progress";
import { ConvLabError } from "../errors.js";
import { dataFileError } from "./errors.js";
import { FASHION_MNIST_FILES, FASHION_MNIST_UPSTREAM_URL, type FashionMnistFile } from "./files.js";
import { readIdx } from "./idx.js";
import { defaultCacheDir, fileIn, howToGetData } from "./locate.js";

/** Options of {@link downloadFashionMnist}. */
export interface DownloadOptions {
  /** Target directory (default: the user cache, ~/.cache/convlab/fashion-mnist). */
  readonly dir?: string;
  /** Base URL of the release (default: Zalando Research's upstream bucket). */
  readonly baseUrl?: string;
  /** Which files (default: all four). */
  readonly files?: readonly FashionMnistFile[];
  /** Show a progress bar on stderr (default: when stderr is a terminal). */
  readonly progress?: boolean;
}

/** What happened to each file. */
export interface DownloadResult {
  readonly file: FashionMnistFile;
  readonly path: string;
  readonly status: "present" | "downloaded";
}

function networkError(url: string, error: unknown, dir: string): ConvLabError {
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  const reason = cause?.code ?? cause?.message ?? (error instanceof Error ? error.message : String(error));
  return new ConvLabError({
    parameter: "url",
    value: url,
    rule: `cannot download Fashion-MNIST (${reason}): no network access to the upstream release`,
    fix: howToGetData({ cacheDir: dir }),
    category: "data",
  });
}

async function fetchTo(
  url: string,
  part: string,
  label: string,
  bar: cliProgress.MultiBar | undefined,
  dir: string,
) {
  let response: Response;
  try {
    response = await fetch(url);
  } catch (error) {
    throw networkError(url, error, dir);
  }
  if (!response.ok || !response.body) {
    throw new ConvLabError({
      parameter: "url",
      value: url,
      rule: `the server answered HTTP ${response.status} ${response.statusText}`,
      fix: howToGetData({ cacheDir: dir }),
      category: "data",
    });
  }
  const total = Number(response.headers.get("content-length") ?? 0);
  const row = bar?.create(total || 1, 0, { file: label });
  let received = 0;
  const body = Readable.fromWeb(response.body as unknown as WebReadableStream<Uint8Array>);
  body.on("data", (chunk: Buffer) => {
    received += chunk.length;
    row?.update(Math.min(received, total || received), { file: label });
  });
  try {
    await pipeline(body, createWriteStream(part));
  } catch (error) {
    throw networkError(url, error, dir);
  }
  row?.update(total || received);
}

/**
 * Downloads the missing Fashion-MNIST files into the cache and verifies each one's decompressed
 * SHA-256. Files already present (and verified) are left alone. Without network access it throws a
 * {@link ConvLabError} that says exactly how to get the data instead.
 *
 * @example
 * ```ts
 * import { downloadFashionMnist } from "convlab";
 * // files already in the directory are verified, not fetched (Debian's copy here)
 * const results = await downloadFashionMnist({ dir: "/usr/share/datasets/fashion-mnist" });
 * results.map((r) => r.status); // ["present", "present", "present", "present"]
 * ```
 */
export async function downloadFashionMnist(options: DownloadOptions = {}): Promise<DownloadResult[]> {
  const dir = options.dir ?? defaultCacheDir();
  const baseUrl = (options.baseUrl ?? FASHION_MNIST_UPSTREAM_URL).replace(/\/?$/, "/");
  const files = options.files ?? FASHION_MNIST_FILES;
  await mkdir(dir, { recursive: true });
  const showProgress = options.progress ?? process.stderr.isTTY === true;
  const bar = showProgress
    ? new cliProgress.MultiBar(
        {
          format: "{file} [{bar}] {percentage}% {value}/{total} bytes",
          stream: process.stderr,
          hideCursor: true,
          clearOnComplete: false,
        },
        cliProgress.Presets.shades_classic,
      )
    : undefined;
  const results: DownloadResult[] = [];
  try {
    for (const file of files) {
      const existing = fileIn(dir, file);
      if (existing) {
        await readIdx(existing, { kind: file.kind, sha256: file.sha256 });
        results.push({ file, path: existing, status: "present" });
        continue;
      }
      const target = join(dir, `${file.name}.gz`);
      const part = `${target}.part`;
      try {
        await fetchTo(`${baseUrl}${file.name}.gz`, part, `${file.name}.gz`, bar, dir);
        await readIdx(part, { kind: file.kind, sha256: file.sha256 });
      } catch (error) {
        await rm(part, { force: true });
        if (error instanceof ConvLabError && error.parameter === "file") {
          throw dataFileError(
            `${baseUrl}${file.name}.gz`,
            `downloaded file rejected: ${error.rule}`,
            howToGetData({ cacheDir: dir }),
          );
        }
        throw error;
      }
      await rename(part, target);
      results.push({ file, path: target, status: "downloaded" });
    }
  } finally {
    bar?.stop();
  }
  return results;
}
