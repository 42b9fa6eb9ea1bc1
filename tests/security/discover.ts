/**
 * Finds every endpoint the app exposes, from the source tree itself, so a new one cannot slip past
 * the access table: each HTTP method exported by a route handler anywhere under app/, and each
 * server action (an exported function of a "use server" file, or a function whose body starts with
 * "use server") under app/, lib/ or db/.
 */
import fs from "node:fs";
import path from "node:path";
import ts from "typescript";

export const ROOT = path.resolve(import.meta.dirname, "../..");
const APP = path.join(ROOT, "app");

export const HTTP_METHODS = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"] as const;
export type HttpMethod = (typeof HTTP_METHODS)[number];

/** A route handler method, keyed as `POST /api/v1/models/[id]/versions` (Next's folder names kept). */
export interface RouteEndpoint {
  key: string;
  method: HttpMethod;
  /** The URL pattern: app/api/v1/jobs/[id]/route.ts → /api/v1/jobs/[id]. */
  pattern: string;
  file: string;
}

/** A server action, keyed as `app/(admin)/admin/users/actions.ts#createUserAction`. */
export interface ActionEndpoint {
  key: string;
  file: string;
  name: string;
}

function walk(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === "node_modules" ? [] : walk(full);
    return /\.(ts|tsx)$/.test(entry.name) ? [full] : [];
  });
}

const parse = (file: string) => ts.createSourceFile(file, fs.readFileSync(file, "utf8"), ts.ScriptTarget.Latest, true, file.endsWith(".tsx") ? ts.ScriptKind.TSX : ts.ScriptKind.TS);
const isExported = (node: ts.Node) => ts.canHaveModifiers(node) && (ts.getModifiers(node) ?? []).some((m) => m.kind === ts.SyntaxKind.ExportKeyword);

/** Names a module exports: `export const A`, `export const { A, B } = x`, `export function A`, `export { A }`, `export default` (as "default"). */
function exportedNames(source: ts.SourceFile): string[] {
  const names: string[] = [];
  for (const statement of source.statements) {
    const isDefault = ts.canHaveModifiers(statement) && (ts.getModifiers(statement) ?? []).some((m) => m.kind === ts.SyntaxKind.DefaultKeyword);
    if (ts.isFunctionDeclaration(statement) && isExported(statement) && (isDefault || !statement.name)) names.push("default");
    else if (ts.isFunctionDeclaration(statement) && isExported(statement) && statement.name) names.push(statement.name.text);
    if (ts.isExportAssignment(statement) && !statement.isExportEquals) names.push("default");
    if (ts.isVariableStatement(statement) && isExported(statement)) {
      for (const declaration of statement.declarationList.declarations) {
        if (ts.isIdentifier(declaration.name)) names.push(declaration.name.text);
        else if (ts.isObjectBindingPattern(declaration.name)) for (const element of declaration.name.elements) if (ts.isIdentifier(element.name)) names.push(element.name.text);
      }
    }
    if (ts.isExportDeclaration(statement) && statement.exportClause && ts.isNamedExports(statement.exportClause)) {
      for (const element of statement.exportClause.elements) names.push(element.name.text);
    }
  }
  return names;
}

const hasUseServer = (statements: readonly ts.Statement[]) => {
  const first = statements[0];
  return first !== undefined && ts.isExpressionStatement(first) && ts.isStringLiteral(first.expression) && first.expression.text === "use server";
};

/** Route handlers anywhere under app/ (not only app/api): a route.ts beside the pages is an endpoint too. */
export function discoverRoutes(): RouteEndpoint[] {
  return walk(APP)
    .filter((file) => /[/\\]route\.(ts|tsx)$/.test(file))
    .flatMap((file) => {
      // The URL drops route groups, as Next does: app/(public)/x/route.ts serves /x.
      const segments = path.relative(APP, path.dirname(file)).split(path.sep).filter((segment) => segment !== "" && !/^\(.*\)$/.test(segment));
      const pattern = "/" + segments.join("/");
      return exportedNames(parse(file))
        .filter((name): name is HttpMethod => (HTTP_METHODS as readonly string[]).includes(name))
        .map((method) => ({ key: `${method} ${pattern}`, method, pattern, file: path.relative(ROOT, file) }));
    })
    .sort((a, b) => a.key.localeCompare(b.key));
}

/** Server actions in app/, and in lib/ and db/ where a "use server" module would be just as callable. */
export function discoverActions(): ActionEndpoint[] {
  const found: ActionEndpoint[] = [];
  for (const file of [APP, path.join(ROOT, "lib"), path.join(ROOT, "db")].flatMap(walk)) {
    const source = parse(file);
    const relative = path.relative(ROOT, file).split(path.sep).join("/");
    if (hasUseServer(source.statements)) {
      for (const name of exportedNames(source)) found.push({ key: `${relative}#${name}`, file: relative, name });
      continue;
    }
    // Inline actions: a function anywhere in the file whose body starts with "use server".
    const visit = (node: ts.Node) => {
      if ((ts.isFunctionDeclaration(node) || ts.isFunctionExpression(node) || ts.isArrowFunction(node)) && node.body && ts.isBlock(node.body) && hasUseServer(node.body.statements)) {
        const name = ts.isFunctionDeclaration(node) && node.name ? node.name.text : `inline@${source.getLineAndCharacterOfPosition(node.getStart()).line + 1}`;
        found.push({ key: `${relative}#${name}`, file: relative, name });
      }
      ts.forEachChild(node, visit);
    };
    visit(source);
  }
  return found.sort((a, b) => a.key.localeCompare(b.key));
}
