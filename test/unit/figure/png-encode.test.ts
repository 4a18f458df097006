import { PNG } from "pngjs";
import { describe, expect, it } from "vitest";
import { encodeGrayPng } from "../../../src/figure/png-encode.js";

describe("encodeGrayPng, decoded back by pngjs", () => {
  for (const [width, height] of [
    [7, 3],
    [8, 3],
    [1, 1],
  ] as const) {
    for (const settings of [
      { bits: 4, level: 6, filter: 0 },
      { bits: 4, level: 6, filter: 1 },
      { bits: 4, level: 9, filter: 2 },
      { bits: 8, level: 6, filter: 2 },
    ] as const) {
      it(`${width}x${height} at ${settings.bits} bits, filter ${settings.filter}`, () => {
        const pixels = Uint8Array.from({ length: width * height }, (_, i) => (i * 37 + 11) % 256);
        const png = PNG.sync.read(encodeGrayPng(pixels, width, height, settings));
        expect([png.width, png.height]).toEqual([width, height]);
        for (let i = 0; i < pixels.length; i++) {
          // 4 bits: the nearest of 0, 17, …, 255 (PNG scales a 4-bit v to 17·v)
          const expected = settings.bits === 8 ? pixels[i]! : 17 * Math.round(pixels[i]! / 17);
          expect(png.data[4 * i]).toBe(expected);
        }
      });
    }
  }
});
