/**
 * The one error type ConvLab throws for bad input.
 *
 * Every message names the parameter, the value it had, the rule it broke and, where
 * one exists, a fix — so a student reading a red cell knows what to change.
 */

/** What kind of rule an invalid configuration broke. */
export type ConvLabErrorCategory =
  | "shape" // a tensor or layer has the wrong rank or size
  | "kernel" // the (dilated) kernel does not fit in the (padded) input
  | "padding" // a padding value or string is invalid
  | "padding-mode" // an unknown padding mode, or a mode that cannot pad that much
  | "stride" // a stride is not a positive integer, or is not allowed here
  | "dilation" // a dilation is not a positive integer
  | "groups" // groups do not divide the channels
  | "channels" // input channels do not match the weight
  | "pooling" // a pooling window or its output is invalid
  | "argument" // any other malformed argument (types, options)
  | "data"; // a data file is missing or corrupt

/** Structured details carried by every {@link ConvLabError}. */
export interface ConvLabErrorDetails {
  /** The parameter at fault, as the user spelled it (`padding`, `stride`, `groups`, …). */
  readonly parameter: string;
  /** The offending value, as given. */
  readonly value: unknown;
  /** The rule that value broke, in plain words. */
  readonly rule: string;
  /** A concrete suggestion that would make the call valid. */
  readonly fix?: string;
  /** The kind of rule broken. */
  readonly category: ConvLabErrorCategory;
}

/** Renders a value the way it appears in an error message (long or circular values are cut short). */
export function formatValue(value: unknown, seen: ReadonlySet<unknown> = new Set()): string {
  if (typeof value === "string") return `'${value}'`;
  if (value !== null && typeof value === "object") {
    if (seen.has(value) || seen.size > 8) return "…";
    const inner = new Set(seen).add(value);
    const show = (v: unknown) => formatValue(v, inner);
    if (Array.isArray(value)) {
      const items = Array.from(value.slice(0, 16), show);
      return `[${items.join(", ")}${value.length > 16 ? `, … (${value.length} items)` : ""}]`;
    }
    const entries = Object.entries(value as Record<string, unknown>).map(([k, v]) => `${k}: ${show(v)}`);
    return `{${entries.join(", ")}}`;
  }
  return String(value);
}

/**
 * An invalid configuration: names the parameter, its value, the rule and a fix.
 *
 * @example
 * ```ts
 * import { ConvLabError, conv2d, arange, zeros } from "convlab";
 * let error: unknown;
 * try {
 *   conv2d(arange(9).reshape(1, 1, 3, 3), zeros([1, 1, 3, 3]), { stride: 0 });
 * } catch (e) {
 *   error = e;
 * }
 * error instanceof ConvLabError;         // true
 * (error as ConvLabError).parameter;     // "stride"
 * (error as ConvLabError).category;      // "stride"
 * ```
 */
export class ConvLabError extends Error implements ConvLabErrorDetails {
  readonly parameter: string;
  readonly value: unknown;
  readonly rule: string;
  readonly fix?: string;
  readonly category: ConvLabErrorCategory;

  constructor(details: ConvLabErrorDetails) {
    const fix = details.fix ? `; ${details.fix}` : "";
    super(`${details.parameter} = ${formatValue(details.value)}: ${details.rule}${fix}`);
    this.name = "ConvLabError";
    this.parameter = details.parameter;
    this.value = details.value;
    this.rule = details.rule;
    if (details.fix !== undefined) this.fix = details.fix;
    this.category = details.category;
  }

  /** The same error with `context` (a layer name, a variant) put in front of the message. */
  within(context: string): ConvLabError {
    const wrapped = new ConvLabError(this);
    wrapped.message = `${context}: ${this.message}`;
    return wrapped;
  }
}

/** Throws a {@link ConvLabError} unless `value` is a positive integer. */
export function requirePositiveInteger(
  parameter: string,
  value: number,
  category: ConvLabErrorCategory,
  fix?: string,
): void {
  if (!Number.isInteger(value) || value < 1) {
    throw new ConvLabError({
      parameter,
      value,
      rule: "must be a positive integer",
      fix: fix ?? `use ${parameter} ≥ 1`,
      category,
    });
  }
}

/** Throws a {@link ConvLabError} unless `value` is a non-negative integer. */
export function requireNonNegativeInteger(
  parameter: string,
  value: number,
  category: ConvLabErrorCategory,
  fix?: string,
): void {
  if (!Number.isInteger(value) || value < 0) {
    throw new ConvLabError({
      parameter,
      value,
      rule: "must be a non-negative integer (negative padding is not supported)",
      fix: fix ?? `use ${parameter} ≥ 0`,
      category,
    });
  }
}
