import { describe, expect, it } from "vitest";
import { executorSettings, parseLaunchRequest } from "../../../src/kernel/pool/handover.js";

const good = { connectionFile: "/run/k.json", cwd: "/home/s", env: { HOME: "/home/s" }, launcherPid: 7 };
const line = (patch: Record<string, unknown>) => JSON.stringify({ ...good, ...patch });

describe("the warm pool's launch request", () => {
  it("takes a well-formed request as it is", () => {
    expect(parseLaunchRequest(line({}))).toEqual(good);
  });

  it.each([
    [{ connectionFile: "k.json" }, /connectionFile = "k\.json" must be an absolute path/],
    [{ cwd: 3 }, /cwd = 3 must be an absolute path/],
    [{ env: ["A=1"] }, /env = \["A=1"\] must be an object/],
    [{ env: { A: 1 } }, /env\.A = 1 must be a string/],
    [{ launcherPid: -1 }, /launcherPid = -1 must be a positive integer/],
    [{ launcherPid: 1.5 }, /launcherPid = 1\.5 must be a positive integer/],
  ])("refuses %j, naming the field, the value and the rule", (patch, message) => {
    expect(() => parseLaunchRequest(line(patch))).toThrow(message);
  });

  it("refuses a line that is not JSON", () => {
    expect(() => parseLaunchRequest("interrupt")).toThrow(SyntaxError);
  });

  it("tells executors apart by the settings fixed when they start", () => {
    expect(executorSettings({ CONVLAB_KERNEL_MEMORY_MB: "1024" })).not.toBe(executorSettings({}));
    expect(executorSettings({ HOME: "/a" })).toBe(executorSettings({ HOME: "/b" }));
  });
});
