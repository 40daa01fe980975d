// Finds `ivars->` dereferences in free() that no NULL check protects, and the statements a guard can safely wrap.
import type { SyntaxNode } from '../../../parser/syntax-node';
import { provenNonNull } from './null-guards';
import { collect, contains, isDeferredBody, operatorOf, sameNode } from './node-shapes';

/** `ivars->x` (and `ivars->x[i]`, `ivars->x->y`…): the `ivars` pointer read through `->`, outside lambdas and blocks. */
export function unguardedIvarsUses(text: string, body: SyntaxNode): SyntaxNode[] {
  return collect(body, (n) => {
    if (n.type !== 'field_expression' || !n.children.some((c) => c.type === '->')) return false;
    const base = n.childForFieldName('argument');
    return base?.type === 'identifier' && text.slice(base.startIndex, base.endIndex) === 'ivars';
  }).filter((use) => !provenNonNull({ text, target: 'ivars', body }, use));
}

/**
 * The top-level statements of the body that contain the uses, when they form one contiguous run (comments aside)
 * whose every statement crashes on a NULL `ivars` whenever it does anything at all. Wrapping such a run in
 * `if (ivars != nullptr)` then changes nothing when ivars is set and only removes the crash when it is not.
 */
export function guardableRun(text: string, body: SyntaxNode, uses: readonly SyntaxNode[]): { first: SyntaxNode; last: SyntaxNode } | undefined {
  const statements = body.namedChildren;
  const indexOf = (use: SyntaxNode): number => statements.findIndex((s) => contains(s, use));
  const indices = uses.map(indexOf);
  if (indices.some((i) => i < 0)) return undefined;
  const from = Math.min(...indices);
  const to = Math.max(...indices);
  const run = statements.slice(from, to + 1).filter((s) => s.type !== 'comment');
  const usedIn = (s: SyntaxNode): SyntaxNode[] => uses.filter((u) => contains(s, u));
  if (!run.every((s) => !hasJumpOrDeclaration(s) && skippable(text, s, usedIn(s)))) return undefined;
  return { first: statements[from], last: statements[to] };
}

function hasJumpOrDeclaration(statement: SyntaxNode): boolean {
  if (statement.type === 'declaration') return true;
  return collect(statement, (n) => n.type === 'return_statement' || n.type === 'goto_statement' || n.type === 'labeled_statement').length > 0;
}

/** True when, with `ivars == NULL`, the statement either dereferences it for certain or has no effect at all. */
function skippable(text: string, statement: SyntaxNode, uses: readonly SyntaxNode[]): boolean {
  const field = (name: string): SyntaxNode | null => statement.childForFieldName(name);
  const certainIn = (part: SyntaxNode | null): boolean => !!part && uses.some((u) => contains(part, u) && alwaysEvaluated(text, u, part));
  const branch = (part: SyntaxNode | null | undefined): boolean => !part || skippable(text, part, uses.filter((u) => contains(part, u)));
  switch (statement.type) {
    case 'expression_statement':
      return certainIn(statement);
    case 'compound_statement':
      return statement.namedChildren.every((c) => c.type === 'comment' || skippable(text, c, uses.filter((u) => contains(c, u))));
    case 'if_statement': {
      const alternative = field('alternative')?.namedChildren.find((c) => c.type !== 'comment');
      return certainIn(field('condition')) || (isPure(field('condition')) && branch(field('consequence')) && branch(alternative));
    }
    case 'while_statement':
      return certainIn(field('condition')) || (isPure(field('condition')) && branch(field('body')));
    case 'for_statement': {
      const initializer = field('initializer');
      const header = [initializer, field('condition'), field('update')];
      if (certainIn(initializer) || certainIn(field('condition'))) return true;
      return (!initializer || initializer.type === 'declaration') && header.every((p) => !p || isPure(p, true)) && branch(field('body'));
    }
    case 'for_range_loop':
      return certainIn(field('right'));
    default:
      return false;
  }
}

/** True when evaluating `root` always evaluates `node`: no `&&`, `||`, `?:` branch or lambda lies between them. */
function alwaysEvaluated(text: string, node: SyntaxNode, root: SyntaxNode): boolean {
  let child = node;
  for (let parent = node.parent; parent && !sameNode(child, root); parent = parent.parent) {
    if (isDeferredBody(parent)) return false;
    if (parent.type === 'binary_expression' && ['&&', '||'].includes(operatorOf(text, parent)) && sameNode(parent.childForFieldName('right'), child)) return false;
    if (parent.type === 'conditional_expression' && !sameNode(parent.childForFieldName('condition'), child)) return false;
    child = parent;
  }
  return true;
}

/** No calls and no assignments (a loop header may update its own counter when `allowUpdates`). */
function isPure(node: SyntaxNode | null, allowUpdates = false): boolean {
  if (!node) return true;
  return collect(node, (n) => n.type === 'call_expression' || (!allowUpdates && (n.type === 'assignment_expression' || n.type === 'update_expression'))).length === 0;
}
