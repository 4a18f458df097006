/**
 * What a notebook cell can call besides ConvLab's library: rich display, in-place updates,
 * clearing output, progress displays, reading input, and comms. Every cell sees these names
 * without an import; `import { display } from "convlab/kernel"` works too.
 *
 * Outside the kernel (no output sink connected) every function throws a clear error. This module
 * is exactly what cells see: every export here is in scope in a cell, so the kernel's plumbing
 * (connecting the sink, delivering comm messages) lives in `./runtime.ts`.
 */
import { randomUUID } from "node:crypto";
import { type Displayable, escapeHtml, MIME_BUNDLE, type MimeBundle } from "../../display.js";
import { toMimeBundle } from "../executor/mime.js";
import type { WireBundle } from "../ipc.js";
import { type Comm, kernel, openCommState, registerTarget, silent } from "./runtime.js";

export type { Comm } from "./runtime.js";

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
  const comm = openCommState(commId, targetName);
  kernel().publish({ msgType: "comm_open", content: { comm_id: commId, target_name: targetName, data } });
  return comm;
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
  registerTarget(targetName, handler);
}
