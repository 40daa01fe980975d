// Small helpers for reading tree-sitter-cpp nodes.
import type { SyntaxNode } from '../parser/syntax-node';
import type { OffsetRange } from './file-model';

export function rangeOf(node: SyntaxNode): OffsetRange {
  return { start: node.startIndex, end: node.endIndex };
}

export function textOf(text: string, node: SyntaxNode): string {
  return text.slice(node.startIndex, node.endIndex);
}

/** Follows pointer/reference/attributed wrappers down to the function declarator, counting the pointer levels. */
export function unwrapFunctionDeclarator(declarator: SyntaxNode | null): { fn: SyntaxNode; pointerSuffix: string } | undefined {
  let node = declarator;
  let pointerSuffix = '';
  while (node) {
    if (node.type === 'function_declarator') return { fn: node, pointerSuffix };
    if (node.type === 'pointer_declarator') pointerSuffix += '*';
    else if (node.type === 'reference_declarator') pointerSuffix += '&';
    else if (node.type !== 'attributed_declarator' && node.type !== 'parenthesized_declarator') return undefined;
    node = node.childForFieldName('declarator') ?? node.namedChildren.find((c) => c.type.endsWith('declarator')) ?? null;
  }
  return undefined;
}

/** True when a direct child token of `node` has the given type (`virtual`, `static`, ...). */
export function hasChildOfType(node: SyntaxNode, type: string): boolean {
  return node.children.some((c) => c.type === type);
}

/** The child of the tree's root that contains `node` (`node` itself at top level); undefined for the root. */
export function topLevelOf(node: SyntaxNode): SyntaxNode | undefined {
  if (!node.parent) return undefined;
  let top = node;
  while (top.parent?.parent) top = top.parent;
  return top;
}

/** Depth-first walk that does not descend into the subtrees for which `skip` returns true. */
export function walk(node: SyntaxNode, visit: (n: SyntaxNode) => void, skip?: (n: SyntaxNode) => boolean): void {
  const stack: SyntaxNode[] = [node];
  while (stack.length > 0) {
    const current = stack.pop() as SyntaxNode;
    visit(current);
    if (skip?.(current)) continue;
    // The named children, read from `children`: a walk need not leave a namedChildren array on every node it passes.
    const children = current.children;
    for (let i = children.length - 1; i >= 0; i--) if (children[i].isNamed) stack.push(children[i]);
  }
}

