/**
 * The protocol process: Jupyter messaging 5.3 over ZeroMQ. It owns the five sockets, verifies
 * every message's signature, keeps the execution count and the history, and hands the user's
 * code to the executor process. Shell requests run one at a time in arrival order; control
 * requests (interrupt, shutdown) are answered at once, even while a cell runs.
 */
import { randomUUID } from "node:crypto";
import * as zmq from "zeromq";
import type { ExecuteOutcome, IopubEvent } from "../ipc.js";
import { type ConnectionInfo, endpoint } from "./connection.js";
import { ExecutorClient, ExecutorLostError } from "./executor-client.js";
import { type HistoryQuery, HistoryStore } from "./history.js";
import { Journal, replayNotice } from "./journal.js";
import { kernelInfo } from "./kernel-info.js";
import { decode, encode, type Header, type Message, newHeader, Signer, WireError } from "./wire.js";

/** Sends on one socket at a time (ZeroMQ allows one pending send per socket). */
class SerialSender {
  private chain: Promise<void> = Promise.resolve();
  constructor(private readonly socket: zmq.Writable) {}
  send(frames: Buffer[]): Promise<void> {
    this.chain = this.chain
      .then(() => this.socket.send(frames))
      .catch((error: unknown) => {
        process.stderr.write(`convlab kernel: send failed: ${String(error)}\n`);
      });
    return this.chain;
  }
}

type Channel = "shell" | "control";

/** How many recent message ids the kernel remembers to refuse a replayed message. */
const SEEN_IDS = 10_000;

interface ExecuteContent {
  code?: string;
  silent?: boolean;
  store_history?: boolean;
  user_expressions?: Record<string, string>;
  allow_stdin?: boolean;
  stop_on_error?: boolean;
}

export class Kernel {
  private readonly signer: Signer;
  private readonly session = randomUUID();
  private readonly shell = new zmq.Router();
  private readonly control = new zmq.Router();
  private readonly stdin = new zmq.Router();
  private readonly iopub = new zmq.Publisher();
  private readonly heartbeat = new zmq.Reply();
  private readonly senders: Record<Channel | "stdin" | "iopub", SerialSender>;
  private readonly executor: ExecutorClient;
  private readonly history: HistoryStore;
  private readonly shellQueue: Message[] = [];
  private draining = false;
  private executionCount = 0;
  private hiddenRuns = 0;
  private currentExecute: Message | undefined;
  private readonly inputIds: number[] = [];
  private readonly comms = new Map<string, string>();
  private closing = false;
  private readonly journal = new Journal();
  /** Why the executor was replaced, until the journal has been replayed into the new one. */
  private pendingReplay: string | undefined;
  /** Message ids seen lately: a signed message sent twice runs once. */
  private readonly seenIds = new Set<string>();

  /**
   * @param executor the executor client; `src/kernel/main.ts` starts it before loading this
   *   module (ZeroMQ and the rest of the protocol side), so the compiler loads meanwhile.
   */
  constructor(
    private readonly info: ConnectionInfo,
    historyFile: string,
    executor: ExecutorClient = new ExecutorClient(),
  ) {
    this.signer = new Signer(info.key, info.signatureScheme);
    this.senders = {
      shell: new SerialSender(this.shell),
      control: new SerialSender(this.control),
      stdin: new SerialSender(this.stdin),
      iopub: new SerialSender(this.iopub),
    };
    this.history = new HistoryStore(historyFile);
    this.executor = executor;
    executor.attach({
      onIopub: (event) => this.forwardIopub(event),
      onInputRequest: (id, prompt, password) => this.requestInput(id, prompt, password),
      onRestarted: (reason) => {
        this.pendingReplay = reason;
      },
    });
  }

  /** Binds the sockets (only to the connection file's address) and starts serving. */
  async start(): Promise<void> {
    if (!this.executor.started) this.executor.start();
    const { ports } = this.info;
    await Promise.all([
      this.shell.bind(endpoint(this.info, ports.shell)),
      this.control.bind(endpoint(this.info, ports.control)),
      this.stdin.bind(endpoint(this.info, ports.stdin)),
      this.iopub.bind(endpoint(this.info, ports.iopub)),
      this.heartbeat.bind(endpoint(this.info, ports.hb)),
    ]);
    void this.serveHeartbeat();
    void this.serve(this.shell, (message) => {
      this.shellQueue.push(message);
      void this.drainShell();
    });
    void this.serve(this.control, (message) => void this.handle("control", message));
    void this.serve(this.stdin, (message) => this.onStdin(message));
    this.publish("status", { execution_state: "starting" });
  }

  /** Interrupts the running cell (SIGINT to the kernel, or interrupt_request). */
  interrupt(): void {
    this.executor.interrupt();
  }

  async shutdown(): Promise<void> {
    if (this.closing) return;
    this.closing = true;
    this.executor.stop();
    await new Promise((resolve) => setTimeout(resolve, 50));
    for (const socket of [this.shell, this.control, this.stdin, this.iopub, this.heartbeat]) socket.close();
  }

  private async serveHeartbeat(): Promise<void> {
    for await (const frames of this.heartbeat) await this.heartbeat.send(frames);
  }

  private async serve(socket: zmq.Router, onMessage: (message: Message) => void): Promise<void> {
    for await (const frames of socket) {
      try {
        const message = decode(frames, this.signer);
        if (this.isRepeat(message.header)) {
          process.stderr.write(
            `convlab kernel: dropped a repeated message (msg_id ${message.header.msg_id})\n`,
          );
          continue;
        }
        onMessage(message);
      } catch (error) {
        const why = error instanceof WireError ? error.message : `unreadable message: ${String(error)}`;
        process.stderr.write(`convlab kernel: dropped a message (${why})\n`);
      }
    }
  }

  /**
   * A message whose header (id, type and date) was already seen is a replay of the same signed
   * message. Clients that reuse an id for a different message (a new date) are served.
   */
  private isRepeat(header: Header): boolean {
    const key = `${header.msg_id}\u0000${header.msg_type}\u0000${header.date}`;
    if (this.seenIds.has(key)) return true;
    this.seenIds.add(key);
    if (this.seenIds.size > SEEN_IDS) {
      const oldest = this.seenIds.values().next().value;
      if (oldest !== undefined) this.seenIds.delete(oldest);
    }
    return false;
  }

  private async drainShell(): Promise<void> {
    if (this.draining) return;
    this.draining = true;
    try {
      for (let message = this.shellQueue.shift(); message; message = this.shellQueue.shift()) {
        await this.handle("shell", message);
      }
    } finally {
      this.draining = false;
    }
  }

  // ------------------------------------------------------------------------------------------
  // Sending.

  private publish(
    msgType: string,
    content: unknown,
    parent: Partial<Header> = this.currentExecute?.header ?? {},
  ) {
    const header = newHeader(msgType, this.session);
    const topic = Buffer.from(`kernel.${this.session}.${msgType}`);
    return this.senders.iopub.send(encode(this.signer, [topic], header, parent, content));
  }

  private reply(channel: Channel, request: Message, msgType: string, content: unknown): Promise<void> {
    const header = newHeader(msgType, this.session);
    return this.senders[channel].send(
      encode(this.signer, request.identities, header, request.header, content),
    );
  }

  private forwardIopub(event: IopubEvent): void {
    if (event.msgType === "comm_open") this.comms.set(event.content.comm_id, event.content.target_name);
    if (event.msgType === "comm_close") this.comms.delete(event.content.comm_id);
    void this.publish(event.msgType, event.content);
  }

  // ------------------------------------------------------------------------------------------
  // Dispatch.

  private async handle(channel: Channel, message: Message): Promise<void> {
    const type = message.header.msg_type;
    await this.publish("status", { execution_state: "busy" }, message.header);
    try {
      await this.dispatch(channel, type, message);
    } catch (error) {
      process.stderr.write(`convlab kernel: ${type} failed: ${String(error)}\n`);
    } finally {
      await this.publish("status", { execution_state: "idle" }, message.header);
    }
    if (type === "shutdown_request") {
      await this.shutdown();
      process.exit(0);
    }
  }

  private async dispatch(channel: Channel, type: string, message: Message): Promise<void> {
    const content = message.content;
    switch (type) {
      case "kernel_info_request":
        return this.reply(channel, message, "kernel_info_reply", kernelInfo(await this.executor.versions()));
      case "execute_request":
        return this.execute(channel, message);
      case "complete_request": {
        const body = await this.executor.request({
          type: "complete",
          code: String(content.code ?? ""),
          cursor: Number(content.cursor_pos ?? 0),
        });
        return this.reply(channel, message, "complete_reply", { status: "ok", ...body, metadata: {} });
      }
      case "inspect_request": {
        const body = await this.executor.request({
          type: "inspect",
          code: String(content.code ?? ""),
          cursor: Number(content.cursor_pos ?? 0),
          detail: Number(content.detail_level ?? 0),
        });
        return this.reply(channel, message, "inspect_reply", { status: "ok", ...body, metadata: {} });
      }
      case "is_complete_request": {
        const body = await this.executor.request({
          type: "is_complete",
          code: String(content.code ?? ""),
        });
        const reply = body.status === "incomplete" ? body : { status: body.status };
        return this.reply(channel, message, "is_complete_reply", reply);
      }
      case "history_request":
        return this.reply(channel, message, "history_reply", {
          status: "ok",
          history: this.history.query(content as HistoryQuery),
        });
      case "comm_info_request": {
        const wanted = content.target_name as string | undefined;
        const comms: Record<string, { target_name: string }> = {};
        for (const [id, target] of this.comms)
          if (!wanted || wanted === target) comms[id] = { target_name: target };
        return this.reply(channel, message, "comm_info_reply", { status: "ok", comms });
      }
      case "comm_open": {
        const commId = String(content.comm_id);
        this.comms.set(commId, String(content.target_name));
        this.executor.notify({
          type: "comm_open",
          commId,
          target: String(content.target_name),
          data: content.data,
        });
        return;
      }
      case "comm_msg":
        this.executor.notify({ type: "comm_msg", commId: String(content.comm_id), data: content.data });
        return;
      case "comm_close":
        this.comms.delete(String(content.comm_id));
        this.executor.notify({ type: "comm_close", commId: String(content.comm_id), data: content.data });
        return;
      case "interrupt_request":
        this.interrupt();
        return this.reply(channel, message, "interrupt_reply", { status: "ok" });
      case "shutdown_request": {
        const reply = { status: "ok", restart: content.restart === true };
        await this.reply(channel, message, "shutdown_reply", reply);
        await this.publish("shutdown_reply", reply, message.header);
        return;
      }
      default:
        process.stderr.write(`convlab kernel: unsupported message type ${type} on ${channel}\n`);
    }
  }

  // ------------------------------------------------------------------------------------------
  // Execution.

  private async execute(channel: Channel, message: Message): Promise<void> {
    const content = message.content as ExecuteContent;
    const code = String(content.code ?? "");
    const silent = content.silent === true;
    const storeHistory = !silent && content.store_history !== false;
    if (storeHistory) this.executionCount++;
    const count = this.executionCount;
    const cell = storeHistory ? count : -++this.hiddenRuns;
    this.currentExecute = message;
    const request = {
      type: "execute",
      code,
      cell,
      userExpressions: content.user_expressions ?? {},
      allowStdin: content.allow_stdin === true,
    } as const;
    // With no replay due, the executor starts on the cell while execute_input goes out.
    const early = this.pendingReplay === undefined ? this.executor.request(request) : undefined;
    early?.catch(() => undefined);
    if (!silent) await this.publish("execute_input", { code, execution_count: count });
    if (this.pendingReplay !== undefined) await this.replayJournal();
    let outcome: ExecuteOutcome;
    try {
      outcome = await (early ?? this.executor.request(request));
    } catch (error) {
      const ename = error instanceof ExecutorLostError ? error.ename : "KernelError";
      const evalue = error instanceof Error ? error.message : String(error);
      outcome = { status: "error", ename, evalue, traceback: [`\u001b[31m${ename}\u001b[0m: ${evalue}`] };
      if (this.pendingReplay !== undefined) await this.replayJournal();
    }
    if (outcome.status === "error" && outcome.replaceExecutor) {
      // Interrupted with async work still pending (a loop awaiting timers): only a new executor
      // really stops it; the journal brings the state back.
      await this.executor.replace(new ExecutorLostError("InterruptedError", "interrupted"));
      this.pendingReplay = "the interrupted cell left async work running";
      await this.replayJournal();
    }
    if (outcome.status === "ok") {
      if (outcome.result && !silent) {
        await this.publish("execute_result", { execution_count: count, ...outcome.result });
      }
      if (outcome.replayable) this.journal.record(cell, code);
      await this.reply(channel, message, "execute_reply", {
        status: "ok",
        execution_count: count,
        payload: outcome.page ? [{ source: "page", data: outcome.page.data, start: 0 }] : [],
        user_expressions: outcome.userExpressions,
      });
      // Written once the reply is out (the next shell request waits for this one to finish).
      const text = outcome.result?.data["text/plain"];
      if (storeHistory) this.history.record(count, code, typeof text === "string" ? text : null);
      return;
    }
    const { ename, evalue, traceback } = outcome;
    if (!silent) await this.publish("error", { ename, evalue, traceback });
    if (storeHistory) this.history.record(count, code, null);
    // Taken before the reply goes out: a request the client sends after reading it is not queued
    // behind the error and must run (under load it could arrive before the abort, and was aborted).
    const queued = content.stop_on_error !== false ? this.takeQueuedExecutions() : [];
    await this.reply(channel, message, "execute_reply", {
      status: "error",
      execution_count: count,
      ename,
      evalue,
      traceback,
    });
    await this.abortExecutions(queued);
  }

  /**
   * Replays the journal into a replacement executor (silently: no output, no results) and says
   * in one line which cells were replayed and how long it took.
   */
  private async replayJournal(): Promise<void> {
    const reason = this.pendingReplay ?? "interrupted with async work pending";
    this.pendingReplay = undefined;
    const started = performance.now();
    const replayed: number[] = [];
    const failed: number[] = [];
    for (const entry of this.journal.entries()) {
      let outcome: ExecuteOutcome;
      try {
        outcome = await this.executor.request({
          type: "execute",
          code: entry.code,
          cell: entry.cell,
          userExpressions: {},
          allowStdin: false,
          replay: true,
        });
      } catch {
        // The replayed cell took the executor down too: stop here; the next cell replays the rest.
        failed.push(entry.cell);
        this.journal.drop(entry.cell);
        break;
      }
      if (outcome.status === "ok") replayed.push(entry.cell);
      else {
        failed.push(entry.cell);
        this.journal.drop(entry.cell);
      }
    }
    const text = replayNotice(reason, replayed, failed, performance.now() - started);
    await this.publish("stream", { name: "stderr", text });
  }

  /** After an error, takes the execute requests already queued (no time window) off the queue. */
  private takeQueuedExecutions(): Message[] {
    const kept: Message[] = [];
    const aborted: Message[] = [];
    for (const queued of this.shellQueue.splice(0)) {
      (queued.header.msg_type === "execute_request" ? aborted : kept).push(queued);
    }
    this.shellQueue.push(...kept);
    return aborted;
  }

  /** Answers each of `aborted` with an `aborted` execute_reply. */
  private async abortExecutions(aborted: readonly Message[]): Promise<void> {
    for (const request of aborted) {
      await this.publish("status", { execution_state: "busy" }, request.header);
      await this.reply("shell", request, "execute_reply", {
        status: "aborted",
        execution_count: this.executionCount,
      });
      await this.publish("status", { execution_state: "idle" }, request.header);
    }
  }

  // ------------------------------------------------------------------------------------------
  // stdin.

  private requestInput(id: number, prompt: string, password: boolean): void {
    const request = this.currentExecute;
    const allowed = (request?.content as ExecuteContent | undefined)?.allow_stdin === true;
    if (!request || !allowed) {
      this.executor.notify({
        type: "input_reply",
        id,
        value: "",
        error: "StdinNotImplementedError: this frontend does not support input requests",
      });
      return;
    }
    this.inputIds.push(id);
    const header = newHeader("input_request", this.session);
    void this.senders.stdin.send(
      encode(this.signer, request.identities, header, request.header, { prompt, password }),
    );
  }

  private onStdin(message: Message): void {
    if (message.header.msg_type !== "input_reply") return;
    const id = this.inputIds.shift();
    if (id === undefined) return;
    this.executor.notify({ type: "input_reply", id, value: String(message.content.value ?? "") });
  }
}
