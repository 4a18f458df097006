/**
 * Messages between the kernel's protocol process and its executor process (Node IPC).
 * The protocol process owns the Jupyter sockets; the executor owns the user's state and runs
 * cells, so a cell that loops forever, exits or runs out of memory never takes the sockets down.
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
}

export type ExecuteOutcome = ExecuteOk | ({ status: "error" } & WireError);

/** Requests from the protocol process. */
export type ToExecutor =
  | {
      type: "execute";
      id: number;
      code: string;
      cell: number;
      userExpressions: Record<string, string>;
      allowStdin: boolean;
    }
  | { type: "complete"; id: number; code: string; cursor: number }
  | { type: "inspect"; id: number; code: string; cursor: number; detail: number }
  | { type: "is_complete"; id: number; code: string }
  | { type: "input_reply"; id: number; value: string; error?: string }
  | { type: "comm_open"; commId: string; target: string; data: unknown }
  | { type: "comm_msg"; commId: string; data: unknown }
  | { type: "comm_close"; commId: string; data: unknown };

/** Output a cell produces, published on IOPub under the current request. */
export type IopubEvent =
  | { msgType: "stream"; content: { name: "stdout" | "stderr"; text: string } }
  | { msgType: "display_data"; content: WireBundle & { transient: Record<string, unknown> } }
  | { msgType: "update_display_data"; content: WireBundle & { transient: Record<string, unknown> } }
  | { msgType: "clear_output"; content: { wait: boolean } }
  | { msgType: "comm_open"; content: { comm_id: string; target_name: string; data: unknown } }
  | { msgType: "comm_msg"; content: { comm_id: string; data: unknown } }
  | { msgType: "comm_close"; content: { comm_id: string; data: unknown } };

export interface ExecutorVersions {
  tslab: string;
  typescript: string;
  node: string;
}

/** Messages from the executor. */
export type FromExecutor =
  | { type: "ready"; versions: ExecutorVersions }
  | { type: "reply"; id: number; body: unknown }
  | { type: "iopub"; event: IopubEvent }
  | { type: "input_request"; id: number; prompt: string; password: boolean }
  | { type: "comm_target"; target: string };

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
