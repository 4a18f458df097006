/**
 * The executor: the child process that holds the notebook's state and runs its cells (compiled
 * by tslab's converter through the adapter). The protocol process forks it (`./main.ts`), talks
 * to it over the typed IPC of `../ipc.ts`, interrupts it with SIGINT and replaces it if it dies,
 * so nothing a cell does can take the Jupyter sockets down.
 */
import path from "node:path";
import { inspect } from "node:util";
import v8 from "node:v8";
import vm from "node:vm";
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
  CompleteBody,
  ExecuteOutcome,
  ExecuteRequest,
  ExecutorRequest,
  ExecutorVersions,
  FromExecutor,
  InspectBody,
  IopubEvent,
  Replies,
  ToExecutor,
  UserExpressionResult,
} from "../ipc.js";
import { CellScope } from "./cell-modules.js";
import {
  chooseLoops,
  MAGICS,
  parseTimingMagic,
  type TimedCell,
  type Timing,
  timeitReport,
  timeReport,
} from "./magics.js";
import { toMimeBundle } from "./mime.js";
import { OutputCapture } from "./output.js";
import { cellFileName, diagnosticFields, errorFields, type RunCell } from "./traceback.js";
import {
  type CompiledCell,
  checkCompleteness,
  compilerVersions,
  createTypeScriptSession,
  listDeclaredExports,
  type QuickInfo,
  saveCompilerCache,
  type TypeScriptSession,
} from "./tslab-adapter.js";
import { endProcessGroup } from "./watchdog.js";

/** A cell called `process.exit()`: the kernel keeps running and reports it as an error. */
class ProcessExitError extends Error {
  constructor(code: unknown) {
    super(
      `process.exit(${code === undefined ? "" : String(code)}) was called in a cell; the kernel keeps running ` +
        "(to stop it, use the notebook's shutdown or restart)",
    );
    this.name = "ProcessExitError";
  }
}

class InterruptedError extends Error {
  constructor() {
    super("the cell was interrupted");
    this.name = "InterruptedError";
  }
}

/** A cell that must not be replayed into a replacement executor (side effects) says so. */
export const NO_REPLAY = /^\s*\/\/\s*%no-replay\b/m;

const PAGER = /^\s*(?:\?\s*([\w$.]+)|([\w$.]+)\s*\?)\s*$/;

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
  private session: TypeScriptSession | undefined;
  private readonly cells = new Map<number, RunCell>();
  private running = false;
  private replaying = false;
  private lastCell = 0;
  private failures: unknown[] = [];
  private interruptRequested = false;
  private rejectInterrupt: ((reason: unknown) => void) | undefined;
  private nextInputId = 1;
  private readonly inputWaiters = new Map<number, { resolve(v: string): void; reject(e: Error): void }>();
  private queue: Promise<void> = Promise.resolve();
  private afterWarmUp: NodeJS.Timeout | undefined;

  constructor(private readonly options: ExecutorOptions) {
    this.output = new OutputCapture(options.maxOutputBytes, (event) => this.emit(event));
    this.scope = new CellScope(options.cwd, { convlab: library, "convlab/kernel": cellApi });
  }

  /** Takes over the process, builds and warms the compiler, then reports ready. */
  start(): void {
    this.output.hook(process.stdout, "stdout");
    this.output.hook(process.stderr, "stderr");
    this.installProcessGuards();
    connectCellApi({
      publish: (event) => this.publish(event),
      requestInput: (prompt, password) => this.requestInput(prompt, password),
    });
    this.scope.reset({ ...library, ...cellApi });
    Object.defineProperty(globalThis, "__convlabCell", {
      value: { exports: this.scope.exports, require: this.scope.require },
      enumerable: false,
    });
    const session = this.compiler();
    // Warm-up: the first compile builds the checker's program (lib files, @types/node, the
    // ConvLab API); do it now, before the first request arrives, not on it.
    session.compile("const __convlab_warm_up__: number = 1 + 1;");
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
      case "input_reply": {
        const waiter = this.inputWaiters.get(message.id);
        this.inputWaiters.delete(message.id);
        if (message.error) waiter?.reject(new Error(message.error));
        else waiter?.resolve(message.value);
        return;
      }
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
        return this.complete(message.code, message.cursor);
      case "inspect":
        return this.inspectAt(message.code, message.cursor);
      case "is_complete":
        return checkCompleteness(message.code);
    }
  }

  // -------------------------------------------------------------------------------------------
  // Compiler.

  private compiler(): TypeScriptSession {
    if (this.session) return this.session;
    const { packageRoot } = this.options;
    const dist = path.join(packageRoot, "dist");
    const declared = (file: string) =>
      listDeclaredExports(path.join(dist, file))
        .map((n) => (n.typeOnly ? `type ${n.name}` : n.name))
        .join(", ");
    const prelude =
      `import { ${declared("index.d.ts")} } from "convlab";\n` +
      `import { ${declared("kernel/cell-api/index.d.ts")} } from "convlab/kernel";\n`;
    this.session = createTypeScriptSession({
      cwd: this.options.cwd,
      packages: [
        { name: "convlab", root: packageRoot, subpathTypes: { kernel: "dist/kernel/cell-api/index.d.ts" } },
      ],
      preludeDeclarations: prelude,
    });
    return this.session;
  }

  // -------------------------------------------------------------------------------------------
  // Running cells.

  private async execute(request: ExecuteRequest): Promise<ExecuteOutcome> {
    const session = this.compiler();
    this.output.startCell();
    this.failures = [];
    this.lastCell = request.cell;
    this.replaying = request.replay === true;
    const replayable = !NO_REPLAY.test(request.code);
    const pager = PAGER.exec(request.code);
    if (pager) {
      const name = pager[1] ?? pager[2] ?? "";
      const info = session.inspect(name, name.length);
      const page = info
        ? { data: docBundle(info), metadata: {} }
        : { data: { "text/plain": `no documentation found for ${name}` }, metadata: {} };
      return { status: "ok", result: undefined, userExpressions: {}, page, replayable: false };
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
    await new Promise((resolve) => setImmediate(resolve)); // lets a pending SIGINT land first
    let failure: unknown;
    this.running = true;
    try {
      if (this.interruptRequested) throw new InterruptedError();
      await this.scope.preload(compiled.imports);
      if (timed) await this.runTimed(timed, compiled, request.cell);
      else await this.runWithInterrupt(compiled, request.cell);
    } catch (error) {
      failure = isVmInterrupt(error) ? new InterruptedError() : error;
    }
    await settle();
    this.running = false;
    this.interruptRequested = false;
    if (failure === undefined && this.failures.length > 0) failure = this.failures[0];
    const lastValue = compiled.lastExpressionVar ? this.scope.take(compiled.lastExpressionVar) : undefined;
    this.output.finishCell();
    this.replaying = false;
    if (failure !== undefined) {
      const abandoned = (failure as { abandoned?: boolean }).abandoned === true;
      return {
        status: "error",
        ...errorFields(failure, this.cells),
        ...(abandoned ? { replaceExecutor: true } : {}),
      };
    }
    session.commit(compiled);
    const result =
      request.replay || timed?.magic === "timeit" || lastValue === undefined || isSilentResult(lastValue)
        ? undefined
        : toMimeBundle(lastValue);
    const userExpressions = this.evaluateUserExpressions(request.userExpressions, request.cell);
    return { status: "ok", result, userExpressions, page: undefined, replayable };
  }

  /** Runs compiled code inside `vm` so SIGINT breaks a synchronous loop. */
  private runCompiled(compiled: CompiledCell, cell: number): unknown {
    const prefix = compiled.hasTopLevelAwait
      ? "(async function (exports, require) {"
      : "(function (exports, require) {";
    const wrapped = `${prefix}\n${compiled.code}\n})(__convlabCell.exports, __convlabCell.require)`;
    return vm.runInThisContext(wrapped, { filename: cellFileName(cell), breakOnSigint: true });
  }

  /** Runs a cell; true when an interrupt left its async work still pending. */
  private async runWithInterrupt(compiled: CompiledCell, cell: number): Promise<boolean> {
    const result = this.runCompiled(compiled, cell);
    if (!compiled.hasTopLevelAwait) return false;
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
    return false;
  }

  /** `%time` / `%timeit`: runs the cell's code timed and prints IPython's report. */
  private async runTimed(timed: TimedCell, compiled: CompiledCell, cell: number): Promise<void> {
    const once = async (): Promise<Timing> => {
      const cpu = process.cpuUsage();
      const wall = performance.now();
      await this.runWithInterrupt(compiled, cell);
      const used = process.cpuUsage(cpu);
      return { user: used.user / 1e6, system: used.system / 1e6, wall: (performance.now() - wall) / 1e3 };
    };
    if (timed.magic === "time") {
      const timing = await once();
      this.output.write("stdout", timeReport(timing));
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
    if (compiled.lastExpressionVar) this.scope.take(compiled.lastExpressionVar);
    this.output.write("stdout", timeitReport(perLoop, loops));
  }

  private evaluateUserExpressions(
    expressions: Record<string, string>,
    cell: number,
  ): Record<string, UserExpressionResult> {
    const session = this.compiler();
    const out: Record<string, UserExpressionResult> = {};
    for (const [name, expression] of Object.entries(expressions)) {
      const compiled = session.compile(`(${expression})`);
      if (!compiled.ok) {
        out[name] = { status: "error", ...diagnosticFields(compiled.diagnostics, expression, cell) };
        continue;
      }
      try {
        this.runCompiled(compiled, cell);
        const value = compiled.lastExpressionVar ? this.scope.take(compiled.lastExpressionVar) : undefined;
        out[name] = { status: "ok", ...toMimeBundle(value) };
      } catch (error) {
        out[name] = { status: "error", ...errorFields(error, this.cells) };
      }
    }
    return out;
  }

  private complete(code: string, cursor: number): CompleteBody {
    const magic = /(^|\n)\s*(%{1,2}\w*)$/.exec(code.slice(0, cursor));
    if (magic) {
      const typed = magic[2]!;
      const matches = MAGICS.filter((m) => m.startsWith(typed));
      return { matches, cursor_start: cursor - typed.length, cursor_end: cursor };
    }
    const found = this.compiler().complete(code, cursor);
    return { matches: [...found.matches], cursor_start: found.start, cursor_end: found.end };
  }

  private inspectAt(code: string, cursor: number): InspectBody {
    const info = this.compiler().inspect(code, cursor);
    return info ? { found: true, data: docBundle(info) } : { found: false, data: {} };
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
    const id = this.nextInputId++;
    this.output.flush();
    this.options.send({ type: "input_request", id, prompt, password });
    return new Promise((resolve, reject) => this.inputWaiters.set(id, { resolve, reject }));
  }

  private reportLate(kind: string, reason: unknown): void {
    const text = reason instanceof Error ? (reason.stack ?? reason.message) : inspect(reason);
    this.output.write("stderr", `${kind} (after cell [${this.lastCell}] finished): ${text}\n`);
  }

  private installProcessGuards(): void {
    process.exit = ((code?: number) => {
      throw new ProcessExitError(code);
    }) as typeof process.exit;
    process.on("unhandledRejection", (reason) => {
      if (this.running) this.failures.push(reason);
      else this.reportLate("Unhandled promise rejection", reason);
    });
    process.on("uncaughtException", (error) => {
      if (this.running) this.failures.push(error);
      else this.reportLate("Uncaught exception", error);
    });
    process.on("SIGINT", () => {
      if (this.rejectInterrupt) this.rejectInterrupt(new InterruptedError());
      else if (this.running) this.interruptRequested = true;
    });
    // The protocol process is gone: end with every child a cell started (./watchdog.ts).
    process.on("disconnect", endProcessGroup);
  }
}

/** How long the executor must be idle after "ready" before it tidies up (see settleAfterWarmUp). */
const IDLE_AFTER_READY_MS = 500;

/**
 * A full garbage collection, through V8's `gc` made available to this function only (the
 * documented `--expose-gc` at run time; cells do not see a `gc` global).
 */
function collectGarbage(): void {
  v8.setFlagsFromString("--expose-gc");
  const gc = vm.runInNewContext("gc") as () => void;
  gc();
}

const settle = () => new Promise<void>((resolve) => setImmediate(() => setImmediate(resolve)));

function isVmInterrupt(error: unknown): boolean {
  return (error as { code?: string } | null)?.code === "ERR_SCRIPT_EXECUTION_INTERRUPTED";
}

/**
 * The documentation of a name as a bundle (pager `?name` and inspect_request show the same).
 *
 * @example
 * ```ts
 * docBundle({ signature: "const x: number", documentation: "", tags: [] })["text/plain"]; // "const x: number"
 * ```
 */
export function docBundle(info: QuickInfo): Record<string, string> {
  const text = [info.signature];
  const markdown = ["```ts", info.signature, "```"];
  if (info.documentation) {
    text.push("", info.documentation);
    markdown.push("", info.documentation);
  }
  for (const tag of info.tags) {
    text.push("", `@${tag.name}${tag.text ? `\n${tag.text}` : ""}`);
    markdown.push("", `**@${tag.name}**`, "", tag.text);
  }
  return { "text/plain": text.join("\n"), "text/markdown": markdown.join("\n") };
}
