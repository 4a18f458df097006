/** Reads and checks a Jupyter connection file (the sockets' address, ports and signing key). */
import { readFileSync } from "node:fs";

export interface ConnectionInfo {
  readonly transport: "tcp" | "ipc";
  readonly ip: string;
  readonly key: string;
  readonly signatureScheme: string;
  readonly ports: {
    readonly shell: number;
    readonly control: number;
    readonly stdin: number;
    readonly iopub: number;
    readonly hb: number;
  };
}

/**
 * Parses a connection file; throws a clear error naming the bad field.
 *
 * @example
 * ```ts
 * const info = readConnectionFile("/run/user/0/jupyter/kernel-1.json");
 * endpoint(info, info.ports.shell); // "tcp://127.0.0.1:53794"
 * ```
 */
export function readConnectionFile(file: string): ConnectionInfo {
  const raw = JSON.parse(readFileSync(file, "utf8")) as Record<string, unknown>;
  const port = (name: string): number => {
    const value = raw[name];
    if (typeof value !== "number" || !Number.isInteger(value) || value <= 0) {
      throw new Error(
        `connection file ${file}: ${name} must be a positive port number, got ${JSON.stringify(value)}`,
      );
    }
    return value;
  };
  const transport = raw.transport ?? "tcp";
  if (transport !== "tcp" && transport !== "ipc") {
    throw new Error(
      `connection file ${file}: transport must be "tcp" or "ipc", got ${JSON.stringify(transport)}`,
    );
  }
  const scheme = String(raw.signature_scheme ?? "hmac-sha256");
  if (!/^hmac-(sha256|sha512|sha1|md5)$/.test(scheme)) {
    throw new Error(`connection file ${file}: unsupported signature_scheme ${JSON.stringify(scheme)}`);
  }
  return {
    transport,
    ip: String(raw.ip ?? "127.0.0.1"),
    key: String(raw.key ?? ""),
    signatureScheme: scheme,
    ports: {
      shell: port("shell_port"),
      control: port("control_port"),
      stdin: port("stdin_port"),
      iopub: port("iopub_port"),
      hb: port("hb_port"),
    },
  };
}

/** The ZeroMQ endpoint of one socket: only the connection file's address. */
export function endpoint(info: ConnectionInfo, port: number): string {
  return info.transport === "tcp" ? `tcp://${info.ip}:${port}` : `ipc://${info.ip}-${port}`;
}
