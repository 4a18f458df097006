/**
 * What a compiled package entry (`index.d.ts`) exports, following `export *`: the executor
 * builds the prelude every cell sees (`import { conv2d, type Tensor, … } from "convlab"`) from
 * it. The TypeScript API is passed in (the executor uses tslab's bundled TypeScript).
 */
import { existsSync } from "node:fs";
import path from "node:path";
import type * as TS from "typescript";

/** One exported name of a declaration file, and whether it is only a type. */
export interface ExportedName {
  readonly name: string;
  readonly typeOnly: boolean;
}

/** The slice of the TypeScript API this module uses. */
export type DeclarationApi = Pick<
  typeof TS,
  | "createSourceFile"
  | "isExportDeclaration"
  | "isInterfaceDeclaration"
  | "isNamespaceExport"
  | "isTypeAliasDeclaration"
  | "isVariableStatement"
  | "isIdentifier"
  | "ScriptTarget"
  | "SyntaxKind"
  | "sys"
>;

/**
 * Lists the names `declarationFile` exports (a name is type-only when every export of it is).
 *
 * @example
 * ```ts
 * import ts from "typescript";
 * import { listExports } from "./declared-exports.js";
 * listExports(ts, "/path/to/dist/index.d.ts"); // [{ name: "conv2d", typeOnly: false }, …]
 * ```
 */
export function listExports(ts: DeclarationApi, declarationFile: string): ExportedName[] {
  const found = new Map<string, boolean>();
  const visited = new Set<string>();
  const add = (name: string, typeOnly: boolean) => {
    found.set(name, (found.get(name) ?? true) && typeOnly);
  };
  const visit = (file: string) => {
    if (visited.has(file) || !existsSync(file)) return;
    visited.add(file);
    const sf = ts.createSourceFile(file, ts.sys.readFile(file) ?? "", ts.ScriptTarget.Latest, true);
    for (const statement of sf.statements) {
      if (ts.isExportDeclaration(statement)) {
        const clause = statement.exportClause;
        const specifier = statement.moduleSpecifier as TS.StringLiteral | undefined;
        if (!clause) {
          if (specifier?.text) visit(resolveDeclaration(file, specifier.text));
        } else if (ts.isNamespaceExport(clause)) {
          add(clause.name.text, statement.isTypeOnly);
        } else {
          for (const element of clause.elements)
            add(element.name.text, statement.isTypeOnly || element.isTypeOnly);
        }
        continue;
      }
      const modifiers = (statement as { modifiers?: readonly TS.Node[] }).modifiers ?? [];
      if (!modifiers.some((m) => m.kind === ts.SyntaxKind.ExportKeyword)) continue;
      if (ts.isVariableStatement(statement)) {
        for (const d of statement.declarationList.declarations)
          if (ts.isIdentifier(d.name)) add(d.name.text, false);
        continue;
      }
      const name = (statement as { name?: TS.Node }).name;
      if (!name || !ts.isIdentifier(name)) continue;
      add(name.text, ts.isInterfaceDeclaration(statement) || ts.isTypeAliasDeclaration(statement));
    }
  };
  visit(declarationFile);
  return [...found].map(([name, typeOnly]) => ({ name, typeOnly }));
}

function resolveDeclaration(from: string, specifier: string): string {
  const base = path.resolve(path.dirname(from), specifier).replace(/\.js$/, "");
  return existsSync(`${base}.d.ts`) ? `${base}.d.ts` : path.join(base, "index.d.ts");
}
