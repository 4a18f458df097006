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

/** A requested count as a non-negative integer (garbage and negatives: 0). */
function count(n: unknown): number {
  const value = Math.floor(Number(n));
  return Number.isFinite(value) && value > 0 ? value : 0;
}

/**
 * A persisted history store.
 *
 * @example
 * ```ts
 * import { mkdtempSync } from "node:fs";
 * import { tmpdir } from "node:os";
 * import { HistoryStore } from "./history.js";
 * const history = new HistoryStore(`${mkdtempSync(`${tmpdir()}/h-`)}/history.jsonl`);
 * history.record(1, "1 + 1", "2");
 * history.query({ hist_access_type: "tail", n: 1, output: true }); // [[1, 1, ["1 + 1", "2"]]]
 * ```
 */
export class HistoryStore {
  private readonly entries: HistoryEntry[] = [];
  readonly session: number;
  /** Whether the file's directory is known to exist (made once, not per cell). */
  private directoryMade = false;

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
      if (!this.directoryMade) mkdirSync(path.dirname(this.file), { recursive: true });
      this.directoryMade = true;
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
        return count(q.n ?? 10) > 0 ? this.entries.slice(-count(q.n ?? 10)) : [];
      case "range": {
        const asked = Number(q.session ?? 0);
        const session = asked <= 0 ? this.session + asked : asked;
        const start = Number(q.start ?? 1);
        const stop = q.stop === null || q.stop === undefined ? Number.POSITIVE_INFINITY : Number(q.stop);
        return this.entries.filter((e) => e.session === session && e.line >= start && e.line < stop);
      }
      case "search": {
        const matcher = globMatcher(String(q.pattern ?? "*"));
        let matches = this.entries.filter((e) => matcher(e.input));
        if (q.unique) {
          const seen = new Set<string>();
          matches = matches
            .reverse()
            .filter((e) => !seen.has(e.input) && seen.add(e.input) !== undefined)
            .reverse();
        }
        return count(q.n) > 0 ? matches.slice(-count(q.n)) : matches;
      }
      default:
        return [];
    }
  }
}

/**
 * IPython's history search glob as a predicate: `*` any text, `?` one character, the whole input
 * must match. No regular expression: the pattern is split at its stars and each piece is found
 * leftmost in turn (which is enough for globs), so a pattern of many stars cannot backtrack.
 *
 * @example
 * ```ts
 * import { globMatcher } from "./history.js";
 * globMatcher("conv*(?)")("conv2d(x)"); // true
 * globMatcher("conv*")("pool"); // false
 * ```
 */
export function globMatcher(glob: string): (text: string) => boolean {
  const pieces = glob.split("*");
  const first = pieces[0] ?? "";
  const last = pieces.length > 1 ? (pieces[pieces.length - 1] ?? "") : undefined;
  const middle = pieces.slice(1, -1).filter((p) => p.length > 0);
  const matchesAt = (text: string, piece: string, at: number): boolean => {
    if (at < 0 || at + piece.length > text.length) return false;
    for (let i = 0; i < piece.length; i++) {
      if (piece[i] !== "?" && piece[i] !== text[at + i]) return false;
    }
    return true;
  };
  return (text) => {
    if (last === undefined) return text.length === first.length && matchesAt(text, first, 0);
    if (!matchesAt(text, first, 0)) return false;
    const end = text.length - last.length;
    if (end < first.length || !matchesAt(text, last, end)) return false;
    let at = first.length;
    for (const piece of middle) {
      while (at + piece.length <= end && !matchesAt(text, piece, at)) at++;
      if (at + piece.length > end) return false;
      at += piece.length;
    }
    return true;
  };
}
