import { readFileSync } from "node:fs";
import { paddingSourceIndex } from "convlab/payload";
import { describe, expect, it } from "vitest";
import { scalePosition, zeroCenteredRange } from "../../src/layout/color-scale.js";
import { buildMosaic, cellAt, mosaicGrid, tileOrigin } from "../../src/layout/mosaic.js";
import { paddedImage } from "../../src/layout/padding.js";
import { axisWindow, receptiveField, windowPositions } from "../../src/layout/receptive-field.js";
import type { PaddingMode } from "../../src/payload/index.js";
import { mapsToDraw } from "../../src/view/featuremap-view.js";

interface TorchVectors {
  torch: string;
  receptiveFields: {
    name: string;
    input: [number, number];
    kernel: [number, number];
    padding: { top: number; bottom: number; left: number; right: number };
    stride: [number, number];
    dilation: [number, number];
    outputShape: [number, number];
    fields: { output: [number, number]; rows: number[]; cols: number[] }[];
  }[];
  padSources: { n: number; before: number; after: number; mode: PaddingMode; sources: number[] }[];
}

const vectors = JSON.parse(
  readFileSync(new URL("../vectors/layout-torch.json", import.meta.url), "utf8"),
) as TorchVectors;

describe("receptive fields (against PyTorch autograd)", () => {
  it.each(vectors.receptiveFields.map((c) => [c.name, c] as const))("%s", (_name, c) => {
    const height = {
      input: c.input[0],
      kernel: c.kernel[0],
      dilation: c.dilation[0],
      padBefore: c.padding.top,
      stride: c.stride[0],
    };
    const width = {
      input: c.input[1],
      kernel: c.kernel[1],
      dilation: c.dilation[1],
      padBefore: c.padding.left,
      stride: c.stride[1],
    };
    expect(c.fields.length).toBe(c.outputShape[0] * c.outputShape[1]);
    for (const field of c.fields) {
      const [row, col] = field.output;
      const computed = receptiveField(row, col, height, width);
      expect(windowPositions(computed.rows)).toEqual(field.rows);
      expect(windowPositions(computed.columns)).toEqual(field.cols);
      const inPadding =
        field.rows.some((r) => r < 0 || r >= c.input[0]) || field.cols.some((x) => x < 0 || x >= c.input[1]);
      expect(computed.reachesPadding).toBe(inPadding);
    }
  });

  it("matches the book's 28 → 14 example at both corners", () => {
    const axis = { input: 28, kernel: 3, dilation: 1, padBefore: 1, stride: 2 };
    expect(axisWindow(0, axis)).toEqual({
      first: -1,
      last: 1,
      step: 1,
      reachesPaddingBefore: true,
      reachesPaddingAfter: false,
    });
    expect(axisWindow(13, axis)).toMatchObject({ first: 25, last: 27, reachesPaddingAfter: false });
  });
});

describe("padding: the payload module's index maps (against PyTorch F.pad)", () => {
  it.each(vectors.padSources.map((c) => [`${c.mode} n=${c.n} (${c.before}, ${c.after})`, c] as const))(
    "%s",
    (_name, c) => {
      const sources = [];
      for (let p = 0 - c.before; p < c.n + c.after; p++) sources.push(paddingSourceIndex(p, c.n, c.mode));
      expect(sources).toEqual(c.sources);
    },
  );

  it("pads an image and marks exactly the padding cells", () => {
    const padded = paddedImage(
      Float32Array.from([1, 2, 3, 4]),
      2,
      2,
      { top: 1, bottom: 0, left: 0, right: 1 },
      "zeros",
    );
    expect(padded.z).toEqual([
      [0, 0, 0],
      [1, 2, 0],
      [3, 4, 0],
    ]);
    expect(padded.mask).toEqual([
      [1, 1, 1],
      [null, null, 1],
      [null, null, 1],
    ]);
  });
});

describe("mosaic tiling", () => {
  it("tiles 64 square maps 8 × 8 and 512 maps 23 × 23", () => {
    expect(mosaicGrid(64, 14, 14)).toMatchObject({
      columns: 8,
      rows: 8,
      width: 8 * 14 + 7,
      height: 8 * 14 + 7,
    });
    // 512 = 22.6²: 23 columns need ⌈512/23⌉ = 23 rows
    expect(mosaicGrid(512, 28, 28)).toMatchObject({ columns: 23, rows: 23, width: 23 * 28 + 22 });
    expect(mosaicGrid(1, 26, 26)).toMatchObject({ columns: 1, rows: 1, width: 26, height: 26 });
  });

  it("keeps wide maps in fewer columns", () => {
    // 4 maps of 2×8: one column is 8 wide and 11 high, the closest to square
    expect(mosaicGrid(4, 2, 8)).toMatchObject({ columns: 1, rows: 4 });
  });

  it("rejects an empty mosaic", () => {
    expect(() => mosaicGrid(0, 3, 3)).toThrow(/positive integer, got 0/);
  });

  it("maps every cell back to its map and position, and gaps to null", () => {
    for (const [count, h, w] of [
      [64, 14, 14],
      [7, 3, 5],
      [512, 4, 4],
    ] as const) {
      const grid = mosaicGrid(count, h, w);
      let cells = 0;
      for (let y = 0; y < grid.height; y++) {
        for (let x = 0; x < grid.width; x++) {
          const cell = cellAt(grid, x, y);
          if (!cell) continue;
          cells++;
          const origin = tileOrigin(grid, cell.map);
          expect([origin.x + cell.column, origin.y + cell.row]).toEqual([x, y]);
        }
      }
      expect(cells).toBe(count * h * w);
    }
    const grid = mosaicGrid(64, 14, 14);
    expect(cellAt(grid, 14, 0)).toBeNull();
    expect(cellAt(grid, 16, 30)).toEqual({ map: 17, row: 0, column: 1 });
    expect(cellAt(grid, -1, 0)).toBeNull();
  });

  it("builds one z matrix with null gaps", () => {
    expect(buildMosaic(Float32Array.from([1, 2, 3]), mosaicGrid(3, 1, 1))).toEqual([
      [1, null, 2],
      [null, null, null],
      [3, null, null],
    ]);
  });

  it("draws at most maxMapsDrawn maps and at most 4 Mi cells", () => {
    expect(mapsToDraw(512, 28, 28, 512)).toBe(512);
    expect(mapsToDraw(512, 28, 28, 64)).toBe(64);
    expect(mapsToDraw(4096, 1024, 1024, 512)).toBe(4);
    expect(mapsToDraw(1, 1024, 1024, 512)).toBe(1);
  });
});

describe("colour scale", () => {
  it("is symmetric around zero over all variants", () => {
    expect(
      zeroCenteredRange([
        { min: -3, max: 2 },
        { min: -1, max: 2.5 },
      ]),
    ).toEqual({ zmin: -3, zmax: 3 });
    expect(zeroCenteredRange([{ min: 0.5, max: 4 }])).toEqual({ zmin: -4, zmax: 4 });
    expect(zeroCenteredRange([{ min: 0, max: 0 }])).toEqual({ zmin: -1, zmax: 1 });
  });

  it("puts zero in the middle", () => {
    const range = zeroCenteredRange([{ min: -3, max: 2 }]);
    expect(scalePosition(0, range)).toBe(0.5);
    expect(scalePosition(-3, range)).toBe(0);
    expect(scalePosition(3, range)).toBe(1);
    expect(scalePosition(9, range)).toBe(1);
  });
});
