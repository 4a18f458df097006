/**
 * The comparisons checks use: exact (deep, strict) equality and closeness within tolerances,
 * as `torch.allclose` defines it. Both throw an {@link ExpectationError} naming where the
 * values differ, and both run only on built-ins captured before any student cell.
 */
import { ConvLabError } from "../../errors.js";
import { formatActual } from "./format.js";
import {
  ArrayBufferIsView,
  ArrayIsArray,
  ErrorCtor,
  MathAbs,
  NumberIsNaN,
  ObjectGetPrototypeOf,
  ObjectIs,
  ObjectKeys,
  ObjectPrototype,
  ReflectGetOwnPropertyDescriptor,
  typedArrayLength,
} from "./intrinsics.js";

/**
 * Thrown by {@link expectEqual} and {@link expectClose}; its message explains the difference.
 *
 * @example
 * ```ts
 * import { ExpectationError } from "convlab";
 * new ExpectationError("at [0]: expected 1, got 2").name; // "ExpectationError"
 * ```
 */
export class ExpectationError extends ErrorCtor {
  override readonly name = "ExpectationError";
}

type Path = string;

function fail(path: Path, detail: string): never {
  throw new ExpectationError(path === "" ? detail : `at ${path}: ${detail}`);
}

/** Array-like view of arrays, typed arrays and tensors (`{ shape, data }`), else undefined. */
function listOf(value: unknown): { items: ArrayLike<unknown>; length: number } | undefined {
  if (ArrayIsArray(value)) return { items: value, length: value.length };
  if (ArrayBufferIsView(value) && !(value instanceof DataView)) {
    return { items: value as unknown as ArrayLike<unknown>, length: typedArrayLength(value) };
  }
  return undefined;
}

function ownValue(value: object, key: string): unknown {
  return ReflectGetOwnPropertyDescriptor(value, key)?.value;
}

/** A ConvLab tensor (or anything with an own `shape` array and typed-array `data`). */
function tensorParts(value: unknown): { shape: unknown; data: unknown } | undefined {
  if (typeof value !== "object" || value === null || ArrayIsArray(value)) return undefined;
  const shape = ownValue(value, "shape");
  const data = ownValue(value, "data");
  return ArrayIsArray(shape) && ArrayBufferIsView(data) ? { shape, data } : undefined;
}

function equalAt(actual: unknown, expected: unknown, path: Path): void {
  if (ObjectIs(actual, expected)) return;
  if (typeof actual === "number" && typeof expected === "number" && actual === expected) return;
  const tensorA = tensorParts(actual);
  const tensorE = tensorParts(expected);
  if (tensorA || tensorE) {
    if (!tensorA || !tensorE) fail(path, `expected ${formatActual(expected)}, got ${formatActual(actual)}`);
    equalAt(tensorA.shape, tensorE.shape, `${path}.shape`);
    equalAt(tensorA.data, tensorE.data, `${path}.data`);
    return;
  }
  const listA = listOf(actual);
  const listE = listOf(expected);
  if (listA && listE) {
    if (listA.length !== listE.length) {
      fail(
        path,
        `expected ${listE.length} items ${formatActual(expected)}, got ${listA.length} ${formatActual(actual)}`,
      );
    }
    for (let i = 0; i < listE.length; i++) equalAt(listA.items[i], listE.items[i], `${path}[${i}]`);
    return;
  }
  if (
    typeof actual === "object" &&
    typeof expected === "object" &&
    actual !== null &&
    expected !== null &&
    !listA &&
    !listE &&
    ObjectGetPrototypeOf(expected) === ObjectPrototype
  ) {
    const keysA = ObjectKeys(actual);
    const keysE = ObjectKeys(expected);
    if (keysA.length !== keysE.length) {
      fail(path, `expected keys ${formatActual(keysE)}, got ${formatActual(keysA)}`);
    }
    for (let i = 0; i < keysE.length; i++) {
      const key = keysE[i]!;
      if (!ReflectGetOwnPropertyDescriptor(actual, key)) fail(path, `missing key "${key}"`);
      equalAt(ownValue(actual, key), ownValue(expected, key), `${path}.${key}`);
    }
    return;
  }
  fail(path, `expected ${formatActual(expected)}, got ${formatActual(actual)}`);
}

/**
 * Asserts that `actual` equals `expected`: primitives by `Object.is` (numbers by `===`), arrays,
 * typed arrays and tensors item by item, plain objects key by key. Returns `true`.
 *
 * @example
 * ```ts
 * import { expectEqual } from "convlab";
 * expectEqual([28, 28], [28, 28]); // true
 * expectEqual({ h: 7, w: 7 }, { h: 7, w: 7 }); // true
 * // expectEqual([28, 27], [28, 28]) throws "at [1]: expected 28, got 27"
 * ```
 */
export function expectEqual(actual: unknown, expected: unknown): true {
  equalAt(actual, expected, "");
  return true;
}

/** Tolerances of {@link expectClose}: |actual − expected| ≤ atol + rtol·|expected|. */
export interface CloseOptions {
  /** Relative tolerance (default 1e-5, as torch.allclose). */
  readonly rtol?: number;
  /** Absolute tolerance (default 1e-8, as torch.allclose). */
  readonly atol?: number;
}

function closeAt(actual: unknown, expected: unknown, path: Path, rtol: number, atol: number): void {
  if (typeof expected === "number") {
    if (typeof actual !== "number")
      fail(path, `expected a number near ${formatActual(expected)}, got ${formatActual(actual)}`);
    if (NumberIsNaN(expected) && NumberIsNaN(actual)) return;
    if (actual === expected) return;
    const gap = MathAbs(actual - expected);
    if (!(gap <= atol + rtol * MathAbs(expected))) {
      fail(
        path,
        `expected ${formatActual(expected)} (±${formatActual(atol + rtol * MathAbs(expected))}), got ${formatActual(actual)}`,
      );
    }
    return;
  }
  const tensorA = tensorParts(actual);
  const tensorE = tensorParts(expected);
  if (tensorA || tensorE) {
    equalAt(tensorA?.shape ?? actual, tensorE?.shape ?? expected, `${path}.shape`);
    closeAt(tensorA?.data, tensorE?.data, path, rtol, atol);
    return;
  }
  const listA = listOf(actual);
  const listE = listOf(expected);
  if (!listE)
    fail(path, `expected must be a number, an array of numbers or a tensor, got ${formatActual(expected)}`);
  if (!listA) fail(path, `expected ${listE.length} numbers, got ${formatActual(actual)}`);
  if (listA.length !== listE.length) fail(path, `expected ${listE.length} items, got ${listA.length}`);
  for (let i = 0; i < listE.length; i++) closeAt(listA.items[i], listE.items[i], `${path}[${i}]`, rtol, atol);
}

/**
 * Asserts that numbers, (nested) arrays, typed arrays or tensors agree within tolerances, as
 * `torch.allclose` decides. Returns `true`.
 *
 * @example
 * ```ts
 * import { expectClose } from "convlab";
 * expectClose(0.1 + 0.2, 0.3); // true
 * expectClose([1, 2.0000001], new Float32Array([1, 2])); // true
 * // expectClose(1.1, 1) throws "expected 1 (±0.00001001), got 1.1"
 * ```
 */
export function expectClose(actual: unknown, expected: unknown, options: CloseOptions = {}): true {
  const rtol = options.rtol ?? 1e-5;
  const atol = options.atol ?? 1e-8;
  for (const [name, value] of [
    ["rtol", rtol],
    ["atol", atol],
  ] as const) {
    if (typeof value !== "number" || !(value >= 0)) {
      throw new ConvLabError({
        parameter: name,
        value,
        rule: "must be a number ≥ 0",
        fix: `for example { ${name}: 1e-6 }`,
        category: "argument",
      });
    }
  }
  closeAt(actual, expected, "", rtol, atol);
  return true;
}
