/**
 * Output capture: what a cell writes to stdout/stderr becomes Jupyter stream events, coalesced
 * (one event per burst, not per `console.log`) and capped per cell, with a notice of what was
 * dropped.
 */
import type { IopubEvent } from "../ipc.js";

type StreamName = "stdout" | "stderr";

/** Flush a coalesced stream event once it holds this many characters. */
const FLUSH_CHARS = 16_384;

/**
 * Collects a cell's stream output and hands it to `emit` in coalesced events.
 *
 * @example
 * ```ts
 * import type { IopubEvent } from "../ipc.js";
 * import { OutputCapture } from "./output.js";
 * const events: IopubEvent[] = [];
 * const output = new OutputCapture(10, (e) => events.push(e));
 * output.write("stdout", "0123456789abc");
 * output.finishCell();
 * events.length; // 2
 * ```
 */
export class OutputCapture {
  private bytes = 0;
  private dropped = 0;
  private pending: { name: StreamName; text: string } | undefined;
  private flushScheduled = false;

  constructor(
    private readonly maxBytes: number,
    private readonly emit: (event: IopubEvent) => void,
  ) {}

  /** Starts counting a new cell's output. */
  startCell(): void {
    this.bytes = 0;
    this.dropped = 0;
  }

  /** Takes text a cell wrote; keeps what fits under the cap. */
  write(name: StreamName, text: string): void {
    const room = this.maxBytes - this.bytes;
    const size = Buffer.byteLength(text);
    if (room <= 0) {
      this.dropped += size;
      return;
    }
    let kept = text;
    if (size > room) {
      kept = Buffer.from(text).subarray(0, room).toString("utf8");
      this.dropped += size - Buffer.byteLength(kept);
    }
    this.bytes += Buffer.byteLength(kept);
    if (this.pending && this.pending.name !== name) this.flush();
    this.pending = this.pending ? { name, text: this.pending.text + kept } : { name, text: kept };
    if (this.pending.text.length > FLUSH_CHARS) this.flush();
    else if (!this.flushScheduled) {
      this.flushScheduled = true;
      setImmediate(() => {
        this.flushScheduled = false;
        this.flush();
      });
    }
  }

  /** Sends the coalesced text now (before any other output, so order is kept). */
  flush(): void {
    const pending = this.pending;
    if (!pending) return;
    this.pending = undefined;
    this.emit({ msgType: "stream", content: { name: pending.name, text: pending.text } });
  }

  /** Ends a cell: flushes, with a notice on stderr if output was dropped. */
  finishCell(): void {
    if (this.dropped > 0) {
      const limit = this.maxBytes.toLocaleString("en-US");
      const dropped = this.dropped.toLocaleString("en-US");
      if (this.pending?.name !== "stderr") this.flush();
      const notice = `\n[output truncated: this cell printed more than ${limit} bytes; the remaining ${dropped} bytes were dropped]\n`;
      this.pending = { name: "stderr", text: (this.pending?.text ?? "") + notice };
      this.dropped = 0;
    }
    this.flush();
  }

  /** Routes a process stream (`process.stdout`/`stderr`) into this capture. */
  hook(stream: NodeJS.WriteStream, name: StreamName): void {
    stream.write = ((chunk: unknown, encoding?: unknown, callback?: unknown) => {
      const text =
        typeof chunk === "string"
          ? chunk
          : Buffer.from(chunk as Uint8Array).toString((encoding as BufferEncoding) || "utf8");
      this.write(name, text);
      const done = typeof encoding === "function" ? encoding : callback;
      if (typeof done === "function") process.nextTick(done as () => void);
      return true;
    }) as typeof stream.write;
  }
}
