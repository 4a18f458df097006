import { describe, expect, it } from "vitest";
import { decodeBase64, decodeQuantized } from "../../src/payload/index.js";

const text = (bytes: Uint8Array) => new TextDecoder().decode(bytes);

describe("decodeBase64", () => {
  it("decodes the RFC 4648 §10 test vectors", () => {
    expect(text(decodeBase64(""))).toBe("");
    expect(text(decodeBase64("Zg=="))).toBe("f");
    expect(text(decodeBase64("Zm8="))).toBe("fo");
    expect(text(decodeBase64("Zm9v"))).toBe("foo");
    expect(text(decodeBase64("Zm9vYg=="))).toBe("foob");
    expect(text(decodeBase64("Zm9vYmE="))).toBe("fooba");
    expect(text(decodeBase64("Zm9vYmFy"))).toBe("foobar");
  });

  it("decodes every byte value (the alphabet's last characters + and /)", () => {
    // "+/+/" = sextets 62 63 62 63 = 111110 111111 111110 111111 = 0xfb 0xff 0xbf
    expect([...decodeBase64("+/+/")]).toEqual([0xfb, 0xff, 0xbf]);
  });

  it("rejects foreign characters", () => {
    expect(() => decodeBase64("Zm9-")).toThrow();
    expect(() => decodeBase64("Zm9vYmFy\u00e9AAA")).toThrow();
  });
});

describe("decodeQuantized", () => {
  it("maps 8-bit q to offset + scale·q", () => {
    // bytes 0, 2, 255 = "AAL/"
    const values = decodeQuantized({ shape: [3], bits: 8, scale: 0.5, offset: -1, base64: "AAL/" });
    expect([...values]).toEqual([-1, 0, 126.5]);
  });

  it("reads 16-bit values little-endian", () => {
    // bytes 34 12 ff ff = 0x1234, 0xffff -> "NBL//w=="
    const values = decodeQuantized({ shape: [2], bits: 16, scale: 1, offset: 0, base64: "NBL//w==" });
    expect([...values]).toEqual([0x1234, 0xffff]);
  });
});
