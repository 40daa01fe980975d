// Finds the point after a creating call where code runs only if the call succeeded, so that a fix can insert there.
import { readCall, slice } from '../../../model/calls';
import { walk } from '../../../model/syntax-helpers';
import type { SyntaxNode } from '../../../parser/syntax-node';
import { requireShape } from '../../../analysis/ownership/require-macros';
import { constantOutcome, isIdentifier, isNullConstant, textOf, unwrap } from '../../../analysis/ownership/syntax-shapes';

const LEAVING = new Set(['return_statement', 'goto_statement', 'break_statement', 'continue_statement']);

/**
 * The statement after which only the success path of `call` continues, in the same block:
 * - `ret = Create(...);` (or a declaration) followed by `if (ret != kIOReturnSuccess) { ...; return ret; }`,
 *   `if (ret) goto Exit;`, `if (out == nullptr) return ...;` or `__Require_noErr(ret, Exit);`;
 * - `if (Create(...) != kIOReturnSuccess) { ...; return ...; }` itself.
 * Undefined for any other shape (a nested `if (ret == kIOReturnSuccess) { ... }`, an unchecked call).
 */
export function successCheckAfter(query: { readonly text: string; readonly call: SyntaxNode; readonly out: string }): SyntaxNode | undefined {
  const { text, call, out } = query;
  let node = call;
  while (node.parent && ['parenthesized_expression', 'binary_expression', 'condition_clause', 'assignment_expression', 'init_declarator'].includes(node.parent.type)) node = node.parent;
  const statement = node.parent;
  if (!statement || statement.parent?.type !== 'compound_statement') return undefined;
  if (statement.type === 'if_statement') {
    const condition = statement.childForFieldName('condition');
    const isCall = (n: SyntaxNode): boolean =>
      n.startIndex === call.startIndex || (n.type === 'assignment_expression' && unwrap(n.childForFieldName('right') ?? n).startIndex === call.startIndex);
    return condition && testsFailureOf(text, condition, isCall) && alwaysLeaves(statement) ? statement : undefined;
  }
  const status = statusVariable(text, statement, call);
  if (status === undefined) return undefined;
  const siblings = statement.parent.namedChildren.filter((c) => c.type !== 'comment');
  const next = siblings[siblings.findIndex((s) => s.startIndex === statement.startIndex) + 1];
  if (!next) return undefined;
  const isStatus = (n: SyntaxNode): boolean => isIdentifier(text, n, status);
  if (next.type === 'if_statement') {
    const condition = next.childForFieldName('condition');
    const testsOut = (n: SyntaxNode): boolean => textOf(text, n).replace(/\s+/g, '') === out;
    return condition && (testsFailureOf(text, condition, isStatus) || testsNull(text, condition, testsOut)) && alwaysLeaves(next) ? next : undefined;
  }
  if (next.type === 'expression_statement') {
    const macro = next.namedChildren[0] ? readCall(text, unwrap(next.namedChildren[0])) : undefined;
    const shape = macro ? requireShape(macro.name) : undefined;
    return macro && shape?.tests === 'error' && macro.args.length >= 2 && isStatus(unwrap(macro.args[0])) ? next : undefined;
  }
  return undefined;
}

/** `ret` in `ret = call;` or `kern_return_t ret = call;`. */
function statusVariable(text: string, statement: SyntaxNode, call: SyntaxNode): string | undefined {
  if (statement.type === 'expression_statement') {
    const expression = statement.namedChildren[0];
    const left = expression?.type === 'assignment_expression' ? expression.childForFieldName('left') : null;
    const right = expression?.childForFieldName('right');
    return left?.type === 'identifier' && right && unwrap(right).startIndex === call.startIndex ? slice(text, left) : undefined;
  }
  if (statement.type !== 'declaration') return undefined;
  const declarator = statement.namedChildren.find((d) => d.type === 'init_declarator' && unwrap(d.childForFieldName('value') ?? d).startIndex === call.startIndex);
  const name = declarator?.childForFieldName('declarator');
  return name?.type === 'identifier' ? slice(text, name) : undefined;
}

/** `s != kIOReturnSuccess`, `kIOReturnSuccess != s`, or `s` alone, where `isSubject(s)`. */
function testsFailureOf(text: string, condition: SyntaxNode, isSubject: (n: SyntaxNode) => boolean): boolean {
  const inner = unwrap(condition);
  if (isSubject(inner)) return true;
  if (inner.type !== 'binary_expression' || textOf(text, inner.childForFieldName('operator') ?? inner) !== '!=') return false;
  const left = inner.childForFieldName('left');
  const right = inner.childForFieldName('right');
  if (!left || !right) return false;
  return (isSubject(unwrap(left)) && constantOutcome(text, right) === 'ok') || (isSubject(unwrap(right)) && constantOutcome(text, left) === 'ok');
}

/** `out == nullptr` or `!out`. */
function testsNull(text: string, condition: SyntaxNode, isSubject: (n: SyntaxNode) => boolean): boolean {
  const inner = unwrap(condition);
  if (inner.type === 'unary_expression' && textOf(text, inner.childForFieldName('operator') ?? inner) === '!') {
    const argument = inner.childForFieldName('argument');
    return argument !== null && isSubject(unwrap(argument));
  }
  if (inner.type !== 'binary_expression' || textOf(text, inner.childForFieldName('operator') ?? inner) !== '==') return false;
  const left = inner.childForFieldName('left');
  const right = inner.childForFieldName('right');
  return !!left && !!right && ((isSubject(unwrap(left)) && isNullConstant(text, right)) || (isSubject(unwrap(right)) && isNullConstant(text, left)));
}

/** An `if` without `else` whose branch ends by leaving the block (return, goto, break, continue). */
function alwaysLeaves(statement: SyntaxNode): boolean {
  if (statement.childForFieldName('alternative')) return false;
  const consequence = statement.childForFieldName('consequence');
  if (!consequence) return false;
  const statements = consequence.type === 'compound_statement' ? consequence.namedChildren.filter((c) => c.type !== 'comment') : [consequence];
  const last = statements[statements.length - 1];
  return last !== undefined && LEAVING.has(last.type);
}

/** True when `node` is a side-effect-free expression of names, literals, fields, sizeof and arithmetic. */
export function isSimpleExpression(node: SyntaxNode): boolean {
  let simple = true;
  const allowed = new Set(['identifier', 'number_literal', 'field_expression', 'field_identifier', 'binary_expression', 'parenthesized_expression', 'sizeof_expression', 'type_descriptor', 'type_identifier', 'primitive_type', 'qualified_identifier', 'namespace_identifier']);
  walk(node, (n) => {
    if (!allowed.has(n.type)) simple = false;
  });
  return simple;
}
