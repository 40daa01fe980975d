// Reads call expressions: what is called, on what, and with which arguments.
import type { FunctionDef, OffsetRange } from './file-model';
import { walk } from './syntax-helpers';
import type { SyntaxNode } from '../parser/syntax-node';

export interface CallSite {
  readonly node: SyntaxNode;
  /** `Class::Method` for a qualified call such as `OSAction::Create(...)`. */
  readonly qualifiedName?: string;
  /** The last name segment: `Create`, `SetHandler`, `OSSafeReleaseNULL`. */
  readonly name: string;
  /** The object of a member call (`ivars->timer` in `ivars->timer->SetHandler(a)`). */
  readonly receiver?: SyntaxNode;
  readonly calleeRange: OffsetRange;
  readonly args: readonly SyntaxNode[];
}

/** A call site read from the tree; its callee range is read from the node, which an incremental parse may shift. */
class ReadCall implements CallSite {
  constructor(
    readonly node: SyntaxNode,
    private readonly callee: SyntaxNode,
    readonly name: string,
    readonly args: readonly SyntaxNode[],
    readonly qualifiedName?: string,
    readonly receiver?: SyntaxNode,
  ) {}

  get calleeRange(): OffsetRange {
    return { start: this.callee.startIndex, end: this.callee.endIndex };
  }
}

/** Describes a call_expression node, or undefined for calls through pointers and other shapes. */
export function readCall(text: string, node: SyntaxNode): CallSite | undefined {
  if (node.type !== 'call_expression') return undefined;
  const callee = node.childForFieldName('function');
  const argumentList = node.childForFieldName('arguments');
  if (!callee || !argumentList) return undefined;
  const args = argumentList.namedChildren.filter((a) => a.type !== 'comment');
  if (callee.type === 'identifier') return new ReadCall(node, callee, slice(text, callee), args);
  if (callee.type === 'qualified_identifier') {
    const qualified = slice(text, callee).replace(/\s+/g, '');
    const name = qualified.slice(qualified.lastIndexOf('::') + 2);
    return new ReadCall(node, callee, name, args, qualified);
  }
  if (callee.type === 'field_expression') {
    const field = callee.childForFieldName('field');
    const receiver = callee.childForFieldName('argument');
    if (!field || !receiver) return undefined;
    return new ReadCall(node, callee, slice(text, field), args, undefined, receiver);
  }
  if (callee.type === 'template_function') {
    const name = callee.childForFieldName('name');
    return name ? new ReadCall(node, callee, slice(text, name), args) : undefined;
  }
  return undefined;
}

/** Every call of one tree, and the answers already given about which of them lie inside a node. */
interface TreeCalls {
  readonly all: readonly CallSite[];
  readonly inside: Map<SyntaxNode, readonly CallSite[]>;
}

/**
 * Every call in a tree, read once per tree and shared by all rules (each rule walking the whole tree for calls was
 * the largest cost of analysis). Keyed by the tree's root node, which is immutable once parsed.
 */
const callsByTree = new WeakMap<SyntaxNode, TreeCalls>();
/** Calls per top-level subtree, so that an incremental parse's untouched subtrees are not read again. */
const callsBySubtree = new WeakMap<SyntaxNode, readonly CallSite[]>();

function subtreeCalls(text: string, node: SyntaxNode): readonly CallSite[] {
  let calls = callsBySubtree.get(node);
  if (!calls) {
    const found: CallSite[] = [];
    walk(node, (n) => {
      const call = readCall(text, n);
      if (call) found.push(call);
    });
    calls = found;
    callsBySubtree.set(node, calls);
  }
  return calls;
}

function treeCalls(text: string, node: SyntaxNode): TreeCalls {
  let root = node;
  while (root.parent) root = root.parent;
  let calls = callsByTree.get(root);
  if (!calls) {
    const found: CallSite[] = [];
    const own = readCall(text, root);
    if (own) found.push(own);
    for (const child of root.namedChildren) for (const call of subtreeCalls(text, child)) found.push(call);
    calls = { all: found, inside: new Map() };
    callsByTree.set(root, calls);
  }
  return calls;
}

/**
 * Every call inside `root` (lambda and block bodies included), in source order. Rules ask about the same function
 * bodies over and over (thirty rules, each per function), so each tree remembers its answers; per tree, so that
 * every answer holds the same CallSite objects.
 */
export function findCalls(text: string, root: SyntaxNode): CallSite[] {
  const tree = treeCalls(text, root);
  let inside = tree.inside.get(root);
  if (!inside) {
    inside = searchCalls(tree.all, root);
    tree.inside.set(root, inside);
  }
  // A copy, since callers own the array they get.
  return inside.slice();
}

function searchCalls(calls: readonly CallSite[], root: SyntaxNode): CallSite[] {
  // Calls are in pre-order, so those inside `root` form one run starting at the first that begins inside it.
  let low = 0;
  let high = calls.length;
  while (low < high) {
    const middle = (low + high) >> 1;
    if (calls[middle].node.startIndex < root.startIndex) low = middle + 1;
    else high = middle;
  }
  const inside: CallSite[] = [];
  for (let i = low; i < calls.length && calls[i].node.startIndex < root.endIndex; i++) {
    if (calls[i].node.endIndex <= root.endIndex) inside.push(calls[i]);
  }
  return inside;
}

/** The function definition whose body contains `offset`. */
export function enclosingFunction(functions: readonly FunctionDef[], offset: number): FunctionDef | undefined {
  return functions.find((f) => f.body.startIndex <= offset && offset < f.body.endIndex);
}

export function slice(text: string, node: SyntaxNode): string {
  return text.slice(node.startIndex, node.endIndex);
}
