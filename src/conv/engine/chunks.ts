/**
 * The chunk pipeline both WebAssembly ops share. A batch goes through the engine's memory a chunk
 * at a time, two chunks in flight: while both threads compute chunk k, the calling thread first
 * copies the previous chunk's output out and the next chunk's input in, then joins.
 */
import { viewOf } from "./outputs.js";
import type { Engine, Job } from "./runtime.js";

/** One side of a pipeline: the caller's array and the two chunk slots in the engine's memory. */
export interface ChunkStream {
  readonly array: Float32Array;
  /** Floats per item (an image, a plane). */
  readonly perItem: number;
  /** Byte offsets of the two chunk slots in the engine's memory. */
  readonly slots: readonly [number, number];
}

/** A batch to run: its items, chunk size, both sides, and how to post one chunk's job. */
export interface ChunkPipeline {
  readonly items: number;
  /** Items per chunk. */
  readonly chunk: number;
  readonly input: ChunkStream;
  readonly output: ChunkStream;
  /** Posts chunk `k`, whose `count` items sit in slot `k % 2`. */
  post(k: number, count: number): void;
}

/**
 * Runs every chunk of the pipeline and returns when the whole output is in the caller's array.
 * Call it after the last scratch allocation (it views the engine's memory as it is then).
 */
export function runChunks(e: Engine, job: Job, p: ChunkPipeline): void {
  const { items, chunk, input, output } = p;
  const chunks = Math.ceil(items / chunk);
  const count = (k: number) => Math.min(chunk, items - k * chunk);
  const engine = new Float32Array(e.memory.buffer);
  const copyIn = (k: number) => {
    const from = k * chunk * input.perItem;
    engine.set(viewOf(input.array, from, from + count(k) * input.perItem), input.slots[k % 2]! / 4);
  };
  const copyOut = (k: number) => {
    const at = output.slots[k % 2]! / 4;
    output.array.set(engine.subarray(at, at + count(k) * output.perItem), k * chunk * output.perItem);
  };
  copyIn(0);
  for (let k = 0; k < chunks; k++) {
    p.post(k, count(k));
    if (k > 0) copyOut(k - 1);
    if (k + 1 < chunks) copyIn(k + 1);
    job.join();
  }
  copyOut(chunks - 1);
}
