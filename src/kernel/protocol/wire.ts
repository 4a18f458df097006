/**
 * Jupyter's wire format: identities, the `<IDS|MSG>` delimiter, an HMAC signature and four
 * JSON frames (header, parent header, metadata, content), then binary buffers.
 */
import { createHmac, randomUUID, timingSafeEqual } from "node:crypto";

export const PROTOCOL_VERSION = "5.3";
const DELIMITER = "<IDS|MSG>";

export interface Header {
  msg_id: string;
  session: string;
  username: string;
  date: string;
  msg_type: string;
  version: string;
}

export interface Message<Content = Record<string, unknown>> {
  identities: Buffer[];
  header: Header;
  parentHeader: Partial<Header>;
  metadata: Record<string, unknown>;
  content: Content;
  buffers: Buffer[];
}

/** Signs and verifies messages with the connection file's key (no key: no signing). */
export class Signer {
  private readonly algorithm: string;
  constructor(
    private readonly key: string,
    scheme: string,
  ) {
    this.algorithm = scheme.replace(/^hmac-/, "");
  }

  sign(frames: readonly Buffer[]): string {
    if (!this.key) return "";
    const hmac = createHmac(this.algorithm, this.key);
    for (const frame of frames) hmac.update(frame);
    return hmac.digest("hex");
  }

  verify(signature: Buffer, frames: readonly Buffer[]): boolean {
    if (!this.key) return true;
    const expected = Buffer.from(this.sign(frames));
    return signature.length === expected.length && timingSafeEqual(signature, expected);
  }
}

/** Why a received message was dropped. */
export class WireError extends Error {}

/**
 * Parses received frames; throws {@link WireError} for a bad signature or malformed frames
 * (the kernel drops such messages).
 *
 * @example
 * ```ts
 * import { decode, encode, newHeader, Signer } from "./wire.js";
 * const signer = new Signer("key", "hmac-sha256");
 * const frames = encode(signer, [], newHeader("execute_request", "s1"), {}, { code: "1+1" });
 * decode(frames, signer).content; // { code: "1+1" }
 * decode(frames, signer).header.msg_type; // "execute_request"
 * ```
 */
export function decode(frames: readonly Buffer[], signer: Signer): Message {
  const at = frames.findIndex((f) => f.length === DELIMITER.length && f.toString() === DELIMITER);
  if (at < 0 || frames.length < at + 6) throw new WireError("malformed message: no <IDS|MSG> delimiter");
  const signature = frames[at + 1]!;
  const body = frames.slice(at + 2, at + 6);
  if (!signer.verify(signature, body)) throw new WireError("bad HMAC signature");
  const names = ["header", "parent header", "metadata", "content"] as const;
  const [header, parentHeader, metadata, content] = body.map((f, i) => jsonObject(f, names[i]!));
  if (typeof header?.msg_type !== "string" || typeof header.msg_id !== "string") {
    throw new WireError("malformed message: header has no msg_type or msg_id");
  }
  return {
    identities: frames.slice(0, at),
    header: header as unknown as Header,
    parentHeader: (parentHeader ?? {}) as Partial<Header>,
    metadata: metadata ?? {},
    content: content ?? {},
    buffers: frames.slice(at + 6),
  };
}

/** A JSON frame that must hold an object (or `null`, which reads as empty). */
function jsonObject(frame: Buffer, name: string): Record<string, unknown> | undefined {
  let value: unknown;
  try {
    value = JSON.parse(frame.toString("utf8"));
  } catch {
    throw new WireError(`malformed message: the ${name} frame is not JSON`);
  }
  if (value === null) return undefined;
  if (typeof value !== "object" || Array.isArray(value)) {
    throw new WireError(`malformed message: the ${name} must be a JSON object`);
  }
  return value as Record<string, unknown>;
}

/** Builds a new message header from this kernel's session. */
export function newHeader(msgType: string, session: string): Header {
  return {
    msg_id: randomUUID(),
    session,
    username: "convlab",
    date: new Date().toISOString(),
    msg_type: msgType,
    version: PROTOCOL_VERSION,
  };
}

/** Serializes a message to frames, signed. */
export function encode(
  signer: Signer,
  identities: readonly Buffer[],
  header: Header,
  parentHeader: Partial<Header>,
  content: unknown,
  metadata: Record<string, unknown> = {},
): Buffer[] {
  const body = [header, parentHeader, metadata, content].map((part) => Buffer.from(JSON.stringify(part)));
  return [...identities, Buffer.from(DELIMITER), Buffer.from(signer.sign(body)), ...body];
}
