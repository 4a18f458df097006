/**
 * The grading API that test cells call: verdicts, messages, the grade mime bundle, and that
 * patched built-ins (node:assert, prototypes, JSON, Math, globalThis helpers) cannot change a
 * verdict. Expected values come from the definitions (torch.allclose's tolerance rule), not
 * from our own output.
 */
import assertStrict from "node:assert/strict";
import { afterEach, describe, expect, it } from "vitest";
import {
  check,
  expectClose,
  expectEqual,
  GRADE_MIME,
  MIME_BUNDLE,
  restoreIntrinsics,
  tensor,
} from "../../src/index.js";

afterEach(() => {
  restoreIntrinsics();
});

function bundleOf(result: ReturnType<typeof check>): Record<string, unknown> {
  return result[MIME_BUNDLE]().data as Record<string, unknown>;
}

describe("check", () => {
  it("passes when the body returns true or nothing, fails on false or a throw", () => {
    expect(check("t", 2, () => true).payload).toMatchObject({ passed: true, score: 2, message: "" });
    expect(check("u", 2, () => undefined).payload.passed).toBe(true);
    expect(check("f", 2, () => false).payload).toMatchObject({
      passed: false,
      score: 0,
      message: "the check returned false",
    });
    const thrown = check("e", 1, () => {
      throw new TypeError("f is not a function");
    });
    expect(thrown.payload.message).toBe("TypeError: f is not a function");
  });

  it("shows a grade bundle whose text/plain is the points earned (nbgrader's partial credit)", () => {
    const data = bundleOf(check("half", 0.5, () => expectEqual(1, 1)));
    expect(data[GRADE_MIME]).toEqual({ name: "half", points: 0.5, passed: true, score: 0.5, message: "" });
    expect(data["text/plain"]).toBe("0.5");
    expect(String(data["text/html"])).toContain("✓ half");
    const failed = bundleOf(check("<b>", 1, () => expectEqual(2, 3)));
    expect(failed["text/plain"]).toBe("0");
    expect(String(failed["text/html"])).toContain("&#60;b&#62;");
  });

  it("rejects bad arguments with a ConvLabError naming the parameter", () => {
    expect(() => check("", 1, () => true)).toThrow(/name/);
    expect(() => check("x", -1, () => true)).toThrow(/points/);
    expect(() => check("x", 1, 3 as unknown as () => boolean)).toThrow(/body/);
  });

  it("does not accept a promise as a pass", () => {
    expect(check("async", 1, () => Promise.resolve(true)).payload.passed).toBe(false);
  });
});

describe("expectEqual and expectClose", () => {
  it("compare deeply and name where values differ", () => {
    expect(expectEqual({ h: 7, w: [1, 2] }, { h: 7, w: [1, 2] })).toBe(true);
    expect(() =>
      expectEqual(
        [
          [1, 2],
          [3, 4],
        ],
        [
          [1, 2],
          [3, 5],
        ],
      ),
    ).toThrow("at [1][1]: expected 5, got 4");
    expect(() => expectEqual([1, 2], [1, 2, 3])).toThrow(/expected 3 items/);
    expect(() => expectEqual({ a: 1 }, { b: 1 })).toThrow(/missing key "b"/);
    expect(expectEqual(tensor([[1, 2]]), tensor([[1, 2]]))).toBe(true);
  });

  it("follow torch.allclose: |a − b| ≤ atol + rtol·|b| with rtol 1e-5, atol 1e-8", () => {
    // 1 + 1.0e-5 is within 1e-8 + 1e-5·1; 1 + 1.2e-5 is not.
    expect(expectClose(1 + 1.0e-5, 1)).toBe(true);
    expect(() => expectClose(1 + 1.2e-5, 1)).toThrow(/expected 1/);
    expect(expectClose(1e-9, 0)).toBe(true);
    expect(() => expectClose(2e-8, 0)).toThrow();
    expect(expectClose(new Float32Array([0.1, 0.2]), [0.1, 0.2])).toBe(true);
    expect(expectClose(1.05, 1, { rtol: 0.1 })).toBe(true);
    expect(() => expectClose(1, 1, { atol: -1 })).toThrow(/atol/);
  });
});

describe("patched built-ins cannot change a verdict", () => {
  const wrong = () => expectEqual([1, 2], [1, 3]);

  it("node:assert replaced by a no-op", () => {
    const equal = assertStrict.equal;
    (assertStrict as { equal: unknown }).equal = () => undefined;
    expect(check("assert", 1, () => assertStrict.equal(1, 2)).payload.passed).toBe(false);
    expect(assertStrict.equal).toBe(equal);
  });

  it("Object.is, Array.isArray, Object.keys, Math.abs and JSON.stringify replaced", () => {
    Object.is = () => true;
    Array.isArray = (() => false) as unknown as typeof Array.isArray;
    Object.keys = () => [];
    Math.abs = () => 0;
    JSON.stringify = () => "{}";
    expect(check("is", 1, wrong).payload.passed).toBe(false);
    expect(check("close", 1, () => expectClose(2, 1)).payload.passed).toBe(false);
    expect(check("keys", 1, () => expectEqual({ a: 1 }, { a: 2 })).payload.passed).toBe(false);
  });

  it("Object.prototype.toJSON and Array.prototype methods added or replaced", () => {
    Object.defineProperty(Object.prototype, "toJSON", {
      value: () => ({ passed: true }),
      configurable: true,
      writable: true,
    });
    Array.prototype.push = () => 0;
    Array.prototype.join = () => "";
    Array.prototype.every = () => true;
    const result = check("proto", 1, wrong);
    expect(result.payload.passed).toBe(false);
    expect(result.payload.message).toBe("at [1]: expected 3, got 2");
    expect(Object.prototype).not.toHaveProperty("toJSON");
  });

  it("globalThis helpers replaced (String, Number.isFinite, Reflect.ownKeys)", () => {
    const original = globalThis.String;
    globalThis.String = (() => "x") as unknown as StringConstructor;
    Number.isFinite = () => false;
    expect(check("globals", 1, () => expectEqual(1, 1)).payload.passed).toBe(true);
    expect(check("globals", 1, () => expectEqual(1, 2)).payload.passed).toBe(false);
    expect(globalThis.String).toBe(original);
  });

  it("a body that patches during the check still gets an honest verdict", () => {
    const result = check("sneaky", 1, () => {
      Object.is = () => true;
      Array.prototype.every = () => true;
      return expectEqual([1], [2]);
    });
    expect(result.payload.passed).toBe(false);
  });
});
