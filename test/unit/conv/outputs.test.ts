/**
 * The pooled output allocator (src/conv/engine/outputs.ts): a collected output's memory is reused
 * for the next output of its size, and memory a caller could still see through another view is
 * never reused (no aliasing). Expected values come from the reference loops and hand-set values.
 */
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { describe, expect, it } from "vitest";
import { bufferOf, pooledOutputBytes, takeOutputArray } from "../../../src/conv/engine/outputs.js";
import { conv2d, conv2dReference, planConv2d, randn } from "../../../src/index.js";

setFlagsFromString("--expose-gc");
const gc = runInNewContext("gc") as () => void;

/** Collects garbage and lets the FinalizationRegistry callbacks run (they are tasks of their own). */
async function collect(): Promise<void> {
  for (let i = 0; i < 5; i++) {
    gc();
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
}

describe("the pooled output allocator", () => {
  it("reuses the memory of a collected output for the next output of the same size", async () => {
    let first: Float32Array | undefined = takeOutputArray(1001);
    first[0] = 42;
    const memory = bufferOf(first);
    first = undefined;
    await collect();
    const second = takeOutputArray(1001);
    expect(bufferOf(second)).toBe(memory);
    expect(second[0]).toBe(42); // old values: every op writes all of its output
  });

  it("never reuses memory whose buffer was handed out", async () => {
    let first: Float32Array | undefined = takeOutputArray(1002);
    const escaped = first.buffer;
    first = undefined;
    await collect();
    expect(bufferOf(takeOutputArray(1002))).not.toBe(escaped);
  });

  it("never reuses memory a subarray view still sees", async () => {
    let first: Float32Array | undefined = takeOutputArray(1003);
    first.fill(7);
    const view = first.subarray(0, 3);
    first = undefined;
    await collect();
    takeOutputArray(1003).fill(1);
    expect(Array.from(view)).toEqual([7, 7, 7]);
  });

  it("copies (slice, map) are plain arrays that share nothing", () => {
    const a = takeOutputArray(4).fill(3);
    const copy = a.slice();
    expect(copy.constructor).toBe(Float32Array);
    expect(bufferOf(copy)).not.toBe(bufferOf(a));
    expect(a.map((v) => v * 2).constructor).toBe(Float32Array);
  });

  it("conv2d into recycled memory gives the reference result, and a kept result never changes", async () => {
    const x = randn([6, 2, 11, 11], { seed: 1 });
    const w = randn([5, 2, 3, 3], { seed: 2 });
    const expected = Array.from(conv2dReference(planConv2d(x, w, { padding: 1 })).data);
    const kept = conv2d(x, w, { padding: 1 });
    for (let i = 0; i < 3; i++) {
      conv2d(randn([6, 2, 11, 11], { seed: 10 + i }), w, { padding: 1 });
      await collect();
    }
    expect(pooledOutputBytes()).toBeGreaterThan(0);
    const again = conv2d(x, w, { padding: 1 });
    for (const result of [kept, again]) {
      const worst = Math.max(
        ...Array.from(result.data, (v, i) => Math.abs(v - expected[i]!) / (1 + Math.abs(expected[i]!))),
      );
      expect(worst).toBeLessThanOrEqual(1e-5);
    }
  });
});
