/** `assignNotebook`: stubs, hidden-test removal, locking and metadata errors (nbgrader's rules). */
import { describe, expect, it } from "vitest";
import { assignNotebook } from "../../src/grade/assign.js";
import type { Cell, NbgraderMetadata, Notebook } from "../../src/grade/notebook.js";
import { readNotebook } from "../../src/grade/notebook.js";

function meta(over: Partial<NbgraderMetadata>): NbgraderMetadata {
  return {
    grade: false,
    grade_id: "c",
    locked: false,
    schema_version: 3,
    solution: false,
    task: false,
    ...over,
  };
}
function nb(...cells: Cell[]): Notebook {
  return { cells, metadata: { celltoolbar: "Create Assignment" }, nbformat: 4, nbformat_minor: 5 };
}

describe("assignNotebook", () => {
  it("replaces solution regions with the stub at their indent, and whole solution cells without markers", () => {
    const out = assignNotebook(
      nb(
        {
          cell_type: "code",
          source: "function f() {\n  // BEGIN SOLUTION\n  return 1;\n  // END SOLUTION\n}",
          metadata: { nbgrader: meta({ solution: true, grade_id: "a" }) },
          outputs: [{ output_type: "stream", name: "stdout", text: "x" }],
          execution_count: 3,
        },
        {
          cell_type: "code",
          source: "const x = 1;",
          metadata: { nbgrader: meta({ solution: true, grade_id: "b" }) },
          outputs: [],
        },
        {
          cell_type: "markdown",
          source: "my answer",
          metadata: { nbgrader: meta({ solution: true, grade: true, points: 2, grade_id: "m" }) },
        },
      ),
    );
    expect(out.cells[0]!.source).toBe(
      'function f() {\n  // YOUR CODE HERE\n  throw new Error("not implemented");\n}',
    );
    expect(out.cells[0]!.outputs).toEqual([]);
    expect(out.cells[0]!.execution_count).toBeNull();
    expect(out.cells[1]!.source).toBe('// YOUR CODE HERE\nthrow new Error("not implemented");');
    expect(out.cells[2]!.source).toBe("YOUR ANSWER HERE");
    expect(out.cells[0]!.metadata).toMatchObject({ deletable: false });
    expect(out.cells[0]!.metadata.editable).toBeUndefined();
    expect(out.metadata.celltoolbar).toBeUndefined();
  });

  it("removes hidden tests from grade cells and locks them", () => {
    const out = assignNotebook(
      nb({
        cell_type: "code",
        source: "check(1)\n// BEGIN HIDDEN TESTS\ncheck(2)\n// END HIDDEN TESTS\ncheck(3)",
        metadata: { nbgrader: meta({ grade: true, locked: true, points: 1, grade_id: "t" }) },
        outputs: [],
      }),
    );
    expect(out.cells[0]!.source).toBe("check(1)\ncheck(3)");
    expect(out.cells[0]!.metadata).toMatchObject({ deletable: false, editable: false });
    expect(out.cells[0]!.metadata.nbgrader?.checksum).toMatch(/^[0-9a-f]{32}$/);
  });

  it("refuses unpaired markers, solution regions outside solution cells, duplicate ids", () => {
    const region = (source: string, over: Partial<NbgraderMetadata>): Notebook =>
      nb({ cell_type: "code", source, metadata: { nbgrader: meta(over) }, outputs: [] });
    expect(() => assignNotebook(region("// BEGIN SOLUTION\nx", { solution: true }))).toThrow(
      /without "END SOLUTION"/,
    );
    expect(() => assignNotebook(region("// BEGIN SOLUTION\n// BEGIN SOLUTION", { solution: true }))).toThrow(
      /nested/,
    );
    expect(() => assignNotebook(region("// BEGIN SOLUTION\nx\n// END SOLUTION", { locked: true }))).toThrow(
      /not a solution cell/,
    );
    const twice = nb(
      { cell_type: "code", source: "", metadata: { nbgrader: meta({ grade_id: "x" }) }, outputs: [] },
      { cell_type: "code", source: "", metadata: { nbgrader: meta({ grade_id: "x" }) }, outputs: [] },
    );
    expect(() => assignNotebook(twice)).toThrow(/unique/);
  });

  it("makes student versions of the homework with no solution or hidden test left", () => {
    for (const name of ["hw1-output-size", "hw2-feature-maps"]) {
      const student = assignNotebook(readNotebook(`notebooks/homework/${name}.ipynb`));
      const text = student.cells.map((c) => c.source).join("\n");
      expect(text).not.toMatch(/BEGIN SOLUTION|HIDDEN TESTS|Math\.floor\(\(n - k/);
      expect(text).toContain('throw new Error("not implemented")');
    }
  });
});
