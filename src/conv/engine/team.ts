/**
 * The engine's helper thread: a worker that instantiates the same WebAssembly module on the same
 * shared memory and runs half of each chunk while the main thread runs the other half. Calls stay
 * synchronous (the main thread waits with Atomics.wait), so conv2d keeps its signature.
 */
import { availableParallelism } from "node:os";
import { Worker } from "node:worker_threads";

/** Set `CONVLAB_THREADS=1` to keep the engine on the calling thread. */
export const THREADS_ENV = "CONVLAB_THREADS";

/** Slots of the control array shared with the worker. */
const STATE = 0; // 0 idle, 1 job posted
const DONE = 1; // set to 1 by the worker when the job is finished
const READY = 2; // set to 1 by the worker once its instance is ready
const ARGS = 3; // geo, x, w, bias, y

// The worker's whole program (plain JavaScript, so it runs the same from src/ under tsx and from dist/).
const WORKER = `
const { workerData } = require("node:worker_threads");
const { module, memory, control } = workerData;
const k = new WebAssembly.Instance(module, { env: { memory } }).exports;
Atomics.store(control, ${READY}, 1);
for (;;) {
  Atomics.wait(control, ${STATE}, 0);
  k.conv2d(control[${ARGS}], control[${ARGS + 1}], control[${ARGS + 2}], control[${ARGS + 3}], control[${ARGS + 4}]);
  Atomics.store(control, ${STATE}, 0);
  Atomics.notify(control, ${STATE});
  Atomics.store(control, ${DONE}, 1);
  Atomics.notify(control, ${DONE});
}
`;

/** A helper thread that runs `conv2d(geo, x, w, bias, y)` on the shared memory. */
export class Helper {
  private readonly control = new Int32Array(new SharedArrayBuffer(4 * 8));
  private readonly worker: Worker;

  constructor(module: object, memory: object) {
    this.worker = new Worker(WORKER, { eval: true, workerData: { module, memory, control: this.control } });
    this.worker.unref();
    this.worker.on("error", () => Atomics.store(this.control, READY, 0));
  }

  /** Whether the worker is up (it starts in the background; until then the main thread works alone). */
  get ready(): boolean {
    return Atomics.load(this.control, READY) === 1;
  }

  /** Posts a job; returns at once. */
  start(args: readonly [number, number, number, number, number]): void {
    // A job abandoned by an interrupted caller must end before its arguments are replaced.
    while (Atomics.load(this.control, STATE) !== 0) Atomics.wait(this.control, STATE, 1, 1000);
    this.control.set(args, ARGS);
    Atomics.store(this.control, DONE, 0);
    Atomics.store(this.control, STATE, 1);
    Atomics.notify(this.control, STATE);
  }

  /** Waits until the posted job is finished. */
  finish(): void {
    while (Atomics.load(this.control, DONE) === 0) Atomics.wait(this.control, DONE, 0, 1000);
  }
}

/** How many threads the engine uses: `CONVLAB_THREADS`, else up to 2 of the machine's cores. */
export function threadCount(): number {
  const asked = Number(process.env[THREADS_ENV]);
  if (Number.isInteger(asked) && asked >= 1) return Math.min(asked, 2);
  return Math.min(2, availableParallelism());
}
