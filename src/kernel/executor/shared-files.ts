/**
 * Parsed declaration files shared by the sessions of one executor process. Parsing and binding
 * TypeScript's lib files, `@types/node` and the ConvLab API is most of a session's start; a warm
 * executor adopted for another directory builds its new session from the files its first one
 * parsed (TypeScript's language service shares files between programs the same way). Only files
 * that do not change during a session are shared: declaration files outside the notebook's
 * directory, and anything under a `node_modules` (the compiler does not watch those either).
 */
import type { BuilderSourceFile } from "./light-builder.js";

/** The compiler host calls this module wraps (the watch program's, as `createProgram` receives it). */
export interface SourceFileHost {
  getSourceFile(
    fileName: string,
    languageVersion: unknown,
    ...rest: unknown[]
  ): BuilderSourceFile | undefined;
  getSourceFileByPath?(
    fileName: string,
    path: string,
    languageVersion: unknown,
    ...rest: unknown[]
  ): BuilderSourceFile | undefined;
}

const shared = new Map<string, BuilderSourceFile>();

/**
 * Whether a file can be shared between sessions in other directories: a declaration file outside
 * `cwd`, or any file under a `node_modules` (its real path, after package forwarding).
 *
 * @example
 * ```ts
 * import { isShareable } from "./shared-files.js";
 * isShareable("/usr/lib/node_modules/typescript/lib/lib.es5.d.ts", "/home/s/nb"); // true
 * isShareable("/home/s/nb/types.d.ts", "/home/s/nb"); // false
 * isShareable("/home/s/nb/helper.ts", "/home/s/nb"); // false
 * ```
 */
export function isShareable(realPath: string, cwd: string): boolean {
  if (realPath.includes("/node_modules/")) return true;
  return realPath.endsWith(".d.ts") && !realPath.startsWith(`${cwd}/`);
}

function keyOf(realPath: string, languageVersion: unknown): string {
  const version =
    typeof languageVersion === "object" && languageVersion !== null
      ? `${(languageVersion as { languageVersion?: number }).languageVersion}/${(languageVersion as { impliedNodeFormat?: number }).impliedNodeFormat}`
      : String(languageVersion);
  return `${realPath}\0${version}`;
}

/**
 * A compiler host that serves shareable files from (and adds them to) this process's shared
 * files; `realPath` maps a path the compiler asks for to the file it reads (package forwarding).
 *
 * @example
 * ```ts
 * import { shareParsedFiles } from "./shared-files.js";
 * let parses = 0;
 * const host = { getSourceFile: (fileName: string) => ({ fileName, parse: ++parses }) };
 * const first = shareParsedFiles(host, "/nb-a", (p) => p);
 * const second = shareParsedFiles(host, "/nb-b", (p) => p);
 * first.getSourceFile("/lib/lib.es5.d.ts", 99) === second.getSourceFile("/lib/lib.es5.d.ts", 99); // true
 * second.getSourceFile("/nb-b/helper.ts", 99) === second.getSourceFile("/nb-b/helper.ts", 99); // false
 * parses; // 3
 * ```
 */
export function shareParsedFiles<H extends SourceFileHost>(
  host: H,
  cwd: string,
  realPath: (p: string) => string,
): H {
  const wrapped = Object.create(host) as H;
  const serve = (
    fileName: string,
    languageVersion: unknown,
    fresh: unknown,
    read: () => BuilderSourceFile | undefined,
  ): BuilderSourceFile | undefined => {
    const real = realPath(fileName);
    if (fresh === true || !isShareable(real, cwd)) return read();
    const key = keyOf(real, languageVersion);
    const known = shared.get(key);
    if (known) return known;
    const file = read();
    if (file) shared.set(key, file);
    return file;
  };
  wrapped.getSourceFile = (fileName, languageVersion, onError, fresh, ...rest) =>
    serve(fileName, languageVersion, fresh, () =>
      host.getSourceFile(fileName, languageVersion, onError, fresh, ...rest),
    );
  if (host.getSourceFileByPath) {
    const byPath = host.getSourceFileByPath.bind(host);
    wrapped.getSourceFileByPath = (fileName, path, languageVersion, onError, fresh, ...rest) =>
      serve(fileName, languageVersion, fresh, () =>
        byPath(fileName, path, languageVersion, onError, fresh, ...rest),
      );
  }
  return wrapped;
}
