/** `convlab shape`: the output-shape arithmetic of a stack of identical conv (or pool) layers. */
import type { IntOrPair, PaddingSpec } from "../conv/params.js";
import { conv2dOutputShape, pool2dOutputShape, type ShapeArithmetic } from "../conv/shape.js";
import { ConvLabError, requirePositiveInteger } from "../errors.js";

/** What `convlab shape` computes. */
export interface ShapeCommand {
  input: IntOrPair;
  kernel: IntOrPair;
  padding?: PaddingSpec;
  stride?: IntOrPair;
  dilation?: IntOrPair;
  /** How many identical layers to stack. Default 1. */
  repeat?: number;
  /** `conv` (default) or a pooling. */
  op?: "conv" | "maxpool" | "avgpool";
  ceilMode?: boolean;
}

/** The report: one block of arithmetic per layer, the final size, or the layer where it broke. */
export interface ShapeReport {
  readonly layers: readonly ShapeArithmetic[];
  readonly text: string;
  /** The error that stopped the stack, if any. */
  readonly error?: ConvLabError;
}

/**
 * Runs the arithmetic layer by layer and renders it.
 *
 * @example
 * ```ts
 * import { shapeReport } from "convlab/cli";
 * shapeReport({ input: [32, 32], kernel: 5, repeat: 7 }).layers[6]!.output; // [4, 4]
 * ```
 */
export function shapeReport(command: ShapeCommand): ShapeReport {
  const repeat = command.repeat ?? 1;
  requirePositiveInteger("--repeat", repeat, "argument");
  const layers: ShapeArithmetic[] = [];
  const lines: string[] = [];
  let size: IntOrPair = command.input;
  for (let i = 1; i <= repeat; i++) {
    try {
      const arithmetic =
        (command.op ?? "conv") === "conv"
          ? conv2dOutputShape({
              input: size,
              kernel: command.kernel,
              padding: command.padding ?? 0,
              stride: command.stride ?? 1,
              dilation: command.dilation ?? 1,
            })
          : pool2dOutputShape({
              operation: command.op === "avgpool" ? "avgPool2d" : "maxPool2d",
              input: size,
              kernel: command.kernel,
              ...(command.stride !== undefined && { stride: command.stride }),
              padding: (command.padding ?? 0) as IntOrPair,
              dilation: command.dilation ?? 1,
              ceilMode: command.ceilMode ?? false,
            });
      layers.push(arithmetic);
      lines.push(`layer ${i}: ${arithmetic.explain()}`);
      size = [arithmetic.output[0], arithmetic.output[1]];
    } catch (error) {
      if (!(error instanceof ConvLabError)) throw error;
      const wrapped = error.within(`layer ${i}`);
      lines.push(`${wrapped.message}`);
      return { layers, text: lines.join("\n"), error: wrapped };
    }
  }
  const last = layers[layers.length - 1]!;
  const first = layers[0]!;
  lines.push(
    `result: ${first.height.input}x${first.width.input} → ${last.output[0]}x${last.output[1]} after ${repeat} layer${repeat === 1 ? "" : "s"}`,
  );
  return { layers, text: lines.join("\n") };
}
