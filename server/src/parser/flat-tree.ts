// Builds the plain tree from the flat node array of the flat-tree add-on (native/flat-tree): the same nodes, offsets,
// fields, anchors and links that copyTree makes through a cursor, without a boundary crossing per node.
import { Anchor, KindTable, NodeKind, PlainNode } from './plain-tree';

/** Words per node, and what they hold (native/flat-tree/src/flat_tree.c writes them in preorder). */
const WORDS_PER_NODE = 4;
const SYMBOL_MASK = 0xffff;
const FIELD_SHIFT = 16;
const CHILD_COUNT_MASK = (1 << 30) - 1;
const NAMED_BIT = 1 << 30;
const MISSING_BIT = 2 ** 31;
const ERROR_SYMBOL = 0xffff;

/** Names by number, read from the language once. */
export interface FlatTreeNames {
  /** Node type by symbol; the error symbol (65535) is not in the table. */
  readonly types: readonly (string | null)[];
  /** Field name by field id; id 0 means no field. */
  readonly fields: readonly (string | null)[];
}

/** The node kinds met so far, by language (its names). */
const kindsByNames = new WeakMap<FlatTreeNames, KindTable>();

export function treeFromFlat(words: Uint32Array, names: FlatTreeNames): PlainNode {
  if (words.length < WORDS_PER_NODE || words.length % WORDS_PER_NODE !== 0) throw new Error(`The flat tree has ${words.length} words; expected a positive multiple of ${WORDS_PER_NODE}`);
  // The open ancestors of the next node, how many children each still expects, and where its children start in
  // `placed`. A node receives its children in one exactly sized array once the last of them is complete.
  const open: PlainNode[] = [];
  const expected: number[] = [];
  const firstChild: number[] = [];
  const placed: PlainNode[] = [];
  let root: PlainNode | undefined;
  let kinds = kindsByNames.get(names);
  if (kinds === undefined) kindsByNames.set(names, (kinds = new KindTable()));
  for (let at = 0; at < words.length; at += WORDS_PER_NODE) {
    const depth = open.length;
    if (depth === 0 && root !== undefined) throw new Error('The flat tree has nodes after its root');
    // The root and every top-level node get an anchor of their own (see Anchor); at base 0 relative offsets are offsets.
    const node = nodeAt(words, at, kindOf(words, at, names, kinds), depth <= 1 ? new Anchor() : open[1].anchor);
    if (depth === 0) root = node;
    else {
      placed.push(node);
      expected[depth - 1]--;
    }
    const childCount = words[at + 3] & CHILD_COUNT_MASK;
    if (childCount > 0) {
      open.push(node);
      expected.push(childCount);
      firstChild.push(placed.length);
    }
    while (expected.length > 0 && expected[expected.length - 1] === 0) {
      const from = firstChild.pop() as number;
      (open.pop() as PlainNode).adoptAll(placed.slice(from));
      placed.length = from;
      expected.pop();
    }
  }
  if (root === undefined || open.length > 0) throw new Error('The flat tree ends inside a node');
  return root;
}

function nodeAt(words: Uint32Array, at: number, kind: NodeKind, anchor: Anchor): PlainNode {
  // `| 0` keeps the offsets small integers: a Uint32Array read may hold any uint32, which would box them as doubles.
  return new PlainNode(kind, words[at + 1] | 0, words[at + 2] | 0, words[at + 3] >= MISSING_BIT, anchor);
}

function kindOf(words: Uint32Array, at: number, names: FlatTreeNames, kinds: KindTable): NodeKind {
  const symbol = words[at] & SYMBOL_MASK;
  const field = words[at] >>> FIELD_SHIFT;
  let kind = kinds.get(symbol, field);
  if (kind === undefined) {
    const type = symbol === ERROR_SYMBOL ? 'ERROR' : names.types[symbol];
    if (typeof type !== 'string') throw new Error(`The flat tree names unknown symbol ${symbol}`);
    const fieldName = field === 0 ? undefined : (names.fields[field] ?? undefined);
    kind = NodeKind.of(type, (words[at + 3] & NAMED_BIT) !== 0, fieldName);
    kinds.set(symbol, field, kind);
  }
  return kind;
}
