// Reads NULL checks: which conditions prove an expression non-NULL, and whether code is guarded by one.
import { isNullConstant, unwrap } from '../../../analysis/ownership/syntax-shapes';
import { requireShape } from '../../../analysis/ownership/require-macros';
import { readCall } from '../../../model/calls';
import type { SyntaxNode } from '../../../parser/syntax-node';
import { canonical, isDeferredBody, operatorOf, sameNode } from './node-shapes';

/** The expression whose NULL-ness is asked about (`ivars`, `arguments->completion`), as canonical text. */
export interface NullCheck {
  readonly text: string;
  readonly target: string;
}

/** True when `condition` being true implies that the target is not NULL. */
function trueImpliesNonNull(check: NullCheck, condition: SyntaxNode): boolean {
  const { text, target } = check;
  const node = unwrap(condition);
  if (canonical(text, node) === target) return true;
  const op = operatorOf(text, node);
  if (node.type === 'unary_expression' && op === '!') {
    const argument = node.childForFieldName('argument');
    return !!argument && falseImpliesNonNull(check, argument);
  }
  if (node.type !== 'binary_expression') return false;
  const left = node.childForFieldName('left');
  const right = node.childForFieldName('right');
  if (!left || !right) return false;
  if (op === '!=') return comparesWithNull(check, left, right);
  if (op === '&&') return trueImpliesNonNull(check, left) || trueImpliesNonNull(check, right);
  if (op === '||') return trueImpliesNonNull(check, left) && trueImpliesNonNull(check, right);
  return false;
}

/** True when `condition` being false implies that the target is not NULL (`!target`, `target == nullptr`). */
function falseImpliesNonNull(check: NullCheck, condition: SyntaxNode): boolean {
  const { text } = check;
  const node = unwrap(condition);
  const op = operatorOf(text, node);
  if (node.type === 'unary_expression' && op === '!') {
    const argument = node.childForFieldName('argument');
    return !!argument && trueImpliesNonNull(check, argument);
  }
  if (node.type !== 'binary_expression') return false;
  const left = node.childForFieldName('left');
  const right = node.childForFieldName('right');
  if (!left || !right) return false;
  if (op === '==') return comparesWithNull(check, left, right);
  if (op === '||') return falseImpliesNonNull(check, left) || falseImpliesNonNull(check, right);
  if (op === '&&') return falseImpliesNonNull(check, left) && falseImpliesNonNull(check, right);
  return false;
}

function comparesWithNull(check: NullCheck, left: SyntaxNode, right: SyntaxNode): boolean {
  const { text, target } = check;
  return (canonical(text, left) === target && isNullConstant(text, right)) || (canonical(text, right) === target && isNullConstant(text, left));
}

/** True when control never falls through the statement: `return`, `goto`, `break`, `continue`, or a block/if ending so. */
export function alwaysExits(statement: SyntaxNode): boolean {
  switch (statement.type) {
    case 'return_statement':
    case 'goto_statement':
    case 'break_statement':
    case 'continue_statement':
    case 'throw_statement':
      return true;
    case 'compound_statement':
      return statement.namedChildren.some((c) => c.type !== 'comment' && alwaysExits(c));
    case 'if_statement': {
      const consequence = statement.childForFieldName('consequence');
      const alternative = statement.childForFieldName('alternative')?.namedChildren.find((c) => c.type !== 'comment');
      return !!consequence && !!alternative && alwaysExits(consequence) && alwaysExits(alternative);
    }
    default:
      return false;
  }
}

/**
 * True when `node` only runs while the target is non-NULL: it sits behind `target &&`, in the then-branch of
 * `if (target)`, the else-branch of `if (!target)`, a loop on `target`, or after an early exit such as
 * `if (target == nullptr) { return; }` or `__Require(target != nullptr, Exit)` with no label in between. The walk
 * stops at the function `body` and at lambdas and blocks, which run later.
 */
export function provenNonNull(check: NullCheck & { readonly body: SyntaxNode }, node: SyntaxNode): boolean {
  let child = node;
  let parent = node.parent;
  while (parent && !isDeferredBody(parent)) {
    if (guardsChild(check, parent, child)) return true;
    if (sameNode(child, check.body)) return false;
    child = parent;
    parent = parent.parent;
  }
  return false;
}

function guardsChild(check: NullCheck, parent: SyntaxNode, child: SyntaxNode): boolean {
  const field = (name: string): SyntaxNode | null => parent.childForFieldName(name);
  switch (parent.type) {
    case 'binary_expression': {
      const left = field('left');
      if (!left || !sameNode(field('right'), child)) return false;
      const op = operatorOf(check.text, parent);
      return (op === '&&' && trueImpliesNonNull(check, left)) || (op === '||' && falseImpliesNonNull(check, left));
    }
    case 'conditional_expression':
    case 'if_statement': {
      const condition = field('condition');
      if (!condition) return false;
      if (sameNode(field('consequence'), child)) return trueImpliesNonNull(check, condition);
      return sameNode(field('alternative'), child) && falseImpliesNonNull(check, condition);
    }
    case 'while_statement':
    case 'for_statement': {
      const condition = field('condition');
      return !!condition && sameNode(field('body'), child) && trueImpliesNonNull(check, condition);
    }
    case 'compound_statement':
      return earlierSiblingGuards(check, child);
    default:
      return false;
  }
}

/** An earlier statement of the same block that exits unless the target is non-NULL, with no label in between. */
function earlierSiblingGuards(check: NullCheck, statement: SyntaxNode): boolean {
  if (statement.type === 'labeled_statement') return false;
  for (let sibling = statement.previousNamedSibling; sibling; sibling = sibling.previousNamedSibling) {
    if (sibling.type === 'labeled_statement') return false;
    if (isEarlyExitGuard(check, sibling)) return true;
  }
  return false;
}

function isEarlyExitGuard(check: NullCheck, statement: SyntaxNode): boolean {
  if (statement.type === 'if_statement') {
    const condition = statement.childForFieldName('condition');
    const consequence = statement.childForFieldName('consequence');
    if (!condition || !consequence || statement.childForFieldName('alternative')) return false;
    return alwaysExits(consequence) && falseImpliesNonNull(check, condition);
  }
  if (statement.type !== 'expression_statement') return false;
  const expression = statement.namedChildren[0];
  const call = expression ? readCall(check.text, expression) : undefined;
  const shape = call ? requireShape(call.name) : undefined;
  return !!call && shape?.tests === 'assertion' && call.args.length > 0 && trueImpliesNonNull(check, call.args[0]);
}
