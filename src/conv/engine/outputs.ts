/**
 * The pooled output allocator. A notebook calls conv2d with a fresh output every time; on this
 * kind of VM the first touch of a fresh 25 MB buffer costs more than the convolution. So float32
 * outputs come from a pool of buffers whose previous output was garbage-collected: each output's
 * array is registered with a FinalizationRegistry and its buffer goes back to the pool when the
 * array is collected, so a later output of the same size reuses memory that is already paged in.
 *
 * No aliasing can be seen: an output's buffer is recycled only if no other view of it was ever
 * handed out. The array is a {@link PooledFloat32Array}, whose `buffer` getter and `subarray`
 * mark it as escaped (a view that could outlive the array); an escaped buffer is never reused.
 * Copies (`slice`, `map`, `Array.from`) are plain Float32Arrays and share nothing.
 *
 * A new buffer is not zeroed first (Node's `Buffer.allocUnsafeSlow`, its own ArrayBuffer): every
 * op writes all of its output before anyone can read it, and zeroing 25 MB that is overwritten at
 * once cost the calling thread 2.3 ms of a 6 ms conv2d (bench:conv A1, default mode).
 */

/** The recycling state of one pooled output (what the registry holds; it never points at the array). */
interface Lease {
  readonly buffer: ArrayBuffer;
  escaped: boolean;
}

/** Buffers kept per length, and bytes kept in all, at most. */
const PER_LENGTH = 4;
const MAX_POOLED_BYTES = 128 << 20;
/**
 * Bytes of registered outputs, at most: a dead output's buffer stays held until its finalization
 * task runs (after the current cell), so a loop of calls in one cell gets plain arrays beyond this.
 */
const MAX_LEASED_BYTES = 128 << 20;

const free = new Map<number, ArrayBuffer[]>();
let pooledBytes = 0;
let leasedBytes = 0;
const leases = new WeakMap<object, Lease>();

const registry = new FinalizationRegistry<Lease>((lease) => {
  const bytes = lease.buffer.byteLength;
  leasedBytes -= bytes;
  if (lease.escaped) return;
  const list = free.get(bytes) ?? [];
  if (list.length >= PER_LENGTH || pooledBytes + bytes > MAX_POOLED_BYTES) return;
  list.push(lease.buffer);
  free.set(bytes, list);
  pooledBytes += bytes;
});

const typedArrayPrototype = Object.getPrototypeOf(Float32Array.prototype) as object;
const bufferGetter = Object.getOwnPropertyDescriptor(typedArrayPrototype, "buffer")!.get!;
const plainSubarray = Float32Array.prototype.subarray;

/** A new buffer of `bytes`, not zeroed (zeroed where Node's Buffer is missing). */
function uninitialized(bytes: number): ArrayBuffer {
  const unsafe = (globalThis as { Buffer?: { allocUnsafeSlow(size: number): Uint8Array } }).Buffer;
  if (!unsafe) return new ArrayBuffer(bytes);
  const block = unsafe.allocUnsafeSlow(bytes);
  return bufferGetter.call(block) as ArrayBuffer;
}

/**
 * A float32 output array from the pool: a Float32Array in every way, except that asking for its
 * `buffer` or a `subarray` view marks its memory as never to be reused.
 */
export class PooledFloat32Array extends Float32Array {
  static override get [Symbol.species](): Float32ArrayConstructor {
    return Float32Array;
  }

  override get buffer(): ArrayBuffer {
    const lease = leases.get(this);
    if (lease) lease.escaped = true;
    return bufferGetter.call(this) as ArrayBuffer;
  }

  override subarray(begin?: number, end?: number): Float32Array {
    const lease = leases.get(this);
    if (lease) lease.escaped = true;
    return plainSubarray.call(this, begin, end);
  }
}

/**
 * A float32 array of `length` elements for an output every element of which will be written:
 * recycled memory when the pool has a buffer of that size, else a new one; either way its
 * values are whatever the memory held (a plain Float32Array once too many outputs are registered
 * and not yet collected).
 *
 * @example
 * ```ts
 * import { takeOutputArray } from "./outputs.js";
 * takeOutputArray(4).fill(1).length; // 4
 * ```
 */
export function takeOutputArray(length: number): Float32Array {
  const bytes = length * 4;
  const list = free.get(bytes);
  const reused = list?.pop();
  if (reused) pooledBytes -= bytes;
  else if (leasedBytes + bytes > MAX_LEASED_BYTES) return new Float32Array(uninitialized(bytes));
  leasedBytes += bytes;
  const buffer = reused ?? uninitialized(bytes);
  const array = new PooledFloat32Array(buffer);
  const lease: Lease = { buffer, escaped: false };
  leases.set(array, lease);
  registry.register(array, lease);
  return array;
}

/** The buffer of a typed array, for the library's own checks: it does not mark a pooled output as escaped. */
export function bufferOf(a: ArrayBufferView): ArrayBufferLike {
  return bufferGetter.call(a) as ArrayBufferLike;
}

/** A view of part of a tensor's data, for the library's own use (not marking a pooled output as escaped). */
export function viewOf<T extends Float32Array | Float64Array>(a: T, begin: number, end: number): T {
  return (a instanceof PooledFloat32Array ? plainSubarray.call(a, begin, end) : a.subarray(begin, end)) as T;
}

/** Bytes the pool holds now (for tests and the notebook's memory report). */
export function pooledOutputBytes(): number {
  return pooledBytes;
}
