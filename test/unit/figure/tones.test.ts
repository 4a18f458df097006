/**
 * The grey levels the static figure is painted from (src/figure/mosaic-tones.ts), computed once
 * per display and shared by the PNG and the SVG: against values worked by hand, and the PNG
 * painted from shared tones against the PNG painted on its own.
 */
import { describe, expect, it } from "vitest";
import { featureMaps, GrayCanvas, mosaicRaster, mosaicTones, tensor } from "../../../src/index.js";

// input [[0, 1], [1, 0]], kernel edge = [[1, −1]], padding 1 (zeros): the padded input is
// [[0,0,0,0],[0,0,1,0],[0,1,0,0],[0,0,0,0]] and map[r][c] = padded[r][c] − padded[r][c+1]:
// [[0,0,0],[0,−1,1],[−1,1,0],[0,0,0]]; the colour limit is 1.
const figure = featureMaps({
  images: tensor([
    [0, 1],
    [1, 0],
  ]),
  kernels: "edge",
  variants: [{ padding: 1 }],
});

describe("mosaicTones", () => {
  const tones = mosaicTones(figure);

  it("inputs from black (0) to white (1); the kernel on its own zero-centred scale", () => {
    expect(Array.from(tones.inputs)).toEqual([0, 255, 255, 0]);
    // 1 → 136 + 6·17 = 238, −1 → 136 − 6·17 = 34
    expect(Array.from(tones.kernels)).toEqual([238, 34]);
  });

  it("marks padding as a checkerboard of the padded value's grey (0) and its inverse (255)", () => {
    // (r + c) even: the grey of 0 (black); odd: white; the 2×2 image inside is unchanged
    expect(Array.from(tones.padded[0]!)).toEqual([
      0, 255, 0, 255, 255, 0, 255, 0, 0, 255, 0, 255, 255, 0, 255, 0,
    ]);
  });

  it("maps on the shared scale: 0 → mid-grey 136, −1 → 34, 1 → 238", () => {
    expect(Array.from(tones.maps[0]!)).toEqual([136, 136, 136, 136, 34, 238, 34, 238, 136, 136, 136, 136]);
    expect(tones.mapRows).toBe(1);
  });

  it("holds the maps of only the first mapRows inputs", () => {
    const three = featureMaps({ images: tensor([[[[0, 1]]], [[[1, 0]]], [[[1, 1]]]]), kernels: "edge" });
    // 3 inputs of 1×2, one 1×1 map each: only the first two are kept
    expect(mosaicTones(three, 2).maps[0]!.length).toBe(2);
    expect(mosaicTones(three).maps[0]!.length).toBe(3);
  });

  it("paints the same PNG raster as tones computed by the raster itself", () => {
    for (const zoom of [1, 2, 3]) {
      const own = mosaicRaster(figure, zoom).canvas.pixels;
      const shared = mosaicRaster(figure, zoom, {}, tones).canvas.pixels;
      expect(Buffer.compare(Buffer.from(own), Buffer.from(shared))).toBe(0);
    }
  });
});

describe("GrayCanvas.tile", () => {
  it("enlarges each grey to a zoom × zoom block at its place and leaves the rest", () => {
    const canvas = new GrayCanvas(5, 4, 255);
    canvas.tile(1, 1, new Uint8Array([9, 0, 17, 34]), 1, 1, 3, 1);
    canvas.tile(1, 2, new Uint8Array([51, 68]), 0, 1, 2, 2);
    expect(Array.from(canvas.pixels)).toEqual([
      255, 255, 255, 255, 255, 255, 0, 17, 34, 255, 255, 51, 51, 68, 68, 255, 51, 51, 68, 68,
    ]);
  });
});
