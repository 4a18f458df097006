/**
 * The executor: the child process that holds the notebook's state and runs its cells (compiled
 * by tslab's converter through the adapter). The protocol process forks it (`./main.ts`), talks
 * to it over the typed IPC of `../ipc.ts`, interrupts it with SIGINT and replaces it if it dies,
 * so nothing a cell does can take the Jupyter sockets down.
 */
import { inspect } from "node:util";
import * as library from "../../index.js";
import * as cellApi from "../cell-api/index.js";
import {
  connectCellApi,
  deliverCommClose,
  deliverCommMessage,
  deliverCommOpen,
  isSilentResult,
} from "../cell-api/runtime.js";
import type {
  AdoptRequest,
  ExecuteOutcome,
  ExecuteRequest,
  ExecutorRequest,
  ExecutorVersions,
  FromExecutor,
  IopubEvent,
  Replies,
  ToExecutor,
} from "../ipc.js";
import { CellScope } from "./cell-modules.js";
import { CellRunner } from "./cell-runner.js";
import { CellCompiler } from "./cell-session.js";
import { pagerName } from "./doc-bundle.js";
import { completeAt, completenessOf, inspectAt, pagerPage } from "./editor-requests.js";
import { InputRequests } from "./input-requests.js";
import { formatWho, isWhoMagic, parseTimingMagic } from "./magics.js";
import { toMimeBundle } from "./mime.js";
import { OutputCapture } from "./output.js";
import { collectGarbage, installProcessGuards } from "./process-guards.js";
import { diagnosticFields, errorFields, type RunCell } from "./traceback.js";
import { compilerVersions, saveCompilerCache } from "./tslab-adapter.js";
import { evaluateUserExpressions } from "./user-expressions.js";

/** A cell that must not be replayed into a replacement executor (side effects) says so. */
export const NO_REPLAY = /^\s*\/\/\s*%no-replay\b/m;

/** Where the executor finds ConvLab's compiled package (for the types cells see). */
export interface ExecutorOptions {
  /** The notebook's directory: cells import from here. */
  readonly cwd: string;
  /** The root of the convlab package (holds package.json and dist/). */
  readonly packageRoot: string;
  /** Per-cell cap on stream output, in bytes. */
  readonly maxOutputBytes: number;
  /** Sends a message to the protocol process. */
  readonly send: (message: FromExecutor) => void;
}

/**
 * One notebook's state and the cells that build it. Constructing it does nothing; {@link start}
 * takes over the process (streams, exit, signals) and builds the compiler.
 *
 * @example
 * ```ts
 * const executor = new Executor({ cwd, packageRoot, maxOutputBytes: 1e6, send: (m) => process.send?.(m) });
 * executor.start(); // sends { type: "ready", versions } once the compiler is warm
 * process.on("message", (m) => executor.receive(m as ToExecutor));
 * ```
 */
export class Executor {
  private readonly output: OutputCapture;
  private readonly scope: CellScope;
  private readonly compiler: CellCompiler;
  private readonly cells = new Map<number, RunCell>();
  private readonly runner: CellRunner;
  private replaying = false;
  private lastCell = 0;
  private failures: unknown[] = [];
  private readonly inputs: InputRequests;
  private queue: Promise<void> = Promise.resolve();
  private afterWarmUp: NodeJS.Timeout | undefined;

  constructor(private readonly options: ExecutorOptions) {
    this.output = new OutputCapture(options.maxOutputBytes, (event) => this.emit(event));
    this.compiler = new CellCompiler(options.cwd, options.packageRoot);
    this.inputs = new InputRequests(options.send);
    this.scope = new CellScope(options.cwd, { convlab: library, "convlab/kernel": cellApi });
    this.runner = new CellRunner({
      write: (text) => this.output.write("stdout", text),
      take: (name) => this.scope.take(name),
    });
  }

  /** Takes over the process, builds and warms the compiler, then reports ready. */
  start(): void {
    this.output.hook(process.stdout, "stdout");
    this.output.hook(process.stderr, "stderr");
    installProcessGuards({
      onStrayError: (kind, reason) => this.onStrayError(kind, reason),
      onInterrupt: () => this.runner.interrupt(),
    });
    connectCellApi({
      publish: (event) => this.publish(event),
      requestInput: (prompt, password) => this.requestInput(prompt, password),
    });
    this.scope.reset({ ...library, ...cellApi });
    Object.defineProperty(globalThis, "__convlabCell", {
      value: { exports: this.scope.exports, require: this.scope.require },
      enumerable: false,
    });
    // The first compile builds the checker's program (lib files, @types/node, the ConvLab API):
    // do it now, before the first request arrives, not on it.
    this.compiler.warmUp();
    const versions: ExecutorVersions = { ...compilerVersions(), node: process.versions.node };
    this.options.send({ type: "ready", versions });
    this.afterWarmUp = setTimeout(() => this.settleAfterWarmUp(), IDLE_AFTER_READY_MS);
  }

  /**
   * Once the kernel has been idle for a moment after start-up: stores the compiler's code cache
   * and collects the warm-up's garbage (the parse of the lib files leaves tens of MB that an idle
   * kernel would otherwise keep resident). Off the path of the first request: a request that
   * arrives first postpones it.
   */
  private settleAfterWarmUp(): void {
    this.afterWarmUp = undefined;
    saveCompilerCache();
    collectGarbage();
  }

  /** Handles one message from the protocol process. */
  receive(message: ToExecutor): void {
    if (this.afterWarmUp) this.afterWarmUp.refresh();
    switch (message.type) {
      case "input_reply":
        this.inputs.answer(message.id, message.value, message.error);
        return;
      case "comm_open":
        if (!deliverCommOpen(message.commId, message.target, message.data)) {
          this.publish({ msgType: "comm_close", content: { comm_id: message.commId, data: {} } });
        }
        return;
      case "comm_msg":
        if (!deliverCommMessage(message.commId, message.data)) {
          this.output.write(
            "stderr",
            `[convlab kernel] comm message for unknown comm ${message.commId} ignored\n`,
          );
        }
        return;
      case "comm_close":
        deliverCommClose(message.commId, message.data);
        return;
      default: {
        const { id } = message;
        this.queue = this.queue.then(async () => {
          try {
            this.reply(id, message.type, await this.answer(message));
          } catch (error) {
            if (message.type === "execute") {
              this.reply(id, "execute", { status: "error", ...errorFields(error, this.cells) });
            } else process.stderr.write(`convlab executor: ${message.type} failed: ${String(error)}\n`);
          }
        });
      }
    }
  }

  private reply<K extends keyof Replies>(id: number, request: K, body: Replies[K]): void {
    this.options.send({ type: "reply", id, request, body } as FromExecutor);
  }

  private async answer(message: ExecutorRequest): Promise<Replies[keyof Replies]> {
    switch (message.type) {
      case "execute":
        return this.execute(message);
      case "complete":
        return completeAt(this.compiler.session(), message.code, message.cursor);
      case "inspect":
        return inspectAt(this.compiler.session(), message.code, message.cursor);
      case "is_complete":
        return completenessOf(message.code);
      case "adopt":
        return this.adopt(message);
    }
  }

  // -------------------------------------------------------------------------------------------
  // Adoption by a kernel launched elsewhere (the warm pool, ../pool/).

  /** Becomes the executor of a kernel launched elsewhere (see `AdoptRequest`); no cell ran yet. */
  private adopt({ cwd, env }: AdoptRequest): Replies["adopt"] {
    for (const key of Object.keys(process.env)) if (!(key in env)) delete process.env[key];
    Object.assign(process.env, env);
    if (cwd === this.compiler.cwd) return { moved: false };
    process.chdir(cwd);
    this.scope.moveTo(cwd);
    this.compiler.moveTo(cwd);
    return { moved: true };
  }

  // -------------------------------------------------------------------------------------------
  // Running cells.

  private async execute(request: ExecuteRequest): Promise<ExecuteOutcome> {
    const session = this.compiler.session();
    this.output.startCell();
    this.failures = [];
    this.lastCell = request.cell;
    this.replaying = request.replay === true;
    const replayable = !NO_REPLAY.test(request.code);
    const pager = pagerName(request.code);
    if (pager !== undefined) {
      const page = pagerPage(session, pager);
      return { status: "ok", result: undefined, userExpressions: {}, page, replayable: false };
    }
    if (isWhoMagic(request.code)) {
      this.output.write("stdout", formatWho(this.scope.definedNames()));
      this.output.finishCell();
      return { status: "ok", result: undefined, userExpressions: {}, page: undefined, replayable: false };
    }
    const timed = parseTimingMagic(request.code);
    const compiled = session.compile(timed ? timed.code : request.code);
    if (!compiled.ok) {
      return { status: "error", ...diagnosticFields(compiled.diagnostics, request.code, request.cell) };
    }
    this.scope.addModules(compiled.sideModules);
    this.cells.set(request.cell, {
      cell: request.cell,
      source: request.code,
      codeLines: compiled.code.split("\n").length,
      mapToCell: compiled.mapToCell,
    });
    let failure = await this.runner.run(compiled, request.cell, timed, () =>
      this.scope.preload(compiled.imports),
    );
    if (failure === undefined && this.failures.length > 0) failure = this.failures[0];
    const lastValue = compiled.lastExpressionVar ? this.scope.take(compiled.lastExpressionVar) : undefined;
    this.output.finishCell();
    this.replaying = false;
    if (failure !== undefined) return this.failed(failure);
    session.commit(compiled);
    const result =
      request.replay || timed?.magic === "timeit" || lastValue === undefined || isSilentResult(lastValue)
        ? undefined
        : toMimeBundle(lastValue);
    const userExpressions = evaluateUserExpressions(request.userExpressions, request.cell, {
      session,
      runner: this.runner,
      scope: this.scope,
      cells: this.cells,
    });
    return { status: "ok", result, userExpressions, page: undefined, replayable };
  }

  /** The outcome of a cell that threw (an abandoned one asks for a new executor). */
  private failed(failure: unknown): ExecuteOutcome {
    const abandoned = (failure as { abandoned?: boolean }).abandoned === true;
    return {
      status: "error",
      ...errorFields(failure, this.cells),
      ...(abandoned ? { replaceExecutor: true } : {}),
    };
  }

  // -------------------------------------------------------------------------------------------
  // Output, input and the process.

  private emit(event: IopubEvent): void {
    if (this.replaying) return;
    this.options.send({ type: "iopub", event });
  }

  private publish(event: IopubEvent): void {
    this.output.flush();
    this.emit(event);
  }

  private requestInput(prompt: string, password: boolean): Promise<string> {
    if (this.replaying) return Promise.reject(new Error("input() is not available while cells are replayed"));
    this.output.flush();
    return this.inputs.ask(prompt, password);
  }

  private reportLate(kind: string, reason: unknown): void {
    const text = reason instanceof Error ? (reason.stack ?? reason.message) : inspect(reason);
    this.output.write("stderr", `${kind} (after cell [${this.lastCell}] finished): ${text}\n`);
  }

  /** An error no running cell awaited: the running cell's failure, or reported late. */
  private onStrayError(kind: string, reason: unknown): void {
    if (this.runner.running) this.failures.push(reason);
    else this.reportLate(kind, reason);
  }
}

/** How long the executor must be idle after "ready" before it tidies up (see settleAfterWarmUp). */
const IDLE_AFTER_READY_MS = 500;
