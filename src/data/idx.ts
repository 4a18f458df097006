/**
 * A streaming reader for IDX files (the MNIST format): a big-endian header — two zero bytes, a
 * type byte (0x08 = unsigned byte), the number of dimensions, then one 32-bit size per dimension —
 * followed by the data. Gzipped files are detected by their magic bytes and gunzipped on the fly;
 * the data array is allocated once, when the header has been read, and filled chunk by chunk.
 * The SHA-256 of the decompressed bytes is computed on the way.
 */
import { createHash } from "node:crypto";
import { createReadStream } from "node:fs";
import { open, stat } from "node:fs/promises";
import type { Readable } from "node:stream";
import { createGunzip } from "node:zlib";
import { dataFileError } from "./errors.js";

/** Magic number of an IDX file of unsigned bytes with 3 dimensions (images). */
export const IDX_IMAGES_MAGIC = 2051;
/** Magic number of an IDX file of unsigned bytes with 1 dimension (labels). */
export const IDX_LABELS_MAGIC = 2049;

/** What {@link readIdx} returns: the sizes from the header and the data, complete. */
export interface IdxFile {
  readonly path: string;
  readonly magic: number;
  /** Sizes from the header, outermost first (`[count, rows, cols]` for images). */
  readonly dims: readonly number[];
  /** The data, row-major, exactly `product(dims)` bytes. */
  readonly data: Uint8Array;
  /** SHA-256 of the decompressed file (header and data), lower-case hex. */
  readonly sha256: string;
  /** Whether the file on disk was gzipped. */
  readonly gzipped: boolean;
}

/** What the caller expects of the file. */
export interface IdxExpectation {
  /** `images` (magic 2051) or `labels` (magic 2049). */
  readonly kind: "images" | "labels";
  /** Required SHA-256 of the decompressed content; checked after reading. */
  readonly sha256?: string;
  /** Required `[rows, cols]` of every image (images only). */
  readonly imageSize?: readonly [number, number];
}

async function isGzipped(path: string): Promise<boolean> {
  let handle: Awaited<ReturnType<typeof open>> | undefined;
  const kind = await stat(path).then(
    (s) =>
      s.isFile() ? undefined : s.isFIFO() ? "a FIFO" : s.isDirectory() ? "a directory" : "not a regular file",
    () => undefined,
  );
  if (kind !== undefined) {
    throw dataFileError(path, `is ${kind}: reading it could wait forever`, "replace it with the real file");
  }
  try {
    handle = await open(path, "r");
    const probe = Buffer.alloc(2);
    const { bytesRead } = await handle.read(probe, 0, 2, 0);
    return bytesRead === 2 && probe[0] === 0x1f && probe[1] === 0x8b;
  } catch (error) {
    throw dataFileError(
      path,
      `cannot be opened (${(error as NodeJS.ErrnoException).code ?? String(error)})`,
      "check the path and permissions, or run `convlab data check`",
    );
  } finally {
    await handle?.close();
  }
}

function gzipFault(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  if (/unexpected end of file/i.test(message))
    return "truncated gzip stream (the file ends before the compressed data does)";
  return `corrupt gzip data (${message})`;
}

/** Parses the header once enough bytes are there; returns undefined until then. */
interface IdxHeader {
  magic: number;
  dims: number[];
  headerLength: number;
  dataLength: number;
}

function parseHeader(path: string, head: Uint8Array, expect: IdxExpectation): IdxHeader | undefined {
  if (head.length < 4) return undefined;
  const view = new DataView(head.buffer, head.byteOffset, head.byteLength);
  const magic = view.getUint32(0, false);
  const expected = expect.kind === "images" ? IDX_IMAGES_MAGIC : IDX_LABELS_MAGIC;
  if (magic !== expected) {
    throw dataFileError(
      path,
      `wrong magic number ${magic} (0x${magic.toString(16).padStart(8, "0")}): an IDX ${expect.kind} file starts with ${expected} (0x${expected.toString(16).padStart(8, "0")})`,
      `this is not a Fashion-MNIST ${expect.kind} file; check which file sits at this path`,
    );
  }
  const ndims = magic & 0xff;
  const headerLength = 4 + 4 * ndims;
  if (head.length < headerLength) return undefined;
  const dims: number[] = [];
  for (let d = 0; d < ndims; d++) dims.push(view.getUint32(4 + 4 * d, false));
  if (expect.kind === "images" && expect.imageSize) {
    const [rows, cols] = expect.imageSize;
    if (dims[1] !== rows || dims[2] !== cols) {
      throw dataFileError(
        path,
        `wrong image dimensions ${dims[1]}x${dims[2]}: Fashion-MNIST images are ${rows}x${cols}`,
        "use the original Fashion-MNIST files",
      );
    }
  }
  const dataLength = dims.reduce((a, b) => a * b, 1);
  if (dataLength > 0x7fffffff) {
    throw dataFileError(
      path,
      `the header promises ${dataLength} bytes of data, more than ConvLab can hold`,
      "the header is corrupt or this is not a Fashion-MNIST file; replace it with the original",
    );
  }
  return { magic, dims, headerLength, dataLength };
}

/**
 * Reads a whole IDX file (raw or gzipped), checking magic number, sizes and optionally the
 * SHA-256 of its decompressed content. Any fault throws a {@link ConvLabError} of category `"data"`
 * naming the file and the fault; no partial data is ever returned.
 *
 * @example
 * ```ts
 * import { readIdx } from "convlab";
 * const labels = await readIdx("/usr/share/datasets/fashion-mnist/t10k-labels-idx1-ubyte.gz", { kind: "labels" });
 * labels.dims;                    // [10000]
 * Array.from(labels.data.slice(0, 3)); // [9, 2, 1]
 * ```
 */
export async function readIdx(path: string, expect: IdxExpectation): Promise<IdxFile> {
  const gzipped = await isGzipped(path);
  const hash = createHash("sha256");
  const file = createReadStream(path);
  const stream: Readable = gzipped ? file.pipe(createGunzip()) : file;
  if (gzipped) file.on("error", (error) => stream.destroy(error));

  let header: IdxHeader | undefined;
  let headerBytes = new Uint8Array(0);
  let data: Uint8Array | undefined;
  let filled = 0;
  let total = 0;
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      hash.update(chunk);
      total += chunk.length;
      let rest: Uint8Array = chunk;
      if (!header) {
        const joined = new Uint8Array(headerBytes.length + chunk.length);
        joined.set(headerBytes);
        joined.set(chunk, headerBytes.length);
        header = parseHeader(path, joined, expect);
        if (!header) {
          headerBytes = joined;
          continue;
        }
        data = new Uint8Array(header.dataLength);
        rest = joined.subarray(header.headerLength);
        headerBytes = new Uint8Array(0);
      }
      if (filled + rest.length > data!.length) {
        throw dataFileError(
          path,
          `longer than its header says: the header promises ${header.headerLength + header.dataLength} bytes (dimensions ${header.dims.join("x")}) but the file holds more`,
          "the file is corrupt; replace it with the original",
        );
      }
      data!.set(rest, filled);
      filled += rest.length;
    }
  } catch (error) {
    stream.destroy();
    file.destroy();
    if (error instanceof Error && error.name === "ConvLabError") throw error;
    const code = (error as NodeJS.ErrnoException).code;
    if (gzipped && code?.startsWith("Z_")) {
      throw dataFileError(path, gzipFault(error), "the download or copy was cut short; fetch the file again");
    }
    throw dataFileError(
      path,
      `cannot be read (${error instanceof Error ? error.message : String(error)})`,
      "check the file's permissions, or run `npx convlab data check`",
    );
  }
  if (!header || !data) {
    throw dataFileError(
      path,
      `too short to hold an IDX header (${total} bytes)`,
      "the file is empty or cut short; fetch it again",
    );
  }
  if (filled !== data.length) {
    throw dataFileError(
      path,
      `truncated: the header promises ${header.headerLength + header.dataLength} bytes (dimensions ${header.dims.join("x")}) but the ${gzipped ? "decompressed " : ""}file has ${total}`,
      "the file was cut short; fetch it again",
    );
  }
  const sha256 = hash.digest("hex");
  if (expect.sha256 !== undefined && sha256 !== expect.sha256) {
    throw dataFileError(
      path,
      `checksum mismatch: SHA-256 of the decompressed content is ${sha256}, expected ${expect.sha256}`,
      "the file is corrupt or not the original release; replace it (e.g. `sudo apt-get install --reinstall dataset-fashion-mnist`)",
    );
  }
  return { path, magic: header.magic, dims: header.dims, data, sha256, gzipped };
}
