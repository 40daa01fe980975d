// Every named node of a tree grouped by type, built per top-level subtree and shared by all rules.
import type { SyntaxNode } from '../parser/syntax-node';
import { topLevelOf, walk } from './syntax-helpers';

/** One top-level subtree's named nodes by type, and those of them tree-sitter inserted as missing. */
interface SubtreeIndex {
  readonly byType: Map<string, SyntaxNode[]>;
  readonly missing: SyntaxNode[];
}

/**
 * Each top-level subtree's index is built once per subtree object. An incremental parse keeps the subtrees an edit
 * did not touch (the same objects, offsets shifted), so after a keystroke only the edited declaration is walked
 * again, and a question about a node inside one declaration reads only that declaration's index.
 */
const indexBySubtree = new WeakMap<SyntaxNode, SubtreeIndex>();
/** Per tree root: its top-level subtrees' indexes, and the nodes of each type asked about across the whole tree. */
interface WholeTree {
  readonly subtrees: readonly SubtreeIndex[];
  readonly byType: Map<string, readonly SyntaxNode[]>;
}
const wholeTrees = new WeakMap<SyntaxNode, WholeTree>();

function subtreeIndex(node: SyntaxNode): SubtreeIndex {
  let index = indexBySubtree.get(node);
  if (!index) {
    const byType = new Map<string, SyntaxNode[]>();
    const missing: SyntaxNode[] = [];
    walk(node, (n) => {
      const list = byType.get(n.type);
      if (list) list.push(n);
      else byType.set(n.type, [n]);
      if (n.isMissing) missing.push(n);
    });
    index = { byType, missing };
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
      const inSubtree = index.byType.get(type);
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
  const all = subtreeIndex(top).byType.get(type);
  if (!all) return [];
  if (root === top) return all.slice();
  return nodesWithin(all, root, (n) => n);
}

/**
 * The items of `sorted` (in pre-order of their nodes) whose node is `root` or lies inside it: one run starting at the
 * first that begins inside it. A node that starts on an edge of `root` may be inside it or not (an ancestor with the
 * same range, such as an ERROR around one identifier; a zero-width MISSING node just before it, or at its end as its
 * own last child), so those are checked by their parents.
 */
export function nodesWithin<T>(sorted: readonly T[], root: SyntaxNode, nodeOf: (item: T) => SyntaxNode): T[] {
  const inside: T[] = [];
  for (let i = firstStartingFrom(sorted, root.startIndex, nodeOf); i < sorted.length; i++) {
    const node = nodeOf(sorted[i]);
    if (node.startIndex > root.endIndex) break;
    if (node.endIndex > root.endIndex) continue;
    const onEdge = node.startIndex === root.startIndex || node.startIndex === root.endIndex;
    if (node === root || !onEdge || isDescendant(node, root)) inside.push(sorted[i]);
  }
  return inside;
}

/** The index of the first item of `sorted` (in pre-order of their nodes) whose node starts at `offset` or later. */
export function firstStartingFrom<T>(sorted: readonly T[], offset: number, nodeOf: (item: T) => SyntaxNode): number {
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const middle = (low + high) >> 1;
    if (nodeOf(sorted[middle]).startIndex < offset) low = middle + 1;
    else high = middle;
  }
  return low;
}

function isDescendant(node: SyntaxNode, root: SyntaxNode): boolean {
  for (let parent = node.parent; parent !== null; parent = parent.parent) {
    if (parent === root) return true;
    if (parent.startIndex < root.startIndex || parent.endIndex > root.endIndex) return false;
  }
  return false;
}

/**
 * True when tree-sitter had to recover from a syntax error somewhere under `root` (including `root`): an ERROR node or
 * a named node it inserted as missing. Answered from the index: rules ask it of every function body they check.
 */
export function containsSyntaxError(root: SyntaxNode): boolean {
  if (nodesOfType(root, 'ERROR').length > 0) return true;
  const top = topLevelOf(root);
  const missing = top === undefined ? wholeTreeMissing(root) : subtreeIndex(top).missing;
  return missing.length > 0 && nodesWithin(missing, root, (n) => n).length > 0;
}

function wholeTreeMissing(root: SyntaxNode): readonly SyntaxNode[] {
  const own = root.isMissing ? [root] : [];
  return own.concat(...root.namedChildren.map((child) => subtreeIndex(child).missing));
}
