// Guards the architecture invariants of docs/architecture.md mechanically: which layer may import what, that rules
// stay pure, that adding a rule never touches the server's wiring, and that modules stay small.
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import ts from 'typescript';

const ROOT = path.resolve(__dirname, '..');
const SERVER_SRC = path.join(ROOT, 'server', 'src');
const CLIENT_SRC = path.join(ROOT, 'client', 'src');
const MAX_LINES = 400;

/** Node modules that perform I/O; rules and analyses must not reach them (invariant 1). */
const IO_MODULES = new Set(['fs', 'child_process', 'net', 'http', 'https', 'http2', 'tls', 'dgram']);

interface ModuleReference {
  /** The specifier as written, or undefined when it is computed at run time. */
  readonly specifier?: string;
  readonly line: number;
  /** The absolute path a relative specifier points at (without extension). */
  readonly resolved?: string;
}

interface SourceFile {
  /** Path relative to the repository root, with forward slashes. */
  readonly name: string;
  readonly absolute: string;
  readonly text: string;
  readonly ast: ts.SourceFile;
  readonly references: readonly ModuleReference[];
}

function listFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .sort()
    .flatMap((entry) => {
      const full = path.join(dir, entry);
      return statSync(full).isDirectory() ? listFiles(full) : [full];
    });
}

function isTypeScript(file: string): boolean {
  return /\.(ts|tsx|mts|cts)$/.test(file) && !file.endsWith('.d.ts');
}

function load(absolute: string): SourceFile {
  const text = readFileSync(absolute, 'utf8');
  const ast = ts.createSourceFile(absolute, text, ts.ScriptTarget.Latest, true);
  return { name: path.relative(ROOT, absolute).split(path.sep).join('/'), absolute, text, ast, references: moduleReferences(ast, absolute) };
}

/**
 * Every module the file names: import and export declarations (type-only ones too, since they couple layers just
 * the same), `import x = require(...)`, `require(...)`, `require.resolve(...)` and dynamic `import(...)`.
 */
function moduleReferences(ast: ts.SourceFile, absolute: string): ModuleReference[] {
  const found: ModuleReference[] = [];
  const add = (node: ts.Node, expression: ts.Expression | undefined): void => {
    const line = ast.getLineAndCharacterOfPosition(node.getStart(ast)).line + 1;
    const literal = expression && (ts.isStringLiteral(expression) || ts.isNoSubstitutionTemplateLiteral(expression)) ? expression.text : undefined;
    const resolved = literal?.startsWith('.') ? path.resolve(path.dirname(absolute), literal) : undefined;
    found.push({ specifier: literal, line, resolved });
  };
  const visit = (node: ts.Node): void => {
    if ((ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) && node.moduleSpecifier) add(node, node.moduleSpecifier);
    else if (ts.isImportEqualsDeclaration(node) && ts.isExternalModuleReference(node.moduleReference)) add(node, node.moduleReference.expression);
    else if (ts.isCallExpression(node) && isModuleLoad(node.expression)) add(node, node.arguments[0]);
    ts.forEachChild(node, visit);
  };
  visit(ast);
  return found;
}

function isModuleLoad(callee: ts.Expression): boolean {
  if (callee.kind === ts.SyntaxKind.ImportKeyword) return true;
  if (ts.isIdentifier(callee)) return callee.text === 'require';
  return ts.isPropertyAccessExpression(callee) && ts.isIdentifier(callee.expression) && callee.expression.text === 'require' && callee.name.text === 'resolve';
}

/** `node:fs/promises` → `fs`. */
function builtinName(specifier: string): string {
  return specifier.replace(/^node:/, '').split('/')[0];
}

const within = (dir: string, absolute: string): boolean => absolute === dir || absolute.startsWith(`${dir}${path.sep}`);
const inServer = (...parts: string[]): string => path.join(SERVER_SRC, ...parts);

const files = [...listFiles(SERVER_SRC), ...listFiles(CLIENT_SRC)].filter(isTypeScript).map(load);

/** Each violation as `file:line specifier`, so a failure lists every offender at once. */
function violations(select: (file: SourceFile) => boolean, forbidden: (reference: ModuleReference) => boolean): string[] {
  return files.filter(select).flatMap((file) => file.references.filter(forbidden).map((r) => `${file.name}:${r.line} ${r.specifier ?? '<computed specifier>'}`));
}

describe('architecture invariants', () => {
  it('finds the sources it guards', () => {
    assert.ok(files.some((f) => f.name.startsWith('server/src/rules/')), 'no rule sources found');
    assert.ok(files.some((f) => f.name.startsWith('client/src/')), 'no client sources found');
  });

  describe('invariant 2: layer boundaries', () => {
    it('only server/src/lsp/ and server/src/server.ts import vscode-languageserver*', () => {
      const allowed = (f: SourceFile): boolean => within(inServer('lsp'), f.absolute) || f.absolute === inServer('server.ts');
      assert.deepEqual(violations((f) => !allowed(f), (r) => /^vscode-languageserver/.test(r.specifier ?? '')), []);
    });

    it('only server/src/parser/ imports tree-sitter, tree-sitter-cpp or web-tree-sitter', () => {
      const parserModules = new Set(['tree-sitter', 'tree-sitter-cpp', 'web-tree-sitter']);
      assert.deepEqual(violations((f) => !within(inServer('parser'), f.absolute), (r) => parserModules.has((r.specifier ?? '').split('/')[0])), []);
    });

    it('only server/src/plist/ imports the saxes XML parser', () => {
      assert.deepEqual(violations((f) => !within(inServer('plist'), f.absolute), (r) => r.specifier === 'saxes'), []);
    });

    it('outside server/src/parser/, every module specifier is a literal the guards can check', () => {
      assert.deepEqual(violations((f) => !within(inServer('parser'), f.absolute), (r) => r.specifier === undefined), []);
    });

    it('client/src never imports from server/', () => {
      assert.deepEqual(violations((f) => within(CLIENT_SRC, f.absolute), (r) => r.resolved !== undefined && within(path.join(ROOT, 'server'), r.resolved)), []);
    });

    it('the server never imports the vscode extension API', () => {
      assert.deepEqual(violations((f) => within(SERVER_SRC, f.absolute), (r) => r.specifier === 'vscode'), []);
    });
  });

  describe('invariant 1: rules and analyses are pure', () => {
    const pure = (f: SourceFile): boolean => within(inServer('rules'), f.absolute) || within(inServer('analysis'), f.absolute);

    it('server/src/rules/** and server/src/analysis/** import no Node I/O module', () => {
      assert.deepEqual(violations(pure, (r) => r.specifier !== undefined && IO_MODULES.has(builtinName(r.specifier))), []);
    });

    it('server/src/rules/** and server/src/analysis/** import nothing from lsp/ or cli/', () => {
      assert.deepEqual(violations(pure, (r) => r.resolved !== undefined && (within(inServer('lsp'), r.resolved) || within(inServer('cli'), r.resolved))), []);
    });

    it('server/src/rules/** and server/src/analysis/** use neither process nor console', () => {
      const uses = files.filter(pure).flatMap((file) => globalUses(file, new Set(['process', 'console'])));
      assert.deepEqual(uses, []);
    });

    it('server/src/rules/** and server/src/analysis/** keep no module-level let or var', () => {
      const mutable = files.filter(pure).flatMap((file) =>
        file.ast.statements
          .filter((s): s is ts.VariableStatement => ts.isVariableStatement(s) && (s.declarationList.flags & ts.NodeFlags.Const) === 0)
          .map((s) => `${file.name}:${file.ast.getLineAndCharacterOfPosition(s.getStart(file.ast)).line + 1} ${s.declarationList.getText(file.ast).split('=')[0].trim()}`),
      );
      assert.deepEqual(mutable, []);
    });
  });

  describe('invariant 7: adding a rule never touches the wiring', () => {
    it('the engine, workspace, LSP and CLI layers, server.ts and the client name no rule code', () => {
      const wiring = [inServer('engine'), inServer('workspace'), inServer('lsp'), inServer('cli'), CLIENT_SRC];
      const mentions = files
        .filter((f) => wiring.some((dir) => within(dir, f.absolute)) || f.absolute === inServer('server.ts'))
        .flatMap((f) => f.text.split(/\r\n|\r|\n/).flatMap((line, i) => (/\bDK\d{3}/.test(line) ? [`${f.name}:${i + 1}`] : [])));
      assert.deepEqual(mentions, []);
    });
  });

  it(`no file under server/src or client/src is longer than ${MAX_LINES} lines`, () => {
    const offenders = [...listFiles(SERVER_SRC), ...listFiles(CLIENT_SRC)]
      .map((file) => ({ file: path.relative(ROOT, file).split(path.sep).join('/'), lines: lineCount(readFileSync(file, 'utf8')) }))
      .filter((f) => f.lines > MAX_LINES)
      .map((f) => `${f.file}: ${f.lines} lines`);
    assert.deepEqual(offenders, [], `split these modules (house style: a module over ~${MAX_LINES} lines is split before it grows)`);
  });

  it('docs/architecture.md states the seven invariants', () => {
    const doc = readFileSync(path.join(ROOT, 'docs', 'architecture.md'), 'utf8');
    const numbered = [1, 2, 3, 4, 5, 6, 7].filter((n) => new RegExp(`^### ${n}\\. `, 'm').test(doc));
    assert.deepEqual(numbered, [1, 2, 3, 4, 5, 6, 7]);
  });
});

/** References to the global `name`s (not property names such as `x.console`, nor local declarations of them). */
function globalUses(file: SourceFile, names: ReadonlySet<string>): string[] {
  const uses: string[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isIdentifier(node) && names.has(node.text) && isValueReference(node)) {
      uses.push(`${file.name}:${file.ast.getLineAndCharacterOfPosition(node.getStart(file.ast)).line + 1} ${node.text}`);
    }
    ts.forEachChild(node, visit);
  };
  visit(file.ast);
  return uses;
}

function isValueReference(node: ts.Identifier): boolean {
  const parent = node.parent;
  if (ts.isPropertyAccessExpression(parent) && parent.name === node) return false;
  if ((ts.isPropertyAssignment(parent) || ts.isPropertyDeclaration(parent) || ts.isMethodDeclaration(parent) || ts.isPropertySignature(parent)) && parent.name === node) return false;
  return !(ts.isVariableDeclaration(parent) || ts.isParameter(parent) || ts.isBindingElement(parent)) || parent.name !== node;
}

function lineCount(text: string): number {
  if (text.length === 0) return 0;
  const lines = text.split(/\r\n|\r|\n/);
  return lines[lines.length - 1] === '' ? lines.length - 1 : lines.length;
}
