/**
 * The engine's helper thread: a worker that instantiates the same WebAssembly module on the same
 * shared memory and works on each posted job (`run_job`) beside the main thread: both take items
 * from the job's shared counter until none is left, so the main thread can first copy the next
 * chunk in and the previous one out while the helper computes. Calls stay synchronous (the main
 * thread waits with Atomics.wait), so conv2d keeps its signature.
 */
import { availableParallelism } from "node:os";
import { Worker } from "node:worker_threads";

/** Set `CONVLAB_THREADS=1` to keep the engine on the calling thread. */
export const THREADS_ENV = "CONVLAB_THREADS";

/** Slots of the control array shared with the worker. */
const STATE = 0; // 0 idle, 1 job posted
const DONE = 1; // set to 1 by the worker when the job is finished
const READY = 2; // set to 1 by the worker once its instance is ready
const JOB = 3; // the address of the job in the shared memory

// The worker's whole program (plain JavaScript, so it runs the same from src/ under tsx and from dist/).
const WORKER = `
const { workerData } = require("node:worker_threads");
const { module, memory, control } = workerData;
const k = new WebAssembly.Instance(module, { env: { memory } }).exports;
Atomics.store(control, ${READY}, 1);
for (;;) {
  Atomics.wait(control, ${STATE}, 0);
  k.run_job(control[${JOB}]);
  Atomics.store(control, ${STATE}, 0);
  Atomics.notify(control, ${STATE});
  Atomics.store(control, ${DONE}, 1);
  Atomics.notify(control, ${DONE});
}
`;

/** A helper thread that runs `run_job(job)` on the shared memory. */
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

  /** Posts the job at this address of the shared memory; returns at once. */
  start(job: number): void {
    // A job abandoned by an interrupted caller must end before its arguments are replaced.
    while (Atomics.load(this.control, STATE) !== 0) Atomics.wait(this.control, STATE, 1, 1000);
    this.control[JOB] = job;
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
