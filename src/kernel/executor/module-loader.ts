/**
 * Loads the npm packages cells import, whatever their module format: CommonJS packages through
 * `require` (TypeScript's `esModuleInterop` view, which is what the cell was type-checked
 * against), ES-module-only packages (an `exports` map with only an `import` condition, a
 * top-level `await`) through a real `import()`. A package is resolved as Node resolves an
 * `import` from a file in the importing directory (the notebook's directory for a cell): the
 * `exports` map with the `node` and `import` conditions, so a dual package gives its ES module
 * build, as it would to an ES module.
 */
import { readFileSync } from "node:fs";
import { builtinModules, createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { resolve as resolveImport } from "import-meta-resolve";

type Namespace = Record<string, unknown>;

const BUILTINS = new Set(builtinModules);

/**
 * Whether a specifier names a package (not a relative path, URL or Node built-in).
 *
 * @example
 * ```ts
 * import { isPackageSpecifier } from "./module-loader.js";
 * isPackageSpecifier("estree-walker"); // true
 * isPackageSpecifier("node:fs");       // false
 * isPackageSpecifier("./local");       // false
 * ```
 */
export function isPackageSpecifier(specifier: string): boolean {
  if (specifier.startsWith(".") || specifier.startsWith("/") || /^[a-z][a-z0-9+.-]*:/i.test(specifier))
    return false;
  return !BUILTINS.has(specifier);
}

/**
 * An ES module namespace as TypeScript's CommonJS output expects it: flagged `__esModule`, so
 * `import x from` reads its `default` export and `import * as ns from` keeps it as it is.
 *
 * @example
 * ```ts
 * import { asCommonJsView } from "./module-loader.js";
 * const ns = asCommonJsView({ walk: 1, default: 2 });
 * [ns.__esModule, ns.walk, ns.default]; // [true, 1, 2]
 * ```
 */
export function asCommonJsView(namespace: Namespace): Namespace {
  if (namespace.__esModule) return namespace;
  const view: Namespace = Object.create(null);
  Object.defineProperty(view, "__esModule", { value: true });
  Object.defineProperty(view, Symbol.toStringTag, { value: "Module" });
  for (const key of Object.keys(namespace)) {
    Object.defineProperty(view, key, { enumerable: true, get: () => namespace[key] });
  }
  return view;
}

/**
 * A CommonJS module's exports as TypeScript's `import()` (with `esModuleInterop`) sees them: as
 * they are when flagged `__esModule`, else its properties plus `default` = the exports.
 *
 * @example
 * ```ts
 * import { importStarView } from "./module-loader.js";
 * const exported = Object.assign(() => 1, { version: "1" });
 * const ns = importStarView(exported);
 * [ns.default === exported, ns.version]; // [true, "1"]
 * ```
 */
export function importStarView(exported: unknown): Namespace {
  if (exported !== null && (typeof exported === "object" || typeof exported === "function")) {
    if ((exported as Namespace).__esModule) return exported as Namespace;
    const view: Namespace = { ...(exported as Namespace) };
    view.default = exported;
    return view;
  }
  return { default: exported };
}

/**
 * Package format lookups and the ES modules loaded for cells, shared by every directory that
 * imports (the notebook's and those of its local `.ts` modules).
 *
 * @example
 * ```ts
 * import { ModuleLoader } from "./module-loader.js";
 * const loader = new ModuleLoader();
 * await loader.preload(["node:fs", "./local"], process.cwd()); // nothing to load: no package
 * loader.loaded("node:fs", process.cwd()) === undefined; // true
 * const walker = (await loader.dynamicImport("estree-walker", process.cwd())) as { walk: unknown };
 * typeof walker.walk; // "function"
 * ```
 */
export class ModuleLoader {
  private readonly esm = new Map<string, Namespace>();
  private readonly packageTypes = new Map<string, boolean>();

  /** The ES module a cell in `dir` imported as `specifier`, once {@link preload} loaded it. */
  loaded(specifier: string, dir: string): Namespace | undefined {
    return this.esm.get(`${dir}\0${specifier}`);
  }

  /**
   * Loads, with `import()`, the packages among `specifiers` that resolve to ES modules from
   * `dir`, so the code's synchronous `require` finds them. Unresolvable names are left for
   * `require` to report.
   */
  async preload(specifiers: readonly string[], dir: string): Promise<void> {
    for (const specifier of specifiers) {
      if (!isPackageSpecifier(specifier) || this.esm.has(`${dir}\0${specifier}`)) continue;
      const url = this.resolve(specifier, dir);
      if (!url || !this.isEsModule(url)) continue;
      const namespace = (await import(url.href)) as Namespace;
      this.esm.set(`${dir}\0${specifier}`, asCommonJsView(namespace));
    }
  }

  /**
   * `import(specifier)` from a module in `dir`: an ES module's namespace, or a CommonJS
   * module's exports in TypeScript's interop view.
   */
  async dynamicImport(specifier: string, dir: string): Promise<unknown> {
    const url = resolveImport(specifier, pathToFileURL(path.join(dir, path.sep)).href);
    const target = new URL(url);
    if (target.protocol === "file:" && !this.isEsModule(target)) {
      return importStarView(createRequire(path.join(dir, "__convlab_import__.js"))(fileURLToPath(target)));
    }
    return import(url);
  }

  /**
   * `require(specifier)` of a package whose `exports` give no `require` entry (an ES-module-only
   * package that was not preloaded, e.g. a `require` the cell wrote itself): loads its `import`
   * entry with Node's synchronous `require` of ES modules (Node 20.19+; not with top-level await).
   */
  requireEsModule(specifier: string, dir: string, requireFrom: NodeJS.Require): unknown {
    const url = this.resolve(specifier, dir);
    if (url?.protocol !== "file:") return undefined;
    return requireFrom(fileURLToPath(url));
  }

  private resolve(specifier: string, dir: string): URL | undefined {
    try {
      return new URL(resolveImport(specifier, pathToFileURL(path.join(dir, path.sep)).href));
    } catch {
      return undefined;
    }
  }

  /** Node's rule: `.mjs` is an ES module, `.cjs` is not, `.js` follows its package's `type`. */
  private isEsModule(url: URL): boolean {
    if (url.protocol !== "file:") return false;
    const file = fileURLToPath(url);
    const extension = path.extname(file);
    if (extension === ".mjs") return true;
    if (extension !== ".js") return false;
    return this.packageTypeIsModule(path.dirname(file));
  }

  private packageTypeIsModule(dir: string): boolean {
    const cached = this.packageTypes.get(dir);
    if (cached !== undefined) return cached;
    let result = false;
    try {
      const pkg = JSON.parse(readFileSync(path.join(dir, "package.json"), "utf8")) as { type?: unknown };
      result = pkg.type === "module";
    } catch (error) {
      const parent = path.dirname(dir);
      const missing = (error as NodeJS.ErrnoException).code === "ENOENT";
      result =
        missing &&
        parent !== dir &&
        path.basename(dir) !== "node_modules" &&
        this.packageTypeIsModule(parent);
    }
    this.packageTypes.set(dir, result);
    return result;
  }
}
