/**
 * The prebuilt extension declares caret ranges for JupyterLab's packages (as the official extension
 * template does), so it installs into every JupyterLab 4 release from its lowest supported one on.
 * That lowest version is the floor of the ranges; labextension/README.md states it, and
 * scripts/ui-matrix.sh tests it (ui-tests/matrix/requirements-lowest.txt) beside the newest 4.x.
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";

const read = (path: string) => readFileSync(new URL(path, import.meta.url), "utf8");
const pkg = JSON.parse(read("../../package.json")) as {
  dependencies: Record<string, string>;
  devDependencies: Record<string, string>;
};
const pin = (file: string, name: string) => new RegExp(`^${name}==(\\S+)$`, "m").exec(read(file))?.[1];

describe("the extension's JupyterLab compatibility", () => {
  it("declares caret ranges for every @jupyterlab and @lumino package", () => {
    const shared = Object.entries(pkg.dependencies).filter(([name]) => /^@(jupyterlab|lumino)\//.test(name));
    expect(shared.length).toBeGreaterThan(5);
    for (const [name, range] of shared) expect(range, name).toMatch(/^\^\d+\.\d+\.\d+$/);
  });

  it("states its lowest supported JupyterLab, the floor of its ranges, which the version matrix tests", () => {
    const lowest = pin("../../ui-tests/matrix/requirements-lowest.txt", "jupyterlab");
    expect(lowest).toBe("4.0.0");
    expect(pkg.dependencies["@jupyterlab/application"]).toBe(`^${lowest}`);
    expect(read("../../README.md")).toContain(`Lowest supported JupyterLab: ${lowest}.`);
    expect(read("../../../README.md")).toContain(`JupyterLab ${lowest}`);
  });

  it("tests the newest JupyterLab 4 too, and the venv's JupyterLab matches its Notebook 7", () => {
    const newest = pin("../../ui-tests/matrix/requirements-newest.txt", "jupyterlab");
    expect(newest).toMatch(/^4\./);
    // notebook 7.x requires the JupyterLab 4.x of the same minor (notebook 7.6.5: >=4.6.6,<4.7)
    const venvLab = pin("../../../requirements.txt", "jupyterlab");
    const venvNotebook = pin("../../../requirements.txt", "notebook");
    expect(venvNotebook?.split(".")[1]).toBe(venvLab?.split(".")[1]);
    // the extension is built against JupyterLab core metadata no newer than the venv's JupyterLab
    expect(pkg.devDependencies["@jupyterlab/core-meta"]?.split(".").slice(0, 2)).toEqual(
      venvLab?.split(".").slice(0, 2),
    );
  });
});
