// Reads call expressions: what is called, on what, and with which arguments.
import type { FunctionDef, OffsetRange } from './file-model';
import { firstStartingFrom, nodesOfType, nodesWithin } from './node-index';
import { topLevelOf } from './syntax-helpers';
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

/** The calls of one top-level subtree, and the answers already given about which of them lie inside a node. */
interface SubtreeCalls {
  readonly all: readonly CallSite[];
  readonly inside: Map<SyntaxNode, readonly CallSite[]>;
}

/**
 * The calls of each top-level subtree, read once per subtree object and shared by all rules (each rule walking the
 * whole tree for calls was the largest cost of analysis). An incremental parse keeps the subtrees an edit did not
 * touch, so after a keystroke only the edited declaration's calls are read again.
 */
const callsBySubtree = new WeakMap<SyntaxNode, SubtreeCalls>();
/** Every call of a tree, gathered from its subtrees when a rule asks about the whole tree. */
const callsByTree = new WeakMap<SyntaxNode, readonly CallSite[]>();

function subtreeCalls(text: string, top: SyntaxNode): SubtreeCalls {
  let calls = callsBySubtree.get(top);
  if (!calls) {
    const all: CallSite[] = [];
    for (const node of nodesOfType(top, 'call_expression')) {
      const call = readCall(text, node);
      if (call) all.push(call);
    }
    calls = { all, inside: new Map() };
    callsBySubtree.set(top, calls);
  }
  return calls;
}

function treeCalls(text: string, root: SyntaxNode): readonly CallSite[] {
  let calls = callsByTree.get(root);
  if (!calls) {
    const found: CallSite[] = [];
    const own = readCall(text, root);
    if (own) found.push(own);
    for (const child of root.namedChildren) for (const call of subtreeCalls(text, child).all) found.push(call);
    callsByTree.set(root, (calls = found));
  }
  return calls;
}

/**
 * Every call inside `root` (lambda and block bodies included), in source order. Rules ask about the same function
 * bodies over and over (thirty rules, each per function), so each subtree remembers its answers; per subtree
 * object, so that every answer holds the same CallSite objects. The answer is shared, not a copy.
 */
export function findCalls(text: string, root: SyntaxNode): readonly CallSite[] {
  const top = topLevelOf(root);
  if (top === undefined) return treeCalls(text, root);
  const calls = subtreeCalls(text, top);
  let inside = calls.inside.get(root);
  if (!inside) {
    inside = root === top ? calls.all : nodesWithin(calls.all, root, (call) => call.node);
    calls.inside.set(root, inside);
  }
  // Shared by every caller: the type keeps them from changing it.
  return inside;
}

/**
 * The shared index's call site for a call_expression node (the same object `findCalls` returns), read anew only for a
 * node outside any indexed tree. Walks that meet the same calls again and again (DK201 walks a body once per acquired
 * variable) look them up instead of reading each call again.
 */
export function callSiteOf(text: string, node: SyntaxNode): CallSite | undefined {
  const top = topLevelOf(node);
  if (top === undefined) return readCall(text, node);
  const calls = subtreeCalls(text, top).all;
  const start = node.startIndex;
  // Calls that start together (`a.b(c).d()` holds `a.b(c)`) are in pre-order, so the outer one comes first.
  for (let i = firstStartingFrom(calls, start, (call) => call.node); i < calls.length && calls[i].node.startIndex === start; i++) if (calls[i].node === node) return calls[i];
  return undefined;
}

/** The function definition whose body contains `offset`. */
export function enclosingFunction(functions: readonly FunctionDef[], offset: number): FunctionDef | undefined {
  return functions.find((f) => f.body.startIndex <= offset && offset < f.body.endIndex);
}

export function slice(text: string, node: SyntaxNode): string {
  return text.slice(node.startIndex, node.endIndex);
}
