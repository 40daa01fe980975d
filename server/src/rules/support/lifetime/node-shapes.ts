// Small readers of tree-sitter-cpp shapes shared by the object-lifetime rules (DK203–DK210).
import { unwrap } from '../../../analysis/ownership/syntax-shapes';
import type { SyntaxNode } from '../../../parser/syntax-node';

/** The function body being read, with the document text its offsets index. */
export interface Scope {
  readonly text: string;
  readonly body: SyntaxNode;
}

/** The wasm backend hands out a new node object on every access, so nodes are compared by position and type. */
export function sameNode(a: SyntaxNode | null | undefined, b: SyntaxNode | null | undefined): boolean {
  return !!a && !!b && a.startIndex === b.startIndex && a.endIndex === b.endIndex && a.type === b.type;
}

export function contains(outer: SyntaxNode, inner: SyntaxNode): boolean {
  return outer.startIndex <= inner.startIndex && inner.endIndex <= outer.endIndex;
}

/** The operator token of a binary, unary or assignment expression (`&&`, `!`, `=`). */
export function operatorOf(text: string, node: SyntaxNode): string {
  const operator = node.childForFieldName('operator');
  return operator ? text.slice(operator.startIndex, operator.endIndex) : '';
}

const CAST_TEMPLATES = new Set(['reinterpret_cast', 'static_cast', 'const_cast']);
const CAST_MACROS = new Set(['OSDynamicCast', 'OSRequiredCast']);

/**
 * Strips what does not change which object or address an expression denotes: parentheses, C casts,
 * `reinterpret_cast<T>(…)`-style casts and `OSDynamicCast(T, …)`.
 */
export function unwrapValue(text: string, node: SyntaxNode): SyntaxNode {
  let current = unwrap(node);
  for (;;) {
    if (current.type !== 'call_expression') return current;
    const callee = current.childForFieldName('function');
    const args = current.childForFieldName('arguments')?.namedChildren.filter((a) => a.type !== 'comment') ?? [];
    const name = callee?.type === 'template_function' ? callee.childForFieldName('name') : callee;
    const calleeName = name ? text.slice(name.startIndex, name.endIndex) : '';
    if (callee?.type === 'template_function' && CAST_TEMPLATES.has(calleeName) && args.length === 1) current = unwrap(args[0]);
    else if (callee?.type === 'identifier' && CAST_MACROS.has(calleeName) && args.length === 2) current = unwrap(args[1]);
    else return current;
  }
}

/** An expression's text without whitespace, parentheses or casts, so that `( ivars->x )` and `ivars->x` compare equal. */
export function canonical(text: string, node: SyntaxNode): string {
  const inner = unwrapValue(text, node);
  return text.slice(inner.startIndex, inner.endIndex).replace(/\s+/g, '');
}

/**
 * True for `ivars->x`, `ivars->x[i]`, `ivars->tasks[i].completion`, `self->ivars->x`: storage that lives as long
 * as the object.
 */
export function isIvarsRooted(text: string, node: SyntaxNode): boolean {
  let current = unwrap(node);
  for (let steps = 0; ; steps++) {
    if (current.type !== 'field_expression' && current.type !== 'subscript_expression') {
      return steps > 0 && current.type === 'identifier' && text.slice(current.startIndex, current.endIndex) === 'ivars';
    }
    const field = current.type === 'field_expression' ? current.childForFieldName('field') : null;
    if (steps > 0 && field && text.slice(field.startIndex, field.endIndex) === 'ivars') return true;
    const base = current.childForFieldName('argument') ?? current.namedChildren[0];
    if (!base) return false;
    current = unwrap(base);
  }
}

/** `ivars->name` exactly: a field of the ivars struct reached with `->`, nothing else. */
export function isPlainIvarsField(text: string, node: SyntaxNode): boolean {
  if (node.type !== 'field_expression') return false;
  const base = node.childForFieldName('argument');
  const arrow = node.children.some((c) => c.type === '->');
  return arrow && base?.type === 'identifier' && text.slice(base.startIndex, base.endIndex) === 'ivars';
}

/** A lambda or a Clang block (masked to a brace block inside an argument list): code that runs later, elsewhere. */
export function isDeferredBody(node: SyntaxNode): boolean {
  return node.type === 'lambda_expression' || (node.type === 'compound_statement' && node.parent?.type === 'argument_list');
}

/** Every node under `root` that `accept` matches, in source order, not looking into lambdas or blocks. */
export function collect(root: SyntaxNode, accept: (node: SyntaxNode) => boolean): SyntaxNode[] {
  const found: SyntaxNode[] = [];
  const visit = (node: SyntaxNode): void => {
    if (accept(node)) found.push(node);
    for (const child of node.namedChildren) if (!isDeferredBody(child)) visit(child);
  };
  visit(root);
  return found;
}

/** Identifiers spelled `name` under `root` (field names such as `x.name` are `field_identifier`s and do not count). */
export function identifiersNamed(text: string, root: SyntaxNode, name: string): SyntaxNode[] {
  return collect(root, (n) => n.type === 'identifier' && text.slice(n.startIndex, n.endIndex) === name);
}

/** The statement that directly contains `node`: the nearest ancestor whose parent is a block, case or label. */
export function statementOf(node: SyntaxNode, body: SyntaxNode): SyntaxNode | undefined {
  let current: SyntaxNode | null = node;
  while (current && !sameNode(current, body)) {
    const parent: SyntaxNode | null = current.parent;
    if (!parent) return undefined;
    if (parent.type === 'compound_statement' || parent.type === 'case_statement' || parent.type === 'labeled_statement') {
      return current.type.endsWith('statement') || current.type === 'declaration' ? current : undefined;
    }
    if (isDeferredBody(parent)) return undefined;
    current = parent;
  }
  return undefined;
}
