/**
 * The grading API that test cells call: `check(name, points, () => …)` with `expectEqual` and
 * `expectClose` inside. A check never throws: it returns a {@link GradeResult} that displays as
 * a grade mime bundle (`application/vnd.convlab.grade.v1+json`), so scores never come from
 * parsing stdout or stderr. Everything here runs on built-ins captured before any student cell
 * (see `intrinsics.ts`), and each check first puts patched built-ins back.
 */
import { type Displayable, escapeHtml, MIME_BUNDLE, type MimeBundle } from "../../display.js";
import { ConvLabError } from "../../errors.js";
import { formatActual } from "./format.js";
import {
  NumberIsFinite,
  ObjectCreate,
  ObjectFreeze,
  ObjectGetPrototypeOf,
  ReflectGetOwnPropertyDescriptor,
  restoreIntrinsics,
  StringCtor,
} from "./intrinsics.js";

/** The mime type of one check's result. */
export const GRADE_MIME = "application/vnd.convlab.grade.v1+json";

/** What a check reports (the JSON under {@link GRADE_MIME}). */
export interface GradePayload {
  readonly name: string;
  /** The points the check is worth. */
  readonly points: number;
  readonly passed: boolean;
  /** The points earned: `points` when passed, else 0. */
  readonly score: number;
  /** Why it failed (empty when it passed). */
  readonly message: string;
}

/**
 * The result of one check. As a cell's last value it shows as a grade bundle: the JSON payload,
 * an HTML line, and `text/plain` holding just the points earned, so nbgrader (which reads a
 * numeric last value as partial credit) scores the cell the same way.
 *
 * @example
 * ```ts
 * import { GradeResult, GRADE_MIME, MIME_BUNDLE } from "convlab";
 * const result = new GradeResult("stride 2", 1, true, "");
 * result[MIME_BUNDLE]().data["text/plain"]; // "1"
 * ```
 */
export class GradeResult implements Displayable {
  readonly payload: GradePayload;
  private readonly data: Readonly<Record<string, unknown>>;

  constructor(name: string, points: number, passed: boolean, message: string) {
    const payload = ObjectCreate(null) as Record<string, unknown>;
    payload.name = name;
    payload.points = points;
    payload.passed = passed;
    payload.score = passed ? points : 0;
    payload.message = message;
    this.payload = ObjectFreeze(payload) as unknown as GradePayload;
    // Built now, while the built-ins are known to be intact, not when the kernel asks.
    const data = ObjectCreate(null) as Record<string, unknown>;
    const detail = passed ? "" : `: ${escapeHtml(message)}`;
    data[GRADE_MIME] = this.payload;
    data["text/html"] =
      `<div class="convlab-grade"><b>${passed ? "✓" : "✗"} ${escapeHtml(name)}</b> — ` +
      `${passed ? points : 0}/${points} points${detail}</div>`;
    data["text/plain"] = StringCtor(passed ? points : 0);
    this.data = ObjectFreeze(data);
  }

  [MIME_BUNDLE](): MimeBundle {
    return { data: this.data };
  }
}

/** A data property found on the object or its prototypes (getters are never run). */
function dataProperty(value: object, key: string): unknown {
  let at: object | null = value;
  for (let depth = 0; at !== null && depth < 8; depth++) {
    const descriptor = ReflectGetOwnPropertyDescriptor(at, key);
    if (descriptor) return descriptor.value;
    at = ObjectGetPrototypeOf(at) as object | null;
  }
  return undefined;
}

function messageOf(error: unknown): string {
  if (error !== null && (typeof error === "object" || typeof error === "function")) {
    const own = dataProperty(error, "message");
    const name = dataProperty(error, "name");
    const text = typeof own === "string" ? own : "an error was thrown";
    const prefix = typeof name === "string" ? `${name}: ` : "";
    return prefix === "ExpectationError: " ? text : `${prefix}${text}`;
  }
  return `threw ${formatActual(error)}`;
}

function validate(name: unknown, points: unknown, body: unknown): void {
  const fail = (parameter: string, value: unknown, rule: string, fix: string): never => {
    throw new ConvLabError({ parameter, value, rule, fix, category: "argument" });
  };
  if (typeof name !== "string" || name.length === 0) {
    fail("name", name, "must be a non-empty string", 'for example check("padding keeps 28x28", 1, () => …)');
  }
  if (typeof points !== "number" || !NumberIsFinite(points) || points < 0) {
    fail("points", points, "must be a finite number ≥ 0", "for example 1 or 0.5");
  }
  if (typeof body !== "function") {
    fail("body", body, "must be a function that returns true or throws", "for example () => f(2) === 4");
  }
}

/**
 * Runs one test: passes when `body` returns anything but `false` without throwing. Never
 * throws itself; show its result as a cell's last value (the grader runs every check of a test
 * cell separately, so one failing or mistyped check costs only its own points).
 *
 * @example
 * ```ts
 * import { check, expectEqual } from "convlab";
 * check("3 + 4", 1, () => expectEqual(3 + 4, 7)).payload.passed; // true
 * check("odd", 2, () => 4 % 2 === 1).payload.score; // 0
 * ```
 */
export function check(name: string, points: number, body: () => unknown): GradeResult {
  validate(name, points, body);
  restoreIntrinsics();
  let passed = false;
  let message = "";
  try {
    const value = body();
    if (value === false) message = "the check returned false";
    else if (
      value !== null &&
      typeof value === "object" &&
      typeof (value as { then?: unknown }).then === "function"
    ) {
      message = "the check returned a promise: checks must be synchronous (await the value first)";
    } else passed = true;
  } catch (error) {
    message = messageOf(error);
  }
  restoreIntrinsics();
  return new GradeResult(name, points, passed, message);
}

export { type CloseOptions, ExpectationError, expectClose, expectEqual } from "./expect.js";
