/**
 * The executor: a child process that holds the notebook's state and runs its cells (compiled
 * by tslab's converter through the adapter). The protocol process forks it, talks to it over
 * Node IPC, interrupts it with SIGINT and replaces it if it dies, so nothing a cell does can
 * take the Jupyter sockets down.
 */

/**
 * The executor: a child process that holds the notebook's state and runs its cells (compiled
 * by tslab's converter through the adapter). The protocol process forks it, talks to it over
 * Node IPC, interrupts it with SIGINT and replaces it if it dies, so nothing a cell does can
 * take the Jupyter sockets down.
 */
import Module, { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { inspect } from "node:util";
import vm from "node:vm";
import * as library from "../index.js";
import * as cellApi from "./cell-api.js";
import type {
  CompleteBody,
  ExecuteOutcome,
  FromExecutor,
  InspectBody,
  IopubEvent,
  IsCompleteBody,
  ToExecutor,
  UserExpressionResult,
} from "./ipc.js";
import { toMimeBundle } from "./mime.js";
import { cellFileName, diagnosticFields, errorFields, type RunCell } from "./traceback.js";
import {
  type CompiledCell,
  checkCompleteness,
  compilerVersions,
  createTypeScriptSession,
  listDeclaredExports,
  type QuickInfo,
} from "./tslab-adapter.js";

const packageRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..");

/** The names of the cell API that cells see without an import (the rest is kernel plumbing). */
const CELL_API_VALUES = [
  "display",
  "updateDisplay",
  "clearOutput",
  "mimeBundle",
  "progress",
  "input",
  "openComm",
  "registerCommTarget",
] as const;
const CELL_API_TYPES = [
  "DisplayOptions",
  "DisplayHandle",
  "ProgressOptions",
  "ProgressDisplay",
  "Comm",
] as const;

const send = (message: FromExecutor): void => {
  process.send?.(message);
};

// ---------------------------------------------------------------------------------------------
// Output: stdout/stderr become stream messages, coalesced and capped per cell.

const maxOutputBytes = Number(process.env.CONVLAB_MAX_OUTPUT_BYTES ?? 1_000_000);
let outputBytes = 0;
let droppedBytes = 0;
let pending: { name: "stdout" | "stderr"; text: string } | undefined;
let flushScheduled = false;

function flushStreams(): void {
  if (!pending) return;
  const event: IopubEvent = { msgType: "stream", content: { name: pending.name, text: pending.text } };
  pending = undefined;
  send({ type: "iopub", event });
}

function writeStream(name: "stdout" | "stderr", text: string): void {
  const room = maxOutputBytes - outputBytes;
  if (room <= 0) {
    droppedBytes += Buffer.byteLength(text);
    return;
  }
  let kept = text;
  if (Buffer.byteLength(text) > room) {
    kept = Buffer.from(text).subarray(0, room).toString("utf8");
    droppedBytes += Buffer.byteLength(text) - Buffer.byteLength(kept);
  }
  outputBytes += Buffer.byteLength(kept);
  if (pending && pending.name !== name) flushStreams();
  pending = pending ? { name, text: pending.text + kept } : { name, text: kept };
  if (pending.text.length > 16_384) flushStreams();
  else if (!flushScheduled) {
    flushScheduled = true;
    setImmediate(() => {
      flushScheduled = false;
      flushStreams();
    });
  }
}

function publish(event: IopubEvent): void {
  flushStreams();
  send({ type: "iopub", event });
}

function hookStream(stream: NodeJS.WriteStream, name: "stdout" | "stderr"): void {
  stream.write = ((chunk: unknown, encoding?: unknown, callback?: unknown) => {
    const text =
      typeof chunk === "string"
        ? chunk
        : Buffer.from(chunk as Uint8Array).toString((encoding as BufferEncoding) || "utf8");
    writeStream(name, text);
    const done = typeof encoding === "function" ? encoding : callback;
    if (typeof done === "function") process.nextTick(done as () => void);
    return true;
  }) as typeof stream.write;
}

// ---------------------------------------------------------------------------------------------
// Cell state.

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

const exitProcess = process.exit.bind(process);
const cells = new Map<number, RunCell>();
const sideOutputs = new Map<string, string>();
const sideModules = new Map<string, NodeJS.Module>();
let running = false;
let lastCell = 0;
let cellFailures: unknown[] = [];
let interruptRequested = false;
let rejectInterrupt: ((reason: unknown) => void) | undefined;
let nextInputId = 1;
const inputWaiters = new Map<number, { resolve: (v: string) => void; reject: (e: Error) => void }>();

const baseRequire = createRequire(path.join(process.cwd(), "__convlab_cell__.js"));

function cellRequireFrom(dir: string, fallback: NodeJS.Require): (id: string) => unknown {
  return (id: string) => {
    if (id === "convlab") return library;
    if (id === "convlab/kernel") return cellApi;
    if (id.startsWith(".")) {
      let filename = path.resolve(dir, id);
      if (path.extname(filename) === "") filename += ".js";
      const cached = sideModules.get(filename);
      if (cached) return cached.exports;
      const code = sideOutputs.get(filename);
      if (code !== undefined) {
        const mod = new Module(filename) as NodeJS.Module & {
          _compile(code: string, filename: string): void;
          paths: string[];
        };
        mod.filename = filename;
        mod.paths = (Module as unknown as { _nodeModulePaths(d: string): string[] })._nodeModulePaths(
          path.dirname(filename),
        );
        const own = mod.require.bind(mod) as NodeJS.Require;
        mod.require = Object.assign(cellRequireFrom(path.dirname(filename), own), own) as NodeJS.Require;
        sideModules.set(filename, mod);
        mod._compile(code, filename);
        return mod.exports;
      }
    }
    return fallback(id);
  };
}

/** The object that holds every name a cell defines (tslab's output reads earlier names from it). */
function createExports(): Record<string, unknown> {
  const target: Record<string, unknown> = {};
  return new Proxy(target, {
    defineProperty(_t, prop, attributes) {
      if (prop === "__esModule") return true;
      target[prop as string] = attributes.get ? attributes.get() : attributes.value;
      return true;
    },
  });
}

const cellExports = createExports();
function populateExports(): void {
  for (const key of Object.keys(cellExports)) delete cellExports[key];
  for (const [key, value] of Object.entries(library)) cellExports[key] = value;
  const api: Record<(typeof CELL_API_VALUES)[number], unknown> = {
    display: cellApi.display,
    updateDisplay: cellApi.updateDisplay,
    clearOutput: cellApi.clearOutput,
    mimeBundle: cellApi.mimeBundle,
    progress: cellApi.progress,
    input: cellApi.input,
    openComm: cellApi.openComm,
    registerCommTarget: cellApi.registerCommTarget,
  };
  Object.assign(cellExports, api);
}
populateExports();
Object.defineProperty(globalThis, "__convlabCell", {
  value: { exports: cellExports, require: cellRequireFrom(process.cwd(), baseRequire) },
  enumerable: false,
});

function preludeDeclarations(): string {
  const names = listDeclaredExports(path.join(packageRoot, "dist", "index.d.ts"));
  const libraryImports = names.map((n) => (n.typeOnly ? `type ${n.name}` : n.name)).join(", ");
  const apiImports = [...CELL_API_VALUES, ...CELL_API_TYPES.map((t) => `type ${t}`)].join(", ");
  return `import { ${libraryImports} } from "convlab";\nimport { ${apiImports} } from "convlab/kernel";\n`;
}

const session = createTypeScriptSession({
  cwd: process.cwd(),
  packages: [{ name: "convlab", root: packageRoot, subpathTypes: { kernel: "dist/kernel/cell-api.d.ts" } }],
  preludeDeclarations: preludeDeclarations(),
});

// ---------------------------------------------------------------------------------------------
// Running code.

const settle = () => new Promise<void>((resolve) => setImmediate(() => setImmediate(resolve)));

/** Runs compiled code inside `vm` so SIGINT breaks a synchronous loop. */
function runCompiled(compiled: CompiledCell, cell: number): unknown {
  const prefix = compiled.hasTopLevelAwait
    ? "(async function (exports, require) {"
    : "(function (exports, require) {";
  const wrapped = `${prefix}\n${compiled.code}\n})(__convlabCell.exports, __convlabCell.require)`;
  return vm.runInThisContext(wrapped, { filename: cellFileName(cell), breakOnSigint: true });
}

async function runWithInterrupt(compiled: CompiledCell, cell: number): Promise<void> {
  const result = runCompiled(compiled, cell);
  if (!compiled.hasTopLevelAwait) return;
  const interrupted = new Promise<never>((_, reject) => {
    rejectInterrupt = reject;
  });
  try {
    await Promise.race([result, interrupted]);
  } finally {
    rejectInterrupt = undefined;
  }
}

function isVmInterrupt(error: unknown): boolean {
  return (error as { code?: string } | null)?.code === "ERR_SCRIPT_EXECUTION_INTERRUPTED";
}

const PAGER = /^\s*(?:\?\s*([\w$.]+)|([\w$.]+)\s*\?)\s*$/;

async function execute(request: Extract<ToExecutor, { type: "execute" }>): Promise<ExecuteOutcome> {
  outputBytes = 0;
  droppedBytes = 0;
  cellFailures = [];
  lastCell = request.cell;
  const pager = PAGER.exec(request.code);
  if (pager) {
    const name = pager[1] ?? pager[2] ?? "";
    const info = session.inspect(name, name.length);
    const page = info
      ? {
          data: { "text/plain": quickInfoText(info), "text/markdown": quickInfoMarkdown(info) },
          metadata: {},
        }
      : { data: { "text/plain": `no documentation found for ${name}` }, metadata: {} };
    return { status: "ok", result: undefined, userExpressions: {}, page };
  }
  const compiled = session.compile(request.code);
  if (!compiled.ok)
    return { status: "error", ...diagnosticFields(compiled.diagnostics, request.code, request.cell) };
  for (const side of compiled.sideModules) {
    sideOutputs.set(side.path, side.code);
    sideModules.delete(side.path);
  }
  cells.set(request.cell, {
    cell: request.cell,
    source: request.code,
    codeLines: compiled.code.split("\n").length,
    mapToCell: compiled.mapToCell,
  });
  await new Promise((resolve) => setImmediate(resolve)); // lets a pending SIGINT land first
  let failure: unknown;
  running = true;
  try {
    if (interruptRequested) throw new InterruptedError();
    await runWithInterrupt(compiled, request.cell);
  } catch (error) {
    failure = isVmInterrupt(error) ? new InterruptedError() : error;
  }
  await settle();
  running = false;
  interruptRequested = false;
  if (failure === undefined && cellFailures.length > 0) failure = cellFailures[0];
  const lastValue = compiled.lastExpressionVar ? cellExports[compiled.lastExpressionVar] : undefined;
  if (compiled.lastExpressionVar) delete cellExports[compiled.lastExpressionVar];
  finishOutput();
  if (failure !== undefined) return { status: "error", ...errorFields(failure, cells) };
  session.commit(compiled);
  const result =
    lastValue === undefined || cellApi.isSilentResult(lastValue) ? undefined : toMimeBundle(lastValue);
  const userExpressions = evaluateUserExpressions(request.userExpressions, request.cell);
  return { status: "ok", result, userExpressions, page: undefined };
}

function finishOutput(): void {
  if (droppedBytes > 0) {
    const limit = maxOutputBytes.toLocaleString("en-US");
    const dropped = droppedBytes.toLocaleString("en-US");
    if (pending?.name !== "stderr") flushStreams();
    const notice = `\n[output truncated: this cell printed more than ${limit} bytes; the remaining ${dropped} bytes were dropped]\n`;
    pending = { name: "stderr", text: (pending?.text ?? "") + notice };
  }
  flushStreams();
}

function evaluateUserExpressions(
  expressions: Record<string, string>,
  cell: number,
): Record<string, UserExpressionResult> {
  const out: Record<string, UserExpressionResult> = {};
  for (const [name, expression] of Object.entries(expressions)) {
    const compiled = session.compile(`(${expression})`);
    if (!compiled.ok) {
      out[name] = { status: "error", ...diagnosticFields(compiled.diagnostics, expression, cell) };
      continue;
    }
    try {
      runCompiled(compiled, cell);
      const value = compiled.lastExpressionVar ? cellExports[compiled.lastExpressionVar] : undefined;
      if (compiled.lastExpressionVar) delete cellExports[compiled.lastExpressionVar];
      out[name] = { status: "ok", ...toMimeBundle(value) };
    } catch (error) {
      out[name] = { status: "error", ...errorFields(error, cells) };
    }
  }
  return out;
}

function quickInfoText(info: QuickInfo): string {
  const parts = [info.signature];
  if (info.documentation) parts.push("", info.documentation);
  for (const tag of info.tags) parts.push("", `@${tag.name}${tag.text ? `\n${tag.text}` : ""}`);
  return parts.join("\n");
}

function quickInfoMarkdown(info: QuickInfo): string {
  const parts = ["```ts", info.signature, "```"];
  if (info.documentation) parts.push("", info.documentation);
  for (const tag of info.tags) parts.push("", `**@${tag.name}**`, "", tag.text);
  return parts.join("\n");
}

function complete(code: string, cursor: number): CompleteBody {
  const found = session.complete(code, cursor);
  return { matches: [...found.matches], cursor_start: found.start, cursor_end: found.end };
}

function inspectAt(code: string, cursor: number): InspectBody {
  const info = session.inspect(code, cursor);
  if (!info) return { found: false, data: {} };
  return {
    found: true,
    data: { "text/plain": quickInfoText(info), "text/markdown": quickInfoMarkdown(info) },
  };
}

function isComplete(code: string): IsCompleteBody {
  return checkCompleteness(code);
}

// ---------------------------------------------------------------------------------------------
// Wiring.

function reportLate(kind: string, reason: unknown): void {
  const text = reason instanceof Error ? (reason.stack ?? reason.message) : inspect(reason);
  writeStream("stderr", `${kind} (after cell [${lastCell}] finished): ${text}\n`);
}

function installProcessGuards(): void {
  process.exit = ((code?: number) => {
    throw new ProcessExitError(code);
  }) as typeof process.exit;
  process.on("unhandledRejection", (reason) => {
    if (running) cellFailures.push(reason);
    else reportLate("Unhandled promise rejection", reason);
  });
  process.on("uncaughtException", (error) => {
    if (running) cellFailures.push(error);
    else reportLate("Uncaught exception", error);
  });
  process.on("SIGINT", () => {
    if (rejectInterrupt) rejectInterrupt(new InterruptedError());
    else if (running) interruptRequested = true;
  });
  process.on("disconnect", () => exitProcess(0));
}

cellApi.connectCellApi({
  publish,
  registerCommTarget: (target) => send({ type: "comm_target", target }),
  requestInput(prompt, password) {
    const id = nextInputId++;
    flushStreams();
    send({ type: "input_request", id, prompt, password });
    return new Promise((resolve, reject) => inputWaiters.set(id, { resolve, reject }));
  },
});

let queue: Promise<void> = Promise.resolve();

async function handleRequest(message: ToExecutor): Promise<void> {
  switch (message.type) {
    case "execute":
      send({ type: "reply", id: message.id, body: await execute(message) });
      return;
    case "complete":
      send({ type: "reply", id: message.id, body: complete(message.code, message.cursor) });
      return;
    case "inspect":
      send({ type: "reply", id: message.id, body: inspectAt(message.code, message.cursor) });
      return;
    case "is_complete":
      send({ type: "reply", id: message.id, body: isComplete(message.code) });
      return;
    default:
      return;
  }
}

function onMessage(message: ToExecutor): void {
  switch (message.type) {
    case "input_reply": {
      const waiter = inputWaiters.get(message.id);
      inputWaiters.delete(message.id);
      if (message.error) waiter?.reject(new Error(message.error));
      else waiter?.resolve(message.value);
      return;
    }
    case "comm_open":
      if (!cellApi.deliverCommOpen(message.commId, message.target, message.data)) {
        publish({ msgType: "comm_close", content: { comm_id: message.commId, data: {} } });
      }
      return;
    case "comm_msg":
      cellApi.deliverCommMessage(message.commId, message.data);
      return;
    case "comm_close":
      cellApi.deliverCommClose(message.commId, message.data);
      return;
    default:
      queue = queue.then(() =>
        handleRequest(message).catch((error: unknown) => {
          const fields = errorFields(error, cells);
          send({ type: "reply", id: message.id, body: { status: "error", ...fields } });
        }),
      );
  }
}

hookStream(process.stdout, "stdout");
hookStream(process.stderr, "stderr");
installProcessGuards();
process.on("message", (message) => onMessage(message as ToExecutor));
const versions = compilerVersions();
send({ type: "ready", versions: { ...versions, node: process.versions.node } });
