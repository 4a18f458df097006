/** The executor's TypeScript session, with the ConvLab API declared for every cell. */
import path from "node:path";
import { createTypeScriptSession, listDeclaredExports, type TypeScriptSession } from "./tslab-adapter.js";

/**
 * Creates the session cells compile in: `convlab` and `convlab/kernel` (the cell API) are
 * imported for every cell from the package at `packageRoot`, which type-checks from a
 * notebook in any directory `cwd`.
 *
 * @example
 * ```ts
 * const session = createCellSession(process.cwd(), "/path/to/convlab");
 * session.compile("conv2d").ok; // true
 * ```
 */
export function createCellSession(cwd: string, packageRoot: string): TypeScriptSession {
  const dist = path.join(packageRoot, "dist");
  const declared = (file: string) =>
    listDeclaredExports(path.join(dist, file))
      .map((n) => (n.typeOnly ? `type ${n.name}` : n.name))
      .join(", ");
  const prelude =
    `import { ${declared("index.d.ts")} } from "convlab";\n` +
    `import { ${declared("kernel/cell-api/index.d.ts")} } from "convlab/kernel";\n`;
  return createTypeScriptSession({
    cwd,
    packages: [
      { name: "convlab", root: packageRoot, subpathTypes: { kernel: "dist/kernel/cell-api/index.d.ts" } },
    ],
    preludeDeclarations: prelude,
  });
}
