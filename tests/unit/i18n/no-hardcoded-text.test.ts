import fs from "node:fs";
import path from "node:path";
import ts from "typescript";
import { describe, expect, it } from "vitest";

const APP = path.resolve(import.meta.dirname, "../../../app");

/**
 * Files allowed to carry literal text, with the reason. The error boundary renders when the
 * server (and so the catalogue) may be what failed, so it speaks both languages at once.
 */
const EXEMPT: Record<string, string> = { "error.tsx": "bilingual error boundary" };

/**
 * Literal text known and not yet moved to the catalogues, by file (the lead is editing these
 * pages). A file listed here that has become clean fails the test, so the list cannot go stale.
 */
const PENDING: Record<string, string> = {
  "(registry)/models/page.tsx": "metadata title",
  "(registry)/models/versions/[id]/page.tsx": "metadata title",
  "(registry)/models/audits/[id]/page.tsx": "metadata title",
  "(registry)/models/_report/flag-map.tsx": "scale bar unit",
};

const USER_FACING_ATTRIBUTES = new Set(["aria-label", "placeholder", "title", "alt", "label"]);
/** Words a reader would read: a Latin word of two letters or more that is not a code (NHD_NUM, D01). */
const hasWords = (text: string) => /[A-Za-z]{2,}/.test(text.replace(/\b[A-Z0-9_]{2,}\b/g, ""));

function files(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    return entry.isDirectory() ? files(full) : entry.name.endsWith(".tsx") ? [full] : [];
  });
}

/** Literal English a page shows: JSX text, user-facing attributes and metadata titles. */
function literals(file: string): string[] {
  const source = ts.createSourceFile(file, fs.readFileSync(file, "utf8"), ts.ScriptTarget.Latest, true, ts.ScriptKind.TSX);
  const found: string[] = [];
  const at = (node: ts.Node) => `${path.relative(APP, file)}:${source.getLineAndCharacterOfPosition(node.getStart()).line + 1}`;
  const visit = (node: ts.Node) => {
    if (ts.isJsxText(node) && hasWords(node.text)) found.push(`${at(node)} text "${node.text.trim()}"`);
    if (ts.isJsxAttribute(node) && USER_FACING_ATTRIBUTES.has(node.name.getText(source)) && node.initializer && ts.isStringLiteral(node.initializer) && hasWords(node.initializer.text)) {
      found.push(`${at(node)} ${node.name.getText(source)}="${node.initializer.text}"`);
    }
    if (ts.isVariableDeclaration(node) && node.name.getText(source) === "metadata" && node.initializer && ts.isObjectLiteralExpression(node.initializer)) {
      for (const property of node.initializer.properties) {
        if (ts.isPropertyAssignment(property) && property.name.getText(source) === "title" && ts.isStringLiteral(property.initializer)) found.push(`${at(property)} metadata title "${property.initializer.text}"`);
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

describe("pages", () => {
  it("show no hard-coded English: text, labels and tab titles come from the catalogues", () => {
    const all = files(APP).filter((file) => !(path.relative(APP, file) in EXEMPT));
    expect(all.length).toBeGreaterThan(30);
    const pending = (file: string) => path.relative(APP, file) in PENDING;
    expect(all.filter((file) => !pending(file)).flatMap(literals)).toEqual([]);
    expect(all.filter((file) => pending(file) && literals(file).length === 0).map((file) => `${path.relative(APP, file)} is clean now: remove it from PENDING`)).toEqual([]);
  });

  it("would notice a hard-coded string (the check itself works)", () => {
    const probe = path.join(fs.mkdtempSync(path.join(process.env.TMPDIR ?? "/tmp", "i18n-")), "probe.tsx");
    fs.writeFileSync(probe, 'export const metadata = { title: "Ledger" };\nexport const P = () => <p aria-label="Close me">Hello there <b>{x}</b> D01</p>;\n');
    expect(literals(probe).map((line) => line.replace(/^.*probe\.tsx:\d+ /, ""))).toEqual(['metadata title "Ledger"', 'aria-label="Close me"', 'text "Hello there"']);
  });
});
