import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

/**
 * Every server action is a public HTTP endpoint. This test reads every module that starts with
 * 'use server' with the TypeScript compiler and requires each exported value to be
 * `guardedAction(permission, schema, fn)` (server/guard.ts: session, permission, zod parse), so an
 * unguarded action cannot ship. Signing in and out cannot require a permission; they are the two
 * named exceptions. Inline 'use server' functions inside other modules are refused outright.
 */
const UNGUARDED_BY_DESIGN: Record<string, string[]> = {
  'app/signin/actions.ts': ['signInAction'],
  'server/auth-actions.ts': ['signOutAction'],
};
const SOURCE_FOLDERS = ['app', 'components', 'server', 'lib'];

function sourceFiles(folder: string): string[] {
  return readdirSync(folder, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && /\.tsx?$/.test(entry.name))
    .map((entry) => path.relative(process.cwd(), path.join(entry.parentPath, entry.name)));
}

function parse(file: string): ts.SourceFile {
  return ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true, file.endsWith('x') ? ts.ScriptKind.TSX : ts.ScriptKind.TS);
}

function hasUseServer(statements: ts.NodeArray<ts.Statement>): boolean {
  for (const statement of statements) {
    if (!ts.isExpressionStatement(statement) || !ts.isStringLiteral(statement.expression)) return false; // directives come first
    if (statement.expression.text === 'use server') return true;
  }
  return false;
}

const isExported = (node: ts.Node) => ts.canHaveModifiers(node) && (ts.getModifiers(node) ?? []).some((m) => m.kind === ts.SyntaxKind.ExportKeyword);

/** Exported runtime values of a module, each with whether it is `guardedAction(...)`. */
function exportedValues(source: ts.SourceFile): { name: string; guarded: boolean }[] {
  const found: { name: string; guarded: boolean }[] = [];
  for (const statement of source.statements) {
    if (ts.isFunctionDeclaration(statement) && isExported(statement)) found.push({ name: statement.name?.text ?? 'default', guarded: false });
    else if (ts.isVariableStatement(statement) && isExported(statement)) {
      for (const declaration of statement.declarationList.declarations) {
        const init = declaration.initializer;
        const guarded = !!init && ts.isCallExpression(init) && ts.isIdentifier(init.expression) && init.expression.text === 'guardedAction';
        found.push({ name: declaration.name.getText(source), guarded });
      }
    } else if (ts.isExportAssignment(statement)) found.push({ name: 'default', guarded: false });
    else if (ts.isExportDeclaration(statement) && !statement.isTypeOnly) found.push({ name: statement.getText(source), guarded: false });
  }
  return found;
}

/** Functions anywhere in the file whose body starts with 'use server' (inline server actions). */
function inlineServerFunctions(source: ts.SourceFile): string[] {
  const found: string[] = [];
  const visit = (node: ts.Node) => {
    if (ts.isFunctionLike(node) && 'body' in node && node.body && ts.isBlock(node.body) && hasUseServer(node.body.statements)) {
      found.push(`${source.fileName}:${source.getLineAndCharacterOfPosition(node.getStart()).line + 1}`);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

const files = SOURCE_FOLDERS.flatMap(sourceFiles).map(parse);
const actionModules = files.filter((source) => hasUseServer(source.statements));

describe("'use server' modules", () => {
  it('are found (the scan reads the real tree)', () => {
    const names = actionModules.map((source) => source.fileName);
    expect(names).toEqual(expect.arrayContaining(['app/police/actions.ts', 'app/signin/actions.ts', 'server/auth-actions.ts']));
  });

  it('export only guardedAction(...) values, apart from signing in and out', () => {
    const unguarded = actionModules.flatMap((source) =>
      exportedValues(source)
        .filter(({ name, guarded }) => !guarded && !(UNGUARDED_BY_DESIGN[source.fileName] ?? []).includes(name))
        .map(({ name }) => `${source.fileName}: ${name}`),
    );
    expect(unguarded).toEqual([]);
  });

  it('name each exception that still exists, so the list cannot go stale', () => {
    for (const [file, names] of Object.entries(UNGUARDED_BY_DESIGN)) {
      const source = actionModules.find((candidate) => candidate.fileName === file);
      expect(source, file).toBeDefined();
      expect(exportedValues(source!).map(({ name }) => name)).toEqual(expect.arrayContaining(names));
    }
  });

  it('are never declared inline inside a function', () => {
    expect(files.flatMap(inlineServerFunctions)).toEqual([]);
  });

  it('the check itself catches an unguarded export', () => {
    const probe = ts.createSourceFile(
      'probe.ts',
      "'use server';\nexport const ok = guardedAction('audit:read', schema, run);\nexport async function leak() {}\nexport const alsoLeak = async () => {};\nexport type Shape = {};\n",
      ts.ScriptTarget.Latest,
      true,
    );
    expect(hasUseServer(probe.statements)).toBe(true);
    expect(exportedValues(probe)).toEqual([
      { name: 'ok', guarded: true },
      { name: 'leak', guarded: false },
      { name: 'alsoLeak', guarded: false },
    ]);
  });
});
