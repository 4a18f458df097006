/** Pre-warmed sandboxed kernels: a kernel starts (and compiles a first cell) before it is needed. */
import type { GradingKernel } from "../run.js";

/**
 * Keeps `spares` kernels starting or ready; {@link take} hands one out and starts a replacement.
 *
 * @example
 * ```ts
 * import { KernelPool } from "convlab/cli";
 * const pool = new KernelPool(0, async () => ({ execute: async () => ({ status: "ok", outputs: [], seconds: 0 }), dispose() {} }));
 * pool.close();
 * ```
 */
export class KernelPool {
  private readonly spares: Promise<GradingKernel>[] = [];
  private closed = false;

  constructor(
    private readonly size: number,
    private readonly start: () => Promise<GradingKernel>,
  ) {
    for (let i = 0; i < size; i++) this.spares.push(this.launch());
  }

  private launch(): Promise<GradingKernel> {
    const kernel = this.start();
    kernel.catch(() => undefined);
    return kernel;
  }

  /** A warm kernel (waits for one when all are still starting). */
  take(): Promise<GradingKernel> {
    if (this.closed) return Promise.reject(new Error("the kernel pool is closed"));
    const kernel = this.spares.shift() ?? this.launch();
    if (this.size > 0) this.spares.push(this.launch());
    return kernel;
  }

  /** Disposes every spare kernel. */
  close(): void {
    this.closed = true;
    for (const spare of this.spares.splice(0))
      void spare.then(
        (k) => k.dispose(),
        () => undefined,
      );
  }
}
