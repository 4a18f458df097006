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
const STATE = 0; // IDLE, POSTED (the worker may take it) or RUNNING (the worker took it)
const READY = 2; // set to 1 by the worker once its instance is ready
const JOB = 3; // the address of the job in the shared memory
const IDLE = 0;
const POSTED = 1;
const RUNNING = 2;
/**
 * How long either thread spins before it sleeps on the futex. A batch posts one job per chunk a
 * fraction of a millisecond apart; a thread woken from the futex each time starts late (measured:
 * A2, 7 chunks, 1.8 ms per call back to back against 2.7 ms after a pause that let the helper sleep).
 */
const SPIN_MS = 0.5;

// The worker's whole program (plain JavaScript, so it runs the same from src/ under tsx and from dist/).
// A posted job is taken by swapping POSTED for RUNNING: a job the main thread finished alone and
// took back before the worker woke up is never started (no wait for a worker that is not scheduled).
const WORKER = `
const { workerData } = require("node:worker_threads");
const { module, memory, control } = workerData;
const k = new WebAssembly.Instance(module, { env: { memory } }).exports;
Atomics.store(control, ${READY}, 1);
for (;;) {
  const until = performance.now() + ${SPIN_MS};
  while (Atomics.load(control, ${STATE}) === ${IDLE} && performance.now() < until);
  Atomics.wait(control, ${STATE}, ${IDLE});
  if (Atomics.compareExchange(control, ${STATE}, ${POSTED}, ${RUNNING}) !== ${POSTED}) continue;
  k.run_job(control[${JOB}]);
  Atomics.store(control, ${STATE}, ${IDLE});
  Atomics.notify(control, ${STATE});
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
    this.finish();
    this.control[JOB] = job;
    Atomics.store(this.control, STATE, POSTED);
    Atomics.notify(this.control, STATE);
  }

  /**
   * Returns once the worker no longer works on the posted job: at once when it has not taken
   * it yet (the job is withdrawn; call this only after the main thread has done every item).
   */
  finish(): void {
    if (Atomics.compareExchange(this.control, STATE, POSTED, IDLE) === POSTED) return;
    const until = performance.now() + SPIN_MS;
    while (Atomics.load(this.control, STATE) === RUNNING && performance.now() < until);
    while (Atomics.load(this.control, STATE) === RUNNING) Atomics.wait(this.control, STATE, RUNNING, 1000);
  }
}

/** How many threads the engine uses: `CONVLAB_THREADS`, else up to 2 of the machine's cores. */
export function threadCount(): number {
  const asked = Number(process.env[THREADS_ENV]);
  if (Number.isInteger(asked) && asked >= 1) return Math.min(asked, 2);
  return Math.min(2, availableParallelism());
}
