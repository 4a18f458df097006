/**
 * Splits a test cell into the units the grader runs one at a time: each top-level statement
 * (with the cell's imports in front), marked hidden when it lies in a hidden-test region and
 * carrying the name and points of a `check("name", points, …)` call. Running units separately
 * means a type error in one assertion fails that assertion only.
 */
import { createRequire } from "node:module";
import type * as TS from "typescript";
import { BEGIN_HIDDEN_TESTS, END_HIDDEN_TESTS } from "./assign.js";

/** One statement of a test cell, as the grader runs it. */
export interface TestUnit {
  /** The statement's own text. */
  readonly code: string;
  /** Whether it lies in a BEGIN/END HIDDEN TESTS region. */
  readonly hidden: boolean;
  /** Set for `check("name", points, …)` statements with literal name and points. */
  readonly check?: { readonly name: string; readonly points: number };
}

// The compiler API loads on first use: importing the CLI stays quick.
let compiler: typeof TS | undefined;
function typescript(): typeof TS {
  compiler ??= createRequire(import.meta.url)("typescript") as typeof TS;
  return compiler;
}

function parse(source: string): TS.SourceFile {
  const ts = typescript();
  return ts.createSourceFile("cell.ts", source, ts.ScriptTarget.ES2022, true, ts.ScriptKind.TS);
}

function hiddenLines(source: string): Set<number> {
  const hidden = new Set<number>();
  let inside = false;
  source.split("\n").forEach((line, i) => {
    if (line.includes(BEGIN_HIDDEN_TESTS)) inside = true;
    else if (line.includes(END_HIDDEN_TESTS)) inside = false;
    else if (inside) hidden.add(i);
  });
  return hidden;
}

function checkCall(statement: TS.Statement): TestUnit["check"] {
  const ts = typescript();
  if (!ts.isExpressionStatement(statement) || !ts.isCallExpression(statement.expression)) return undefined;
  const call = statement.expression;
  if (!ts.isIdentifier(call.expression) || call.expression.text !== "check") return undefined;
  const [name, points] = call.arguments;
  if (!name || !points || !ts.isStringLiteralLike(name)) return undefined;
  let value: number | undefined;
  if (ts.isNumericLiteral(points)) value = Number(points.text);
  return value === undefined ? undefined : { name: name.text, points: value };
}

/**
 * The units of a test cell's source (the instructor's version, hidden tests included).
 *
 * @example
 * ```ts
 * import { splitTestCell } from "convlab/cli";
 * const units = splitTestCell('check("a", 1, () => f(1) === 2)\n// BEGIN HIDDEN TESTS\ncheck("b", 2, () => true)\n// END HIDDEN TESTS');
 * units.map((u) => [u.check?.name, u.hidden]); // [["a", false], ["b", true]]
 * ```
 */
export function splitTestCell(source: string): TestUnit[] {
  const ts = typescript();
  const file = parse(source);
  const hidden = hiddenLines(source);
  const imports = file.statements.filter(ts.isImportDeclaration).map((s) => s.getText(file));
  const prefix = imports.length > 0 ? `${imports.join("\n")}\n` : "";
  const units: TestUnit[] = [];
  for (const statement of file.statements) {
    if (ts.isImportDeclaration(statement)) continue;
    const line = file.getLineAndCharacterOfPosition(statement.getStart(file)).line;
    const found = checkCall(statement);
    units.push({
      code: prefix + statement.getText(file),
      hidden: hidden.has(line),
      ...(found && { check: found }),
    });
  }
  if (units.length === 0 && imports.length > 0) units.push({ code: prefix.trimEnd(), hidden: false });
  return units;
}

/**
 * The names a cell declares at top level (functions, classes, variables, interfaces, types).
 *
 * @example
 * ```ts
 * import { declaredNames } from "convlab/cli";
 * declaredNames("function f() {}\nconst a = 1, { b } = { b: 2 };\nclass C {}"); // ["f", "a", "b", "C"]
 * ```
 */
export function declaredNames(source: string): string[] {
  const ts = typescript();
  const file = parse(source);
  const names: string[] = [];
  const bind = (name: TS.BindingName): void => {
    if (ts.isIdentifier(name)) names.push(name.text);
    else for (const element of name.elements) if (!ts.isOmittedExpression(element)) bind(element.name);
  };
  for (const statement of file.statements) {
    if (
      (ts.isFunctionDeclaration(statement) ||
        ts.isClassDeclaration(statement) ||
        ts.isInterfaceDeclaration(statement) ||
        ts.isTypeAliasDeclaration(statement) ||
        ts.isEnumDeclaration(statement)) &&
      statement.name
    ) {
      names.push(statement.name.text);
    } else if (ts.isVariableStatement(statement)) {
      for (const declaration of statement.declarationList.declarations) bind(declaration.name);
    } else if (ts.isImportDeclaration(statement) && statement.importClause) {
      const clause = statement.importClause;
      if (clause.name) names.push(clause.name.text);
      const bindings = clause.namedBindings;
      if (bindings && ts.isNamespaceImport(bindings)) names.push(bindings.name.text);
      if (bindings && ts.isNamedImports(bindings))
        for (const el of bindings.elements) names.push(el.name.text);
    }
  }
  return names;
}

/**
 * Every identifier a piece of code mentions.
 *
 * @example
 * ```ts
 * import { identifiersIn } from "convlab/cli";
 * identifiersIn("check('a', 1, () => f(x) === 2)"); // ["check", "f", "x"]
 * ```
 */
export function identifiersIn(source: string): string[] {
  const ts = typescript();
  const found = new Set<string>();
  const visit = (node: TS.Node): void => {
    if (ts.isIdentifier(node)) found.add(node.text);
    ts.forEachChild(node, visit);
  };
  visit(parse(source));
  return [...found];
}
