// Every named node of a tree grouped by type, built per top-level subtree and shared by all rules.
import type { SyntaxNode } from '../parser/syntax-node';
import { topLevelOf, walk } from './syntax-helpers';

/**
 * Each top-level subtree's index is built once per subtree object. An incremental parse keeps the subtrees an edit
 * did not touch (the same objects, offsets shifted), so after a keystroke only the edited declaration is walked
 * again, and a question about a node inside one declaration reads only that declaration's index.
 */
const indexBySubtree = new WeakMap<SyntaxNode, Map<string, SyntaxNode[]>>();
/** Per tree root: its top-level subtrees' indexes, and the nodes of each type asked about across the whole tree. */
interface WholeTree {
  readonly subtrees: readonly Map<string, SyntaxNode[]>[];
  readonly byType: Map<string, readonly SyntaxNode[]>;
}
const wholeTrees = new WeakMap<SyntaxNode, WholeTree>();

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

function wholeTree(root: SyntaxNode, type: string): readonly SyntaxNode[] {
  let whole = wholeTrees.get(root);
  if (!whole) wholeTrees.set(root, (whole = { subtrees: root.namedChildren.map(subtreeIndex), byType: new Map() }));
  let nodes = whole.byType.get(type);
  if (!nodes) {
    // A type is gathered only when asked for: most rules ask about a few types, and the tree has hundreds.
    const gathered = root.type === type ? [root] : [];
    for (const index of whole.subtrees) {
      const inSubtree = index.get(type);
      if (inSubtree) for (const n of inSubtree) gathered.push(n);
    }
    whole.byType.set(type, (nodes = gathered));
  }
  return nodes;
}

/**
 * The named nodes of `type` inside `root` (including `root`), in source order. Rules that scan a whole file for one
 * kind of node use this instead of walking the tree themselves: each extra walk of a 10,000-line file costs
 * milliseconds, and thirty rules add up.
 */
export function nodesOfType(root: SyntaxNode, type: string): SyntaxNode[] {
  const top = topLevelOf(root);
  if (top === undefined) return wholeTree(root, type).slice();
  const all = subtreeIndex(top).get(type);
  if (!all) return [];
  if (root === top) return all.slice();
  return nodesWithin(all, root, (n) => n);
}

/**
 * The items of `sorted` (in pre-order of their nodes) whose node lies inside `root`: one run starting at the first
 * that begins inside it.
 */
export function nodesWithin<T>(sorted: readonly T[], root: SyntaxNode, nodeOf: (item: T) => SyntaxNode): T[] {
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const middle = (low + high) >> 1;
    if (nodeOf(sorted[middle]).startIndex < root.startIndex) low = middle + 1;
    else high = middle;
  }
  const inside: T[] = [];
  for (let i = low; i < sorted.length; i++) {
    const node = nodeOf(sorted[i]);
    if (node.startIndex >= root.endIndex && node !== root) break;
    if (node.endIndex <= root.endIndex) inside.push(sorted[i]);
  }
  return inside;
}
