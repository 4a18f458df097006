/** Writes small synthetic IDX files (raw or gzipped) for the bad-file tests. */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";

/** An IDX file: big-endian magic and sizes, then the bytes. */
export function idxBytes(
  magic: number,
  dims: readonly number[],
  data: Uint8Array | readonly number[],
): Buffer {
  const header = Buffer.alloc(4 + 4 * dims.length);
  header.writeUInt32BE(magic, 0);
  dims.forEach((d, i) => {
    header.writeUInt32BE(d, 4 + 4 * i);
  });
  return Buffer.concat([header, Buffer.from(data)]);
}

/** A fresh temporary directory. */
export function tempDir(prefix = "convlab-idx-"): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

/** Writes `bytes` (gzipped when `gzip`) to `dir/name` and returns the path. */
export function writeFile(dir: string, name: string, bytes: Buffer, gzip = name.endsWith(".gz")): string {
  const path = join(dir, name);
  writeFileSync(path, gzip ? gzipSync(bytes) : bytes);
  return path;
}

/** `count` images of `rows`×`cols` whose pixel p of image n is (n + p) mod 256. */
export function syntheticImages(count: number, rows = 28, cols = 28): Buffer {
  const data = new Uint8Array(count * rows * cols);
  for (let i = 0; i < data.length; i++) data[i] = (Math.floor(i / (rows * cols)) + (i % (rows * cols))) % 256;
  return idxBytes(2051, [count, rows, cols], data);
}

/** `count` labels 0, 1, …, 9, 0, … */
export function syntheticLabels(count: number): Buffer {
  return idxBytes(
    2049,
    [count],
    Array.from({ length: count }, (_, i) => i % 10),
  );
}
