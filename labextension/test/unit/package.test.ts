/**
 * The prebuilt extension declares caret ranges for JupyterLab's packages (as the official extension
 * template does), so it installs into any later JupyterLab 4 release; its lowest supported
 * JupyterLab, stated in labextension/README.md, is the one the UI tests run (requirements.txt).
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";

const read = (path: string) => readFileSync(new URL(path, import.meta.url), "utf8");
const pkg = JSON.parse(read("../../package.json")) as { dependencies: Record<string, string> };

describe("the extension's JupyterLab compatibility", () => {
  it("declares caret ranges for every @jupyterlab and @lumino package", () => {
    const shared = Object.entries(pkg.dependencies).filter(([name]) => /^@(jupyterlab|lumino)\//.test(name));
    expect(shared.length).toBeGreaterThan(5);
    for (const [name, range] of shared) expect(range, name).toMatch(/^\^\d+\.\d+\.\d+$/);
  });

  it("states its lowest supported JupyterLab, the version the UI tests run", () => {
    const pinned = /^jupyterlab==(\S+)$/m.exec(read("../../../requirements.txt"))?.[1];
    expect(pinned).toBeDefined();
    expect(read("../../README.md")).toContain(`Lowest supported JupyterLab: ${pinned}`);
    expect(pkg.dependencies["@jupyterlab/application"]).toBe(`^${pinned}`);
  });
});
