import { describe, expect, it } from "vitest";
import { FEATUREMAPS_MIME_TYPE, validateFeatureMaps } from "../../src/payload/index.js";
import { FEATUREMAPS_MIME_TYPE as FIXTURE_MIME, hostilePayload, makePayload } from "../fixtures/payloads.js";

/**
 * The D2L corr2d example (section 7.2): X = [[0,1,2],[3,4,5],[6,7,8]], K = [[0,1],[2,3]] gives
 * Y = [[19, 25], [37, 43]]. Written by hand as a payload: maps q = [0, 1, 3, 4] with offset 19
 * and scale 6; pixels q = 0…8 with scale 1/8.
 */
function bookPayload(): Record<string, unknown> {
  const axis = {
    input: 3,
    kernel: 2,
    dilation: 1,
    padBefore: 0,
    padAfter: 0,
    stride: 1,
    output: 2,
    formula: "n − k + p + 1",
    worked: "3 − 2 + 0 + 1 = 2",
  };
  return {
    version: 1,
    title: "corr2d example",
    inputs: [
      {
        label: "X",
        split: "synthetic",
        height: 3,
        width: 3,
        pixels: { shape: [3, 3], bits: 8, scale: 0.125, offset: 0, base64: "AAECAwQFBgcI" },
      },
    ],
    kernels: [{ name: "K", height: 2, width: 2, values: [0, 1, 2, 3] }],
    variants: [
      {
        id: "p0-s1",
        title: "3×3 → 2×2 (k=2, p=0, s=1)",
        padding: { top: 0, bottom: 0, left: 0, right: 0 },
        stride: [1, 1],
        dilation: [1, 1],
        paddingMode: "zeros",
        height: axis,
        width: axis,
        maps: { shape: [1, 1, 2, 2], bits: 8, scale: 6, offset: 19, base64: "AAEDBA==" },
        range: { min: 19, max: 43 },
      },
    ],
    colorScale: { min: -43, max: 43, zeroCentered: true },
  };
}

type Json = Record<string, unknown> & { variants: Record<string, unknown>[] };
const clone = (value: Record<string, unknown>) => structuredClone(value) as Json;

function problemsOf(data: unknown): readonly string[] {
  const result = validateFeatureMaps(data);
  expect(result.ok).toBe(false);
  return result.ok ? [] : result.problems;
}

describe("validateFeatureMaps", () => {
  it("uses the mime type of the data issue", () => {
    expect(FEATUREMAPS_MIME_TYPE).toBe("application/vnd.convlab.featuremaps.v1+json");
    expect(FIXTURE_MIME).toBe(FEATUREMAPS_MIME_TYPE);
  });

  it("accepts the hand-written book example and decodes Y = [[19, 25], [37, 43]]", () => {
    const result = validateFeatureMaps(bookPayload());
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect([...result.figure.variantMaps(0)]).toEqual([19, 25, 37, 43]);
    expect([...result.figure.inputPixels(0)]).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8].map((q) => q / 8));
    expect(result.figure.mapCount).toBe(1);
  });

  it("accepts generated payloads of 1, 64 and 512 maps", () => {
    for (const [inputs, kernels] of [
      [1, 1],
      [8, 8],
      [8, 64],
    ] as const) {
      const result = validateFeatureMaps(
        makePayload({ inputs, kernels, variants: [{ padding: 1, stride: 2 }] }),
      );
      expect(result.ok, String(!result.ok && result.problems)).toBe(true);
      if (result.ok) {
        expect(result.figure.mapCount).toBe(inputs * kernels);
        // 28×28, k=3, p=1, s=2: ⌊(28 − 3 + 2 + 2) / 2⌋ = 14 (D2L 7.3)
        expect(result.figure.variantMaps(0).length).toBe(inputs * kernels * 14 * 14);
      }
    }
  });

  it("accepts markup in text fields (the renderer shows it as text)", () => {
    expect(validateFeatureMaps(hostilePayload()).ok).toBe(true);
  });

  it("rejects non-objects and wrong versions, naming where", () => {
    expect(problemsOf(null)[0]).toBe("/ must be object");
    expect(problemsOf("<script>")[0]).toBe("/ must be object");
    const wrong = clone(bookPayload());
    wrong.version = 2;
    expect(problemsOf(wrong)[0]).toBe("/version must be equal to constant");
  });

  it("rejects schema violations with the path of the bad field", () => {
    const bits = clone(bookPayload());
    (bits.variants[0]?.maps as Record<string, unknown>).bits = 12;
    expect(problemsOf(bits)[0]).toBe(
      "/variants/0/maps/bits must be equal to one of the allowed values (8, 16)",
    );

    const extra = clone(bookPayload());
    extra.onload = "alert(1)";
    expect(problemsOf(extra)[0]).toBe("/ unknown property 'onload'");

    const long = clone(bookPayload());
    long.title = "x".repeat(201);
    expect(problemsOf(long)[0]).toBe("/title must NOT have more than 200 characters");

    const badBase64 = clone(bookPayload());
    (badBase64.variants[0]?.maps as Record<string, unknown>).base64 = "AAED<>==";
    expect(problemsOf(badBase64)[0]).toMatch(/^\/variants\/0\/maps\/base64 must match pattern/);
  });

  it("rejects output sizes that break the shape arithmetic", () => {
    const payload = clone(makePayload({ inputs: 1, kernels: 1, variants: [{ padding: 1, stride: 2 }] }));
    (payload.variants[0]?.height as Record<string, unknown>).output = 15;
    // ⌊(28 − 3 + 2 + 2) / 2⌋ = 14 (D2L 7.3)
    expect(problemsOf(payload)).toContain(
      "/variants/0/height/output is 15, but the shape arithmetic gives 14",
    );
  });

  it("rejects maps whose shape or byte count does not match", () => {
    const shape = clone(bookPayload());
    (shape.variants[0]?.maps as Record<string, unknown>).shape = [1, 1, 2, 1];
    expect(problemsOf(shape)).toEqual(["/variants/0/maps/shape must be [1, 1, 2, 2], got [1, 1, 2, 1]"]);

    const bytes = clone(bookPayload());
    (bytes.variants[0]?.maps as Record<string, unknown>).base64 = "AAEDBAU=";
    expect(problemsOf(bytes)).toEqual([
      "/variants/0/maps/base64 decodes to 5 bytes, but shape [1, 1, 2, 2] at 8 bits needs 4",
    ]);
  });

  it("rejects padding that disagrees with the axis arithmetic, and kernels of the wrong length", () => {
    const payload = clone(bookPayload());
    (payload.variants[0] as Record<string, unknown>).padding = { top: 1, bottom: 0, left: 0, right: 0 };
    (payload.kernels as Record<string, unknown>[])[0] = { name: "K", height: 2, width: 2, values: [1, 2, 3] };
    const problems = problemsOf(payload);
    expect(problems).toContain("/variants/0/height/padBefore is 0, but the figure says 1");
    expect(problems).toContain("/kernels/0/values has 3 values, but a 2x2 kernel needs 4");
  });

  it("rejects reflect padding as wide as the image (the renderer could not draw it)", () => {
    const payload = clone(bookPayload());
    const variant = payload.variants[0] as Record<string, unknown>;
    variant.paddingMode = "reflect";
    variant.padding = { top: 3, bottom: 3, left: 0, right: 0 };
    variant.height = { ...(variant.height as object), padBefore: 3, padAfter: 3, output: 8 };
    (variant.maps as Record<string, unknown>).shape = [1, 1, 8, 2];
    (variant.maps as Record<string, unknown>).base64 = "AAAAAAAAAAAAAAAAAAAAAA==";
    expect(problemsOf(payload)).toEqual([
      "/variants/0/padding reflect padding 3 must be less than the height 3",
    ]);
  });
});
