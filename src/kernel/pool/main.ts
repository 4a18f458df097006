/**
 * The warm pool's entry point: `node dist/kernel/pool/main.js <socket> [<directory>]` (started
 * by `convlab lab`). It serves until SIGINT, SIGTERM or its parent's end.
 */
import { WarmPool } from "./pool.js";

const [socketPath, directory] = process.argv.slice(2);
if (!socketPath) {
  process.stderr.write("usage: node dist/kernel/pool/main.js <socket path> [<first kernel directory>]\n");
  process.exit(2);
}
const pool = new WarmPool(socketPath, directory ?? process.cwd());
const parent = process.ppid;
const end = (): void => {
  pool.close();
  process.exit(0);
};
process.on("SIGINT", end);
process.on("SIGTERM", end);
setInterval(() => {
  if (process.ppid !== parent) end();
}, 500);
await pool.listen();
