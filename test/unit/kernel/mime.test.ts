/** Mime bundles: the display protocol, Node's inspect for plain values, and safe fallbacks. */
import { inspect } from "node:util";
import { describe, expect, it } from "vitest";
import { MIME_BUNDLE } from "../../../src/display.js";
import { INSPECT_OPTIONS, toMimeBundle } from "../../../src/kernel/executor/mime.js";

describe("toMimeBundle", () => {
  it("shows plain values as Node's util.inspect would", () => {
    expect(toMimeBundle(2)).toEqual({ data: { "text/plain": "2" }, metadata: {} });
    expect(toMimeBundle("s").data["text/plain"]).toBe("'s'");
    expect(toMimeBundle({ a: [1, 2] }).data["text/plain"]).toBe("{ a: [ 1, 2 ] }");
  });

  it("bounds huge values (100 array items shown)", () => {
    const text = toMimeBundle(Array.from({ length: 1000 }, (_, i) => i)).data["text/plain"] as string;
    expect(text).toContain("... 900 more items");
    expect(text).toBe(
      inspect(
        Array.from({ length: 1000 }, (_, i) => i),
        INSPECT_OPTIONS,
      ),
    );
  });

  it("uses a value's own bundle, adds text/plain when missing, and drops what JSON cannot carry", () => {
    const value = {
      [MIME_BUNDLE]: () => ({
        data: { "text/html": "<b>x</b>", "application/json": { f: () => 1, n: 1 } },
        metadata: { m: 1 },
      }),
    };
    const bundle = toMimeBundle(value);
    expect(bundle.data["text/html"]).toBe("<b>x</b>");
    expect(bundle.data["application/json"]).toEqual({ n: 1 });
    expect(typeof bundle.data["text/plain"]).toBe("string");
    expect(bundle.metadata).toEqual({ m: 1 });
  });

  it("falls back to text and says why when a display method throws", () => {
    const value = {
      [MIME_BUNDLE]: () => {
        throw new Error("renderer broke");
      },
    };
    const text = toMimeBundle(value).data["text/plain"] as string;
    expect(text).toContain("(rich display failed: renderer broke)");
  });
});
