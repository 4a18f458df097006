/** Error fields: compile problems as SyntaxError/TSError, runtime stacks trimmed to cell lines. */
import { describe, expect, it } from "vitest";
import { diagnosticFields, errorFields, type RunCell } from "../../../src/kernel/executor/traceback.js";

// biome-ignore lint/suspicious/noControlCharactersInRegex: ANSI colour codes
const plain = (lines: string[]) => lines.map((l) => l.replace(/\u001b\[\d+m/g, ""));

describe("diagnosticFields", () => {
  const typeProblem = {
    start: { line: 0, column: 6 },
    end: { line: 0, column: 7 },
    message: "Type 'string' is not assignable to type 'number'.",
    code: 2322,
  };

  it("calls a type-check failure TSError with the TS code, and shows the cell line once", () => {
    const second = {
      ...typeProblem,
      start: { line: 0, column: 18 },
      end: { line: 0, column: 21 },
      code: 2588,
    };
    const fields = diagnosticFields([typeProblem, second], "const x: number = 'a'", 4);
    expect(fields.ename).toBe("TSError");
    expect(fields.evalue).toBe("Type 'string' is not assignable to type 'number'. (TS2322)");
    const text = plain(fields.traceback);
    expect(text[0]).toBe("TSError: cell [4] does not compile (2 problems)");
    expect(text.filter((l) => l.includes("const x: number = 'a'"))).toEqual([
      "     1 | const x: number = 'a'",
    ]);
    expect(text[2]).toBe("       |       ~           ~~~");
    expect(text.slice(3)).toEqual([
      "       | line 1, column 7: error TS2322: Type 'string' is not assignable to type 'number'.",
      "       | line 1, column 19: error TS2588: Type 'string' is not assignable to type 'number'.",
    ]);
  });

  it("reports only the syntax errors when the cell does not parse (not the type errors they cause)", () => {
    const syntax = {
      start: { line: 0, column: 6 },
      end: { line: 0, column: 7 },
      message: "Expression expected.",
      code: 1109,
    };
    const cannotFind = { ...syntax, message: "Cannot find name 'let'.", code: 2304 };
    const fields = diagnosticFields([cannotFind, syntax], "let = = ;", 1);
    expect(fields.ename).toBe("SyntaxError");
    expect(fields.evalue).toBe("Expression expected. (TS1109)");
    expect(plain(fields.traceback).some((l) => l.includes("TS2304"))).toBe(false);
  });

  it("names the file of a problem in an imported module", () => {
    const fields = diagnosticFields([{ ...typeProblem, fileName: "/nb/helper.ts" }], "import './helper'", 2);
    expect(plain(fields.traceback)[1]).toBe(
      "  /nb/helper.ts, line 1, column 7: error TS2322: Type 'string' is not assignable to type 'number'.",
    );
  });
});

describe("errorFields", () => {
  const cell: RunCell = {
    cell: 3,
    source: "const a = 1;\nthrow new RangeError('bad');",
    codeLines: 10,
    mapToCell: ({ line, column }) => ({ line: line - 1, column }),
  };

  it("keeps the error's name and message, and maps cell frames to cell lines with the source", () => {
    const error = new RangeError("bad");
    error.stack = [
      "RangeError: bad",
      "    at convlab-cell-3.js:4:7",
      "    at Executor.runCompiled (/x/dist/kernel/executor/executor.js:200:10)",
      "    at node:internal/process/task_queues:95:5",
    ].join("\n");
    const fields = errorFields(error, new Map([[3, cell]]));
    expect(fields.ename).toBe("RangeError");
    expect(fields.evalue).toBe("bad");
    expect(plain(fields.traceback)).toEqual([
      "RangeError: bad",
      "    at (cell [3], line 2, column 7)",
      "     2 | throw new RangeError('bad');",
      "       |       ^",
    ]);
  });

  it("shows a thrown non-Error value as Uncaught with Node's inspect", () => {
    const fields = errorFields({ code: 7 }, new Map());
    expect(fields.ename).toBe("Uncaught");
    expect(fields.evalue).toBe("{ code: 7 }");
  });
});
