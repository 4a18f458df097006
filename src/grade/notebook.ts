/**
 * The parts of nbformat 4 the grader reads and writes: cells with their nbgrader metadata
 * (schema version 3), sources as one string, and nbformat's on-disk JSON (sorted keys, one-space
 * indent, sources as line lists, a final newline).
 */
import { readFileSync } from "node:fs";
import { ConvLabError } from "../errors.js";

/** nbgrader's cell metadata, schema version 3. */
export interface NbgraderMetadata {
  grade: boolean;
  grade_id: string;
  locked: boolean;
  points?: number;
  schema_version: number;
  solution: boolean;
  task: boolean;
  checksum?: string;
  /** Recorded by nbgrader in the student version. */
  cell_type?: string;
}

export type Output = Record<string, unknown> & { output_type: string };

export interface Cell {
  id?: string;
  cell_type: "code" | "markdown" | "raw";
  metadata: Record<string, unknown> & { nbgrader?: NbgraderMetadata };
  source: string;
  outputs?: Output[];
  execution_count?: number | null;
  attachments?: unknown;
}

export interface Notebook {
  cells: Cell[];
  metadata: Record<string, unknown>;
  nbformat: number;
  nbformat_minor: number;
}

function joinSource(source: unknown): string {
  if (typeof source === "string") return source;
  if (Array.isArray(source)) return source.join("");
  return "";
}

/**
 * Parses notebook JSON (sources joined to strings); throws a ConvLabError naming the file when
 * it is not an nbformat 4 notebook.
 *
 * @example
 * ```ts
 * import { parseNotebook } from "convlab/cli";
 * parseNotebook('{"cells":[{"cell_type":"code","metadata":{},"source":["1 +\\n","1"],"outputs":[]}],"metadata":{},"nbformat":4,"nbformat_minor":5}', "a.ipynb").cells[0].source; // "1 +\n1"
 * ```
 */
export function parseNotebook(text: string, file: string): Notebook {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    throw new ConvLabError({
      parameter: "notebook",
      value: file,
      rule: `must be JSON (${(error as Error).message})`,
      fix: "open and save it in Jupyter, or submit the original file",
      category: "argument",
    });
  }
  const nb = raw as Partial<Notebook> | null;
  if (!nb || typeof nb !== "object" || nb.nbformat !== 4 || !Array.isArray(nb.cells)) {
    throw new ConvLabError({
      parameter: "notebook",
      value: file,
      rule: "must be an nbformat 4 notebook with a cells list",
      fix: "save it with Jupyter 4 or later",
      category: "argument",
    });
  }
  const cells = nb.cells.map((cell) => ({
    ...cell,
    metadata: cell.metadata && typeof cell.metadata === "object" ? cell.metadata : {},
    source: joinSource(cell.source),
  })) as Cell[];
  return { cells, metadata: nb.metadata ?? {}, nbformat: 4, nbformat_minor: nb.nbformat_minor ?? 5 };
}

/** Reads a notebook file. */
export function readNotebook(file: string): Notebook {
  return parseNotebook(readFileSync(file, "utf8"), file);
}

/** Splits a source into nbformat's line list (each line keeps its newline). */
function splitLines(source: string): string[] {
  const lines = source.split(/(?<=\n)/);
  return lines.length === 1 && lines[0] === "" ? [] : lines;
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value && typeof value === "object") {
    const sorted: Record<string, unknown> = {};
    for (const key of Object.keys(value).sort())
      sorted[key] = sortKeys((value as Record<string, unknown>)[key]);
    return sorted;
  }
  return value;
}

/**
 * nbformat's JSON for a notebook: sorted keys, one-space indent, sources as line lists.
 *
 * @example
 * ```ts
 * import { notebookJson } from "convlab/cli";
 * notebookJson({ cells: [], metadata: {}, nbformat: 4, nbformat_minor: 5 }); // '{\n "cells": [],\n "metadata": {},\n "nbformat": 4,\n "nbformat_minor": 5\n}\n'
 * ```
 */
export function notebookJson(nb: Notebook): string {
  const cells = nb.cells.map((cell) => {
    const copy: Record<string, unknown> = { ...cell, source: splitLines(cell.source) };
    if (cell.cell_type === "code") {
      copy.outputs = (cell.outputs ?? []).map((o) =>
        typeof o.text === "string" ? { ...o, text: splitLines(o.text) } : o,
      );
    }
    return copy;
  });
  return `${JSON.stringify(sortKeys({ ...nb, cells }), null, 1)}\n`;
}

/** The nbgrader metadata of a cell, if it has any. */
export function nbgraderOf(cell: Cell): NbgraderMetadata | undefined {
  const meta = cell.metadata.nbgrader;
  return meta && typeof meta === "object" ? meta : undefined;
}

/** nbgrader's `is_grade`. */
export function isGrade(cell: Cell): boolean {
  return nbgraderOf(cell)?.grade === true;
}

/** nbgrader's `is_solution`. */
export function isSolution(cell: Cell): boolean {
  return nbgraderOf(cell)?.solution === true;
}

/** nbgrader's `is_locked`: grade cells and cells marked locked, never solution cells. */
export function isLocked(cell: Cell): boolean {
  const meta = nbgraderOf(cell);
  if (!meta || meta.solution) return false;
  return meta.grade === true || meta.locked === true;
}

/** A grade cell graded by running it (an autograded test), not by hand. */
export function isAutogradedTest(cell: Cell): boolean {
  return cell.cell_type === "code" && isGrade(cell) && !isSolution(cell);
}

/** The points of a grade cell (0 for other cells). */
export function pointsOf(cell: Cell): number {
  return isGrade(cell) ? Number(nbgraderOf(cell)?.points ?? 0) : 0;
}
