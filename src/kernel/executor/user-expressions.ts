/** An execute request's `user_expressions`: each compiled and evaluated after the cell, on its own. */
import type { UserExpressionResult } from "../ipc.js";
import type { CellScope } from "./cell-modules.js";
import type { CellRunner } from "./cell-runner.js";
import { toMimeBundle } from "./mime.js";
import { diagnosticFields, errorFields, type RunCell } from "./traceback.js";
import type { TypeScriptSession } from "./tslab-adapter.js";

/** What evaluating an expression needs of the executor. */
export interface ExpressionContext {
  readonly session: TypeScriptSession;
  readonly runner: CellRunner;
  readonly scope: CellScope;
  /** The cells run so far (for tracebacks). */
  readonly cells: ReadonlyMap<number, RunCell>;
}

/**
 * Evaluates each expression as a silent cell (no declarations kept): its value as a mime bundle,
 * or its compile or runtime error, as the messaging protocol's `user_expressions` reply holds them.
 *
 * @example
 * ```ts
 * evaluateUserExpressions({ n: "maps.shape[1]" }, 3, context);
 * // { n: { status: "ok", data: { "text/plain": "8" }, metadata: {} } }
 * ```
 */
export function evaluateUserExpressions(
  expressions: Readonly<Record<string, string>>,
  cell: number,
  { session, runner, scope, cells }: ExpressionContext,
): Record<string, UserExpressionResult> {
  const out: Record<string, UserExpressionResult> = {};
  for (const [name, expression] of Object.entries(expressions)) {
    const compiled = session.compile(`(${expression})`);
    if (!compiled.ok) {
      out[name] = { status: "error", ...diagnosticFields(compiled.diagnostics, expression, cell) };
      continue;
    }
    try {
      runner.runCompiled(compiled, cell);
      const value = compiled.lastExpressionVar ? scope.take(compiled.lastExpressionVar) : undefined;
      out[name] = { status: "ok", ...toMimeBundle(value) };
    } catch (error) {
      out[name] = { status: "error", ...errorFields(error, cells) };
    }
  }
  return out;
}
