/**
 * How a cell's ES module imports survive tslab's CommonJS emit. tslab compiles a cell to an ES
 * module and then to CommonJS; this transform runs on that second step and
 * - records the module's static import specifiers (`import … from "x"`, `export … from "x"`,
 *   after type-only imports were dropped), so the executor can load the ES-module-only ones with
 *   a real `import()` before the code runs (static imports are evaluated before a module's body),
 *   and marks them (`require("x")` becomes `require("<STATIC_IMPORT>x")`), so the executor can
 *   tell them from a `require("x")` the cell wrote itself (which keeps Node's `require` rules:
 *   a dual package gives its `import` build to an import and its `require` build to a require);
 * - rewrites every dynamic `import(x)` to `require.dynamicImport(x)`, which the executor serves
 *   with a real `import()` from the importing module's directory instead of TypeScript's
 *   `Promise.resolve().then(() => require(x))` (which cannot load an ES-module-only package).
 *
 * The TypeScript API is passed in (the executor compiles with tslab's bundled TypeScript).
 */
import type * as TS from "typescript";

/** The dynamic import function the rewritten code calls on its `require`. */
export const DYNAMIC_IMPORT = "dynamicImport";

/** The prefix that marks a `require` made by a static import (no package name contains `:`). */
export const STATIC_IMPORT = "convlab-import:";

/** The slice of the TypeScript API the transform uses. */
export type TypeScriptApi = Pick<
  typeof TS,
  | "factory"
  | "isCallExpression"
  | "isImportDeclaration"
  | "isExportDeclaration"
  | "isStringLiteral"
  | "SyntaxKind"
  | "visitEachChild"
  | "visitNode"
  | "visitNodes"
>;

/**
 * A `before` transformer for `ts.transpileModule` that records the static import specifiers of
 * the module into `found` and rewrites dynamic `import()` calls (see the file comment).
 *
 * @example
 * ```ts
 * import ts from "typescript";
 * import { importTransformer } from "./import-transform.js";
 * const found: string[] = [];
 * const out = ts.transpileModule('import { walk } from "estree-walker";\nconst m = import("x");\nexport { walk, m };', {
 *   compilerOptions: { module: ts.ModuleKind.CommonJS },
 *   transformers: { before: [importTransformer(ts, found)] },
 * }).outputText;
 * found; // ["estree-walker"]
 * out.includes('require("convlab-import:estree-walker")'); // true
 * out.includes('require.dynamicImport("x")'); // true
 * ```
 */
export function importTransformer(ts: TypeScriptApi, found: string[]): TS.TransformerFactory<TS.SourceFile> {
  return (context) => (sourceFile) => {
    const { factory } = ts;
    const marked = (specifier: TS.StringLiteral): TS.StringLiteral => {
      found.push(specifier.text);
      return factory.createStringLiteral(`${STATIC_IMPORT}${specifier.text}`);
    };
    const visit = (node: TS.Node): TS.Node => {
      // The fifth and sixth arguments are the import attributes (`assertClause` in TS 5.0).
      const attributes = node as { assertClause?: TS.ImportAttributes; attributes?: TS.ImportAttributes };
      if (ts.isImportDeclaration(node) && ts.isStringLiteral(node.moduleSpecifier)) {
        const specifier = marked(node.moduleSpecifier);
        const attrs = attributes.assertClause ?? attributes.attributes;
        return factory.updateImportDeclaration(node, node.modifiers, node.importClause, specifier, attrs);
      }
      if (ts.isExportDeclaration(node) && node.moduleSpecifier && ts.isStringLiteral(node.moduleSpecifier)) {
        const specifier = marked(node.moduleSpecifier);
        const attrs = attributes.assertClause ?? attributes.attributes;
        const { modifiers, isTypeOnly, exportClause } = node;
        return factory.updateExportDeclaration(node, modifiers, isTypeOnly, exportClause, specifier, attrs);
      }
      if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword) {
        const callee = factory.createPropertyAccessExpression(
          factory.createIdentifier("require"),
          DYNAMIC_IMPORT,
        );
        const args = ts.visitNodes(node.arguments, visit) as TS.NodeArray<TS.Expression>;
        return factory.createCallExpression(callee, undefined, args);
      }
      return ts.visitEachChild(node, visit, context);
    };
    return ts.visitNode(sourceFile, visit) as TS.SourceFile;
  };
}
