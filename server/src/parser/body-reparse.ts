// The keystroke fast path: an edit inside one function body reparses that function alone.
//
// tree-sitter's incremental reparse still visits every top-level declaration (about 4 ms on a 10,000-line file,
// wherever the edit is), and the plain copy then walks them all again through the binding. Typing inside a function
// body is by far the most common edit, and between two complete top-level declarations the grammar is in the same
// state as at the start of a file. So when the reparsed function, alone, parses into one error-free function
// definition spanning exactly its text, the file's tree is the previous one with that declaration replaced, provided
// that no error recovery before it could have reached into it: the function and its neighbours parsed without an
// error, and no skipped text (an ERROR node) comes before it. Anything else (an edit that unbalances a brace, opens a
// comment or a string, touches the function's signature) takes the full incremental reparse.
import type { TreeEdit, TreeParser } from './incremental-parse';
import { Anchor, copySubtree, NameCache, ownsAnchor, PlainNode, type BackendCursor } from './plain-tree';

export interface SplicedTree {
  readonly root: PlainNode;
  /** Top-level subtrees taken over from the previous copy. */
  readonly reused: number;
}

/** What the fast path needs from the session: how to parse a snippet and free what the backend allocates. */
export interface SnippetParsing {
  readonly parseTree: TreeParser;
  readonly releaseCursor: (cursor: BackendCursor) => void;
}

/**
 * The new plain tree when `edit` lies strictly inside the braces of a top-level function definition's body and that
 * function, reparsed alone, is one error-free definition; undefined otherwise. Nothing of the previous copy changes
 * unless a tree is returned.
 */
export function reparseOneBody(previousRoot: PlainNode, text: string, edit: TreeEdit, parsing: SnippetParsing): SplicedTree | undefined {
  if (previousRoot.type !== 'translation_unit') return undefined;
  const index = topLevelIndexAround(previousRoot.children, edit);
  const target = index === undefined ? undefined : previousRoot.children[index];
  if (index === undefined || target?.type !== 'function_definition' || !isSettled(previousRoot.children, index)) return undefined;
  const body = target.childForFieldName('body');
  if (body?.type !== 'compound_statement' || body.endIndex !== target.endIndex) return undefined;
  if (!(body.startIndex < edit.startIndex && edit.oldEndIndex < body.endIndex)) return undefined;
  const delta = edit.newEndIndex - edit.oldEndIndex;
  const start = target.startIndex;
  const snippet = text.slice(start, target.endIndex + delta);
  const tree = parsing.parseTree(snippet, undefined);
  try {
    if (tree.rootNode.hasError) return undefined;
    const cursor = tree.walk();
    try {
      // The snippet must hold exactly one definition, covering all of it.
      if (!cursor.gotoFirstChild() || cursor.nodeType !== 'function_definition' || cursor.startIndex !== 0 || cursor.endIndex !== snippet.length) return undefined;
      if (cursor.gotoNextSibling()) return undefined;
      return { root: splice(previousRoot, index, delta, (root) => copyAt(cursor, root, start)), reused: previousRoot.children.length - 1 };
    } finally {
      parsing.releaseCursor(cursor);
    }
  } finally {
    tree.delete?.();
  }
}

/**
 * True when the parse of the top-level node at `index` cannot depend on error recovery elsewhere: it and its
 * neighbours hold no error at all, and nothing before it holds skipped text (a missing token inserted, as for
 * `enum : uint32_t {`, is decided where it occurs).
 */
function isSettled(children: readonly PlainNode[], index: number): boolean {
  for (let i = Math.max(0, index - 1); i <= Math.min(children.length - 1, index + 1); i++) if (errorsIn(children[i]) !== 'none') return false;
  for (let i = 0; i < index - 1; i++) if (errorsIn(children[i]) === 'skipped') return false;
  return true;
}

type Errors = 'none' | 'missing' | 'skipped';

/** Per subtree object: its nodes never change, and the subtrees an edit did not touch are kept, so each is read once. */
const errorsBySubtree = new WeakMap<PlainNode, Errors>();

function errorsIn(top: PlainNode): Errors {
  let errors = errorsBySubtree.get(top);
  if (errors === undefined) {
    errors = 'none';
    const stack = [top];
    while (stack.length > 0 && errors !== 'skipped') {
      const node = stack.pop() as PlainNode;
      if (node.type === 'ERROR') errors = 'skipped';
      else if (node.isMissing) errors = 'missing';
      for (const child of node.children) stack.push(child);
    }
    errorsBySubtree.set(top, errors);
  }
  return errors;
}

/** The index of the top-level node that strictly contains the edited range, found by bisection. */
function topLevelIndexAround(children: readonly PlainNode[], edit: TreeEdit): number | undefined {
  let low = 0;
  let high = children.length - 1;
  while (low <= high) {
    const middle = (low + high) >> 1;
    const child = children[middle];
    if (child.endIndex <= edit.startIndex) low = middle + 1;
    else if (child.startIndex >= edit.oldEndIndex) high = middle - 1;
    else return child.startIndex < edit.startIndex && edit.oldEndIndex < child.endIndex ? middle : undefined;
  }
  return undefined;
}

/** Copies the definition under the cursor (offsets relative to the snippet) as a top-level node starting at `start`. */
function copyAt(cursor: BackendCursor, root: PlainNode, start: number): PlainNode {
  const node = copySubtree(cursor, new NameCache(cursor), root);
  // A top-level node owns its anchor, so one base turns the snippet's offsets into the document's.
  node.anchor.base = start;
  return node;
}

/** A new root with the previous root's top-level nodes, the one at `index` replaced and those after it moved by `delta`. */
function splice(previous: PlainNode, index: number, delta: number, replacement: (root: PlainNode) => PlainNode): PlainNode {
  const root = new PlainNode(previous.kind, previous.startIndex, previous.endIndex + delta, false, new Anchor());
  const children = previous.children;
  for (let i = 0; i < children.length; i++) {
    if (i === index) {
      replacement(root);
      continue;
    }
    const child = children[i];
    if (i > index) {
      if (ownsAnchor(child)) child.anchor.base += delta;
      else child.reanchor(delta, new Anchor());
    }
    child.parent = null;
    root.adopt(child);
  }
  return root;
}
