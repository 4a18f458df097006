/**
 * The kernel's entry point, run by Jupyter as `node dist/kernel/main.js -f {connection_file}`
 * (the kernelspec that `convlab install` writes).
 */
import { readConnectionFile } from "./protocol/connection.js";
import { defaultHistoryFile } from "./protocol/history.js";
import { Kernel } from "./protocol/kernel.js";

function connectionFileArgument(argv: readonly string[]): string {
  const at = argv.findIndex((a) => a === "-f" || a === "--connection-file");
  const file = at >= 0 ? argv[at + 1] : argv.find((a) => a.endsWith(".json"));
  if (!file) throw new Error("usage: convlab-kernel -f <connection_file.json>");
  return file;
}

/**
 * Starts a kernel for the given connection file and serves until shutdown.
 *
 * @example
 * ```ts
 * await runKernel(["-f", "/tmp/kernel-1.json"]);
 * ```
 */
export async function runKernel(argv: readonly string[]): Promise<void> {
  const kernel = new Kernel(readConnectionFile(connectionFileArgument(argv)), defaultHistoryFile());
  process.on("SIGINT", () => kernel.interrupt());
  process.on("SIGTERM", () => {
    void kernel.shutdown().then(() => process.exit(0));
  });
  await kernel.start();
}

if (import.meta.url === `file://${process.argv[1]}`) {
  await runKernel(process.argv.slice(2));
}
