/**
 * The sandbox boundary: each submission runs on its own ConvLab kernel, started as an external
 * process inside bubblewrap. The kernel sees a read-only system (/usr), ConvLab's build and
 * packages (read-only), an empty scratch home (the only writable place), and a socket directory
 * through which the grader talks to it over ZeroMQ ipc. No network (all namespaces unshared),
 * no view of the source notebook, hidden tests, gradebook or other submissions, an unprivileged
 * uid of its own, process and memory limits, and no kernel history.
 */
import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { chmodSync, chownSync, mkdirSync, mkdtempSync, rmSync, unlinkSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { ConvLabError } from "../../errors.js";
import { type Execution, JupyterClient } from "./jupyter-client.js";
import { closedAncestor } from "./reach.js";

/** ConvLab's package root (dist/grade/sandbox → ../../..). */
export const PACKAGE_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..", "..");

/** Limits of one sandboxed kernel. */
export interface SandboxLimits {
  /** Tasks (processes and threads) the sandbox uid may have (RLIMIT_NPROC). */
  readonly processes: number;
  /** Data segment per process in MiB (RLIMIT_DATA): bounds ArrayBuffers too. */
  readonly memoryMb: number;
  /** The executor's JavaScript heap in MiB (CONVLAB_KERNEL_MEMORY_MB). */
  readonly heapMb: number;
  /** Open files per process. */
  readonly files: number;
}

export const DEFAULT_LIMITS: SandboxLimits = { processes: 256, memoryMb: 2048, heapMb: 768, files: 256 };

/** Inside the sandbox. */
const SOCKET_DIR = "/run/convlab";
const HOME = "/home/student";

/**
 * The command that starts a kernel in the sandbox: `setpriv` to the sandbox uid (when the
 * grader runs as root), `prlimit` for the caps, then `bwrap`.
 *
 * @example
 * ```ts
 * import { sandboxCommand } from "convlab/cli";
 * const argv = sandboxCommand({ root: "/opt/convlab", runDir: "/tmp/k/run", scratchDir: "/tmp/k/home", uid: 62001 });
 * argv.includes("--unshare-all"); // true
 * ```
 */
export function sandboxCommand(options: {
  root: string;
  runDir: string;
  scratchDir: string;
  uid?: number;
  limits?: SandboxLimits;
}): string[] {
  const limits = options.limits ?? DEFAULT_LIMITS;
  const { root } = options;
  const drop =
    options.uid === undefined
      ? []
      : [
          "setpriv",
          `--reuid=${options.uid}`,
          `--regid=${options.uid}`,
          "--clear-groups",
          "--inh-caps=-all",
          "--",
        ];
  const caps = [
    "prlimit",
    `--nproc=${limits.processes}`,
    `--data=${limits.memoryMb * 1024 * 1024}`,
    `--nofile=${limits.files}`,
    "--core=0",
    "--",
  ];
  const readOnly = (p: string): string[] => ["--ro-bind", p, p];
  const bwrap = [
    "bwrap",
    "--unshare-all",
    "--die-with-parent",
    "--new-session",
    "--ro-bind",
    "/usr",
    "/usr",
    "--symlink",
    "usr/bin",
    "/bin",
    "--symlink",
    "usr/lib",
    "/lib",
    "--symlink",
    "usr/lib64",
    "/lib64",
    "--symlink",
    "usr/sbin",
    "/sbin",
    "--proc",
    "/proc",
    "--dev",
    "/dev",
    ...readOnly(path.join(root, "dist")),
    ...readOnly(path.join(root, "node_modules")),
    // The native conv engine, where setup built it (else conv2d keeps to WebAssembly in here).
    "--ro-bind-try",
    path.join(root, "native/build"),
    path.join(root, "native/build"),
    ...readOnly(path.join(root, "bin")),
    ...readOnly(path.join(root, "package.json")),
    "--bind",
    options.runDir,
    SOCKET_DIR,
    "--bind",
    options.scratchDir,
    HOME,
    "--remount-ro",
    "/",
    "--chdir",
    HOME,
    "--clearenv",
    "--setenv",
    "HOME",
    HOME,
    "--setenv",
    "TMPDIR",
    HOME,
    "--setenv",
    "PATH",
    "/usr/bin:/bin",
    "--setenv",
    "CONVLAB_HISTORY_FILE",
    "/dev/null",
    "--setenv",
    "CONVLAB_KERNEL_MEMORY_MB",
    String(limits.heapMb),
    "--setenv",
    "CONVLAB_INTERRUPT_GRACE_MS",
    "1000",
    "--",
    process.execPath.startsWith("/usr/") ? process.execPath : "/usr/bin/node",
    path.join(root, "bin", "convlab.js"),
    "kernel",
    "-f",
    `${SOCKET_DIR}/connection.json`,
  ];
  return [...drop, ...caps, ...bwrap];
}

/** Whether bubblewrap can start a sandbox here (it needs user namespaces). */
export function sandboxAvailable(): { ok: boolean; reason: string } {
  const probe = spawnSync(
    "bwrap",
    [
      "--unshare-all",
      "--ro-bind",
      "/usr",
      "/usr",
      "--symlink",
      "usr/lib",
      "/lib",
      "--symlink",
      "usr/lib64",
      "/lib64",
      "--",
      "/usr/bin/true",
    ],
    {
      encoding: "utf8",
    },
  );
  if (probe.error)
    return { ok: false, reason: `bwrap not found (${probe.error.message}); run scripts/setup.sh` };
  return probe.status === 0 ? { ok: true, reason: "" } : { ok: false, reason: probe.stderr.trim() };
}

let nextUid = 0;
function sandboxUid(): number | undefined {
  if (process.getuid?.() !== 0) return undefined;
  nextUid = (nextUid + 1) % 2000;
  return 62000 + nextUid + (process.pid % 16) * 2000;
}

/** A kernel running in its sandbox, with a connected client. */
export class SandboxedKernel {
  private constructor(
    private readonly child: ChildProcess,
    private readonly client: JupyterClient,
    private readonly baseDir: string,
    readonly died: Promise<void>,
  ) {}

  /** Starts a kernel in a fresh sandbox and waits until it answers (and warms its compiler). */
  static async start(
    options: { root?: string; limits?: SandboxLimits; startTimeoutMs?: number } = {},
  ): Promise<SandboxedKernel> {
    const root = options.root ?? PACKAGE_ROOT;
    const uid = sandboxUid();
    const closed = uid === undefined ? undefined : closedAncestor(root);
    if (closed !== undefined) {
      throw new ConvLabError({
        parameter: "ConvLab's location",
        value: closed,
        rule: `the grader's sandbox runs as an unprivileged user, which cannot enter ${closed} (others have no execute permission), so it cannot read ${root}`,
        fix: `let others through (chmod o+x ${closed}) or install ConvLab in an open directory (e.g. under /opt or /srv rather than /root)`,
        category: "argument",
      });
    }
    const baseDir = mkdtempSync(path.join(os.tmpdir(), "convlab-grade-"));
    chmodSync(baseDir, 0o711);
    const runDir = path.join(baseDir, "run");
    const scratchDir = path.join(baseDir, "home");
    for (const dir of [runDir, scratchDir]) {
      mkdirSync(dir, { mode: 0o700 });
      if (uid !== undefined) chownSync(dir, uid, uid);
    }
    const key = randomBytes(32).toString("hex");
    const ports = { shell_port: 1, control_port: 2, stdin_port: 3, iopub_port: 4, hb_port: 5 };
    const connection = path.join(runDir, "connection.json");
    writeFileSync(
      connection,
      JSON.stringify({
        transport: "ipc",
        ip: `${SOCKET_DIR}/kernel`,
        key,
        signature_scheme: "hmac-sha256",
        ...ports,
      }),
      { mode: 0o644 },
    );
    const argv = sandboxCommand({
      root,
      runDir,
      scratchDir,
      ...(uid !== undefined && { uid }),
      ...(options.limits && { limits: options.limits }),
    });
    const child = spawn(argv[0]!, argv.slice(1), { stdio: ["ignore", "ignore", "pipe"], detached: true });
    let stderr = "";
    child.stderr?.on("data", (chunk: Buffer) => {
      stderr = (stderr + chunk.toString("utf8")).slice(-2000);
    });
    const died = new Promise<void>((resolve) => {
      child.once("exit", () => resolve());
      child.once("error", () => resolve());
    });
    const client = new JupyterClient(
      {
        transport: "ipc",
        ip: path.join(runDir, "kernel"),
        key,
        ports: { shell: 1, control: 2, stdin: 3, iopub: 4, hb: 5 },
      },
      died,
    );
    const kernel = new SandboxedKernel(child, client, baseDir, died);
    try {
      await client.connect(options.startTimeoutMs ?? 60_000);
      unlinkSync(connection); // the key is no longer readable inside the sandbox
      const warm = await client.execute("0", options.startTimeoutMs ?? 60_000);
      if (warm.status !== "ok") throw new Error(`warm-up cell: ${warm.status} ${warm.error?.evalue ?? ""}`);
    } catch (error) {
      kernel.dispose();
      throw new ConvLabError({
        parameter: "sandbox",
        value: argv.slice(0, 3).join(" "),
        rule: `the sandboxed kernel did not start: ${(error as Error).message} ${stderr.trim()}`,
        fix: "run scripts/setup.sh (it installs bubblewrap and builds ConvLab) and check that user namespaces are enabled",
        category: "argument",
      });
    }
    return kernel;
  }

  /** Runs one cell. */
  execute(code: string, timeoutMs: number): Promise<Execution> {
    return this.client.execute(code, timeoutMs);
  }

  /** Kills the whole sandbox (every process in its PID namespace) and removes its files. */
  dispose(): void {
    this.client.close();
    if (this.child.exitCode === null && this.child.pid !== undefined) {
      try {
        process.kill(-this.child.pid, "SIGKILL");
      } catch {
        this.child.kill("SIGKILL");
      }
    }
    const base = this.baseDir;
    void this.died.then(() => rmSync(base, { recursive: true, force: true }));
  }
}
