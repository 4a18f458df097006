/** `convlab data check` and `convlab data download`: where the Fashion-MNIST files are, and whether they verify. */
import { statSync } from "node:fs";
import cliProgress from "cli-progress";
import { downloadFashionMnist } from "../data/download.js";
import { readIdx } from "../data/idx.js";
import { howToGetData, type LocateOptions, locateFashionMnistFiles, searchPlaces } from "../data/locate.js";
import { ConvLabError } from "../errors.js";

/** One file's line of the report. */
export interface DataFileStatus {
  readonly name: string;
  readonly path?: string;
  readonly place?: string;
  readonly status: "verified" | "missing" | "bad";
  readonly problem?: string;
}

/**
 * Finds the four files and checks each one (magic number, sizes, SHA-256 of the decompressed
 * content); `ok` is true when all four verify.
 *
 * @example
 * ```ts
 * import { dataCheckReport } from "convlab/cli";
 * const report = await dataCheckReport({ env: {} });
 * report.ok;                              // true
 * report.files.map((f) => f.status)[0];   // "verified"
 * ```
 */
export async function dataCheckReport(
  options: LocateOptions & { progress?: boolean } = {},
): Promise<{ ok: boolean; files: DataFileStatus[]; text: string }> {
  const located = locateFashionMnistFiles(options);
  const bar =
    (options.progress ?? process.stderr.isTTY === true)
      ? new cliProgress.SingleBar(
          {
            format: "verifying [{bar}] {value}/{total} files",
            stream: process.stderr,
            clearOnComplete: true,
          },
          cliProgress.Presets.shades_classic,
        )
      : undefined;
  bar?.start(located.length, 0);
  const files: DataFileStatus[] = [];
  // A FIFO, device or directory would block (or fail) the reader: refuse it before reading anything.
  for (const { file, found } of located) {
    if (found && !statSync(found.path).isFile()) {
      bar?.stop();
      throw new ConvLabError({
        parameter: file.name,
        value: found.path,
        rule: "is not a regular file (a FIFO, a device or a directory): reading it could wait forever",
        fix: "replace it with the real file, or point CONVLAB_FASHION_MNIST_DIR at a directory that has the files",
        category: "data",
      });
    }
  }
  for (const { file, found } of located) {
    if (!found) {
      files.push({ name: file.name, status: "missing" });
    } else {
      try {
        await readIdx(found.path, { kind: file.kind, sha256: file.sha256 });
        files.push({ name: file.name, path: found.path, place: found.place.description, status: "verified" });
      } catch (error) {
        if (!(error instanceof ConvLabError)) throw error;
        files.push({
          name: file.name,
          path: found.path,
          place: found.place.description,
          status: "bad",
          problem: error.rule,
        });
      }
    }
    bar?.increment();
  }
  bar?.stop();
  const env = options.env ?? process.env;
  const lines = [
    "Fashion-MNIST files; searched, in order:",
    ...searchPlaces(options).map((p) => `  ${p.dir}  (${p.description})`),
  ];
  if (!env.CONVLAB_FASHION_MNIST_DIR) lines.push("  (CONVLAB_FASHION_MNIST_DIR is not set)");
  for (const f of files) {
    if (f.status === "missing") lines.push(`  ${f.name}: MISSING`);
    else if (f.status === "verified") lines.push(`  ${f.name}: ${f.path} (${f.place}): SHA-256 verified`);
    else lines.push(`  ${f.name}: ${f.path} (${f.place}): BAD: ${f.problem}`);
  }
  const ok = files.every((f) => f.status === "verified");
  lines.push(ok ? "all 4 files found and verified" : `to get the data: ${howToGetData(options)}`);
  return { ok, files, text: lines.join("\n") };
}

/**
 * Downloads missing files into the cache (or `dir`) and reports what it did.
 *
 * @example
 * ```ts
 * import { dataDownloadReport } from "convlab/cli";
 * (await dataDownloadReport({ dir: "/usr/share/datasets/fashion-mnist" })).split("\n")[0]; // "t10k-images-idx3-ubyte: present, verified"
 * ```
 */
export async function dataDownloadReport(options: { dir?: string; baseUrl?: string } = {}): Promise<string> {
  const results = await downloadFashionMnist({
    ...(options.dir !== undefined && { dir: options.dir }),
    ...(options.baseUrl !== undefined && { baseUrl: options.baseUrl }),
  });
  return results
    .map(
      (r) =>
        `${r.file.name}: ${r.status === "present" ? "present, verified" : `downloaded to ${r.path}, verified`}`,
    )
    .sort()
    .join("\n");
}
