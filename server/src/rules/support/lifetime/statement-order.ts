// Straight-line order between statements of one function: what surely ran before a point, and what surely follows.
import type { SyntaxNode } from '../../../parser/syntax-node';
import { alwaysExits } from './null-guards';
import { contains } from './node-shapes';

/** The child of `block` that contains `node`. */
function childContaining(block: SyntaxNode, node: SyntaxNode): SyntaxNode | undefined {
  return block.namedChildren.find((c) => contains(c, node));
}

function blockStatement(statement: SyntaxNode): SyntaxNode {
  return statement.parent?.type === 'labeled_statement' ? statement.parent : statement;
}

/** The statements strictly between `from` and `to`, two children of the same block. */
function between(from: SyntaxNode, to: SyntaxNode): SyntaxNode[] {
  const found: SyntaxNode[] = [];
  for (let s = from.nextNamedSibling; s && s.startIndex < to.startIndex; s = s.nextNamedSibling) found.push(s);
  return found;
}

/**
 * True when `statement` runs on every path that reaches `node`: `node` sits in a later statement of the same block,
 * with no label (a goto could enter there) and no unconditional exit in between.
 */
export function runsBefore(statement: SyntaxNode, node: SyntaxNode): boolean {
  const first = blockStatement(statement);
  const block = first.parent;
  if (block?.type !== 'compound_statement') return false;
  const target = childContaining(block, node);
  if (!target || target.startIndex < first.endIndex) return false;
  const gap = between(first, target);
  return target.type !== 'labeled_statement' && gap.every((s) => s.type !== 'labeled_statement' && !alwaysExits(s));
}

/**
 * True when falling through from `statement` reaches `node` for certain: `node` is an unconditional statement
 * later in the same block, or in an enclosing block after the `if`/`else` that `statement` is in, with no
 * unconditional exit on the way. Labels do not stop falling through.
 */
export function fallsThroughTo(statement: SyntaxNode, node: SyntaxNode): boolean {
  let current = blockStatement(statement);
  for (let depth = 0; depth < 32; depth++) {
    const block = current.parent;
    if (block?.type !== 'compound_statement') return false;
    const target = childContaining(block, node);
    if (target && target.startIndex >= current.endIndex) {
      return between(current, target).every((s) => !alwaysExits(s)) && unconditionalWithin(node, target);
    }
    if (target) return false;
    const rest = block.namedChildren.filter((s) => s.startIndex >= current.endIndex);
    if (rest.some(alwaysExits)) return false;
    const owner = block.parent;
    if (owner?.type === 'compound_statement') current = block;
    else if (owner?.type === 'if_statement' || owner?.type === 'labeled_statement') current = blockStatement(owner);
    else if (owner?.type === 'else_clause' && owner.parent?.type === 'if_statement') current = blockStatement(owner.parent);
    else return false;
  }
  return false;
}

/** Reaching the top of `statement` runs `node`: only blocks, labels and expression statements lie in between. */
function unconditionalWithin(node: SyntaxNode, statement: SyntaxNode): boolean {
  for (let current: SyntaxNode | null = node; current && current.startIndex >= statement.startIndex; current = current.parent) {
    if (current.startIndex === statement.startIndex && current.endIndex === statement.endIndex) return true;
    if (current.type.endsWith('statement') && !['compound_statement', 'labeled_statement', 'expression_statement'].includes(current.type)) return false;
  }
  return false;
}
