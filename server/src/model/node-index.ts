// Every named node of a tree grouped by type, built in one walk per tree and shared by all rules.
import type { SyntaxNode } from '../parser/syntax-node';
import { walk } from './syntax-helpers';

const indexByTree = new WeakMap<SyntaxNode, Map<string, SyntaxNode[]>>();

function indexOf(node: SyntaxNode): Map<string, SyntaxNode[]> {
  let root = node;
  while (root.parent) root = root.parent;
  let index = indexByTree.get(root);
  if (!index) {
    const built = new Map<string, SyntaxNode[]>();
    walk(root, (n) => {
      const list = built.get(n.type);
      if (list) list.push(n);
      else built.set(n.type, [n]);
    });
    index = built;
    indexByTree.set(root, index);
  }
  return index;
}

/**
 * The named nodes of `type` inside `root` (including `root`), in source order. Rules that scan a whole file for one
 * kind of node use this instead of walking the tree themselves: each extra walk of a 10,000-line file costs
 * milliseconds, and thirty rules add up.
 */
export function nodesOfType(root: SyntaxNode, type: string): SyntaxNode[] {
  const all = indexOf(root).get(type);
  if (!all) return [];
  if (!root.parent) return all.slice();
  let low = 0;
  let high = all.length;
  while (low < high) {
    const middle = (low + high) >> 1;
    if (all[middle].startIndex < root.startIndex) low = middle + 1;
    else high = middle;
  }
  const inside: SyntaxNode[] = [];
  for (let i = low; i < all.length && (all[i].startIndex < root.endIndex || all[i] === root); i++) {
    if (all[i].endIndex <= root.endIndex) inside.push(all[i]);
  }
  return inside;
}
