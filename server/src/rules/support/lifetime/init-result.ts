// Decides whether init() acts on the result of its super::init() call: tested, returned, or stored and read later.
import { requireShape } from '../../../analysis/ownership/require-macros';
import { readCall } from '../../../model/calls';
import type { SyntaxNode } from '../../../parser/syntax-node';
import { identifiersNamed, operatorOf, sameNode, type Scope } from './node-shapes';

export type ResultUse = 'checked' | 'discarded' | 'unknown';

/** Macros that test their first argument (AssertMacros' `__Require…`, `require…`, `__Check`, `assert`). */
const TESTING_MACRO = /^(__)?(Require|require|Check|check|Verify|verify|assert)(_\w+)?$/;

/** How the value of `call` is consumed, following it through `!`, `&&`, `||`, parentheses and casts. */
export function useOfResult(scope: Scope, call: SyntaxNode): ResultUse {
  const { text } = scope;
  let value = call;
  let parent = call.parent;
  while (parent && ['parenthesized_expression', 'unary_expression', 'binary_expression', 'cast_expression'].includes(parent.type)) {
    if (parent.type === 'unary_expression' && operatorOf(text, parent) !== '!') return 'unknown';
    if (parent.type === 'binary_expression' && !['&&', '||', '==', '!='].includes(operatorOf(text, parent))) return 'unknown';
    value = parent;
    parent = parent.parent;
  }
  if (!parent) return 'unknown';
  switch (parent.type) {
    case 'condition_clause':
    case 'return_statement':
      return 'checked';
    case 'conditional_expression':
      return sameNode(parent.childForFieldName('condition'), value) ? 'checked' : 'unknown';
    case 'expression_statement':
      return 'discarded';
    case 'argument_list': {
      const call = parent.parent ? readCall(text, parent.parent) : undefined;
      return call && (TESTING_MACRO.test(call.name) || requireShape(call.name)) ? 'checked' : 'unknown';
    }
    case 'init_declarator': {
      const name = parent.childForFieldName('declarator');
      return name?.type === 'identifier' ? useOfVariable(scope, text.slice(name.startIndex, name.endIndex), value.endIndex) : 'unknown';
    }
    case 'assignment_expression': {
      const left = parent.childForFieldName('left');
      if (operatorOf(text, parent) !== '=' || !sameNode(parent.childForFieldName('right'), value) || left?.type !== 'identifier') return 'unknown';
      // `if (!(ok = super::init()))` tests the assigned value on the spot.
      if (useOfResult(scope, parent) === 'checked') return 'checked';
      return useOfVariable(scope, text.slice(left.startIndex, left.endIndex), value.endIndex);
    }
    default:
      return 'unknown';
  }
}

/** A local holding the result counts as checked when it is read (after offset `after`) before being overwritten. */
function useOfVariable(scope: Scope, name: string, after: number): ResultUse {
  const { text } = scope;
  for (const use of identifiersNamed(text, scope.body, name).filter((n) => n.startIndex >= after)) {
    const parent = use.parent;
    const overwritten =
      parent?.type === 'assignment_expression' &&
      operatorOf(text, parent) === '=' &&
      sameNode(parent.childForFieldName('left'), use) &&
      identifiersNamed(text, parent.childForFieldName('right') ?? parent, name).length === 0;
    return overwritten ? 'discarded' : 'checked';
  }
  return 'discarded';
}
