import type { Tensor } from "../../src/index.js";

/** Flattens nested arrays of numbers in row-major order. */
export function flatten(values: unknown): number[] {
  return Array.isArray(values) ? values.flatMap(flatten) : [Number(values)];
}

/**
 * Compares a tensor with expected values: |a − b| ≤ tol·max(1, |a|, |b|) elementwise.
 * Returns a description of the first mismatch, or undefined when all match.
 */
export function mismatch(
  actual: Tensor,
  expectedShape: number[],
  expected: unknown,
  tol: number,
): string | undefined {
  if (actual.shape.length !== expectedShape.length || actual.shape.some((s, i) => s !== expectedShape[i])) {
    return `shape [${actual.shape.join(", ")}] ≠ expected [${expectedShape.join(", ")}]`;
  }
  const want = flatten(expected);
  for (let i = 0; i < want.length; i++) {
    const a = actual.data[i]!;
    const b = want[i]!;
    if (Number.isNaN(a) && Number.isNaN(b)) continue;
    if (a === b) continue;
    if (!(Math.abs(a - b) <= tol * Math.max(1, Math.abs(a), Math.abs(b)))) {
      return `element ${i}: got ${a}, expected ${b} (tolerance ${tol})`;
    }
  }
  return undefined;
}
