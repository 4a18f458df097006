/**
 * The scope cells run in: one `exports` object that holds every top-level name the cells define
 * (tslab's CommonJS output reads earlier names from it), and the `require` cells call, which
 * serves `convlab`, `convlab/kernel`, the local `.ts` modules a cell imported (compiled by the
 * converter) and everything else from the notebook's directory.
 */
import Module, { createRequire } from "node:module";
import path from "node:path";

/** A local module the converter compiled to CommonJS. */
export interface CompiledModule {
  readonly path: string;
  readonly code: string;
}

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
 * ```
 */
export class CellScope {
  /** Every name the cells defined (plus the library and cell API, put in by {@link reset}). */
  readonly exports: Record<string, unknown>;
  /** The `require` cells call. */
  readonly require: (id: string) => unknown;
  private readonly target: Record<string, unknown> = {};
  private readonly sources = new Map<string, string>();
  private readonly loaded = new Map<string, NodeJS.Module>();

  constructor(
    cwd: string,
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
    this.require = this.requireFrom(cwd, createRequire(path.join(cwd, "__convlab_cell__.js")));
  }

  /** Empties the scope and fills it with the names every cell sees. */
  reset(names: Readonly<Record<string, unknown>>): void {
    for (const key of Object.keys(this.target)) delete this.target[key];
    Object.assign(this.target, names);
  }

  /** Takes (or replaces) local modules a cell imported; they load on first `require`. */
  addModules(modules: readonly CompiledModule[]): void {
    for (const module of modules) {
      this.sources.set(module.path, module.code);
      this.loaded.delete(module.path);
    }
  }

  /** Reads and removes a name (the converter's last-expression variable). */
  take(name: string): unknown {
    const value = this.target[name];
    delete this.target[name];
    return value;
  }

  private requireFrom(dir: string, fallback: NodeJS.Require): (id: string) => unknown {
    return (id: string) => {
      if (Object.hasOwn(this.builtins, id)) return this.builtins[id];
      if (id.startsWith(".")) {
        let filename = path.resolve(dir, id);
        if (path.extname(filename) === "") filename += ".js";
        const local = this.loadLocal(filename);
        if (local !== undefined) return local.exports;
      }
      return fallback(id);
    };
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
