/**
 * The executor process's entry point: the protocol process forks this file (see
 * `../protocol/executor-client.ts`). Everything it does is in {@link Executor}.
 */
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { FromExecutor, ToExecutor } from "../ipc.js";
import { Executor } from "./executor.js";
import { watchParent } from "./watchdog.js";

// The protocol process's pid (ours already is init's if it died while we booted: end at once).
watchParent(Number(process.env.CONVLAB_PROTOCOL_PID ?? process.ppid));
const executor = new Executor({
  cwd: process.cwd(),
  packageRoot: path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..", ".."),
  maxOutputBytes: Number(process.env.CONVLAB_MAX_OUTPUT_BYTES ?? 1_000_000),
  send: (message: FromExecutor) => {
    process.send?.(message);
  },
});
process.on("message", (message) => executor.receive(message as ToExecutor));
executor.start();
