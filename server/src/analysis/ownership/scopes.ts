// Finds the blocks that declare the tracked variable, so that the walker knows where the variable goes out of scope.
import { walk } from '../../model/syntax-helpers';
import type { SyntaxNode } from '../../parser/syntax-node';
import { declaredName } from './syntax-shapes';

/**
 * Start offsets of the compound statements whose scope the variable is declared in (a declaration directly under a
 * `case` label belongs to the switch body). Undefined when a declaration sits where the walker models no scope (a
 * `for` initializer, an `if` condition), or when one declaration shadows another, because a leak reported at the
 * wrong end of a scope would come with a fix that does not compile.
 */
export function declaringBlocks(text: string, body: SyntaxNode, variable: string): ReadonlySet<number> | undefined {
  const blocks: SyntaxNode[] = [];
  let unsupported = false;
  walk(
    body,
    (node) => {
      if (node.type !== 'declaration' || !node.namedChildren.some((d) => declaredName(text, d) === variable)) return;
      const parent = node.parent;
      const block = parent?.type === 'case_statement' ? parent.parent : parent;
      if (block?.type === 'compound_statement') blocks.push(block);
      else unsupported = true;
    },
    (node) => node.type === 'lambda_expression',
  );
  const nested = blocks.some((outer, i) => blocks.some((inner, j) => i !== j && outer.startIndex <= inner.startIndex && inner.endIndex <= outer.endIndex));
  return unsupported || nested ? undefined : new Set(blocks.map((block) => block.startIndex));
}
