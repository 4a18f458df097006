/**
 * What a notebook cell can call besides ConvLab's library: rich display, in-place updates,
 * clearing output, progress displays, reading input, and comms. Every cell sees these names
 * without an import; `import { display } from "convlab/kernel"` works too.
 *
 * Outside the kernel (no output sink connected) every function throws a clear error.
 */
import { randomUUID } from "node:crypto";
import { type Displayable, escapeHtml, MIME_BUNDLE, type MimeBundle } from "../display.js";
import type { IopubEvent, WireBundle } from "./ipc.js";
import { toMimeBundle } from "./mime.js";

/** Where the cell API sends its output; the kernel's executor connects it. */
export interface CellOutputSink {
  publish(event: IopubEvent): void;
  requestInput(prompt: string, password: boolean): Promise<string>;
  registerCommTarget(target: string): void;
}

let sink: CellOutputSink | undefined;

/** Connects the cell API to a kernel (called by the executor, not by cells). */
export function connectCellApi(output: CellOutputSink): void {
  sink = output;
}

function kernel(): CellOutputSink {
  if (!sink) throw new Error("the cell API works only inside the ConvLab kernel (no kernel is connected)");
  return sink;
}

const SILENT_RESULT = Symbol.for("convlab.silentResult");

/** Marks a value that a cell's last expression should not show (display handles, progress bars). */
function silent<T extends object>(value: T): T {
  Object.defineProperty(value, SILENT_RESULT, { value: true, enumerable: false });
  return value;
}

/** Whether a cell's last value is a handle that shows nothing by itself. */
export function isSilentResult(value: unknown): boolean {
  return typeof value === "object" && value !== null && SILENT_RESULT in value;
}

/** Options of {@link display}. */
export interface DisplayOptions {
  /** Names this output so {@link updateDisplay} (or the handle) can replace it in place. */
  readonly displayId?: string;
  /** Extra metadata, merged over the value's own. */
  readonly metadata?: Readonly<Record<string, unknown>>;
}

/** A shown output that can be replaced in place. */
export interface DisplayHandle {
  readonly displayId: string;
  /** Replaces the output (everywhere this display id is shown) with `value`. */
  update(value: unknown): void;
}

function bundleOf(value: unknown, metadata?: Readonly<Record<string, unknown>>): WireBundle {
  const bundle = toMimeBundle(value);
  return { data: bundle.data, metadata: { ...bundle.metadata, ...(metadata ?? {}) } };
}

/**
 * Shows `value` as an output of the current cell: rich when it implements the display
 * protocol (figures, tensors, summaries, {@link mimeBundle}), as text otherwise.
 *
 * @example
 * ```ts
 * const shown = display(zeros([1, 1, 2, 2]), { displayId: "input" });
 * shown.update(ones([1, 1, 2, 2])); // replaces it in place
 * ```
 */
export function display(value: unknown, options: DisplayOptions = {}): DisplayHandle {
  const displayId = options.displayId ?? randomUUID();
  kernel().publish({
    msgType: "display_data",
    content: { ...bundleOf(value, options.metadata), transient: { display_id: displayId } },
  });
  return silent({ displayId, update: (next: unknown) => updateDisplay(displayId, next) });
}

/**
 * Replaces the output shown under `displayId` with `value`.
 *
 * @example
 * ```ts
 * display("step 1", { displayId: "status" });
 * updateDisplay("status", "step 2");
 * ```
 */
export function updateDisplay(displayId: string, value: unknown, metadata?: Record<string, unknown>): void {
  kernel().publish({
    msgType: "update_display_data",
    content: { ...bundleOf(value, metadata), transient: { display_id: displayId } },
  });
}

/**
 * Clears the current cell's output; with `wait`, only when the next output arrives (no flicker).
 *
 * @example
 * ```ts
 * clearOutput({ wait: true });
 * console.log("fresh");
 * ```
 */
export function clearOutput(options: { readonly wait?: boolean } = {}): void {
  kernel().publish({ msgType: "clear_output", content: { wait: options.wait === true } });
}

/**
 * A value that displays as the given mime bundle (several types at once, with metadata).
 *
 * @example
 * ```ts
 * display(mimeBundle({ "text/plain": "hi", "text/html": "<b>hi</b>" }));
 * ```
 */
export function mimeBundle(
  data: Readonly<Record<string, unknown>>,
  metadata: Readonly<Record<string, unknown>> = {},
): Displayable {
  return { [MIME_BUNDLE]: (): MimeBundle => ({ data, metadata }) };
}

/** Options of {@link progress}. */
export interface ProgressOptions {
  /** Shown before the bar, e.g. "training". */
  readonly label?: string;
  /** Minimum milliseconds between in-place updates (the first and last are always shown). */
  readonly intervalMs?: number;
}

/** A progress display that updates in place. */
export interface ProgressDisplay {
  readonly displayId: string;
  /** Sets how many steps are done. */
  update(done: number): void;
  /** Adds `steps` (default 1) to the steps done. */
  tick(steps?: number): void;
  /** Marks the work finished. */
  finish(): void;
}

/**
 * Shows a progress bar for long work in a cell; it updates in place (update_display_data).
 *
 * @example
 * ```ts
 * const bar = progress(100, { label: "convolving" });
 * for (let i = 0; i < 100; i++) bar.tick();
 * bar.finish();
 * ```
 */
export function progress(total: number, options: ProgressOptions = {}): ProgressDisplay {
  if (!Number.isFinite(total) || total <= 0) {
    throw new RangeError(`progress: total must be a positive number of steps, got ${String(total)}`);
  }
  const label = options.label ?? "progress";
  const interval = options.intervalMs ?? 100;
  let done = 0;
  let lastShown = 0;
  const render = () => progressBundle(label, Math.min(done, total), total);
  const handle = display(render());
  const show = (force: boolean) => {
    const now = Date.now();
    if (!force && now - lastShown < interval) return;
    lastShown = now;
    handle.update(render());
  };
  lastShown = Date.now();
  return silent({
    displayId: handle.displayId,
    update(next) {
      done = next;
      show(done >= total);
    },
    tick(steps = 1) {
      done += steps;
      show(done >= total);
    },
    finish() {
      done = total;
      show(true);
    },
  });
}

function progressBundle(label: string, done: number, total: number): Displayable {
  const width = 30;
  const fraction = total === 0 ? 1 : done / total;
  const filled = Math.round(fraction * width);
  const percent = Math.floor(fraction * 100);
  const text = `${label} [${"#".repeat(filled)}${".".repeat(width - filled)}] ${done}/${total} (${percent}%)`;
  const html =
    `<div class="convlab-progress"><span>${escapeHtml(label)}</span> ` +
    `<progress value="${done}" max="${total}"></progress> ${done}/${total} (${percent}%)</div>`;
  return mimeBundle({ "text/plain": text, "text/html": html });
}

/**
 * Asks the notebook's user for a line of text (Jupyter's stdin channel).
 *
 * @example
 * ```ts
 * const name = await input("Your name: ");
 * ```
 */
export function input(prompt = "", options: { readonly password?: boolean } = {}): Promise<string> {
  return kernel().requestInput(prompt, options.password === true);
}

// ---------------------------------------------------------------------------------------------
// Comms (the channel widgets use).

/** A comm: a two-way message channel between this kernel and a frontend object. */
export interface Comm {
  readonly commId: string;
  readonly targetName: string;
  send(data: unknown): void;
  close(data?: unknown): void;
  onMessage(handler: (data: unknown) => void): void;
  onClose(handler: (data: unknown) => void): void;
}

interface CommState {
  comm: Comm;
  messageHandlers: ((data: unknown) => void)[];
  closeHandlers: ((data: unknown) => void)[];
}

const comms = new Map<string, CommState>();
const commTargets = new Map<string, (comm: Comm, data: unknown) => void>();

function makeComm(commId: string, targetName: string): CommState {
  const state: CommState = {
    messageHandlers: [],
    closeHandlers: [],
    comm: {
      commId,
      targetName,
      send: (data) => kernel().publish({ msgType: "comm_msg", content: { comm_id: commId, data } }),
      close: (data = {}) => {
        comms.delete(commId);
        kernel().publish({ msgType: "comm_close", content: { comm_id: commId, data } });
      },
      onMessage: (handler) => {
        state.messageHandlers.push(handler);
      },
      onClose: (handler) => {
        state.closeHandlers.push(handler);
      },
    },
  };
  comms.set(commId, state);
  return state;
}

/**
 * Opens a comm to the frontend's `targetName`.
 *
 * @example
 * ```ts
 * const comm = openComm("my.target", { hello: 1 });
 * comm.onMessage((data) => console.log(data));
 * ```
 */
export function openComm(targetName: string, data: unknown = {}): Comm {
  const commId = randomUUID();
  const state = makeComm(commId, targetName);
  kernel().publish({ msgType: "comm_open", content: { comm_id: commId, target_name: targetName, data } });
  return state.comm;
}

/**
 * Accepts comms that the frontend opens to `targetName`.
 *
 * @example
 * ```ts
 * registerCommTarget("echo", (comm) => comm.onMessage((data) => comm.send(data)));
 * ```
 */
export function registerCommTarget(targetName: string, handler: (comm: Comm, data: unknown) => void): void {
  commTargets.set(targetName, handler);
  kernel().registerCommTarget(targetName);
}

/** Kernel side: a frontend opened a comm. Returns false when no target accepts it. */
export function deliverCommOpen(commId: string, targetName: string, data: unknown): boolean {
  const handler = commTargets.get(targetName);
  if (!handler) return false;
  handler(makeComm(commId, targetName).comm, data);
  return true;
}

/** Kernel side: a frontend sent a comm message. */
export function deliverCommMessage(commId: string, data: unknown): void {
  for (const handler of comms.get(commId)?.messageHandlers ?? []) handler(data);
}

/** Kernel side: a frontend closed a comm. */
export function deliverCommClose(commId: string, data: unknown): void {
  const state = comms.get(commId);
  comms.delete(commId);
  for (const handler of state?.closeHandlers ?? []) handler(data);
}
