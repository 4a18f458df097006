/**
 * A warm kernel: a protocol process started by the pool before anyone asked for it, whose
 * executor has already built the compiler. It waits for the pool to hand it a launcher's
 * connection, then becomes that launcher's kernel: it moves to the launcher's directory and
 * environment (its executor too, or a fresh executor if the warm one has other memory limits),
 * binds the connection file's ports and serves. It ends with the launcher's connection, and
 * before adoption with the pool.
 */
import net from "node:net";
import { ExecutorClient } from "../protocol/executor-client.js";
import {
  executorSettings,
  type LaunchRequest,
  onLines,
  parseLaunchRequest,
  type StartedLine,
} from "./handover.js";

/** What the pool sends with the launcher's socket; what the warm kernel answers once it has read the request. */
export type PoolToWarm = { type: "adopt" };
export type WarmToPool = { type: "adopted"; cwd: string };

const executor = new ExecutorClient();
executor.start();
const startedIn = { settings: executorSettings(process.env) };
const protocol = Promise.all([
  import("../protocol/connection.js"),
  import("../protocol/history.js"),
  import("../protocol/kernel.js"),
]);
let adopted = false;

process.on("SIGINT", () => executor.interrupt());
process.on("disconnect", () => {
  if (adopted) return;
  executor.stop();
  process.exit(0);
});
process.on("message", (message: PoolToWarm, handle: unknown) => {
  if (adopted || message?.type !== "adopt" || !(handle instanceof net.Socket)) return;
  adopted = true;
  const socket = handle;
  socket.on("close", () => {
    executor.stop();
    process.exit(0);
  });
  let request: LaunchRequest | undefined;
  onLines(socket, (line) => {
    if (request) return obey(line);
    try {
      request = parseLaunchRequest(line);
    } catch (error) {
      process.stderr.write(`${String(error)}\n`);
      socket.destroy();
      return;
    }
    process.send?.({ type: "adopted", cwd: request.cwd } satisfies WarmToPool);
    process.disconnect?.();
    serve(request, socket).catch((error: unknown) => {
      process.stderr.write(`convlab warm kernel: ${String(error)}\n`);
      socket.destroy();
    });
  });
  socket.resume();
});

let kernel: { shutdown(): Promise<void> } | undefined;

function obey(line: string): void {
  if (line === "interrupt") executor.interrupt();
  else if (line === "terminate") void (kernel?.shutdown() ?? Promise.resolve()).then(() => process.exit(0));
}

function adoptEnvironment(env: Readonly<Record<string, string>>): void {
  for (const key of Object.keys(process.env)) if (!(key in env)) delete process.env[key];
  Object.assign(process.env, env);
}

async function serve(request: LaunchRequest, socket: net.Socket): Promise<void> {
  process.chdir(request.cwd);
  adoptEnvironment(request.env);
  process.title = `convlab-kernel (launcher ${request.launcherPid})`;
  // The warm executor moves to the launcher's directory and environment (a new compiler session
  // from the files it parsed, about 0.1 s), unless it was started with other limits.
  if (startedIn.settings !== executorSettings(request.env)) await executor.relocate();
  else await executor.request({ type: "adopt", cwd: request.cwd, env: request.env });
  const [{ readConnectionFile }, { defaultHistoryFile }, { Kernel }] = await protocol;
  if (socket.destroyed) process.exit(0);
  const started = new Kernel(readConnectionFile(request.connectionFile), defaultHistoryFile(), executor);
  kernel = started;
  await started.start();
  socket.write(`${JSON.stringify({ type: "started", pid: process.pid } satisfies StartedLine)}\n`);
}
