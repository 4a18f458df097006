/**
 * The JavaScript built-ins the grading API relies on, captured when ConvLab loads (before any
 * student cell runs), and a snapshot of the objects students could patch so the grader can put
 * them back before every test.
 *
 * Student code shares the process with the tests. A solution cell could replace
 * `assert.equal`, `Object.is`, `Array.prototype.every`, `JSON.stringify`, `Math.abs` or add an
 * `Object.prototype.toJSON`; the checks call only the functions captured here, and
 * {@link restoreIntrinsics} undoes such patches.
 */
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);

// Captured at load. Everything the checks call goes through these bindings.
const uncurry = Function.prototype.bind.bind(Function.prototype.call) as <A extends unknown[], R>(
  fn: (...args: A) => R,
) => (self: unknown, ...args: A) => R;

export const ObjectIs = Object.is;
export const ObjectKeys = Object.keys;
export const ObjectGetPrototypeOf = Object.getPrototypeOf;
export const ObjectPrototype = Object.prototype;
export const ArrayIsArray = Array.isArray;
export const NumberIsFinite = Number.isFinite;
export const NumberIsNaN = Number.isNaN;
export const MathAbs = Math.abs;
export const MathMax = Math.max;
export const MathMin = Math.min;
export const MathTrunc = Math.trunc;
export const NumberCtor = Number;
export const StringCtor = String;
export const ReflectApply = Reflect.apply;
export const ReflectOwnKeys = Reflect.ownKeys;
export const ReflectGetOwnPropertyDescriptor = Reflect.getOwnPropertyDescriptor;
export const ReflectDefineProperty = Reflect.defineProperty;
export const ReflectDeleteProperty = Reflect.deleteProperty;
export const ObjectCreate = Object.create;
export const ObjectFreeze = Object.freeze;
export const ErrorCtor = Error;
export const ArrayBufferIsView = ArrayBuffer.isView;
export const JSONStringify = JSON.stringify;
export const arrayPush = uncurry(Array.prototype.push) as (array: unknown[], ...items: unknown[]) => number;
export const arrayJoin = uncurry(Array.prototype.join) as (
  array: readonly unknown[],
  separator: string,
) => string;
export const stringSlice = uncurry(String.prototype.slice) as (
  s: string,
  start: number,
  end?: number,
) => string;
export const numberToPrecision = uncurry(Number.prototype.toPrecision) as (
  n: number,
  digits: number,
) => string;
const mapHas = uncurry(Map.prototype.has) as (map: unknown, key: unknown) => boolean;
const mapGet = uncurry(Map.prototype.get) as (map: unknown, key: unknown) => unknown;
export const typedArrayLength = uncurry(
  ReflectGetOwnPropertyDescriptor(ObjectGetPrototypeOf(Int8Array.prototype) as object, "length")!.get!,
) as (view: unknown) => number;

interface Snapshot {
  readonly target: object;
  readonly keys: readonly PropertyKey[];
  readonly descriptors: ReadonlyMap<PropertyKey, PropertyDescriptor>;
  /** Whether properties added after the snapshot are removed (not for globalThis). */
  readonly removeAdded: boolean;
}

function snapshotOf(target: object, removeAdded = true): Snapshot {
  const keys = ReflectOwnKeys(target);
  const descriptors = new Map<PropertyKey, PropertyDescriptor>();
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i]!;
    const descriptor = ReflectGetOwnPropertyDescriptor(target, key);
    if (descriptor) descriptors.set(key, descriptor);
  }
  return { target, keys, descriptors, removeAdded };
}

/** The objects a student could patch to change a test's verdict (built-ins and `node:assert`). */
const GUARDED: readonly object[] = [
  Object,
  Object.prototype,
  Function.prototype,
  Array,
  Array.prototype,
  String.prototype,
  Number,
  Number.prototype,
  Boolean.prototype,
  Symbol.prototype,
  BigInt.prototype,
  Error,
  Error.prototype,
  RegExp.prototype,
  Date.prototype,
  Map.prototype,
  Set.prototype,
  Promise,
  Promise.prototype,
  ObjectGetPrototypeOf(Int8Array.prototype) as object,
  Float32Array.prototype,
  Float64Array.prototype,
  JSON,
  Math,
  Reflect,
  require("node:assert") as object,
  require("node:assert/strict") as object,
  require("node:util") as object,
];

const snapshots: readonly Snapshot[] = [...GUARDED.map((t) => snapshotOf(t)), snapshotOf(globalThis, false)];

function sameDescriptor(a: PropertyDescriptor, b: PropertyDescriptor): boolean {
  return (
    ObjectIs(a.value, b.value) &&
    a.get === b.get &&
    a.set === b.set &&
    a.writable === b.writable &&
    a.enumerable === b.enumerable &&
    a.configurable === b.configurable
  );
}

/**
 * Puts every guarded built-in back as it was when ConvLab loaded: removes added properties
 * (such as `Object.prototype.toJSON`) and restores replaced ones (such as `assert.equal` or
 * `Math.abs`). Returns how many properties it repaired. The grader calls it before each test;
 * calling it yourself is harmless.
 *
 * @example
 * ```ts
 * import { restoreIntrinsics } from "convlab";
 * const abs = Math.abs;
 * Math.abs = () => 0;
 * restoreIntrinsics();
 * Math.abs === abs; // true
 * ```
 */
export function restoreIntrinsics(): number {
  let repaired = 0;
  for (let s = 0; s < snapshots.length; s++) {
    const { target, keys, descriptors, removeAdded } = snapshots[s]!;
    if (removeAdded) {
      const now = ReflectOwnKeys(target);
      for (let i = 0; i < now.length; i++) {
        const key = now[i]!;
        if (!mapHas(descriptors, key) && ReflectDeleteProperty(target, key)) repaired++;
      }
    }
    for (let i = 0; i < keys.length; i++) {
      const key = keys[i]!;
      const original = mapGet(descriptors, key) as PropertyDescriptor;
      const current = ReflectGetOwnPropertyDescriptor(target, key);
      if (current && sameDescriptor(current, original)) continue;
      if (ReflectDefineProperty(target, key, original)) repaired++;
    }
  }
  return repaired;
}
