/**
 * Runs compiled cells in the executor's context: under `vm`, so SIGINT breaks a synchronous
 * loop; raced against an interrupt while a cell awaits; timed for `%time` and `%timeit`.
 */
import vm from "node:vm";
import { InterruptedError, isVmInterrupt } from "./cell-errors.js";
import { chooseLoops, type TimedCell, type Timing, timeitReport, timeReport } from "./magics.js";
import { cellFileName } from "./traceback.js";
import type { CompiledCell } from "./tslab-adapter.js";

/** What the runner needs from the executor. */
export interface RunnerHooks {
  /** Writes to the cell's stdout (the timing reports). */
  write(text: string): void;
  /** Reads and removes a name from the cells' scope (the last expression's variable). */
  take(name: string): unknown;
}

/**
 * Runs one cell at a time and takes the interrupts meant for it.
 *
 * @example
 * ```ts
 * const runner = new CellRunner({ write: (t) => process.stdout.write(t), take: (n) => scope.take(n) });
 * process.on("SIGINT", () => runner.interrupt());
 * const failure = await runner.run(compiled, 3, undefined, () => scope.preload(compiled.imports));
 * ```
 */
export class CellRunner {
  /** Whether a cell is running (errors thrown meanwhile belong to it). */
  running = false;
  private interruptRequested = false;
  private rejectInterrupt: ((reason: unknown) => void) | undefined;

  constructor(private readonly hooks: RunnerHooks) {}

  /** SIGINT: stops the awaiting cell, or marks the running one so it stops at its next step. */
  interrupt(): void {
    if (this.rejectInterrupt) this.rejectInterrupt(new InterruptedError());
    else if (this.running) this.interruptRequested = true;
  }

  /**
   * Runs a cell (after `prepare`, e.g. loading its ES-module imports) and waits for what it
   * left queued; resolves with what it threw (an interrupt as {@link InterruptedError}), or
   * undefined when it completed.
   */
  async run(
    compiled: CompiledCell,
    cell: number,
    timed: TimedCell | undefined,
    prepare: () => Promise<void>,
  ): Promise<unknown> {
    await new Promise((resolve) => setImmediate(resolve)); // lets a pending SIGINT land first
    let failure: unknown;
    this.running = true;
    try {
      if (this.interruptRequested) throw new InterruptedError();
      await prepare();
      if (timed) await this.runTimed(timed, compiled, cell);
      else await this.runWithInterrupt(compiled, cell);
    } catch (error) {
      failure = isVmInterrupt(error) ? new InterruptedError() : error;
    }
    await settle();
    this.running = false;
    this.interruptRequested = false;
    return failure;
  }

  /** Runs compiled code once, synchronously (its value is left in the scope), under `vm`. */
  runCompiled(compiled: CompiledCell, cell: number): unknown {
    const prefix = compiled.hasTopLevelAwait
      ? "(async function (exports, require) {"
      : "(function (exports, require) {";
    const wrapped = `${prefix}\n${compiled.code}\n})(__convlabCell.exports, __convlabCell.require)`;
    return vm.runInThisContext(wrapped, { filename: cellFileName(cell), breakOnSigint: true });
  }

  /** Runs a cell and waits for it; an interrupt while its async work is pending abandons it. */
  private async runWithInterrupt(compiled: CompiledCell, cell: number): Promise<void> {
    const result = this.runCompiled(compiled, cell);
    if (!compiled.hasTopLevelAwait) return;
    let settled = false;
    const done = Promise.resolve(result).finally(() => {
      settled = true;
    });
    const interrupted = new Promise<never>((_, reject) => {
      this.rejectInterrupt = reject;
    });
    try {
      await Promise.race([done, interrupted]);
    } catch (error) {
      if (error instanceof InterruptedError && !settled) {
        done.catch(() => undefined);
        throw Object.assign(error, { abandoned: true });
      }
      throw error;
    } finally {
      this.rejectInterrupt = undefined;
    }
  }

  /** `%time` / `%timeit`: runs the cell's code timed and prints IPython's report. */
  private async runTimed(timed: TimedCell, compiled: CompiledCell, cell: number): Promise<void> {
    if (timed.magic === "time") {
      const cpu = process.cpuUsage();
      const wall = performance.now();
      await this.runWithInterrupt(compiled, cell);
      const used = process.cpuUsage(cpu);
      const timing: Timing = {
        user: used.user / 1e6,
        system: used.system / 1e6,
        wall: (performance.now() - wall) / 1e3,
      };
      this.hooks.write(timeReport(timing));
      return;
    }
    const loop = async (loops: number): Promise<number> => {
      const started = performance.now();
      for (let i = 0; i < loops; i++) {
        if (this.interruptRequested) throw new InterruptedError();
        if (compiled.hasTopLevelAwait) await this.runWithInterrupt(compiled, cell);
        else this.runCompiled(compiled, cell);
      }
      return (performance.now() - started) / 1e3;
    };
    const loops = await chooseLoops(loop);
    const perLoop: number[] = [];
    for (let run = 0; run < 7; run++) perLoop.push((await loop(loops)) / loops);
    if (compiled.lastExpressionVar) this.hooks.take(compiled.lastExpressionVar);
    this.hooks.write(timeitReport(perLoop, loops));
  }
}

/** Two turns of the event loop: output and rejections a cell left queued arrive first. */
const settle = () => new Promise<void>((resolve) => setImmediate(() => setImmediate(resolve)));
