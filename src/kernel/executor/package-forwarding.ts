/**
 * Package forwarding: `import … from "convlab"` type-checks from a notebook in any directory,
 * because the compiler's reads under `<cwd>/node_modules/<name>/` are forwarded to the package.
 * A forwarded package's `package.json` gains an `exports` entry for each of its subpath type
 * entry points (e.g. `convlab/kernel`, which cells import but the published package does not
 * export), so the bundler-style resolution that honours `exports` finds them.
 */
import path from "node:path";

/** A package that cells can import by name from any directory. */
export interface ForwardedPackage {
  readonly name: string;
  /** The package's root directory (holding its package.json). */
  readonly root: string;
  /** Subpath type entry points, e.g. `{ kernel: "dist/kernel/cell-api/index.d.ts" }`. */
  readonly subpathTypes?: Readonly<Record<string, string>>;
}

/** The file-system calls of the compiler's `sys` that forwarding wraps. */
export interface ForwardableSystem {
  readFile(p: string, encoding?: string): string | undefined;
  fileExists(p: string): boolean;
  directoryExists(p: string): boolean;
}

let forwarding: { cwd: string; packages: readonly ForwardedPackage[] } | undefined;

/** The forwarded package that `p` lies in (under `<cwd>/node_modules/<name>`), and the rest of the path. */
function forwardedPackageOf(p: string): { pkg: ForwardedPackage; rel: string } | undefined {
  if (!forwarding) return undefined;
  for (const pkg of forwarding.packages) {
    const virtualRoot = path.join(forwarding.cwd, "node_modules", pkg.name);
    if (p === virtualRoot || p.startsWith(`${virtualRoot}/`))
      return { pkg, rel: path.relative(virtualRoot, p) };
  }
  return undefined;
}

/**
 * Where a read of `p` is served from.
 *
 * @example
 * ```ts
 * forwardPath("/elsewhere/file.ts"); // "/elsewhere/file.ts" (outside every forwarded package)
 * ```
 */
export function forwardPath(p: string): string {
  const found = forwardedPackageOf(p);
  if (!found) return p;
  const { pkg, rel } = found;
  for (const [subpath, types] of Object.entries(pkg.subpathTypes ?? {})) {
    if (rel === `${subpath}.d.ts`) return path.join(pkg.root, types);
  }
  return path.join(pkg.root, rel);
}

/** A forwarded package.json with `exports` entries for the package's subpath type entry points. */
function withSubpathExports(text: string | undefined, pkg: ForwardedPackage): string | undefined {
  const subpaths = Object.entries(pkg.subpathTypes ?? {});
  if (text === undefined || subpaths.length === 0) return text;
  try {
    const manifest = JSON.parse(text) as { exports?: unknown };
    if (!manifest.exports || typeof manifest.exports !== "object") return text;
    const exports = { ...(manifest.exports as Record<string, unknown>) };
    for (const [subpath, types] of subpaths) exports[`./${subpath}`] ??= { types: `./${types}` };
    return JSON.stringify({ ...manifest, exports });
  } catch {
    return text;
  }
}

/**
 * Wraps the compiler's file system so the packages are readable under `<cwd>/node_modules`
 * (once; later calls change the directory and packages).
 *
 * @example
 * ```ts
 * installForwarding(ts.sys, process.cwd(), [{ name: "convlab", root: packageRoot }]);
 * ```
 */
export function installForwarding(
  sys: ForwardableSystem,
  cwd: string,
  packages: readonly ForwardedPackage[],
): void {
  const firstInstall = forwarding === undefined;
  forwarding = { cwd, packages };
  if (!firstInstall) return;
  const readFile = sys.readFile.bind(sys);
  const fileExists = sys.fileExists.bind(sys);
  const directoryExists = sys.directoryExists.bind(sys);
  sys.readFile = (p, encoding) => {
    const text = readFile(forwardPath(p), encoding);
    const found = forwardedPackageOf(p);
    return found?.rel === "package.json" ? withSubpathExports(text, found.pkg) : text;
  };
  sys.fileExists = (p) => fileExists(forwardPath(p));
  sys.directoryExists = (p) => directoryExists(forwardPath(p));
}
