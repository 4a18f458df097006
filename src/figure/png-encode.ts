/**
 * PNG encoding of the static figure's greyscale raster: a greyscale PNG of 4 or 8 bits per pixel,
 * its rows filtered with one fixed filter and compressed by Node's zlib. The settings were chosen
 * by measurement (`npm run bench:figure` reports bytes and milliseconds for each candidate,
 * including pngjs): 4 bits, no filter, zlib level 5 (see {@link FIGURE_PNG_SETTINGS}). On the
 * lecture figure's raster level 5 costs about 3 % more bytes than level 6 in about 70 % of the
 * time; level 4 and below lose 8 % or more (the bundle would miss its 2 bytes per map pixel),
 * level 9 saves 5 % in 7× the time, and the sub and up filters only add bytes.
 */
import { crc32, deflateSync } from "node:zlib";

/** How to encode: bits per pixel (4 keeps the nearest of 16 greys), zlib level (0–9), row filter (0 none, 1 sub, 2 up). */
export interface PngSettings {
  readonly bits: 4 | 8;
  readonly level: number;
  readonly filter: 0 | 1 | 2;
}

/** The settings the figure uses (the bench's pick: see the module comment). */
export const FIGURE_PNG_SETTINGS: PngSettings = { bits: 4, level: 5, filter: 0 };

/** The nearest of the 16 levels 0, 17, …, 255 to each grey, as a 4-bit value. */
const NIBBLE = Uint8Array.from({ length: 256 }, (_, g) => Math.round(g / 17));

/** Two greys (first in the low byte) packed into one byte of two 4-bit values. */
const PAIRS = Uint8Array.from({ length: 65536 }, (_, v) => (NIBBLE[v & 255]! << 4) | NIBBLE[v >> 8]!);
const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

const SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

function chunk(type: string, data: Uint8Array): Buffer {
  const out = Buffer.alloc(12 + data.length);
  out.writeUInt32BE(data.length, 0);
  out.write(type, 4, "latin1");
  out.set(data, 8);
  out.writeUInt32BE(crc32(out.subarray(4, 8 + data.length)), 8 + data.length);
  return out;
}

/**
 * The scanlines: per row a filter byte, then the row's bytes (4-bit pixels packed high nibble
 * first), packed straight into place, then filtered in place (rows bottom-up for "up", bytes
 * right to left for "sub", so each still reads unfiltered neighbours).
 */
function scanlines(pixels: Uint8Array, width: number, height: number, settings: PngSettings): Uint8Array {
  const rowBytes = settings.bits === 8 ? width : Math.ceil(width / 2);
  const stride = rowBytes + 1;
  const raw = new Uint8Array(stride * height);
  const pairs =
    settings.bits === 4 && width % 2 === 0 && pixels.byteOffset % 2 === 0 && LITTLE_ENDIAN
      ? new Uint16Array(pixels.buffer, pixels.byteOffset, pixels.length >> 1)
      : undefined;
  for (let y = 0; y < height; y++) {
    const at = y * stride + 1;
    raw[at - 1] = settings.filter;
    if (settings.bits === 8) raw.set(pixels.subarray(y * width, (y + 1) * width), at);
    else if (pairs !== undefined) {
      // Two pixels at a time through a table of all 65 536 pairs (little-endian: first pixel low).
      const from = (y * width) >> 1;
      for (let i = 0; i < rowBytes; i++) raw[at + i] = PAIRS[pairs[from + i]!]!;
    } else {
      const line = y * width;
      for (let x = 0; x + 1 < width; x += 2)
        raw[at + (x >> 1)] = (NIBBLE[pixels[line + x]!]! << 4) | NIBBLE[pixels[line + x + 1]!]!;
      if (width % 2 === 1) raw[at + rowBytes - 1] = NIBBLE[pixels[line + width - 1]!]! << 4;
    }
  }
  if (settings.filter === 2) {
    for (let at = (height - 1) * stride + 1; at > stride; at -= stride) {
      for (let i = 0; i < rowBytes; i++) raw[at + i] = (raw[at + i]! - raw[at - stride + i]!) & 255;
    }
  } else if (settings.filter === 1) {
    for (let at = 1; at < raw.length; at += stride) {
      for (let i = rowBytes - 1; i > 0; i--) raw[at + i] = (raw[at + i]! - raw[at + i - 1]!) & 255;
    }
  }
  return raw;
}

/**
 * A greyscale PNG of `pixels` (one byte per pixel, row-major, 0–255); at 4 bits each grey is
 * stored as the nearest of the 16 levels 0, 17, …, 255.
 *
 * @example
 * ```ts
 * import { encodeGrayPng } from "convlab";
 * const png = encodeGrayPng(new Uint8Array([0, 255, 255, 0]), 2, 2);
 * png.subarray(1, 4).toString(); // "PNG"
 * [png[24], png[25]];            // [4, 0]
 * ```
 */
export function encodeGrayPng(
  pixels: Uint8Array,
  width: number,
  height: number,
  settings: PngSettings = FIGURE_PNG_SETTINGS,
): Buffer {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([settings.bits, 0, 0, 0, 0], 8); // bit depth, greyscale, deflate, adaptive filtering, no interlace
  const data = deflateSync(scanlines(pixels, width, height, settings), { level: settings.level });
  return Buffer.concat([
    SIGNATURE,
    chunk("IHDR", header),
    chunk("IDAT", data),
    chunk("IEND", new Uint8Array(0)),
  ]);
}
