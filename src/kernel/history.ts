/**
 * The kernel's input history, persisted as JSON lines so it survives restarts. Each kernel
 * run is one session (numbered after the last one in the file); each stored cell is one line.
 */
import { appendFileSync, existsSync, mkdirSync, readFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";

export interface HistoryEntry {
  readonly session: number;
  readonly line: number;
  readonly input: string;
  readonly output: string | null;
}

/** A history_request's content (Jupyter messaging 5.3). */
export interface HistoryQuery {
  readonly output?: boolean;
  readonly hist_access_type?: string;
  readonly session?: number;
  readonly start?: number;
  readonly stop?: number | null;
  readonly n?: number | null;
  readonly pattern?: string;
  readonly unique?: boolean;
}

export type HistoryRow = [number, number, string] | [number, number, [string, string | null]];

/** Where history lives unless `CONVLAB_HISTORY_FILE` says otherwise. */
export function defaultHistoryFile(): string {
  if (process.env.CONVLAB_HISTORY_FILE) return process.env.CONVLAB_HISTORY_FILE;
  const data = process.env.XDG_DATA_HOME ?? path.join(os.homedir(), ".local", "share");
  return path.join(data, "convlab", "kernel-history.jsonl");
}

const KEEP = 10_000;

/**
 * A persisted history store.
 *
 * @example
 * ```ts
 * const history = new HistoryStore("/tmp/history.jsonl");
 * history.record(1, "1 + 1", "2");
 * history.query({ hist_access_type: "tail", n: 1, output: true }); // [[s, 1, ["1 + 1", "2"]]]
 * ```
 */
export class HistoryStore {
  private readonly entries: HistoryEntry[] = [];
  readonly session: number;

  constructor(private readonly file: string) {
    if (existsSync(file)) {
      const lines = readFileSync(file, "utf8").split("\n").filter(Boolean).slice(-KEEP);
      for (const line of lines) {
        try {
          this.entries.push(JSON.parse(line) as HistoryEntry);
        } catch {
          // a torn last line from a crash: skip it
        }
      }
    }
    this.session = this.entries.reduce((max, e) => Math.max(max, e.session), 0) + 1;
  }

  /** Stores one executed cell of this session. */
  record(line: number, input: string, output: string | null): void {
    const entry: HistoryEntry = { session: this.session, line, input, output };
    this.entries.push(entry);
    try {
      mkdirSync(path.dirname(this.file), { recursive: true });
      appendFileSync(this.file, `${JSON.stringify(entry)}\n`);
    } catch (error) {
      process.stderr.write(`convlab kernel: could not save history to ${this.file}: ${String(error)}\n`);
    }
  }

  /** Answers a history_request: tail, range or search. */
  query(q: HistoryQuery): HistoryRow[] {
    const rows = this.select(q);
    return rows.map((e) =>
      q.output ? [e.session, e.line, [e.input, e.output]] : [e.session, e.line, e.input],
    );
  }

  private select(q: HistoryQuery): HistoryEntry[] {
    switch (q.hist_access_type) {
      case "tail":
        return this.entries.slice(-Math.max(0, q.n ?? 10));
      case "range": {
        const session = (q.session ?? 0) <= 0 ? this.session + (q.session ?? 0) : (q.session ?? 0);
        const start = q.start ?? 1;
        const stop = q.stop ?? Number.POSITIVE_INFINITY;
        return this.entries.filter((e) => e.session === session && e.line >= start && e.line < stop);
      }
      case "search": {
        const pattern = globToRegExp(q.pattern ?? "*");
        let matches = this.entries.filter((e) => pattern.test(e.input));
        if (q.unique) {
          const seen = new Set<string>();
          matches = matches
            .reverse()
            .filter((e) => !seen.has(e.input) && seen.add(e.input) !== undefined)
            .reverse();
        }
        return q.n ? matches.slice(-q.n) : matches;
      }
      default:
        return [];
    }
  }
}

/** IPython's history search glob: `*` any text, `?` one character, whole input. */
function globToRegExp(glob: string): RegExp {
  const body = glob
    .replace(/[.+^${}()|[\]\\]/g, "\\$&")
    .replace(/\*/g, "[\\s\\S]*")
    .replace(/\?/g, "[\\s\\S]");
  return new RegExp(`^${body}$`);
}
