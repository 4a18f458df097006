/**
 * A small seeded pseudo-random generator (mulberry32), so that "random" kernels and
 * samples in lecture notebooks come out the same on every run.
 */
export interface RandomSource {
  /** A float uniformly distributed in [0, 1). */
  next(): number;
  /** A standard normal float (Box–Muller). */
  normal(): number;
  /** An integer uniformly distributed in [0, n). */
  int(n: number): number;
}

/**
 * A reproducible random source for `seed` (any 32-bit integer).
 *
 * @example
 * ```ts
 * import { seededRandom } from "convlab";
 * const a = seededRandom(7).next();
 * const b = seededRandom(7).next();
 * a === b; // true
 * ```
 */
export function seededRandom(seed: number): RandomSource {
  let state = seed >>> 0;
  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  let spare: number | undefined;
  const normal = (): number => {
    if (spare !== undefined) {
      const value = spare;
      spare = undefined;
      return value;
    }
    let u = 0;
    while (u === 0) u = next();
    const v = next();
    const radius = Math.sqrt(-2 * Math.log(u));
    spare = radius * Math.sin(2 * Math.PI * v);
    return radius * Math.cos(2 * Math.PI * v);
  };
  return { next, normal, int: (n: number) => Math.floor(next() * n) };
}
