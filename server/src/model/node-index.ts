// Every named node of a tree grouped by type, built in one walk per tree and shared by all rules.
import type { SyntaxNode } from '../parser/syntax-node';
import { walk } from './syntax-helpers';

/**
 * The index of a whole tree is the concatenation of its top-level subtrees' indexes, each built once per subtree
 * object. An incremental parse keeps the subtrees an edit did not touch (the same objects, offsets shifted in
 * place), so after a keystroke only the edited declaration is walked again.
 */
const indexBySubtree = new WeakMap<SyntaxNode, Map<string, SyntaxNode[]>>();
const indexByTree = new WeakMap<SyntaxNode, Map<string, SyntaxNode[]>>();

function subtreeIndex(node: SyntaxNode): Map<string, SyntaxNode[]> {
  let index = indexBySubtree.get(node);
  if (!index) {
    const built = new Map<string, SyntaxNode[]>();
    walk(node, (n) => {
      const list = built.get(n.type);
      if (list) list.push(n);
      else built.set(n.type, [n]);
    });
    index = built;
    indexBySubtree.set(node, index);
  }
  return index;
}

function indexOf(node: SyntaxNode): Map<string, SyntaxNode[]> {
  let root = node;
  while (root.parent) root = root.parent;
  let index = indexByTree.get(root);
  if (!index) {
    const built = new Map<string, SyntaxNode[]>([[root.type, [root]]]);
    for (const child of root.namedChildren) {
      for (const [type, nodes] of subtreeIndex(child)) {
        const list = built.get(type);
        if (list) for (const n of nodes) list.push(n);
        else built.set(type, nodes.slice());
      }
    }
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
