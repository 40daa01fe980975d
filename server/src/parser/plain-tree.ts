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
  readonly currentFieldId: number;
  readonly currentFieldName: string | null | undefined;
  gotoFirstChild(): boolean;
  gotoNextSibling(): boolean;
  gotoParent(): boolean;
}

const NO_NODES: readonly PlainNode[] = Object.freeze([]) as readonly PlainNode[];

class PlainNode implements SyntaxNode {
  children: PlainNode[] = NO_NODES as PlainNode[];
  parent: PlainNode | null = null;
  private index = 0;
  private named: PlainNode[] | undefined;

  constructor(
    readonly type: string,
    readonly startIndex: number,
    readonly endIndex: number,
    readonly isNamed: boolean,
    readonly isMissing: boolean,
    readonly fieldName: string | undefined,
  ) {}

  get namedChildren(): PlainNode[] {
    this.named ??= this.children.length === 0 ? (NO_NODES as PlainNode[]) : this.children.filter((c) => c.isNamed);
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

  adopt(child: PlainNode): void {
    if (this.children === NO_NODES) this.children = [];
    child.parent = this;
    child.index = this.children.length;
    this.children.push(child);
  }
}

/**
 * Walks the backend tree once with its cursor and returns the root of the plain copy. Each property read crosses
 * into the binding, so per node only the numeric type and field ids and the offsets are read; names and the named
 * flag are looked up once per id, and the missing flag only for zero-width nodes (the only ones that can be missing).
 */
export function copyTree(cursor: BackendCursor): SyntaxNode {
  const types = new Map<number, { type: string; named: boolean }>();
  const fields = new Map<number, string | undefined>();
  const read = (parent: PlainNode | null): PlainNode => {
    const typeId = cursor.nodeTypeId;
    let kind = types.get(typeId);
    if (!kind) {
      kind = { type: cursor.nodeType, named: cursor.nodeIsNamed };
      types.set(typeId, kind);
    }
    const fieldId = cursor.currentFieldId;
    let field = fields.get(fieldId);
    if (field === undefined && !fields.has(fieldId)) {
      field = cursor.currentFieldName ?? undefined;
      fields.set(fieldId, field);
    }
    const start = cursor.startIndex;
    const end = cursor.endIndex;
    const missing = start === end && cursor.nodeIsMissing;
    const node = new PlainNode(kind.type, start, end, kind.named, missing, field);
    parent?.adopt(node);
    return node;
  };
  const root = read(null);
  let current = root;
  for (;;) {
    if (cursor.gotoFirstChild()) {
      current = read(current);
      continue;
    }
    while (!cursor.gotoNextSibling()) {
      if (!cursor.gotoParent() || current.parent === null) return root;
      current = current.parent;
    }
    current = read(current.parent);
  }
}
