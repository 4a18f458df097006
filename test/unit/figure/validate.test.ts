import { readFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { deflateRawSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { GENERATED_PATH, generateValidatorSource } from "../../../scripts/generate-validator.js";
import { ConvLabError } from "../../../src/errors.js";
import { featureMaps } from "../../../src/figure/feature-maps.js";
import type { FeatureMapPayload } from "../../../src/figure/payload.js";
import { assertFeatureMapPayload, validateFeatureMapPayload } from "../../../src/figure/validate.js";
import { rand } from "../../../src/tensor/create.js";
import { schemaErrors } from "../../support/schema.js";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "../../..");

/** A valid payload to break: 2 random 6×6 images, 2 kernels, 2 variants. */
function goodPayload(): FeatureMapPayload {
  const figure = featureMaps({
    images: rand([2, 1, 6, 6], { seed: 5 }),
    kernels: ["sobel-x", "laplacian"],
    variants: [{ padding: 1 }, { padding: { top: 1, bottom: 0, left: 0, right: 2 }, stride: 2 }],
  });
  return JSON.parse(JSON.stringify(figure.toPayload())) as FeatureMapPayload;
}

type Mutable = Record<string, unknown> & {
  variants: Record<string, unknown>[];
  inputs: Record<string, unknown>[];
};

function broken(mutate: (p: Mutable) => void): { message: string; paths: string[] } {
  const payload = goodPayload() as unknown as Mutable;
  mutate(payload);
  const verdict = validateFeatureMapPayload(payload);
  if (verdict.valid) throw new Error("the broken payload was accepted");
  return { message: verdict.message, paths: verdict.issues.map((i) => i.path) };
}

describe("the payload validator", () => {
  it("accepts what featureMaps produces (and so does Ajv compiling the schema file at test time)", () => {
    const payload = goodPayload();
    expect(validateFeatureMapPayload(payload).valid).toBe(true);
    expect(schemaErrors(payload)).toBe("");
  });

  it("is generated from the current schema (run `npm run generate:validator` if this fails)", () => {
    expect(readFileSync(GENERATED_PATH, "utf8")).toBe(generateValidatorSource());
  });

  it("is browser-safe: no node: imports, no eval/new Function in its import graph", () => {
    const seen = new Set<string>();
    const bare: string[] = [];
    const visit = (file: string): void => {
      if (seen.has(file)) return;
      seen.add(file);
      const text = readFileSync(file, "utf8");
      const code = text.replace(/\/\*[\s\S]*?\*\//g, "").replace(/^\s*\/\/.*$/gm, "");
      expect(code, relative(root, file)).not.toMatch(/new Function|\beval\(|\brequire\(/);
      for (const m of text.matchAll(/^(?:import|export)\s[^;]*?from\s+"([^"]+)"/gms)) {
        const spec = m[1]!;
        if (spec.startsWith(".")) visit(resolve(dirname(file), spec.replace(/\.js$/, ".ts")));
        else bare.push(spec);
      }
    };
    visit(join(root, "src/figure/validate.ts"));
    visit(join(root, "src/figure/payload.ts"));
    visit(join(root, "src/payload/index.ts")); // `convlab/payload`, what the extension imports
    // fflate: raw DEFLATE of compressed maps, pure JavaScript (ESM build for the browser)
    expect(bare.sort()).toEqual(["ajv/dist/runtime/ucs2length.js", "fflate"]);
    expect([...seen].map((f) => relative(root, f)).sort()).toEqual([
      "src/conv/index-maps.ts",
      "src/conv/padding-rule.ts",
      "src/conv/params.ts",
      "src/conv/shape-text.ts",
      "src/conv/shape.ts",
      "src/conv/transpose-shape.ts",
      "src/display.ts",
      "src/errors.ts",
      "src/figure/generated/featuremaps-schema.ts",
      "src/figure/payload.ts",
      "src/figure/validate.ts",
      "src/payload/index.ts",
      "src/payload/mime.ts",
    ]);
  });

  it("rejects non-objects and wrong versions with the JSON path", () => {
    for (const hostile of [null, 42, "payload", [], { version: 2 }]) {
      const verdict = validateFeatureMapPayload(hostile);
      expect(verdict.valid).toBe(false);
    }
    const { message } = broken((p) => {
      p.version = 2;
    });
    expect(message).toContain("/version: must be equal to constant");
  });

  it("rejects unknown properties (including __proto__ smuggling)", () => {
    const { message } = broken((p) => {
      Object.defineProperty(p, "__proto__", { value: { polluted: true }, enumerable: true });
      p.script = "<script>alert(1)</script>";
    });
    expect(message).toContain("/: unknown property '__proto__'");
    expect(message).toContain("/: unknown property 'script'");
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it("rejects compressed maps that inflate to the wrong size, or do not inflate", () => {
    const short = broken((p) => {
      const maps = p.variants[0]!.maps as Record<string, unknown>;
      maps.base64 = deflateRawSync(Buffer.alloc(100)).toString("base64");
    });
    expect(short.message).toMatch(
      /\/variants\/0\/maps\/base64: decodes to 100 bytes, but shape \[2, 2, 6, 6\] at 8 bits needs 144/,
    );
    const bomb = broken((p) => {
      const maps = p.variants[0]!.maps as Record<string, unknown>;
      maps.base64 = deflateRawSync(Buffer.alloc(10_000_000)).toString("base64");
    });
    expect(bomb.message).toMatch(/decodes to \d+ bytes, but shape \[2, 2, 6, 6\] at 8 bits needs 144/);
    const garbage = broken((p) => {
      (p.variants[0]!.maps as Record<string, unknown>).base64 = "////////";
    });
    expect(garbage.message).toMatch(/\/variants\/0\/maps\/base64: decodes to 0 bytes/);
  });

  it("rejects a colour scale of ±1e308 (it would draw a blank map) with a readable reason", () => {
    const { message, paths } = broken((p) => {
      (p.colorScale as Record<string, unknown>).min = -1e308;
      (p.colorScale as Record<string, unknown>).max = 1e308;
    });
    expect(paths).toEqual(["/colorScale/min", "/colorScale/max"]);
    expect(message).toContain(
      "/colorScale/max: 1e+308 is beyond ±1e+30, the largest value a figure can draw",
    );
  });

  it("rejects base64 that does not hold the declared shape", () => {
    const { message } = broken((p) => {
      const maps = p.variants[0]!.maps as Record<string, unknown>;
      maps.base64 = (maps.base64 as string).slice(0, -4);
    });
    expect(message).toMatch(
      /\/variants\/0\/maps\/base64: decodes to \d+ bytes, but shape \[2, 2, 6, 6\] at 8 bits needs 144/,
    );
    const bad = broken((p) => {
      (p.inputs[0]!.pixels as Record<string, unknown>).base64 = "AAA";
    });
    expect(bad.message).toContain(
      "/inputs/0/pixels/base64: length 3 is not a multiple of 4 (truncated base64)",
    );
    const notBase64 = broken((p) => {
      (p.inputs[0]!.pixels as Record<string, unknown>).base64 = "<img src=x onerror=alert(1)>";
    });
    expect(notBase64.paths).toContain("/inputs/0/pixels/base64");
  });

  it("rejects maps whose shape is not [inputs, kernels, out h, out w]", () => {
    const { message } = broken((p) => {
      (p.variants[1]!.maps as Record<string, unknown>).shape = [2, 2, 4, 3];
    });
    expect(message).toContain("/variants/1/maps/shape: must be [2, 2, 3, 3], got [2, 2, 4, 3]");
  });

  it("accepts other wording of the formula text (display text from another ConvLab version)", () => {
    const payload = structuredClone(goodPayload()) as unknown as {
      variants: { height: { formula: string; worked: string } }[];
    };
    payload.variants[0]!.height.formula = "n − k + p + 1";
    payload.variants[0]!.height.worked = "6 - 3 + 2 + 1 = 6";
    expect(validateFeatureMapPayload(payload).valid).toBe(true);
  });

  it("rejects shape arithmetic that does not add up", () => {
    const { message } = broken((p) => {
      const height = p.variants[0]!.height as Record<string, unknown>;
      height.output = 7;
      height.worked = "6 − 3 + 2 + 1 = 7";
    });
    expect(message).toContain("/variants/0/height/output: is 7, but the shape arithmetic gives 6");
    const padding = broken((p) => {
      (p.variants[1]!.padding as Record<string, number>).right = 0;
    });
    expect(padding.message).toContain("/variants/1/width/padAfter: is 2, but the figure says 0");
  });

  it("rejects out-of-range numbers, NaN, inconsistent ranges and duplicate ids", () => {
    expect(
      broken((p) => {
        p.variants[0]!.stride = [0, 1];
      }).message,
    ).toContain("/variants/0/stride/0: must be >= 1");
    expect(
      broken((p) => {
        (p.variants[0]!.range as Record<string, number>).min = Number.NaN;
      }).paths,
    ).toContain("/variants/0/range/min");
    expect(
      broken((p) => {
        p.colorScale = { min: -1, max: 2, zeroCentered: true };
      }).message,
    ).toContain("/colorScale: is zero-centred, so min must be −max, got [-1, 2]");
    expect(
      broken((p) => {
        p.variants[1]!.id = p.variants[0]!.id;
      }).message,
    ).toContain("/variants/1/id: 'p1-s1' is used by an earlier variant; ids must be unique");
  });

  it("rejects payloads over the size limit before decoding anything", () => {
    const verdict = validateFeatureMapPayload(goodPayload(), { maxDataBytes: 100 });
    expect(verdict.valid).toBe(false);
    if (!verdict.valid)
      expect(verdict.message).toMatch(/holds \d+ bytes of pixel data, more than the limit of 100/);
    const huge = broken((p) => {
      (p.variants[0]!.maps as Record<string, unknown>).shape = [1024, 1024, 1024, 1024];
    });
    expect(huge.message).toContain("/variants/0/maps/shape: must be [2, 2, 6, 6]");
  });

  it("assertFeatureMapPayload throws a readable ConvLabError", () => {
    let error: unknown;
    try {
      assertFeatureMapPayload({ version: 1, title: "x" });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConvLabError);
    expect((error as ConvLabError).category).toBe("data");
    expect((error as ConvLabError).message).toContain("invalid feature-map payload");
    expect((error as ConvLabError).message).toContain("/: must have required property 'inputs'");
  });
});
