/** The `convlab` command line. Each subcommand lives in its own module. */
import { Command } from "commander";
import { ConvLabError } from "../errors.js";
import { dataCheckReport, dataDownloadReport } from "./data.js";
import { demoText } from "./demo.js";
import { type FeatureMapsCommand, featureMapsCommand } from "./featuremaps.js";
import { registerHomework } from "./homework.js";
import { registerHub } from "./hub.js";
import { registerInstall } from "./install.js";
import { FIRST_LECTURE, runLab } from "./lab.js";
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
  .option("--stride <s>", "stride, e.g. 2 or 3,4 (default 1; for pooling, the kernel size)")
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
        fix: "for example --op maxpool",
        category: "argument",
      });
    }
    const report = shapeReport({
      input: parsePair("--input", String(options.input)),
      kernel: parsePair("--kernel", String(options.kernel)),
      padding: parsePadding(String(options.padding)),
      ...(options.stride !== undefined && { stride: parsePair("--stride", String(options.stride)) }),
      dilation: parsePair("--dilation", String(options.dilation)),
      repeat: parseList("--repeat", String(options.repeat))[0]!,
      op: op as "conv" | "maxpool" | "avgpool",
      ceilMode: options.ceilMode === true,
    });
    process.stdout.write(`${report.text}\n`);
    if (report.error) process.exitCode = 1;
  });

program
  .command("demo")
  .description("print the lecture's key numbers, computed by ConvLab")
  .action(() => {
    process.stdout.write(`${demoText()}\n`);
  });

program
  .command("lab")
  .description("start JupyterLab (from the project's venv) with the lecture open; prints the URL")
  .option("--port <port>", "port to listen on", "8888")
  .option("--ip <ip>", "address to bind", "127.0.0.1")
  .option("--open <notebook>", "notebook to open, relative to the project root", FIRST_LECTURE)
  .option(
    "--no-warm-pool",
    "start each kernel cold instead of keeping a warm one ready (saves one idle kernel's memory)",
  )
  .action(async (options: { port: string; ip: string; open: string; warmPool: boolean }) => {
    const port = Number(options.port);
    if (!Number.isInteger(port) || port < 1 || port > 65535) {
      throw new ConvLabError({
        parameter: "--port",
        value: options.port,
        rule: "must be a port number 1–65535",
        fix: "for example --port 8888",
        category: "argument",
      });
    }
    process.exitCode = await runLab({ port, ip: options.ip, open: options.open, warmPool: options.warmPool });
  });

program
  .command("featuremaps")
  .description("convolve Fashion-MNIST images with named kernels under padding/stride variants")
  .option("--split <split>", "train or test", "test")
  .option("--index <list>", "dataset indices, e.g. 0 or 0,1,2", "0")
  .option("--class <name>", "the first image of this class (name or label 0-9)")
  .option("--first-of-each-class", "the first image of each of the 10 classes")
  .option("--sample <n>", "a seeded random sample of n images")
  .option("--seed <s>", "seed of --sample", "0")
  .option("--kernel <list>", "kernel names, e.g. sobel-x,sobel-y (see README)", "sobel-x")
  .option("--padding <list>", "paddings, each p | HxW | top:bottom:left:right | same | valid | tf-same", "0")
  .option("--stride <list>", "strides, each s or HxW", "1")
  .option("--dilation <list>", "dilations, each d or HxW", "1")
  .option("--padding-mode <mode>", "zeros, reflect, replicate or circular", "zeros")
  .option("--png <file>", "write the PNG mosaic here")
  .option("--zoom <n>", "PNG pixels per image pixel for --png", "4")
  .option("--bundle <file>", "write the whole mime bundle (JSON payload, PNG, text) here")
  .option("--download", "download Fashion-MNIST into the user cache if no copy is found")
  .action(async (options: FeatureMapsCommand) => {
    const { text } = await featureMapsCommand(options);
    process.stdout.write(`${text}\n`);
  });

const data = program.command("data").description("the Fashion-MNIST files");
data
  .command("check")
  .description("report which dataset files were found, where, and whether their checksums verify")
  .action(async () => {
    const report = await dataCheckReport();
    process.stdout.write(`${report.text}\n`);
    if (!report.ok) process.exitCode = 1;
  });
data
  .command("download")
  .description("download the missing files from the upstream release into the user cache, verified")
  .option("--dir <dir>", "download into this directory instead of the cache")
  .option("--base-url <url>", "release URL (default: the upstream bucket)")
  .action(async (options: { dir?: string; baseUrl?: string }) => {
    process.stdout.write(`${await dataDownloadReport(options)}\n`);
  });

registerInstall(program);
registerHomework(program);
registerHub(program);

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
