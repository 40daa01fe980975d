// Resolves integer constants a file defines: literals, `#define N 64`, enumerators and file-scope const/constexpr.
import { slice } from '../../../model/calls';
import type { FileModel } from '../../../model/file-model';
import { nodesOfType } from '../../../model/node-index';
import type { SyntaxNode } from '../../../parser/syntax-node';
import { unwrap } from '../../../analysis/ownership/syntax-shapes';
import { integerValue } from '../memory/integer-literals';

const MAX_DEPTH = 8;
const FILE_SCOPES = new Set(['translation_unit', 'declaration_list', 'linkage_specification']);
const LITERAL = /^\(?\s*(0[xX][0-9a-fA-F]+|[0-9]+)[uUlL]*\s*\)?$/;

/** The value of an integer expression built from literals and the file's named constants; undefined otherwise. */
export function constantValue(file: FileModel, node: SyntaxNode, depth = 0): bigint | undefined {
  if (depth > MAX_DEPTH) return undefined;
  const inner = unwrap(node);
  const literal = integerValue(file.text, inner);
  if (literal !== undefined) return literal;
  if (inner.type === 'identifier') return namedConstant(file, slice(file.text, inner), depth);
  if (inner.type === 'binary_expression') {
    const left = inner.childForFieldName('left');
    const right = inner.childForFieldName('right');
    const a = left ? constantValue(file, left, depth + 1) : undefined;
    const b = right ? constantValue(file, right, depth + 1) : undefined;
    if (a === undefined || b === undefined) return undefined;
    switch (slice(file.text, inner.childForFieldName('operator') ?? inner).trim()) {
      case '+':
        return a + b;
      case '-':
        return a - b;
      case '*':
        return a * b;
      case '<<':
        return b < 64n ? a << b : undefined;
      default:
        return undefined;
    }
  }
  return undefined;
}

/** True when `name` is a constant this file defines at file scope (a macro, an enumerator or a const object). */
export function isFileConstant(file: FileModel, name: string): boolean {
  return definitionsOf(file, name).length > 0;
}

function namedConstant(file: FileModel, name: string, depth: number): bigint | undefined {
  const definitions = definitionsOf(file, name);
  if (definitions.length !== 1) return undefined;
  const definition = definitions[0];
  if (definition.type === 'preproc_arg') {
    const match = LITERAL.exec(slice(file.text, definition).trim());
    return match ? BigInt(match[1]) : undefined;
  }
  return constantValue(file, definition, depth + 1);
}

/** The value nodes (or a macro's raw text node) that define `name` at file scope. */
function definitionsOf(file: FileModel, name: string): SyntaxNode[] {
  const root = file.tree?.rootNode;
  if (!root) return [];
  const found: SyntaxNode[] = [];
  for (const macro of nodesOfType(root, 'preproc_def')) {
    const macroName = macro.childForFieldName('name');
    const value = macro.childForFieldName('value');
    if (macroName && value && slice(file.text, macroName) === name) found.push(value);
  }
  for (const enumerator of nodesOfType(root, 'enumerator')) {
    const enumeratorName = enumerator.childForFieldName('name');
    const value = enumerator.childForFieldName('value');
    if (enumeratorName && value && slice(file.text, enumeratorName) === name) found.push(value);
  }
  for (const declaration of nodesOfType(root, 'declaration')) {
    if (!declaration.parent || !FILE_SCOPES.has(declaration.parent.type) || !/\b(const|constexpr)\b/.test(slice(file.text, declaration))) continue;
    for (const declarator of declaration.namedChildren) {
      const declared = declarator.type === 'init_declarator' ? declarator.childForFieldName('declarator') : null;
      const value = declarator.childForFieldName('value');
      if (declared?.type === 'identifier' && value && slice(file.text, declared) === name) found.push(value);
    }
  }
  return found;
}
