/**
 * Decoding of the payload's quantized arrays: strict base64 to bytes, bytes to numbers.
 */
import type { QuantizedArray } from "./types.js";

const BASE64_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
const SEXTET = (() => {
  const table = new Int16Array(128).fill(-1);
  for (let i = 0; i < BASE64_ALPHABET.length; i++) table[BASE64_ALPHABET.charCodeAt(i)] = i;
  return table;
})();

/**
 * Decodes standard, padded base64 (RFC 4648 §4) into bytes; throws a readable `Error` for
 * anything else (bad length, characters outside the alphabet, misplaced `=`).
 *
 * @example
 * ```ts
 * decodeBase64("AAH/"); // Uint8Array [0, 1, 255]
 * decodeBase64("AQ=="); // Uint8Array [1]
 * ```
 */
export function decodeBase64(text: string): Uint8Array {
  if (text.length % 4 !== 0) {
    throw new Error(`base64 length must be a multiple of 4 (padded base64), got ${text.length} characters`);
  }
  const padding = text.endsWith("==") ? 2 : text.endsWith("=") ? 1 : 0;
  const bytes = new Uint8Array((text.length / 4) * 3 - padding);
  let out = 0;
  for (let i = 0; i < text.length; i += 4) {
    const last = i + 4 === text.length;
    let group = 0;
    for (let j = 0; j < 4; j++) {
      const code = text.charCodeAt(i + j);
      let sextet = code < 128 ? (SEXTET[code] ?? -1) : -1;
      if (code === 61 /* = */ && last && j >= 4 - padding) sextet = 0;
      if (sextet < 0) {
        throw new Error(`base64 has an invalid character at position ${i + j}`);
      }
      group = (group << 6) | sextet;
    }
    bytes[out++] = (group >> 16) & 255;
    if (out < bytes.length) bytes[out++] = (group >> 8) & 255;
    if (out < bytes.length) bytes[out++] = group & 255;
  }
  return bytes;
}

/** The number of elements of an array of this shape. */
export function elementCount(shape: readonly number[]): number {
  return shape.reduce((product, size) => product * size, 1);
}

/**
 * Decodes a quantized array into numbers: value = offset + scale · q, q little-endian unsigned
 * 8- or 16-bit. Throws a readable `Error` when the byte count does not match the shape.
 *
 * @example
 * ```ts
 * // q = [0, 2, 255] as 8-bit, scale 0.5, offset -1  ->  [-1, 0, 126.5]
 * decodeQuantized({ shape: [3], bits: 8, scale: 0.5, offset: -1, base64: "AAL/" });
 * ```
 */
export function decodeQuantized(array: QuantizedArray): Float32Array {
  const count = elementCount(array.shape);
  const bytesPerValue = array.bits / 8;
  const expectedBytes = count * bytesPerValue;
  // 3 bytes per 4 characters: reject before allocating when the sizes cannot match.
  const approxBytes = (array.base64.length / 4) * 3;
  if (approxBytes < expectedBytes || approxBytes - expectedBytes > 2) {
    throw new Error(
      `holds about ${approxBytes} bytes, but shape [${array.shape.join(", ")}] at ${array.bits} bits needs ${expectedBytes}`,
    );
  }
  const bytes = decodeBase64(array.base64);
  if (bytes.length !== expectedBytes) {
    throw new Error(
      `holds ${bytes.length} bytes, but shape [${array.shape.join(", ")}] at ${array.bits} bits needs ${expectedBytes}`,
    );
  }
  const values = new Float32Array(count);
  const { scale, offset } = array;
  if (bytesPerValue === 1) {
    for (let i = 0; i < count; i++) values[i] = offset + scale * (bytes[i] as number);
  } else {
    for (let i = 0; i < count; i++) {
      values[i] = offset + scale * ((bytes[2 * i] as number) | ((bytes[2 * i + 1] as number) << 8));
    }
  }
  return values;
}
