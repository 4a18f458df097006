/**
 * The warm pool: keeps one kernel started and warm (see `./warm-kernel.ts`) and hands it to the
 * next launcher that connects on its Unix socket, then starts the next one in the directory the
 * last launcher asked for, a little later (not in the way of that launcher's first cell). Start
 * to first result drops from the compiler's build (about a second) to a process start and a
 * socket hand-over. It costs one idle kernel's memory. `convlab lab` runs one for its server.
 */
import { type ChildProcess, fork } from "node:child_process";
import { chmodSync, rmSync } from "node:fs";
import net from "node:net";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { PoolToWarm, WarmToPool } from "./warm-kernel.js";

const warmKernelScript = path.join(path.dirname(fileURLToPath(import.meta.url)), "warm-kernel.js");

/** How long after a hand-over the next warm kernel starts (the adopted kernel's first cell goes first). */
const REFILL_DELAY_MS = 1500;

/**
 * One pool on one socket.
 *
 * @example
 * ```ts
 * const pool = new WarmPool("/run/user/1000/convlab/pool.sock", "/home/me/notebooks");
 * await pool.listen(); // kernels started with CONVLAB_POOL_SOCKET set to that path now start warm
 * pool.close();
 * ```
 */
export class WarmPool {
  private spare: ChildProcess | undefined;
  private server: net.Server | undefined;
  private refillTimer: NodeJS.Timeout | undefined;
  private closed = false;
  private readonly waiting: net.Socket[] = [];

  constructor(
    readonly socketPath: string,
    private cwd: string,
  ) {}

  /** Listens on the socket (owner-only) and starts the first warm kernel. */
  async listen(): Promise<void> {
    rmSync(this.socketPath, { force: true });
    const server = net.createServer({ pauseOnConnect: true }, (socket) => this.handOver(socket));
    this.server = server;
    await new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen(this.socketPath, () => resolve());
    });
    chmodSync(this.socketPath, 0o600);
    this.refill();
  }

  /** Stops listening and ends the warm kernel nobody adopted (adopted ones live on with their launchers). */
  close(): void {
    this.closed = true;
    clearTimeout(this.refillTimer);
    this.server?.close();
    rmSync(this.socketPath, { force: true });
    for (const socket of this.waiting) socket.destroy();
    if (this.spare?.pid) {
      try {
        process.kill(-this.spare.pid, "SIGKILL");
      } catch {
        // already gone
      }
    }
  }

  private handOver(socket: net.Socket): void {
    const child = this.spare;
    if (!child?.connected) {
      this.waiting.push(socket);
      if (!child) this.refill();
      return;
    }
    this.spare = undefined;
    child.on("message", (message: WarmToPool) => {
      if (message?.type !== "adopted") return;
      this.cwd = message.cwd;
      this.scheduleRefill();
    });
    child.once("disconnect", () => {
      child.unref();
      this.scheduleRefill();
    });
    child.send({ type: "adopt" } satisfies PoolToWarm, socket);
  }

  private scheduleRefill(): void {
    if (this.closed || this.spare || this.refillTimer) return;
    this.refillTimer = setTimeout(() => {
      this.refillTimer = undefined;
      this.refill();
    }, REFILL_DELAY_MS);
  }

  private refill(): void {
    if (this.closed || this.spare) return;
    clearTimeout(this.refillTimer);
    this.refillTimer = undefined;
    const child = fork(warmKernelScript, [], {
      cwd: this.cwd,
      detached: true,
      stdio: ["ignore", "inherit", "inherit", "ipc"],
      serialization: "json",
    });
    this.spare = child;
    child.once("exit", () => {
      if (this.spare !== child) return;
      this.spare = undefined;
      this.scheduleRefill();
    });
    const waiting = this.waiting.splice(0);
    for (const socket of waiting) this.handOver(socket);
  }
}
