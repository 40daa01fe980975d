// Copies a backend's syntax tree into plain JavaScript objects in one cursor walk.
//
// Reading nodes through the native binding or the wasm heap costs a boundary crossing per property; rules walk the
// tree many times, so one copy makes every later read a plain field access. It also gives nodes a stable identity
// (web-tree-sitter makes a new object on every access) and frees the backend tree right away.
import type { SyntaxNode } from './syntax-node';

/** The cursor members both backends implement. */
export interface BackendCursor {
  readonly nodeType: string;
  readonly nodeTypeId: number;
  readonly nodeIsNamed: boolean;
  readonly nodeIsMissing: boolean;
  readonly startIndex: number;
  readonly endIndex: number;
  /** 0 or undefined (the native binding) when the node hangs under no field. */
  readonly currentFieldId: number | undefined;
  readonly currentFieldName: string | null | undefined;
  gotoFirstChild(): boolean;
  gotoNextSibling(): boolean;
  gotoParent(): boolean;
}

const NO_NODES: readonly PlainNode[] = Object.freeze([]) as readonly PlainNode[];

/**
 * The base that the offsets of one top-level subtree are relative to. An incremental parse moves a reused top-level
 * subtree by changing its anchor's base once, instead of rewriting the offsets of every node in it (half the nodes of
 * a file for an edit in its middle).
 */
export class Anchor {
  base = 0;
}

/**
 * What a node shares with every node of its type that hangs from its parent under the same field. Interned: a node
 * holds one reference for the three, which keeps a tree of some 80,000 nodes (a 10,000-line file) smaller, and every
 * scavenge that copies it cheaper.
 */
export class NodeKind {
  private static readonly interned = new Map<string, NodeKind>();

  private constructor(
    readonly type: string,
    readonly isNamed: boolean,
    readonly fieldName: string | undefined,
  ) {}

  /** The one kind with these three (the grammar bounds how many there are: types × fields). */
  static of(type: string, isNamed: boolean, fieldName: string | undefined): NodeKind {
    const key = `${isNamed ? 'n' : 'a'}${fieldName ?? ''}\0${type}`;
    let kind = NodeKind.interned.get(key);
    if (kind === undefined) {
      kind = new NodeKind(type, isNamed, fieldName);
      NodeKind.interned.set(key, kind);
    }
    return kind;
  }
}

/**
 * Node kinds by numeric type id and field id. tree-sitter numbers its two error symbols 65534 and 65535, far past the
 * grammar's own; they take the first two slots, so that the table stays a dense array.
 */
export class KindTable {
  private readonly byType: (NodeKind[] | undefined)[] = [];

  get(typeId: number, fieldId: number): NodeKind | undefined {
    return this.byType[slotOf(typeId)]?.[fieldId];
  }

  set(typeId: number, fieldId: number, kind: NodeKind): void {
    const slot = slotOf(typeId);
    (this.byType[slot] ??= [])[fieldId] = kind;
  }
}

const FIRST_ERROR_SYMBOL = 0xfffe;

function slotOf(typeId: number): number {
  return typeId >= FIRST_ERROR_SYMBOL ? typeId - FIRST_ERROR_SYMBOL : typeId + 2;
}

const MISSING_BIT = 1;

export class PlainNode implements SyntaxNode {
  children: PlainNode[] = NO_NODES as PlainNode[];
  parent: PlainNode | null = null;
  private named: PlainNode[] | undefined;
  /** The index among the parent's children, shifted left by one, and the missing flag in bit 0: one field for two. */
  private bits: number;

  constructor(
    public kind: NodeKind,
    /** Offsets relative to `anchor.base`. */
    public relativeStart: number,
    public relativeEnd: number,
    isMissing: boolean,
    public anchor: Anchor,
  ) {
    this.bits = isMissing ? MISSING_BIT : 0;
  }

  get type(): string {
    return this.kind.type;
  }

  get isNamed(): boolean {
    return this.kind.isNamed;
  }

  get fieldName(): string | undefined {
    return this.kind.fieldName;
  }

  /** A reused node may hang from its new parent under another field. */
  set fieldName(fieldName: string | undefined) {
    if (fieldName !== this.kind.fieldName) this.kind = NodeKind.of(this.kind.type, this.kind.isNamed, fieldName);
  }

  get isMissing(): boolean {
    return (this.bits & MISSING_BIT) !== 0;
  }

  set isMissing(missing: boolean) {
    this.bits = missing ? this.bits | MISSING_BIT : this.bits & ~MISSING_BIT;
  }

  private get index(): number {
    return this.bits >>> 1;
  }

  private set index(index: number) {
    this.bits = (index << 1) | (this.bits & MISSING_BIT);
  }

  get startIndex(): number {
    return this.relativeStart + this.anchor.base;
  }

  get endIndex(): number {
    return this.relativeEnd + this.anchor.base;
  }

  get namedChildren(): PlainNode[] {
    this.named ??= namedOf(this.children);
    return this.named;
  }

  get childCount(): number {
    return this.children.length;
  }

  get namedChildCount(): number {
    return this.namedChildren.length;
  }

  get nextSibling(): PlainNode | null {
    return this.parent?.children[this.index + 1] ?? null;
  }

  get previousSibling(): PlainNode | null {
    return this.index > 0 ? (this.parent?.children[this.index - 1] ?? null) : null;
  }

  get nextNamedSibling(): PlainNode | null {
    const siblings = this.parent?.children ?? [];
    for (let i = this.index + 1; i < siblings.length; i++) if (siblings[i].isNamed) return siblings[i];
    return null;
  }

  get previousNamedSibling(): PlainNode | null {
    const siblings = this.parent?.children ?? [];
    for (let i = this.index - 1; i >= 0; i--) if (siblings[i].isNamed) return siblings[i];
    return null;
  }

  childForFieldName(fieldName: string): PlainNode | null {
    for (const child of this.children) if (child.fieldName === fieldName) return child;
    return null;
  }

  /**
   * Moves this subtree by `delta` and makes its offsets relative to `anchor` (a subtree reused under a rebuilt
   * top-level node): every node is rewritten.
   */
  reanchor(delta: number, anchor: Anchor): void {
    if (delta === 0 && anchor === this.anchor) return;
    const stack: PlainNode[] = [this];
    while (stack.length > 0) {
      const node = stack.pop() as PlainNode;
      const rebase = node.anchor.base + delta - anchor.base;
      node.relativeStart += rebase;
      node.relativeEnd += rebase;
      node.anchor = anchor;
      for (const child of node.children) stack.push(child);
    }
  }

  /** Takes `children`, an array made for this node alone, as its children in order. */
  adoptAll(children: PlainNode[]): void {
    this.children = children;
    for (let i = 0; i < children.length; i++) {
      children[i].parent = this;
      children[i].index = i;
    }
  }

  adopt(child: PlainNode): void {
    if (this.children === NO_NODES) this.children = [];
    child.parent = this;
    child.index = this.children.length;
    this.children.push(child);
  }
}

/** The named nodes of `children`: the array itself when all are named (it is never changed once built), else a copy. */
function namedOf(children: PlainNode[]): PlainNode[] {
  if (children.length === 0) return NO_NODES as PlainNode[];
  for (const child of children) if (!child.isNamed) return children.filter((c) => c.isNamed);
  return children;
}

/**
 * Walks the backend tree once with its cursor and returns the root of the plain copy. Each property read crosses
 * into the binding, so per node only the numeric type and field ids and the offsets are read; names and the named
 * flag are looked up once per id, and the missing flag only for zero-width leaves (the only nodes that can be
 * missing). An inner node starts where its first child starts, so only leaves have their start read.
 */
export function copyTree(cursor: BackendCursor): SyntaxNode {
  const names = new NameCache(cursor);
  const root = copySubtree(cursor, names, null);
  return root;
}

/** Node kinds and field names by numeric id, read from the cursor once per id and field. */
export class NameCache {
  private readonly fields: (string | null | undefined)[] = [];
  private readonly kinds = new KindTable();

  constructor(readonly cursor: BackendCursor) {}

  /** A new plain node for the node under the cursor, its start still unknown (-1) unless the caller sets it. */
  node(parent: PlainNode | null): PlainNode {
    const anchor = anchorFor(parent);
    const node = new PlainNode(this.kind(), -1, this.cursor.endIndex - anchor.base, false, anchor);
    parent?.adopt(node);
    return node;
  }

  /** The kind of the node under the cursor: its type, named flag and field. */
  kind(): NodeKind {
    const typeId = this.cursor.nodeTypeId;
    const fieldId = this.cursor.currentFieldId ?? 0;
    let kind = this.kinds.get(typeId, fieldId);
    if (kind === undefined) {
      kind = NodeKind.of(this.cursor.nodeType, this.cursor.nodeIsNamed, this.field());
      this.kinds.set(typeId, fieldId, kind);
    }
    return kind;
  }

  /** The field name under which the node under the cursor hangs from its parent. */
  field(): string | undefined {
    const fieldId = this.cursor.currentFieldId ?? 0;
    let field = this.fields[fieldId];
    if (field === undefined) {
      field = this.cursor.currentFieldName ?? null;
      this.fields[fieldId] = field;
    }
    return field ?? undefined;
  }
}

/** Copies the node under the cursor and everything below it; the cursor ends where it started. */
export function copySubtree(cursor: BackendCursor, names: NameCache, parent: PlainNode | null): PlainNode {
  const top = names.node(parent);
  let current = top;
  let depth = 0;
  for (;;) {
    if (cursor.gotoFirstChild()) {
      depth++;
      current = names.node(current);
      continue;
    }
    finishLeaf(cursor, current);
    while (depth > 0 && !cursor.gotoNextSibling()) {
      cursor.gotoParent();
      depth--;
      current = current.parent as PlainNode;
    }
    if (depth === 0) return top;
    current = names.node(current.parent);
  }
}

/** True for the root and the top-level nodes: those whose subtree's offsets are relative to their own anchor. */
export function ownsAnchor(node: PlainNode): boolean {
  return node.parent === null || node.anchor !== node.parent.anchor;
}

/**
 * The anchor of a node placed under `parent`: the root and every top-level node get a new one (base 0, so that a new
 * node's relative offsets are its offsets); deeper nodes share their top-level ancestor's.
 */
export function anchorFor(parent: PlainNode | null): Anchor {
  return parent === null || parent.parent === null ? new Anchor() : parent.anchor;
}

/** Reads a leaf's start and hands it to every ancestor the leaf begins. */
function finishLeaf(cursor: BackendCursor, leaf: PlainNode): void {
  const start = cursor.startIndex;
  leaf.relativeStart = start - leaf.anchor.base;
  if (start === leaf.endIndex) leaf.isMissing = cursor.nodeIsMissing;
  let node = leaf;
  while (node.parent !== null && node.parent.relativeStart < 0) {
    node.parent.relativeStart = start - node.parent.anchor.base;
    node = node.parent;
  }
}
