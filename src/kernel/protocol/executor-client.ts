/**
 * The protocol process's handle on the executor child process: starts it, sends it requests,
 * interrupts it, and replaces it when it dies (out of memory, killed, or stuck after an
 * interrupt), turning each such loss into an error for the request that was running.
 */
import { type ChildProcess, fork } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type {
  ExecutorNotice,
  ExecutorRequest,
  ExecutorVersions,
  FromExecutor,
  IopubEvent,
  Replies,
  ToExecutor,
} from "../ipc.js";
import {
  describeCrash,
  ExecutorLostError,
  interruptGraceMs,
  killGroup,
  MEMORY_POLL_MS,
  memoryLimitMb,
  residentMiB,
} from "./executor-process.js";

export { ExecutorLostError, memoryLimitMb } from "./executor-process.js";

export interface ExecutorEvents {
  onIopub(event: IopubEvent): void;
  onInputRequest(id: number, prompt: string, password: boolean): void;
  /** The executor was replaced (its state is gone). */
  onRestarted(reason: string): void;
}

interface Pending {
  resolve(body: unknown): void;
  reject(error: Error): void;
}

/** Events of a client not yet attached to a kernel (nothing runs before the kernel attaches). */
const IGNORE_EVENTS: ExecutorEvents = {
  onIopub: () => undefined,
  onInputRequest: () => undefined,
  onRestarted: () => undefined,
};

const executorScript = path.join(path.dirname(fileURLToPath(import.meta.url)), "..", "executor", "main.js");

export class ExecutorClient {
  private child: ChildProcess | undefined;
  private readyPromise: Promise<ExecutorVersions> | undefined;
  private versionsPromise: Promise<ExecutorVersions>;
  private resolveVersions: (versions: ExecutorVersions) => void = () => undefined;
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;
  private stderrTail = "";
  private lossReason: ExecutorLostError | undefined;
  private graceTimer: NodeJS.Timeout | undefined;
  private stopped = false;
  private memoryTimer: NodeJS.Timeout | undefined;
  private isReady = false;
  private cancelledBeforeStart = false;
  private events: ExecutorEvents;

  /**
   * @param events where the executor's output, input requests and replacements go; a client
   *   started before the protocol side is loaded gets them later, with {@link attach}.
   */
  constructor(events: ExecutorEvents = IGNORE_EVENTS) {
    this.events = events;
    this.versionsPromise = new Promise((resolve) => {
      this.resolveVersions = resolve;
    });
  }

  /** Routes the executor's events to `events` (the kernel, once it is constructed). */
  attach(events: ExecutorEvents): void {
    this.events = events;
  }

  /** Whether {@link start} has been called (the executor is starting or running). */
  get started(): boolean {
    return this.readyPromise !== undefined;
  }

  /** The versions the first executor reported when it was ready (for kernel_info). */
  versions(): Promise<ExecutorVersions> {
    return this.versionsPromise;
  }

  /** Starts the executor (it takes about a second to load the compiler). */
  start(): void {
    this.stderrTail = "";
    this.lossReason = undefined;
    this.isReady = false;
    const child = fork(executorScript, [], {
      execArgv: [`--max-old-space-size=${memoryLimitMb()}`],
      stdio: ["ignore", "pipe", "pipe", "ipc"],
      detached: true,
      serialization: "json",
      // The executor watches this pid, not its ppid at start: a kernel that dies while the
      // executor boots would leave it watching init (an orphan seen under load).
      env: { ...process.env, CONVLAB_PROTOCOL_PID: String(process.pid) },
    });
    this.child = child;
    this.watchMemory();
    child.stdout?.on("data", (chunk: Buffer) => process.stderr.write(chunk));
    child.stderr?.on("data", (chunk: Buffer) => {
      process.stderr.write(chunk);
      this.stderrTail = (this.stderrTail + chunk.toString("utf8")).slice(-4096);
    });
    this.readyPromise = new Promise<ExecutorVersions>((resolve, reject) => {
      child.on("message", (message: FromExecutor) => {
        if (message.type === "ready") {
          this.isReady = true;
          this.resolveVersions(message.versions);
          resolve(message.versions);
        } else this.onMessage(message);
      });
      child.on("exit", (code, signal) => {
        // Before "ready" this rejects requests waiting for the executor, with the same reasons
        // (out of memory, interrupted, crashed) as a loss while a cell runs; after, it is a no-op.
        reject(this.lossReason ?? describeCrash(code, signal, this.stderrTail));
        this.onExit(child, code, signal);
      });
    });
    this.readyPromise.catch(() => undefined);
  }

  /** Resolves when the executor can take requests. */
  ready(): Promise<ExecutorVersions> {
    if (!this.readyPromise) this.start();
    return this.readyPromise as Promise<ExecutorVersions>;
  }

  /** Sends a request and waits for its reply. */
  async request<R extends ExecutorRequest>(message: R): Promise<Replies[R["type"]]> {
    await this.ready();
    if (this.cancelledBeforeStart) {
      this.cancelledBeforeStart = false;
      throw new ExecutorLostError(
        "InterruptedError",
        "interrupted before the cell started (the kernel was still starting)",
      );
    }
    const id = this.nextId++;
    return new Promise<Replies[R["type"]]>((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (body: unknown) => void, reject });
      this.child?.send({ ...message, id } as ToExecutor);
    });
  }

  /** Sends a message that has no reply (input replies, comm traffic). */
  notify(message: ExecutorNotice): void {
    this.child?.send(message);
  }

  /** Interrupts the running request: SIGINT, then a fresh executor if it does not stop in time. */
  interrupt(): void {
    const child = this.child;
    if (!child || child.exitCode !== null) return;
    if (!this.isReady) {
      // Still loading the compiler: no cell runs yet, so cancel the waiting requests instead of
      // killing the loading executor.
      this.cancelledBeforeStart = true;
      return;
    }
    child.kill("SIGINT");
    if (this.pending.size === 0 || this.graceTimer) return;
    const grace = interruptGraceMs();
    this.graceTimer = setTimeout(() => {
      this.graceTimer = undefined;
      if (this.child !== child || this.pending.size === 0) return;
      this.lossReason = new ExecutorLostError(
        "InterruptedError",
        `the cell did not stop within ${grace / 1000} s of the interrupt (it may be an async busy loop), so the ` +
          "kernel replaced its executor",
      );
      killGroup(child);
    }, grace);
  }

  stop(): void {
    this.stopped = true;
    if (this.child) killGroup(this.child);
  }

  /**
   * Ends the executor and starts a fresh one in this process's current directory and
   * environment (a warm kernel adopted by a launcher elsewhere); nothing runs in it yet.
   */
  async relocate(): Promise<void> {
    const child = this.child;
    this.stopped = true;
    if (child && child.exitCode === null && child.signalCode === null) {
      const exited = new Promise((resolve) => child.once("exit", resolve));
      killGroup(child);
      await exited;
    }
    this.stopped = false;
    this.start();
  }

  /**
   * Replaces the executor now (a cell left work running after an interrupt): the pending
   * request, if any, fails with `reason`.
   */
  async replace(reason: ExecutorLostError): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null) return;
    const exited = new Promise((resolve) => child.once("exit", resolve));
    this.lossReason = reason;
    killGroup(child);
    await exited;
  }

  /**
   * Caps the executor's resident memory (typed arrays and buffers live outside the JS heap that
   * `--max-old-space-size` limits): while a request runs, a resident set above the cap replaces
   * the executor with an error that names the cap and how to raise it.
   */
  private watchMemory(): void {
    if (this.memoryTimer) return;
    this.memoryTimer = setInterval(() => {
      const child = this.child;
      if (!child?.pid || this.pending.size === 0 || this.lossReason) return;
      const resident = residentMiB(child.pid);
      const cap = memoryLimitMb();
      if (resident === undefined || resident <= cap) return;
      this.lossReason = new ExecutorLostError(
        "OutOfMemoryError",
        `the cell used ${Math.round(resident)} MiB of memory, over the kernel's cap of ${cap} MiB ` +
          `(CONVLAB_KERNEL_MEMORY_MB, which covers all the executor's memory: JS heap, typed arrays, buffers). ` +
          `The kernel replaced its executor; work on smaller tensors or in chunks, or raise the cap by starting ` +
          `the kernel with CONVLAB_KERNEL_MEMORY_MB=${cap * 2}`,
      );
      killGroup(child);
    }, MEMORY_POLL_MS);
    this.memoryTimer.unref();
  }

  private onMessage(message: FromExecutor): void {
    switch (message.type) {
      case "reply": {
        const waiter = this.pending.get(message.id);
        this.pending.delete(message.id);
        if (this.pending.size === 0 && this.graceTimer) {
          clearTimeout(this.graceTimer);
          this.graceTimer = undefined;
        }
        waiter?.resolve(message.body);
        return;
      }
      case "iopub":
        this.events.onIopub(message.event);
        return;
      case "input_request":
        this.events.onInputRequest(message.id, message.prompt, message.password);
        return;
      default:
        return;
    }
  }

  private onExit(child: ChildProcess, code: number | null, signal: NodeJS.Signals | null): void {
    // An executor that ended by itself (a cell killed it, a crash) leaves its group behind: the
    // processes its cells started, grandchildren included, die with it.
    killGroup(child);
    if (child !== this.child) return;
    if (this.graceTimer) clearTimeout(this.graceTimer);
    this.graceTimer = undefined;
    const reason = this.lossReason ?? describeCrash(code, signal, this.stderrTail);
    for (const waiter of this.pending.values()) waiter.reject(reason);
    this.pending.clear();
    this.child = undefined;
    if (this.stopped) return;
    this.start();
    this.events.onRestarted(reason.message);
  }
}
