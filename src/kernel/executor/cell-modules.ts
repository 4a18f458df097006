/**
 * The scope cells run in: one `exports` object that holds every top-level name the cells define
 * (tslab's CommonJS output reads earlier names from it), and the `require` cells call, which
 * serves `convlab`, `convlab/kernel`, the local `.ts` modules a cell imported (compiled by the
 * converter) and everything else from the notebook's directory: CommonJS packages through
 * Node's `require`, ES-module-only ones through `import()` ({@link ModuleLoader}). The same
 * `require` carries `dynamicImport`, which the compiled code calls for each `import()`.
 */
import Module, { createRequire } from "node:module";
import path from "node:path";
import { DYNAMIC_IMPORT, STATIC_IMPORT } from "./import-transform.js";
import { ModuleLoader } from "./module-loader.js";

/** A local module the converter compiled to CommonJS. */
export interface CompiledModule {
  readonly path: string;
  readonly code: string;
  /** Its static import specifiers (loaded before it runs). */
  readonly imports?: readonly string[];
}

/** The `require` compiled cells and modules call: Node's, plus `import()` from the same place. */
export type CellRequire = ((id: string) => unknown) & {
  readonly [DYNAMIC_IMPORT]: (id: string) => Promise<unknown>;
};

interface CompilableModule extends NodeJS.Module {
  _compile(code: string, filename: string): void;
  paths: string[];
}

const nodeModulePaths = (dir: string): string[] =>
  (Module as unknown as { _nodeModulePaths(d: string): string[] })._nodeModulePaths(dir);

/**
 * The names and modules of one executor's cells.
 *
 * @example
 * ```ts
 * import { CellScope } from "./cell-modules.js";
 * const scope = new CellScope(process.cwd(), { convlab: { answer: 42 } });
 * (scope.require("convlab") as { answer: number }).answer; // 42
 * scope.reset({ conv2d: 1 });
 * Object.keys(scope.exports); // ["conv2d"]
 * scope.exports.x = 2;
 * scope.definedNames(); // ["x"]
 * ```
 */
export class CellScope {
  /** Every name the cells defined (plus the library and cell API, put in by {@link reset}). */
  readonly exports: Record<string, unknown>;
  /** The `require` cells call. */
  readonly require: CellRequire;
  private readonly target: Record<string, unknown> = {};
  private baseline: Readonly<Record<string, unknown>> = {};
  private readonly sources = new Map<string, string>();
  private readonly imports = new Map<string, readonly string[]>();
  private readonly loaded = new Map<string, NodeJS.Module>();
  private readonly modules = new ModuleLoader();

  private cellRequire: CellRequire;

  constructor(
    private cwd: string,
    private readonly builtins: Readonly<Record<string, unknown>>,
  ) {
    const target = this.target;
    this.exports = new Proxy(target, {
      defineProperty(_t, prop, attributes) {
        if (prop === "__esModule") return true;
        target[prop as string] = attributes.get ? attributes.get() : attributes.value;
        return true;
      },
    });
    this.cellRequire = this.requireFrom(cwd, createRequire(path.join(cwd, "__convlab_cell__.js")));
    this.require = Object.assign((id: string) => this.cellRequire(id), {
      [DYNAMIC_IMPORT]: (id: string) => this.cellRequire[DYNAMIC_IMPORT](id),
    });
  }

  /**
   * Serves cells from another directory from now on (a warm executor adopted by a kernel started
   * elsewhere, before any cell ran): relative imports and packages resolve from `cwd`.
   */
  moveTo(cwd: string): void {
    this.cwd = cwd;
    this.cellRequire = this.requireFrom(cwd, createRequire(path.join(cwd, "__convlab_cell__.js")));
  }

  /** Empties the scope and fills it with the names every cell sees. */
  reset(names: Readonly<Record<string, unknown>>): void {
    for (const key of Object.keys(this.target)) delete this.target[key];
    Object.assign(this.target, names);
    this.baseline = { ...names };
  }

  /** The names cells defined (or redefined over a name every cell sees), for `%who`. */
  definedNames(): string[] {
    return Object.keys(this.target).filter(
      (name) => !Object.hasOwn(this.baseline, name) || this.baseline[name] !== this.target[name],
    );
  }

  /** Takes (or replaces) local modules a cell imported; they load on first `require`. */
  addModules(modules: readonly CompiledModule[]): void {
    for (const module of modules) {
      this.sources.set(module.path, module.code);
      this.imports.set(module.path, module.imports ?? []);
      this.loaded.delete(module.path);
    }
  }

  /**
   * Loads the ES-module-only packages that a cell (static imports `imports`) and the local
   * modules it added import, before the cell runs, as an ES module's imports are.
   */
  async preload(imports: readonly string[]): Promise<void> {
    await this.modules.preload(imports, this.cwd);
    for (const [filename, moduleImports] of this.imports) {
      if (!this.loaded.has(filename)) await this.modules.preload(moduleImports, path.dirname(filename));
    }
  }

  /** Reads and removes a name (the converter's last-expression variable). */
  take(name: string): unknown {
    const value = this.target[name];
    delete this.target[name];
    return value;
  }

  private requireFrom(dir: string, fallback: NodeJS.Require): CellRequire {
    const localModule = (id: string): NodeJS.Module | undefined => {
      if (!id.startsWith(".")) return undefined;
      let filename = path.resolve(dir, id);
      if (path.extname(filename) === "") filename += ".js";
      return this.loadLocal(filename);
    };
    const require = (request: string): unknown => {
      const isStaticImport = request.startsWith(STATIC_IMPORT);
      const id = isStaticImport ? request.slice(STATIC_IMPORT.length) : request;
      if (Object.hasOwn(this.builtins, id)) return this.builtins[id];
      const local = localModule(id);
      if (local !== undefined) return local.exports;
      const esModule = isStaticImport ? this.modules.loaded(id, dir) : undefined;
      if (esModule !== undefined) return esModule;
      try {
        return fallback(id);
      } catch (error) {
        // An ES-module-only package (no `require` entry in its `exports`) that was not preloaded.
        if ((error as NodeJS.ErrnoException).code !== "ERR_PACKAGE_PATH_NOT_EXPORTED") throw error;
        const esOnly = this.modules.requireEsModule(id, dir, fallback);
        if (esOnly === undefined) throw error;
        return esOnly;
      }
    };
    const dynamicImport = async (id: string): Promise<unknown> => {
      if (Object.hasOwn(this.builtins, id)) return this.builtins[id];
      const local = localModule(id);
      if (local !== undefined) return local.exports;
      return this.modules.dynamicImport(id, dir);
    };
    return Object.assign(require, { [DYNAMIC_IMPORT]: dynamicImport });
  }

  private loadLocal(filename: string): NodeJS.Module | undefined {
    const cached = this.loaded.get(filename);
    if (cached) return cached;
    const code = this.sources.get(filename);
    if (code === undefined) return undefined;
    const mod = new Module(filename) as CompilableModule;
    mod.filename = filename;
    mod.paths = nodeModulePaths(path.dirname(filename));
    const own = mod.require.bind(mod) as NodeJS.Require;
    mod.require = Object.assign(this.requireFrom(path.dirname(filename), own), own) as NodeJS.Require;
    this.loaded.set(filename, mod);
    mod._compile(code, filename);
    return mod;
  }
}
