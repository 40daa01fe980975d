// Reads how a function uses a pointer it was given: what it stores through it, and whether the pointer goes elsewhere.
import { slice } from '../../../model/calls';
import { nodesOfType } from '../../../model/node-index';
import type { SyntaxNode } from '../../../parser/syntax-node';

/** `store`: `*p = …` (or `p[i] = …`, `(*p)++`); `read`: `*p` read, a test of `p`, `(void)p`; `escape`: anything else. */
export type MentionRole = 'store' | 'read' | 'escape';

const TESTS = new Set(['==', '!=', '&&', '||', '!']);

function operatorOf(text: string, node: SyntaxNode): string {
  const operator = node.childForFieldName('operator') ?? node.children[0];
  return operator ? slice(text, operator).trim() : '';
}

/** Climbs out of parentheses: the outermost parenthesised expression that is just `node`. */
export function outerExpression(node: SyntaxNode): SyntaxNode {
  let current = node;
  while (current.parent?.type === 'parenthesized_expression') current = current.parent;
  return current;
}

/** What the use of pointer `identifier` does. */
export function mentionRole(text: string, identifier: SyntaxNode): MentionRole {
  const node = outerExpression(identifier);
  const parent = node.parent;
  if (!parent) return 'escape';
  const dereferenced =
    (parent.type === 'pointer_expression' && operatorOf(text, parent) === '*') ||
    (parent.type === 'subscript_expression' && parent.childForFieldName('argument')?.startIndex === node.startIndex);
  if (dereferenced) {
    const target = outerExpression(parent);
    const user = target.parent;
    const stored =
      (user?.type === 'assignment_expression' && user.childForFieldName('left')?.startIndex === target.startIndex) || user?.type === 'update_expression';
    return stored ? 'store' : 'read';
  }
  if (parent.type === 'cast_expression') return /^\(\s*void\s*\)/.test(slice(text, parent)) ? 'read' : 'escape';
  if (parent.type === 'condition_clause' || parent.type === 'sizeof_expression') return 'read';
  if ((parent.type === 'binary_expression' || parent.type === 'unary_expression') && TESTS.has(operatorOf(text, parent))) return 'read';
  return 'escape';
}

export interface OutParameterWrites {
  /** The assignments that store through the pointer, in source order. */
  readonly stores: readonly SyntaxNode[];
  /** The values stored with a plain `=`; a compound store (`+=`, `++`) adds undefined. */
  readonly values: readonly (SyntaxNode | undefined)[];
  /** True when the pointer itself is passed on, stored or otherwise used beyond a store or a read. */
  readonly escapes: boolean;
}

/** How the body uses out-parameter `name`. */
export function outParameterWrites(text: string, body: SyntaxNode, name: string): OutParameterWrites {
  const stores: SyntaxNode[] = [];
  const values: (SyntaxNode | undefined)[] = [];
  let escapes = false;
  for (const identifier of nodesOfType(body, 'identifier')) {
    if (identifier.endIndex - identifier.startIndex !== name.length || slice(text, identifier) !== name) continue;
    const role = mentionRole(text, identifier);
    if (role === 'escape') escapes = true;
    if (role !== 'store') continue;
    const target = outerExpression(outerExpression(identifier).parent as SyntaxNode);
    const store = target.parent as SyntaxNode;
    stores.push(store);
    const plain = store.type === 'assignment_expression' && operatorOf(text, store) === '=';
    values.push(plain ? (store.childForFieldName('right') ?? undefined) : undefined);
  }
  return { stores, values, escapes };
}
