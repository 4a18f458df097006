/** The `convlab` command line. Each subcommand lives in its own module. */
import { Command } from "commander";
import { ConvLabError } from "../errors.js";
import { registerInstall } from "./install.js";
import { parseList, parsePadding, parsePair } from "./parse.js";
import { shapeReport } from "./shape.js";

const program = new Command();
program.name("convlab").description("Learn and teach convolution padding and stride in Jupyter.");

program
  .command("shape")
  .description("print output shapes with the arithmetic spelled out")
  .requiredOption("--input <HxW>", "input height x width, e.g. 32x32 or 28")
  .requiredOption("--kernel <KxK>", "kernel size, e.g. 5 or 3x5")
  .option("--padding <p>", "p | h,w | top,bottom,left,right | same | valid | tf-same", "0")
  .option("--stride <s>", "stride, e.g. 2 or 3,4", "1")
  .option("--dilation <d>", "dilation, e.g. 2", "1")
  .option("--repeat <n>", "stack this many identical layers", "1")
  .option("--op <op>", "conv, maxpool or avgpool", "conv")
  .option("--ceil-mode", "pooling: round the output size up")
  .action((options: Record<string, string | boolean | undefined>) => {
    const op = String(options.op);
    if (!["conv", "maxpool", "avgpool"].includes(op)) {
      throw new ConvLabError({
        parameter: "--op",
        value: op,
        rule: "must be conv, maxpool or avgpool",
        category: "argument",
      });
    }
    const report = shapeReport({
      input: parsePair("--input", String(options.input)),
      kernel: parsePair("--kernel", String(options.kernel)),
      padding: parsePadding(String(options.padding)),
      stride: parsePair("--stride", String(options.stride)),
      dilation: parsePair("--dilation", String(options.dilation)),
      repeat: parseList("--repeat", String(options.repeat))[0]!,
      op: op as "conv" | "maxpool" | "avgpool",
      ceilMode: options.ceilMode === true,
    });
    process.stdout.write(`${report.text}\n`);
    if (report.error) process.exitCode = 1;
  });

registerInstall(program);

program
  .command("kernel")
  .description("run the ConvLab Jupyter kernel (Jupyter starts it from the kernelspec)")
  .requiredOption("-f, --connection-file <file>", "the connection file Jupyter wrote")
  .action(async (options: { connectionFile: string }) => {
    const { runKernel } = await import("../kernel/main.js");
    await runKernel(["-f", options.connectionFile]);
  });

try {
  await program.parseAsync(process.argv);
} catch (error) {
  if (error instanceof ConvLabError) {
    process.stderr.write(`convlab: ${error.message}\n`);
    process.exitCode = 2;
  } else {
    throw error;
  }
}
