/**
 * The executor's side of the cell API: where its output goes, which comms are open, and which
 * values show nothing. Cells never see this module (`convlab/kernel` is `./index.ts`).
 */
import type { IopubEvent } from "../ipc.js";

/** Where the cell API sends its output; the kernel's executor connects it. */
export interface CellOutputSink {
  publish(event: IopubEvent): void;
  requestInput(prompt: string, password: boolean): Promise<string>;
}

let sink: CellOutputSink | undefined;

/**
 * Connects the cell API to a kernel (called by the executor, not by cells).
 *
 * @example
 * ```ts
 * import { connectCellApi, kernel } from "./runtime.js";
 * const events: unknown[] = [];
 * connectCellApi({ publish: (event) => events.push(event), requestInput: async () => "" });
 * kernel().publish({ msgType: "clear_output", content: { wait: false } });
 * events.length; // 1
 * ```
 */
export function connectCellApi(output: CellOutputSink): void {
  sink = output;
}

/** The connected sink; outside the kernel, a clear error. */
export function kernel(): CellOutputSink {
  if (!sink) throw new Error("the cell API works only inside the ConvLab kernel (no kernel is connected)");
  return sink;
}

const SILENT_RESULT = Symbol.for("convlab.silentResult");

/** Marks a value that a cell's last expression should not show (display handles, progress bars). */
export function silent<T extends object>(value: T): T {
  Object.defineProperty(value, SILENT_RESULT, { value: true, enumerable: false });
  return value;
}

/**
 * Whether a cell's last value is a handle that shows nothing by itself.
 *
 * @example
 * ```ts
 * import { isSilentResult, silent } from "./runtime.js";
 * isSilentResult(silent({ displayId: "a" })); // true
 * isSilentResult({ displayId: "a" }); // false
 * ```
 */
export function isSilentResult(value: unknown): boolean {
  return typeof value === "object" && value !== null && SILENT_RESULT in value;
}

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

/** Creates the kernel-side state of a comm (opened by a cell or by the frontend). */
export function openCommState(commId: string, targetName: string): Comm {
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
  return state.comm;
}

/** Records the handler of comms the frontend opens to `targetName`. */
export function registerTarget(targetName: string, handler: (comm: Comm, data: unknown) => void): void {
  kernel();
  commTargets.set(targetName, handler);
}

/**
 * Kernel side: a frontend opened a comm. Returns false when no target accepts it.
 *
 * @example
 * ```ts
 * import { deliverCommOpen } from "./runtime.js";
 * deliverCommOpen("c1", "no-such-target", {}); // false
 * ```
 */
export function deliverCommOpen(commId: string, targetName: string, data: unknown): boolean {
  const handler = commTargets.get(targetName);
  if (!handler) return false;
  handler(openCommState(commId, targetName), data);
  return true;
}

/**
 * Kernel side: a frontend sent a comm message. Returns false for an unknown comm.
 *
 * @example
 * ```ts
 * import { deliverCommMessage } from "./runtime.js";
 * deliverCommMessage("unknown", { x: 1 }); // false
 * ```
 */
export function deliverCommMessage(commId: string, data: unknown): boolean {
  const state = comms.get(commId);
  for (const handler of state?.messageHandlers ?? []) handler(data);
  return state !== undefined;
}

/**
 * Kernel side: a frontend closed a comm.
 *
 * @example
 * ```ts
 * import { deliverCommClose } from "./runtime.js";
 * deliverCommClose("unknown", {});
 * ```
 */
export function deliverCommClose(commId: string, data: unknown): void {
  const state = comms.get(commId);
  comms.delete(commId);
  for (const handler of state?.closeHandlers ?? []) handler(data);
}
