// Incremental parsing for one open document: tree-sitter's tree.edit + reparse, and reuse of the plain copy.
//
// After an edit, tree-sitter reparses only around the change when given the edited previous tree (a few ms instead
// of tens), and reports the ranges whose structure changed. The plain copy (plain-tree.ts) is then rebuilt only
// where the new tree differs: every subtree that lies outside the edit and the changed ranges is the previous
// copy's node, moved into the new tree and shifted by the edit's length difference (for a top-level subtree, by
// changing the one base its offsets are relative to, so a keystroke does not rewrite half the nodes of a file).
// An edit inside one function body skips even that: the function is reparsed alone (body-reparse.ts).
import { changeBetween } from '../text/common-affixes';
import { reparseOneBody, type SplicedTree } from './body-reparse';
import { anchorFor, copySubtree, NameCache, ownsAnchor, PlainNode, type BackendCursor } from './plain-tree';
import type { ParseSession, SyntaxTree } from './syntax-node';

/** A UTF-16 range edit as both tree-sitter bindings take it (columns in UTF-16 code units, rows counted by `\n`). */
export interface TreeEdit {
  readonly startIndex: number;
  readonly oldEndIndex: number;
  readonly newEndIndex: number;
  readonly startPosition: TreePoint;
  readonly oldEndPosition: TreePoint;
  readonly newEndPosition: TreePoint;
}

export interface TreePoint {
  readonly row: number;
  readonly column: number;
}

/** The members of a backend tree an incremental parse needs. */
export interface EditableTree {
  readonly rootNode: { readonly hasError: boolean };
  edit(edit: TreeEdit): void;
  walk(): BackendCursor;
  getChangedRanges(other: EditableTree): readonly { readonly startIndex: number; readonly endIndex: number }[];
  /** Frees a tree that lives outside the JS heap (wasm); absent on the native binding, whose trees are collected. */
  delete?(): void;
}

/** Parses text, optionally reusing an edited previous tree of the same backend. */
export type TreeParser = (text: string, previous: EditableTree | undefined) => EditableTree;

/** Frees a cursor that lives outside the JS heap (wasm). */
type CursorRelease = (cursor: BackendCursor) => void;

interface Retained {
  readonly text: string;
  /** The backend tree of the last full parse, with every edit since applied (tree.edit) but not reparsed. */
  readonly tree: EditableTree;
  readonly root: PlainNode;
}

/** Statistics of the last parse, for the benchmark and tests: how much of the plain copy was rebuilt. */
export interface ParseReuse {
  readonly incremental: boolean;
  readonly reusedSubtrees: number;
  /** Only the edited function was reparsed (body-reparse.ts), not the whole file. */
  readonly oneBody: boolean;
}

export class IncrementalParseSession implements ParseSession {
  private retained: Retained | undefined;
  private lastReuse: ParseReuse = { incremental: false, reusedSubtrees: 0, oneBody: false };

  constructor(
    private readonly parseTree: TreeParser,
    private readonly releaseCursor: CursorRelease = () => undefined,
  ) {}

  get reuse(): ParseReuse {
    return this.lastReuse;
  }

  parse(text: string): SyntaxTree {
    const previous = this.retained;
    // The session owns the tree until the next parse or dispose, so the caller's dispose is a no-op.
    const keep = (root: PlainNode): SyntaxTree => ({ rootNode: root, dispose: () => undefined });
    if (previous?.text === text) return keep(previous.root);
    this.retained = undefined;
    if (!previous) {
      const tree = this.parseTree(text, undefined);
      const root = this.copy(tree, (cursor) => copySubtree(cursor, new NameCache(cursor), null));
      this.retained = { text, tree, root };
      this.lastReuse = { incremental: false, reusedSubtrees: 0, oneBody: false };
      return keep(root);
    }
    const edit = diffEdit(previous.text, text);
    const spliced = this.reparseOneBody(previous.root, text, edit);
    if (spliced) {
      // The backend tree learns of the edit now and is reparsed at the next edit the fast path cannot take.
      previous.tree.edit(edit);
      this.retained = { text, tree: previous.tree, root: spliced.root };
      this.lastReuse = { incremental: true, reusedSubtrees: spliced.reused, oneBody: true };
      return keep(spliced.root);
    }
    try {
      previous.tree.edit(edit);
      const tree = this.parseTree(text, previous.tree);
      const dirty = [{ start: edit.startIndex, end: edit.newEndIndex }, ...previous.tree.getChangedRanges(tree).map((r) => ({ start: r.startIndex, end: r.endIndex }))];
      const rebuild = new Rebuild(edit, dirty);
      const root = this.copy(tree, (cursor) => rebuild.node(new NameCache(cursor), null, previous.root));
      this.retained = { text, tree, root };
      this.lastReuse = { incremental: true, reusedSubtrees: rebuild.reused, oneBody: false };
      return keep(root);
    } catch {
      // The previous copy may be half moved into the failed one: start over from the text alone.
      return this.parse(text);
    } finally {
      previous.tree.delete?.();
    }
  }

  dispose(): void {
    this.retained?.tree.delete?.();
    this.retained = undefined;
  }

  private reparseOneBody(previousRoot: PlainNode, text: string, edit: TreeEdit): SplicedTree | undefined {
    try {
      return reparseOneBody(previousRoot, text, edit, { parseTree: this.parseTree, releaseCursor: this.releaseCursor });
    } catch {
      // Nothing of the previous copy changes before the snippet is known good, so the full reparse can still run.
      return undefined;
    }
  }

  private copy(tree: EditableTree, run: (cursor: BackendCursor) => PlainNode): PlainNode {
    const cursor = tree.walk();
    try {
      return run(cursor);
    } finally {
      this.releaseCursor(cursor);
    }
  }
}

/** The one edit that turns `before` into `after`: everything between their common prefix and common suffix. */
export function diffEdit(before: string, after: string): TreeEdit {
  const change = changeBetween(before, after);
  const start = pointAt(before, change.start);
  return {
    startIndex: change.start,
    oldEndIndex: change.oldEnd,
    newEndIndex: change.newEnd,
    startPosition: start,
    oldEndPosition: pointAfter(before, change.start, change.oldEnd, start),
    newEndPosition: pointAfter(after, change.start, change.newEnd, start),
  };
}

/** Row and column of `offset` as tree-sitter counts them: rows by `\n`, columns in UTF-16 code units. */
function pointAt(text: string, offset: number): TreePoint {
  let row = 0;
  let lineStart = 0;
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) {
    row++;
    lineStart = i + 1;
  }
  return { row, column: offset - lineStart };
}

function pointAfter(text: string, from: number, offset: number, start: TreePoint): TreePoint {
  let row = start.row;
  let column = start.column;
  let lineStart = from - start.column;
  for (let i = text.indexOf('\n', from); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) {
    row++;
    lineStart = i + 1;
  }
  column = offset - lineStart;
  return { row, column };
}

/** One top-down rebuild of the plain copy that takes every untouched subtree from the previous copy. */
class Rebuild {
  reused = 0;
  private readonly delta: number;

  constructor(
    private readonly edit: TreeEdit,
    /** Ranges of the new text that were edited or changed structure; touching one means a node is rebuilt. */
    private readonly dirty: readonly { readonly start: number; readonly end: number }[],
  ) {
    this.delta = edit.newEndIndex - edit.oldEndIndex;
  }

  /** Builds the node under the cursor; `previous` is the node it replaces, when one is known. */
  node(names: NameCache, parent: PlainNode | null, previous: PlainNode | undefined): PlainNode {
    const cursor = names.cursor;
    if (!previous) return copySubtree(cursor, names, parent);
    const start = cursor.startIndex;
    const end = cursor.endIndex;
    const kind = names.kind();
    if (this.isClean(start, end)) {
      if (previous.type === kind.type && this.moved(previous.startIndex) === start && this.moved(previous.endIndex) === end) {
        return this.reuse(names, parent, previous, start);
      }
      return copySubtree(cursor, names, parent);
    }
    const node = names.node(parent);
    node.relativeStart = start - node.anchor.base;
    if (cursor.gotoFirstChild()) {
      let candidate = 0;
      do {
        const childStart = cursor.startIndex;
        const childEnd = cursor.endIndex;
        // Children come in source order in both trees, so the search for a counterpart resumes where it stopped.
        while (candidate < previous.children.length && this.movedEnd(previous.children[candidate].endIndex) < childStart) candidate++;
        const counterpart = previous.children[candidate];
        const matches = counterpart !== undefined && this.movedStart(counterpart.startIndex) <= childEnd;
        this.node(names, node, matches ? counterpart : undefined);
      } while (cursor.gotoNextSibling());
      cursor.gotoParent();
    } else {
      node.relativeEnd = end - node.anchor.base;
      if (start === end) node.isMissing = cursor.nodeIsMissing;
    }
    return node;
  }

  private reuse(names: NameCache, parent: PlainNode | null, previous: PlainNode, start: number): PlainNode {
    const delta = start - previous.startIndex;
    // Counterparts are matched level by level, so a reused node keeps its depth: a top-level subtree moves with its
    // own anchor in one step, and a deeper one (inside an edited top-level node) takes its new parent's anchor.
    const topLevel = parent === null || parent.parent === null;
    if (topLevel && ownsAnchor(previous)) previous.anchor.base += delta;
    else previous.reanchor(delta, anchorFor(parent));
    previous.fieldName = names.field();
    previous.parent = null;
    parent?.adopt(previous);
    this.reused++;
    return previous;
  }

  private isClean(start: number, end: number): boolean {
    // Touching counts as dirty: text inserted at a node's edge may have joined it (an identifier grown by a letter).
    for (const range of this.dirty) if (start <= range.end && range.start <= end) return false;
    return true;
  }

  /** An old offset outside the edit, in new coordinates; NaN for offsets the edit replaced. */
  private moved(offset: number): number {
    if (offset <= this.edit.startIndex) return offset;
    if (offset >= this.edit.oldEndIndex) return offset + this.delta;
    return Number.NaN;
  }

  private movedStart(offset: number): number {
    return offset > this.edit.startIndex && offset < this.edit.oldEndIndex ? this.edit.startIndex : this.moved(offset);
  }

  private movedEnd(offset: number): number {
    return offset > this.edit.startIndex && offset < this.edit.oldEndIndex ? this.edit.newEndIndex : this.moved(offset);
  }
}
