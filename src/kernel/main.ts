/**
 * The kernel's entry point, run by Jupyter as `node dist/kernel/main.js -f {connection_file}`
 * (the kernelspec that `convlab install` writes).
 *
 * The executor (which spends most of the start-up loading the compiler) is forked first, and
 * the protocol side (ZeroMQ, the wire format, history) loads while it starts: this module
 * imports only the executor client statically.
 */
import path from "node:path";
import { POOL_SOCKET_ENV } from "./pool/handover.js";
import { ExecutorClient } from "./protocol/executor-client.js";

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
  const connectionFile = connectionFileArgument(argv);
  const executor = new ExecutorClient();
  executor.start();
  // Interrupts reach the executor client from the first moment (the kernel only forwards them).
  process.on("SIGINT", () => executor.interrupt());
  let kernel: { shutdown(): Promise<void> } | undefined;
  process.on("SIGTERM", () => {
    if (!kernel) executor.stop();
    void (kernel?.shutdown() ?? Promise.resolve()).then(() => process.exit(0));
  });
  try {
    const [{ readConnectionFile }, { defaultHistoryFile }, { Kernel }] = await Promise.all([
      import("./protocol/connection.js"),
      import("./protocol/history.js"),
      import("./protocol/kernel.js"),
    ]);
    const started = new Kernel(readConnectionFile(connectionFile), defaultHistoryFile(), executor);
    kernel = started;
    await started.start();
  } catch (error) {
    executor.stop();
    throw error;
  }
}

/**
 * Runs the kernel Jupyter asked for: through the warm pool named by `CONVLAB_POOL_SOCKET` when
 * one answers (this process then stands in for the pool's warm kernel), else in this process.
 *
 * @example
 * ```ts
 * await main(["-f", "/tmp/kernel-1.json"]);
 * ```
 */
export async function main(argv: readonly string[]): Promise<void> {
  const pool = process.env[POOL_SOCKET_ENV];
  if (pool) {
    const { launchThroughPool } = await import("./pool/launcher.js");
    if (await launchThroughPool(pool, path.resolve(connectionFileArgument(argv)))) return;
    process.stderr.write(`convlab kernel: no warm pool answered on ${pool}; starting cold\n`);
  }
  await runKernel(argv);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  await main(process.argv.slice(2));
}
