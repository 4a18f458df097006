/** The data module's errors: a {@link ConvLabError} of category `"data"` naming the file and the fault. */
import { ConvLabError } from "../errors.js";

/**
 * A bad or missing data file. The message reads `file = '<path>': <fault>; <fix>`.
 */
export function dataFileError(file: string, fault: string, fix?: string): ConvLabError {
  return new ConvLabError({
    parameter: "file",
    value: file,
    rule: fault,
    ...(fix !== undefined && { fix }),
    category: "data",
  });
}
