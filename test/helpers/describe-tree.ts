// A syntax tree as text, one line per node, for comparing an incremental parse with a fresh one node for node.
import assert from 'node:assert/strict';
import type { SyntaxNode } from '../../server/src/parser/syntax-node';

/** One line per node (type, offsets, field, missing flag), with the parent and sibling links checked on the way. */
export function describeTree(root: SyntaxNode): string[] {
  const lines: string[] = [];
  const visit = (node: SyntaxNode, depth: number, field: string): void => {
    lines.push(`${' '.repeat(depth)}${field}${node.type} ${node.startIndex}-${node.endIndex}${node.isMissing ? ' MISSING' : ''}`);
    node.children.forEach((child, i) => {
      assert.equal(child.parent, node, `parent link of ${child.type} at ${child.startIndex}`);
      assert.equal(child.previousSibling, i > 0 ? node.children[i - 1] : null);
      const name = node.children.filter((c) => c === child).length === 1 ? fieldOf(node, child) : '';
      visit(child, depth + 1, name);
    });
  };
  visit(root, 0, '');
  return lines;
}

function fieldOf(parent: SyntaxNode, child: SyntaxNode): string {
  for (const name of ['name', 'body', 'declarator', 'type', 'function', 'arguments', 'left', 'right', 'condition', 'value', 'field', 'argument']) {
    if (parent.childForFieldName(name) === child) return `${name}: `;
  }
  return '';
}
