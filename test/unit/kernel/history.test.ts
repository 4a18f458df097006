/** The kernel's history: IPython's tail, range and glob search, persisted across sessions. */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { globMatcher, HistoryStore } from "../../../src/kernel/protocol/history.js";

function store(): HistoryStore {
  return new HistoryStore(path.join(mkdtempSync(path.join(tmpdir(), "convlab-history-")), "h.jsonl"));
}

describe("HistoryStore", () => {
  it("answers tail with the last n cells, with outputs when asked", () => {
    const history = store();
    history.record(1, "const a = 1;", null);
    history.record(2, "a + 1", "2");
    const s = history.session;
    expect(history.query({ hist_access_type: "tail", n: 1, output: true })).toEqual([[s, 2, ["a + 1", "2"]]]);
    expect(history.query({ hist_access_type: "tail", n: 5 })).toEqual([
      [s, 1, "const a = 1;"],
      [s, 2, "a + 1"],
    ]);
  });

  it("numbers a new session after the ones in the file, and reads their cells", () => {
    const dir = mkdtempSync(path.join(tmpdir(), "convlab-history-"));
    const file = path.join(dir, "h.jsonl");
    writeFileSync(file, `${JSON.stringify({ session: 4, line: 1, input: "old", output: null })}\n{torn`);
    const history = new HistoryStore(file);
    expect(history.session).toBe(5);
    expect(history.query({ hist_access_type: "range", session: 4, start: 1, stop: 2 })).toEqual([
      [4, 1, "old"],
    ]);
    expect(history.query({ hist_access_type: "range", session: -1, start: 1 })).toEqual([[4, 1, "old"]]);
  });

  it("answers absurd ranges with an empty list", () => {
    const history = store();
    history.record(1, "x", null);
    for (const q of [
      { hist_access_type: "range", session: 1e308, start: -1e308, stop: 1e308 },
      { hist_access_type: "range", session: -1e9, start: 5, stop: 2 },
      { hist_access_type: "tail", n: -5 },
      { hist_access_type: "tail", n: 1e12 },
      { hist_access_type: "nonsense" },
    ]) {
      expect(Array.isArray(history.query(q))).toBe(true);
    }
    expect(history.query({ hist_access_type: "tail", n: -5 })).toEqual([]);
  });

  it("searches with IPython's glob (* any text, ? one character, whole input), unique keeps the last", () => {
    const history = store();
    for (const [line, input] of ["abc", "ac", "abcd", "abc", "a?c"].entries())
      history.record(line + 1, input, null);
    const found = (pattern: string, unique = false) =>
      history.query({ hist_access_type: "search", pattern, unique }).map((row) => row[2]);
    expect(found("a*c")).toEqual(["abc", "ac", "abc", "a?c"]);
    expect(found("a?c")).toEqual(["abc", "abc", "a?c"]);
    expect(found("a*c", true)).toEqual(["ac", "abc", "a?c"]);
    expect(found("*d")).toEqual(["abcd"]);
  });
});

describe("globMatcher", () => {
  it("matches like fnmatch: * any run, ? one character, everything else literally", () => {
    expect(globMatcher("a*b?d")("aXXXbcd")).toBe(true);
    expect(globMatcher("a*b?d")("abd")).toBe(false);
    expect(globMatcher("(.+)$")("(.+)$")).toBe(true);
    expect(globMatcher("(.+)$")("x")).toBe(false);
    expect(globMatcher("")("")).toBe(true);
    expect(globMatcher("*")("")).toBe(true);
  });

  it("answers pathological patterns (many stars) without backtracking", () => {
    const text = "*".repeat(5_000);
    expect(globMatcher(`${"*".repeat(100_000)}!`)(text)).toBe(false);
    expect(globMatcher("************!")("x".repeat(100_000))).toBe(false);
    expect(globMatcher(`${"*a".repeat(2_000)}b`)("a".repeat(10_000))).toBe(false);
  });
});
