/** The executor's TypeScript session, with the ConvLab API declared for every cell, and its lifecycle. */
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

/** The cell the compiler is warmed up with (the first compile builds the checker's program). */
const WARM_UP_CELL = "const __convlab_warm_up__: number = 1 + 1;";

/**
 * The executor's compiler: the session for the notebook's directory, built on first use (or by
 * {@link warmUp}, before the first request), and built again when a warm executor moves to
 * another directory (from the declaration files this process already parsed).
 *
 * @example
 * ```ts
 * const compiler = new CellCompiler(process.cwd(), "/path/to/convlab");
 * compiler.warmUp(); // about a second: lib files, @types/node, the ConvLab API
 * compiler.moveTo("/home/student/hw1"); // about 0.1 s
 * compiler.session().compile("conv2d").ok; // true
 * ```
 */
export class CellCompiler {
  private current: TypeScriptSession | undefined;

  constructor(
    private directory: string,
    private readonly packageRoot: string,
  ) {}

  /** The directory cells compile in. */
  get cwd(): string {
    return this.directory;
  }

  session(): TypeScriptSession {
    this.current ??= createCellSession(this.directory, this.packageRoot);
    return this.current;
  }

  /** Builds the session and the checker's program now, before a request needs them. */
  warmUp(): void {
    this.session().compile(WARM_UP_CELL);
  }

  /** Compiles cells in `cwd` from now on (call before any cell ran: earlier declarations are dropped). */
  moveTo(cwd: string): void {
    this.current?.close();
    this.current = undefined;
    this.directory = cwd;
    this.warmUp();
  }
}
