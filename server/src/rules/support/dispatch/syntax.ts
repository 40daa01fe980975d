// Syntax helpers shared by the dispatch rules (DK3xx): expression identity, statements and deferred code.
import type { SyntaxNode } from '../../../parser/syntax-node';
import { findCalls, type CallSite } from '../../../model/calls';

/** The expression's source with whitespace removed and a leading `this->` dropped, so spellings compare equal. */
export function compactText(text: string, node: SyntaxNode): string {
  return text.slice(node.startIndex, node.endIndex).replace(/\s+/g, '').replace(/^this->/, '');
}

/** Strips parentheses and casts that do not change which value an expression denotes. */
export function unwrapExpression(node: SyntaxNode): SyntaxNode {
  let current = node;
  for (;;) {
    const value = current.childForFieldName('value');
    if (current.type === 'parenthesized_expression' && current.namedChildCount === 1) current = current.namedChildren[0];
    else if (current.type === 'cast_expression' && value) current = value;
    else return current;
  }
}

/**
 * `ivars->timer` or `ivars->state.timer` (compact), when the expression is a plain path into the ivars with no
 * subscript or call; undefined otherwise.
 */
export function ivarPathOf(text: string, node: SyntaxNode): string | undefined {
  const expression = unwrapExpression(node);
  if (expression.type !== 'field_expression') return undefined;
  const known = ivarPaths.get(expression);
  if (known) return known.path;
  let root = expression;
  while (root.type === 'field_expression') {
    const argument = root.childForFieldName('argument');
    if (!argument) return undefined;
    root = argument;
  }
  const rootIsIvars = root.type === 'identifier' && text.slice(root.startIndex, root.endIndex) === 'ivars';
  // `this->ivars->timer` compacts to `ivars->timer`, like the plain spelling.
  const path = rootIsIvars || root.type === 'this' ? compactText(text, expression) : undefined;
  const read = { path: path?.startsWith('ivars->') || rootIsIvars ? path : undefined };
  ivarPaths.set(expression, read);
  return read.path;
}

/**
 * Rules ask for the ivar path of the same expressions again and again (each use, each rule); a node's text never
 * changes while the node lives, since an incremental parse reuses only the subtrees an edit did not touch.
 */
const ivarPaths = new WeakMap<SyntaxNode, { readonly path: string | undefined }>();

/** `&x` (possibly parenthesised): the operand; undefined for anything else. */
export function addressOperand(text: string, node: SyntaxNode): SyntaxNode | undefined {
  const inner = unwrapExpression(node);
  if (inner.type !== 'pointer_expression') return undefined;
  const operator = inner.children[0];
  if (!operator || text.slice(operator.startIndex, operator.endIndex) !== '&') return undefined;
  return inner.childForFieldName('argument') ?? undefined;
}

/** The statement that directly sits in a `{ … }` block and contains `node` (the statement to insert after). */
export function blockStatementOf(node: SyntaxNode, body: SyntaxNode): SyntaxNode | undefined {
  let current: SyntaxNode | null = node;
  while (current && current !== body) {
    if (current.parent?.type === 'compound_statement') return current;
    current = current.parent;
  }
  return undefined;
}

/** Statements and clauses whose `{ … }` child is an ordinary block, not a block literal in an expression. */
const STATEMENT_PARENTS = new Set([
  'compound_statement',
  'if_statement',
  'else_clause',
  'for_statement',
  'for_range_loop',
  'while_statement',
  'do_statement',
  'switch_statement',
  'case_statement',
  'labeled_statement',
  'function_definition',
  'try_statement',
  'catch_clause',
  'preproc_if',
  'preproc_ifdef',
  'preproc_else',
  'preproc_elif',
]);

/** Every call under `root`; with `skipDeferred`, calls in block literals and lambdas are left out. */
export function callsUnder(text: string, root: SyntaxNode, options: { skipDeferred?: boolean } = {}): readonly CallSite[] {
  const calls = findCalls(text, root);
  if (options.skipDeferred !== true) return calls;
  return calls.filter((call) => {
    for (let node = call.node.parent; node && node !== root; node = node.parent) if (isDeferredRoot(node)) return false;
    return true;
  });
}

/**
 * True for the root of code that runs later or elsewhere rather than as part of the function: a Clang block literal
 * (a brace block in an argument list or initialiser once the caret is masked) or a lambda.
 */
export function isDeferredRoot(node: SyntaxNode): boolean {
  if (node.type === 'lambda_expression' || node.type === 'initializer_list') return true;
  return node.type === 'compound_statement' && node.parent !== null && !STATEMENT_PARENTS.has(node.parent.type);
}

