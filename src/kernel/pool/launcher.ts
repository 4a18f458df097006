/**
 * The kernel process Jupyter starts, when a warm pool runs: it asks the pool for a warm kernel,
 * hands it the connection file, the directory and the environment Jupyter gave it, then stands
 * in for that kernel. Jupyter's SIGINT and SIGTERM go on over the socket; the launcher ends when
 * the kernel ends, and the kernel ends when the launcher does (its socket closes, whatever
 * killed it). With no pool, or a pool that cannot serve, the caller starts a kernel itself.
 */
import net from "node:net";
import { type LauncherSignal, type LaunchRequest, onLines, type StartedLine } from "./handover.js";

/** How long a connected pool may take to report that its kernel serves, before a cold start instead. */
const START_TIMEOUT_MS = 30_000;
/** How long a kernel may take to end after `terminate` before the launcher exits anyway. */
const TERMINATE_GRACE_MS = 5_000;

/**
 * Serves `connectionFile` through the warm pool listening on `socketPath`. Resolves `true` once
 * a warm kernel serves it (the launcher then lives until that kernel ends, and exits with it),
 * `false` when no pool answered (start a kernel in this process instead).
 *
 * @example
 * ```ts
 * if (!(await launchThroughPool(process.env.CONVLAB_POOL_SOCKET!, "/tmp/kernel-1.json"))) {
 *   await runKernel(["-f", "/tmp/kernel-1.json"]);
 * }
 * ```
 */
export function launchThroughPool(socketPath: string, connectionFile: string): Promise<boolean> {
  const request: LaunchRequest = {
    connectionFile,
    cwd: process.cwd(),
    env: Object.fromEntries(
      Object.entries(process.env).filter((e): e is [string, string] => e[1] !== undefined),
    ),
    launcherPid: process.pid,
  };
  return new Promise((resolve) => {
    let started = false;
    const socket = net.connect(socketPath);
    const giveUp = (): void => {
      if (started) return;
      clearTimeout(timer);
      socket.destroy();
      resolve(false);
    };
    const timer = setTimeout(giveUp, START_TIMEOUT_MS);
    socket.once("error", giveUp);
    socket.once("connect", () => socket.write(`${JSON.stringify(request)}\n`));
    onLines(socket, (line) => {
      if (started || (JSON.parse(line) as Partial<StartedLine>).type !== "started") return;
      started = true;
      clearTimeout(timer);
      forwardSignals(socket);
      resolve(true);
    });
    socket.on("close", () => (started ? process.exit(0) : giveUp()));
  });
}

function forwardSignals(socket: net.Socket): void {
  const send = (signal: LauncherSignal): void => {
    if (!socket.destroyed) socket.write(`${signal}\n`);
  };
  process.on("SIGINT", () => send("interrupt"));
  process.on("SIGTERM", () => {
    send("terminate");
    setTimeout(() => process.exit(0), TERMINATE_GRACE_MS).unref();
  });
}
