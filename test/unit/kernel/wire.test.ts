/** Jupyter's wire format: signatures checked against Python's hmac, malformed frames refused. */
import { describe, expect, it } from "vitest";
import { decode, encode, newHeader, Signer, WireError } from "../../../src/kernel/protocol/wire.js";

const DELIMITER = Buffer.from("<IDS|MSG>");
const frame = (text: string) => Buffer.from(text);

describe("Signer", () => {
  it("signs the four JSON frames like Python's hmac.new(key, h+p+m+c, sha256)", () => {
    // python3 -c "import hmac,hashlib; print(hmac.new(b'secret', b'{\"a\":1}{}{}{}', hashlib.sha256).hexdigest())"
    const signer = new Signer("secret", "hmac-sha256");
    expect(signer.sign([frame('{"a":1}'), frame("{}"), frame("{}"), frame("{}")])).toBe(
      "5439160579203ae5952244a353b0f81b6ca58a3fb44727217799b393ee79601c",
    );
  });

  it("with no key, signs nothing and accepts everything (Jupyter's unsigned mode)", () => {
    const signer = new Signer("", "hmac-sha256");
    expect(signer.sign([frame("{}")])).toBe("");
    expect(signer.verify(frame("anything"), [frame("{}")])).toBe(true);
  });
});

describe("decode", () => {
  const signer = new Signer("secret", "hmac-sha256");
  const header = newHeader("execute_request", "session-1");
  const frames = encode(signer, [frame("client-id")], header, {}, { code: "1+1" });

  it("reads back what encode wrote: identities, header and content", () => {
    const message = decode(frames, signer);
    expect(message.identities.map(String)).toEqual(["client-id"]);
    expect(message.header).toEqual(header);
    expect(message.content).toEqual({ code: "1+1" });
    expect(message.buffers).toEqual([]);
  });

  it("refuses a message signed with another key", () => {
    expect(() => decode(frames, new Signer("other", "hmac-sha256"))).toThrow(/bad HMAC signature/);
  });

  it("refuses a message whose content was changed after signing", () => {
    const tampered = [...frames];
    tampered[tampered.length - 1] = frame('{"code":"2+2"}');
    expect(() => decode(tampered, signer)).toThrow(WireError);
  });

  it("refuses frames without the delimiter, too few frames, garbage JSON or a header without msg_type", () => {
    expect(() => decode([frame("x"), frame("y")], signer)).toThrow(/no <IDS\|MSG> delimiter/);
    expect(() => decode([DELIMITER, frame("sig"), frame("{}")], signer)).toThrow(WireError);
    const unsigned = new Signer("", "hmac-sha256");
    for (const at of [0, 1, 2, 3]) {
      const body = [frame('{"msg_type":"x","msg_id":"1"}'), frame("{}"), frame("{}"), frame("{}")];
      body[at] = frame("{not json");
      expect(() => decode([DELIMITER, frame(""), ...body], unsigned)).toThrow(WireError);
    }
    expect(() =>
      decode([DELIMITER, frame(""), frame("{}"), frame("{}"), frame("{}"), frame("{}")], unsigned),
    ).toThrow(/header has no msg_type or msg_id/);
  });

  it("refuses JSON frames that are not objects", () => {
    const unsigned = new Signer("", "hmac-sha256");
    const body = [frame('{"msg_type":"x","msg_id":"1"}'), frame("{}"), frame("{}"), frame("[1,2]")];
    expect(() => decode([DELIMITER, frame(""), ...body], unsigned)).toThrow(/content must be a JSON object/);
  });
});
