/**
 * The sessions the native engine keeps: a bounded least-recently-used cache (each session holds
 * a thread pool and pre-packed weights, so the number alive is capped), and the fingerprint
 * that tells a weight seen before from a new one.
 */

/** What the cache holds: anything that can be disposed. */
export interface Disposable {
  dispose(): void;
}

/**
 * A least-recently-used map with a fixed capacity; evicted values are disposed.
 *
 * @example
 * ```ts
 * import { LruCache } from "./sessions.js";
 * const gone: string[] = [];
 * const cache = new LruCache<{ name: string; dispose(): void }>(2);
 * const make = (name: string) => () => ({ name, dispose: () => gone.push(name) });
 * cache.get("a", make("a"));
 * cache.get("b", make("b"));
 * cache.get("a", make("a2")).name; // "a"
 * cache.get("c", make("c"));
 * gone;       // ["b"]
 * cache.size; // 2
 * ```
 */
export class LruCache<T extends Disposable> {
  private readonly entries = new Map<string, T>();

  constructor(private readonly capacity: number) {}

  /** The value under `key`, built (and the least recently used one evicted) when missing. */
  get(key: string, build: () => T): T {
    let value = this.entries.get(key);
    if (value !== undefined) {
      this.entries.delete(key);
    } else {
      value = build();
      while (this.entries.size >= this.capacity) {
        const [oldest, old] = this.entries.entries().next().value as [string, T];
        this.entries.delete(oldest);
        old.dispose();
      }
    }
    this.entries.set(key, value);
    return value;
  }

  /** The value under `key` if present (marking it used), else `undefined`. */
  peek(key: string): T | undefined {
    const value = this.entries.get(key);
    if (value !== undefined) {
      this.entries.delete(key);
      this.entries.set(key, value);
    }
    return value;
  }

  /** How many values are held. */
  get size(): number {
    return this.entries.size;
  }

  /** Disposes every value. */
  clear(): void {
    for (const value of this.entries.values()) value.dispose();
    this.entries.clear();
  }
}

/**
 * A 32-bit FNV-1a hash of the bits of some float32 arrays, as 8 hex digits: a fingerprint to
 * find a cached weight (a hit is then compared value by value, so a collision costs only speed).
 *
 * @example
 * ```ts
 * import { fingerprint } from "./sessions.js";
 * fingerprint([new Float32Array([1, 2])]) === fingerprint([new Float32Array([1, 2])]); // true
 * fingerprint([new Float32Array([1, 2])]) === fingerprint([new Float32Array([2, 1])]); // false
 * ```
 */
export function fingerprint(arrays: readonly Float32Array[]): string {
  let h = 0x811c9dc5;
  for (const a of arrays) {
    const bits = new Uint32Array(a.buffer, a.byteOffset, a.length);
    for (let i = 0; i < bits.length; i++) h = Math.imul(h ^ bits[i]!, 0x01000193);
    h = Math.imul(h ^ a.length, 0x01000193);
  }
  return (h >>> 0).toString(16).padStart(8, "0");
}

/**
 * Whether two float32 arrays hold the same bits (so NaN equals NaN and 0 differs from −0).
 *
 * @example
 * ```ts
 * import { sameBits } from "./sessions.js";
 * sameBits(new Float32Array([Number.NaN]), new Float32Array([Number.NaN])); // true
 * sameBits(new Float32Array([0]), new Float32Array([-0]));                   // false
 * ```
 */
export function sameBits(a: Float32Array, b: Float32Array): boolean {
  if (a.length !== b.length) return false;
  const x = new Uint32Array(a.buffer, a.byteOffset, a.length);
  const y = new Uint32Array(b.buffer, b.byteOffset, b.length);
  for (let i = 0; i < x.length; i++) if (x[i] !== y[i]) return false;
  return true;
}
