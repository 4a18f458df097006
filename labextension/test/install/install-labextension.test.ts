/**
 * Installs the real prebuilt extension into a fresh prefix and asks the real JupyterLab (the
 * project venv, requirements.txt) whether it is there, enabled and OK.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import {
  installLabextension,
  LABEXTENSION_NAME,
  labextensionInstallDir,
} from "../../../src/cli/install-labextension.js";
import { ConvLabError } from "../../../src/errors.js";

const root = new URL("../../../", import.meta.url).pathname;
const jupyter = join(root, ".venv", "bin", "jupyter");
const prefix = mkdtempSync(join(tmpdir(), "convlab-labext-"));
afterAll(() => rmSync(prefix, { recursive: true, force: true }));

describe("installLabextension", () => {
  it("copies the prebuilt extension to <prefix>/share/jupyter/labextensions/convlab-labextension", () => {
    const installed = installLabextension({ prefix });
    const expected = join(prefix, "share", "jupyter", "labextensions", "convlab-labextension");
    expect(installed.directory).toBe(expected);
    expect(labextensionInstallDir(prefix)).toBe(expected);
    const manifest = JSON.parse(readFileSync(join(expected, "package.json"), "utf8")) as {
      name: string;
      version: string;
      jupyterlab: { _build: { load: string } };
    };
    expect(manifest.name).toBe(LABEXTENSION_NAME);
    expect(installed.version).toBe(manifest.version);
    expect(existsSync(join(expected, manifest.jupyterlab._build.load))).toBe(true);
    expect(existsSync(join(expected, "schemas", "convlab-labextension", "plugin.json"))).toBe(true);
  });

  it("is listed by `jupyter labextension list` as enabled and OK", () => {
    installLabextension({ prefix }); // a second install replaces the first
    // jupyter labextension list writes its listing to stderr
    const run = spawnSync(jupyter, ["labextension", "list"], {
      env: { ...process.env, JUPYTER_PATH: join(prefix, "share", "jupyter") },
      encoding: "utf8",
    });
    expect(run.status).toBe(0);
    const esc = String.fromCharCode(27);
    const output = `${run.stdout}${run.stderr}`
      .split(esc)
      .join("")
      .replace(/\[[0-9;]*m/g, "");
    expect(output).toContain(join(prefix, "share", "jupyter", "labextensions"));
    expect(output).toMatch(/convlab-labextension v0\.1\.0 enabled\s+OK/);
  });

  it("refuses a folder that holds no built extension, naming it and the fix", () => {
    const empty = mkdtempSync(join(tmpdir(), "convlab-empty-"));
    try {
      expect(() => installLabextension({ prefix, source: empty })).toThrow(ConvLabError);
      expect(() => installLabextension({ prefix, source: empty })).toThrow(
        /must be a built JupyterLab extension.*setup\.sh/,
      );
    } finally {
      rmSync(empty, { recursive: true, force: true });
    }
  });
});
