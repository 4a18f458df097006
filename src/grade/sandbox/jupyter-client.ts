/**
 * The grader's side of the Jupyter protocol: a client that talks to one kernel over ZeroMQ
 * (shell and control as DEALER, iopub as SUB), signs its requests with the connection key,
 * and collects one execution's outputs as nbformat outputs.
 */
import { createHmac, randomUUID } from "node:crypto";
import * as zmq from "zeromq";
import type { Output } from "../notebook.js";

/** Where a kernel listens (what its connection file says). */
export interface KernelAddress {
  readonly transport: "tcp" | "ipc";
  /** For ipc: the socket path prefix as the client sees it (`<ip>-<port>`). */
  readonly ip: string;
  readonly key: string;
  readonly ports: { shell: number; control: number; stdin: number; iopub: number; hb: number };
}

/** What one execute request produced. */
export interface Execution {
  /** ok/error from the kernel's reply; timeout when no reply came in time; died when the kernel ended. */
  readonly status: "ok" | "error" | "timeout" | "died";
  readonly outputs: Output[];
  readonly error?: { ename: string; evalue: string; traceback: string[] };
  readonly seconds: number;
}

const DELIMITER = Buffer.from("<IDS|MSG>");

interface Collector {
  outputs: Output[];
  idle: boolean;
  /** Executions end at idle plus their reply; kernel_info probes at idle. */
  needsReply: boolean;
  reply?: Record<string, unknown>;
  done(): void;
}

function endpoint(address: KernelAddress, port: number): string {
  return address.transport === "tcp" ? `tcp://${address.ip}:${port}` : `ipc://${address.ip}-${port}`;
}

/**
 * A client for one kernel. Call {@link connect}, then {@link execute} one cell at a time.
 *
 * Used by the sandbox (`sandbox.ts`), which owns the kernel process.
 */
export class JupyterClient {
  private readonly shell = new zmq.Dealer({ linger: 0 });
  private readonly control = new zmq.Dealer({ linger: 0 });
  private readonly iopub = new zmq.Subscriber({ linger: 0 });
  private readonly session = randomUUID();
  private readonly collectors = new Map<string, Collector>();
  private closed = false;

  constructor(
    private readonly address: KernelAddress,
    private readonly died: Promise<void>,
  ) {}

  /** Connects the sockets and waits until the kernel answers on shell and publishes on iopub. */
  async connect(timeoutMs: number): Promise<void> {
    const { ports } = this.address;
    this.shell.connect(endpoint(this.address, ports.shell));
    this.control.connect(endpoint(this.address, ports.control));
    this.iopub.connect(endpoint(this.address, ports.iopub));
    this.iopub.subscribe();
    void this.readLoop(this.shell);
    void this.readLoop(this.control);
    void this.readIopub();
    const deadline = Date.now() + timeoutMs;
    // kernel_info until iopub shows its status message: then no output can be missed.
    while (Date.now() < deadline) {
      const id = this.send(this.shell, "kernel_info_request", {});
      const seen = new Promise<boolean>((resolve) => {
        this.collectors.set(id, { outputs: [], idle: false, needsReply: false, done: () => resolve(true) });
        setTimeout(() => resolve(false), 500);
      });
      const ok = await Promise.race([seen, this.died.then(() => "died" as const)]);
      this.collectors.delete(id);
      if (ok === "died") throw new Error("the kernel ended while starting");
      if (ok) return;
    }
    throw new Error(`the kernel did not answer within ${timeoutMs / 1000} s`);
  }

  /** Runs `code`; resolves with its outputs when the kernel is idle again, or at the deadline. */
  async execute(code: string, timeoutMs: number): Promise<Execution> {
    const started = Date.now();
    const id = this.send(this.shell, "execute_request", {
      code,
      silent: false,
      store_history: false,
      user_expressions: {},
      allow_stdin: false,
      stop_on_error: false,
    });
    const collector: Collector = { outputs: [], idle: false, needsReply: true, done: () => undefined };
    const finished = new Promise<void>((resolve) => {
      collector.done = resolve;
    });
    this.collectors.set(id, collector);
    let timer: NodeJS.Timeout | undefined;
    const outcome = await Promise.race([
      finished.then(() => "done" as const),
      this.died.then(() => "died" as const),
      new Promise<"timeout">((resolve) => {
        timer = setTimeout(() => resolve("timeout"), timeoutMs);
      }),
    ]);
    clearTimeout(timer);
    this.collectors.delete(id);
    const seconds = (Date.now() - started) / 1000;
    if (outcome !== "done") return { status: outcome, outputs: collector.outputs, seconds };
    const reply = collector.reply ?? {};
    const status = reply.status === "ok" ? "ok" : "error";
    const errorOutput = collector.outputs.find((o) => o.output_type === "error");
    const error =
      status === "error"
        ? {
            ename: String(reply.ename ?? errorOutput?.ename ?? "Error"),
            evalue: String(reply.evalue ?? errorOutput?.evalue ?? ""),
            traceback: (reply.traceback ?? errorOutput?.traceback ?? []) as string[],
          }
        : undefined;
    return { status, outputs: collector.outputs, ...(error && { error }), seconds };
  }

  /** Sends interrupt_request on the control channel (no wait). */
  interrupt(): void {
    this.send(this.control, "interrupt_request", {});
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    for (const socket of [this.shell, this.control, this.iopub]) socket.close();
  }

  private send(socket: zmq.Dealer, msgType: string, content: unknown): string {
    const header = {
      msg_id: randomUUID(),
      session: this.session,
      username: "convlab-grader",
      date: new Date().toISOString(),
      msg_type: msgType,
      version: "5.3",
    };
    const body = [header, {}, {}, content].map((part) => Buffer.from(JSON.stringify(part)));
    const hmac = createHmac("sha256", this.address.key);
    for (const frame of body) hmac.update(frame);
    socket.send([DELIMITER, Buffer.from(hmac.digest("hex")), ...body]).catch(() => undefined);
    return header.msg_id;
  }

  private static parse(
    frames: Buffer[],
  ): { type: string; parent: string; content: Record<string, unknown> } | undefined {
    const at = frames.findIndex((f) => f.equals(DELIMITER));
    if (at < 0 || frames.length < at + 6) return undefined;
    try {
      const header = JSON.parse(frames[at + 2]!.toString("utf8")) as { msg_type?: string };
      const parent = JSON.parse(frames[at + 3]!.toString("utf8")) as { msg_id?: string };
      const content = JSON.parse(frames[at + 5]!.toString("utf8")) as Record<string, unknown>;
      return { type: String(header.msg_type), parent: String(parent.msg_id ?? ""), content };
    } catch {
      return undefined;
    }
  }

  private async readLoop(socket: zmq.Dealer): Promise<void> {
    try {
      for await (const frames of socket) {
        const message = JupyterClient.parse(frames);
        if (!message) continue;
        const collector = this.collectors.get(message.parent);
        if (collector && message.type === "execute_reply") {
          collector.reply = message.content;
          if (collector.idle) collector.done();
        }
      }
    } catch {
      // closed
    }
  }

  private async readIopub(): Promise<void> {
    try {
      for await (const frames of this.iopub) {
        const message = JupyterClient.parse(frames);
        if (!message) continue;
        const collector = this.collectors.get(message.parent);
        if (!collector) continue;
        this.collect(collector, message.type, message.content);
      }
    } catch {
      // closed
    }
  }

  private collect(collector: Collector, type: string, content: Record<string, unknown>): void {
    switch (type) {
      case "status":
        if (content.execution_state === "idle") {
          collector.idle = true;
          if (!collector.needsReply || collector.reply) collector.done();
        }
        return;
      case "stream":
        collector.outputs.push({
          output_type: "stream",
          name: String(content.name),
          text: String(content.text),
        });
        return;
      case "display_data":
      case "execute_result":
        collector.outputs.push({
          output_type: type,
          data: content.data ?? {},
          metadata: content.metadata ?? {},
          ...(type === "execute_result" && { execution_count: content.execution_count ?? null }),
        });
        return;
      case "error":
        collector.outputs.push({
          output_type: "error",
          ename: String(content.ename),
          evalue: String(content.evalue),
          traceback: (content.traceback ?? []) as string[],
        });
        return;
      case "clear_output":
        collector.outputs.length = 0;
        return;
      default:
        return;
    }
  }
}
