import { describe, expect, it } from "vitest";
import {
  base64DecodedLength,
  decodeBase64,
  dequantize,
  encodeBase64,
  quantize,
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
