import { deflateRawSync, inflateRawSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import {
  base64DecodedLength,
  decodeBase64,
  dequantize,
  encodeBase64,
  quantize,
  quantizedBytes,
} from "../../../src/figure/payload.js";

describe("payload codec", () => {
  it("base64 agrees with Node's Buffer on every length and byte", () => {
    const bytes = new Uint8Array(70000).map((_, i) => (i * 7919) % 256);
    for (const n of [0, 1, 2, 3, 4, 5, 32768, 32769, 70000]) {
      const slice = bytes.subarray(0, n);
      const text = encodeBase64(slice);
      expect(text).toBe(Buffer.from(slice).toString("base64"));
      expect(base64DecodedLength(text)).toBe(n);
      expect(Buffer.from(decodeBase64(text)).equals(Buffer.from(slice))).toBe(true);
    }
    expect(base64DecodedLength("abc")).toBeUndefined();
  });

  it("quantizes Fashion-MNIST pixels (k/255) exactly with scale 1/255", () => {
    const values = Float32Array.from({ length: 256 }, (_, k) => k / 255);
    const q = quantize(values, [16, 16], { bits: 8, min: 0, max: 1 });
    expect(q.shape).toEqual([16, 16]);
    expect(Array.from(decodeBase64(q.base64))).toEqual(Array.from({ length: 256 }, (_, k) => k));
    expect(Array.from(dequantize(q))).toEqual(Array.from(values));
  });

  it("keeps every value within half a step, for 8 and 16 bits (16-bit little-endian)", () => {
    const values = Float32Array.from({ length: 1000 }, (_, i) => Math.sin(i) * 3.7 - 0.4);
    for (const bits of [8, 16] as const) {
      const q = quantize(values, [1000], { bits });
      expect(decodeBase64(q.base64).length).toBe((1000 * bits) / 8);
      const back = dequantize(q);
      for (let i = 0; i < 1000; i++)
        expect(Math.abs(back[i]! - values[i]!)).toBeLessThanOrEqual(q.scale / 2 + 1e-6);
    }
    const q16 = quantize([0, 1], [2], { bits: 16, min: 0, max: 1 });
    expect(Array.from(decodeBase64(q16.base64))).toEqual([0, 0, 0xff, 0xff]);
  });

  it("stores a constant array with scale 0", () => {
    const q = quantize([2, 2, 2], [3]);
    expect([q.scale, q.offset]).toEqual([0, 2]);
    expect(Array.from(dequantize(q))).toEqual([2, 2, 2]);
  });
});

describe("compressed quantized arrays (raw DEFLATE, RFC 1951)", () => {
  it("round-trip, and Node's zlib (an independent inflater) reads the same integers", () => {
    const values = Float32Array.from({ length: 4096 }, (_, i) => Math.round(Math.sin(i / 40) * 8) / 8);
    const plain = quantize(values, [64, 64], { bits: 8 });
    const packed = quantize(values, [64, 64], { bits: 8, compress: true });
    expect(packed.compression).toBe("deflate-raw");
    expect(packed.base64.length).toBeLessThan(plain.base64.length / 2);
    expect(Array.from(inflateRawSync(Buffer.from(packed.base64, "base64")))).toEqual(
      Array.from(decodeBase64(plain.base64)),
    );
    expect(Array.from(dequantize(packed))).toEqual(Array.from(dequantize(plain)));
  });

  it("never inflate past the shape's size (a compression bomb stops at size + 1 bytes)", () => {
    const bomb = deflateRawSync(Buffer.alloc(50_000_000));
    const array = {
      shape: [4, 4],
      bits: 8 as const,
      scale: 1,
      offset: 0,
      base64: bomb.toString("base64"),
      compression: "deflate-raw" as const,
    };
    expect(quantizedBytes(array).length).toBe(17);
  });
});
