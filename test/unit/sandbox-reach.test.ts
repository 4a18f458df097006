import { chmodSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { closedAncestor } from "../../src/grade/sandbox/reach.js";

describe("closedAncestor (can the sandbox's user reach ConvLab?)", () => {
  const made: string[] = [];
  afterEach(() => {
    for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
  });

  it("names the first directory others cannot enter, as `mktemp -d` or /root make it", () => {
    const closed = mkdtempSync(join(tmpdir(), "convlab-reach-")); // mode 0700, like mktemp -d
    made.push(closed);
    const checkout = join(closed, "clone", "convlab");
    mkdirSync(checkout, { recursive: true, mode: 0o755 });
    chmodSync(closed, 0o700);
    expect(closedAncestor(checkout)).toBe(closed);
    chmodSync(closed, 0o711); // execute for others is enough to pass through
    expect(closedAncestor(checkout)).toBeUndefined();
  });
});
