/**
 * The one channel between the kernel's two processes (Node IPC, JSON): what the protocol process
 * (`./protocol/`, owner of the Jupyter sockets) asks the executor process (`./executor/`, owner
 * of the user's state), and what the executor answers or sends on its own. A cell that loops
 * forever, exits or runs out of memory takes down only the executor, never the sockets.
 */

/** A Jupyter mime bundle as sent on the wire. */
export interface WireBundle {
  data: Record<string, unknown>;
  metadata: Record<string, unknown>;
}

/** The error fields of a Jupyter error reply / error message. */
export interface WireError {
  ename: string;
  evalue: string;
  traceback: string[];
}

export type UserExpressionResult = ({ status: "ok" } & WireBundle) | ({ status: "error" } & WireError);

export interface ExecuteOk {
  status: "ok";
  result: WireBundle | undefined;
  userExpressions: Record<string, UserExpressionResult>;
  /** Pager payload text (from `?name` or `name?`). */
  page: WireBundle | undefined;
  /** Whether the cell may be replayed into a replacement executor (no `//%no-replay`). */
  replayable: boolean;
}

/**
 * A failed cell. `replaceExecutor`: the cell was interrupted while its async work was still
 * pending (e.g. a loop awaiting timers), so the executor must be replaced to really stop it.
 */
export type ExecuteError = { status: "error"; replaceExecutor?: boolean } & WireError;

export type ExecuteOutcome = ExecuteOk | ExecuteError;

export interface CompleteBody {
  matches: string[];
  cursor_start: number;
  cursor_end: number;
}

export interface InspectBody {
  found: boolean;
  data: Record<string, unknown>;
}

export interface IsCompleteBody {
  status: "complete" | "incomplete" | "invalid";
  indent: string;
}

/** Runs a cell. `replay` re-runs a journaled cell silently into a replacement executor. */
export interface ExecuteRequest {
  type: "execute";
  code: string;
  cell: number;
  userExpressions: Record<string, string>;
  allowStdin: boolean;
  replay?: boolean;
}

export interface CompleteRequest {
  type: "complete";
  code: string;
  cursor: number;
}

export interface InspectRequest {
  type: "inspect";
  code: string;
  cursor: number;
  detail: number;
}

export interface IsCompleteRequest {
  type: "is_complete";
  code: string;
}

/**
 * A warm executor (started by the warm pool before anyone asked) becomes a kernel's: it takes the
 * launcher's environment and directory (a new compiler session there, from the files it parsed).
 */
export interface AdoptRequest {
  type: "adopt";
  cwd: string;
  env: Record<string, string>;
}

export interface AdoptBody {
  /** Whether the session was built again for another directory. */
  moved: boolean;
}

/** Requests that get a reply, and the reply body of each. */
export interface Replies {
  execute: ExecuteOutcome;
  complete: CompleteBody;
  inspect: InspectBody;
  is_complete: IsCompleteBody;
  adopt: AdoptBody;
}

export type ExecutorRequest =
  | ExecuteRequest
  | CompleteRequest
  | InspectRequest
  | IsCompleteRequest
  | AdoptRequest;

/** Messages without a reply: stdin answers and comm traffic from the frontend. */
export type ExecutorNotice =
  | { type: "input_reply"; id: number; value: string; error?: string }
  | { type: "comm_open"; commId: string; target: string; data: unknown }
  | { type: "comm_msg"; commId: string; data: unknown }
  | { type: "comm_close"; commId: string; data: unknown };

/** Everything the protocol process sends to the executor. */
export type ToExecutor = (ExecutorRequest & { id: number }) | ExecutorNotice;

/** Output a cell produces, published on IOPub under the current request. */
export type IopubEvent =
  | { msgType: "stream"; content: { name: "stdout" | "stderr"; text: string } }
  | { msgType: "display_data"; content: WireBundle & { transient: Record<string, unknown> } }
  | { msgType: "update_display_data"; content: WireBundle & { transient: Record<string, unknown> } }
  | { msgType: "clear_output"; content: { wait: boolean } }
  | { msgType: "comm_open"; content: { comm_id: string; target_name: string; data: unknown } }
  | { msgType: "comm_msg"; content: { comm_id: string; data: unknown } }
  | { msgType: "comm_close"; content: { comm_id: string; data: unknown } };

/** The versions the executor runs, for kernel_info. */
export interface ExecutorVersions {
  tslab: string;
  typescript: string;
  node: string;
}

/** Everything the executor sends to the protocol process. */
export type FromExecutor =
  | { type: "ready"; versions: ExecutorVersions }
  | { [K in keyof Replies]: { type: "reply"; id: number; request: K; body: Replies[K] } }[keyof Replies]
  | { type: "iopub"; event: IopubEvent }
  | { type: "input_request"; id: number; prompt: string; password: boolean };
