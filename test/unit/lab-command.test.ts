/** `convlab lab` keeps the server token off the command line (readable by any local user via ps). */
import { describe, expect, it } from "vitest";
import { labCommand } from "../../src/cli/index.js";

describe("labCommand", () => {
  it("passes the token in JUPYTER_TOKEN, and no argument carries it", () => {
    const { args, env, url } = labCommand({
      port: 9123,
      ip: "127.0.0.1",
      open: "notebooks/x.ipynb",
      token: "s3cret",
    });
    expect(args.some((a) => a.includes("s3cret"))).toBe(false);
    expect(env).toEqual({ JUPYTER_TOKEN: "s3cret" });
    expect(url).toBe("http://127.0.0.1:9123/lab/tree/notebooks/x.ipynb?token=s3cret");
  });

  it("makes a fresh random token when none is given, also only in the environment", () => {
    const { args, env } = labCommand({ port: 9123, ip: "127.0.0.1", open: "notebooks/x.ipynb" });
    expect(env.JUPYTER_TOKEN).toMatch(/^[0-9a-f]{48}$/);
    expect(args.some((a) => a.includes(env.JUPYTER_TOKEN as string))).toBe(false);
  });
});
