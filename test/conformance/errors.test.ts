/**
 * Every invalid configuration PyTorch rejects must make ConvLab throw a ConvLabError of
 * the same category naming the same parameter (PyTorch's exact text is not required).
 */
import { describe, expect, it } from "vitest";
import { ConvLabError, type ConvLabErrorCategory } from "../../src/index.js";
import { runTorchSnippet } from "../support/torch-to-convlab.js";
import { loadConformanceFiles } from "../support/vectors.js";

/** PyTorch's message → the category and parameter ConvLab must report. */
const EXPECTATIONS: { pattern: RegExp; category: ConvLabErrorCategory; parameter: RegExp }[] = [
  { pattern: /padding='same' is not supported for strided/, category: "padding", parameter: /^padding$/ },
  {
    pattern: /Kernel size can't be greater than actual input size/,
    category: "kernel",
    parameter: /^kernel/,
  },
  { pattern: /Invalid padding string/, category: "padding", parameter: /^padding$/ },
  { pattern: /padding_mode must be one of/, category: "padding-mode", parameter: /^paddingMode$/ },
  {
    pattern: /divisible by groups|groups must be a positive integer/,
    category: "groups",
    parameter: /^groups$/,
  },
  {
    pattern: /to have \d+ channels, but got \d+ channels/,
    category: "channels",
    parameter: /^(weight|input)$/,
  },
  { pattern: /negative padding is not supported/, category: "padding", parameter: /^padding/ },
  { pattern: /non-positive stride is not supported/, category: "stride", parameter: /^stride$/ },
  {
    pattern: /Padding size should be less than|wrapping around more than once/,
    category: "padding-mode",
    parameter: /^padding$/,
  },
  {
    pattern: /pad should be (at most|smaller than or equal to) half of/,
    category: "padding",
    parameter: /^padding$/,
  },
  { pattern: /Output size is too small/, category: "pooling", parameter: /^kernelSize$/ },
  {
    pattern: /dilation should be greater than zero|non-positive dilation/,
    category: "dilation",
    parameter: /^dilation$/,
  },
  { pattern: /output padding must be smaller than/, category: "padding", parameter: /^outputPadding$/ },
];

for (const file of loadConformanceFiles().filter((f) => f.errors.length > 0)) {
  describe(file.path, () => {
    for (const e of file.errors) {
      it(`${e.id}: ${e.description ?? e.code}`, () => {
        let thrown: unknown;
        try {
          runTorchSnippet(e.code);
        } catch (error) {
          thrown = error;
        }
        expect(thrown, `${e.code} should throw like PyTorch's "${e.message}"`).toBeInstanceOf(ConvLabError);
        const error = thrown as ConvLabError;
        // Every message names the parameter and the rule.
        expect(error.message).toContain(error.parameter);
        expect(error.rule.length).toBeGreaterThan(10);
        const expectation = EXPECTATIONS.find((x) => x.pattern.test(e.message));
        if (expectation) {
          expect(error.category).toBe(expectation.category);
          expect(error.parameter).toMatch(expectation.parameter);
        }
      });
    }
  });
}
