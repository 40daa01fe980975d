// Recognisers for the expression shapes the ownership analysis cares about.
import type { SyntaxNode } from '../../parser/syntax-node';

const SUCCESS_CONSTANTS = new Set(['kIOReturnSuccess', 'KERN_SUCCESS', '0', 'kIOReturnSuccess_']);
const NULL_CONSTANTS = new Set(['nullptr', 'NULL', '0', '__null']);

export function textOf(text: string, node: SyntaxNode): string {
  return text.slice(node.startIndex, node.endIndex);
}

/** Strips parentheses and casts that do not change which object an expression denotes. */
export function unwrap(node: SyntaxNode): SyntaxNode {
  let current = node;
  for (;;) {
    if (current.type === 'parenthesized_expression' && current.namedChildCount === 1) current = current.namedChildren[0];
    else if (current.type === 'condition_clause' && current.childForFieldName('value')) current = current.childForFieldName('value') as SyntaxNode;
    else if (current.type === 'cast_expression' && current.childForFieldName('value')) current = current.childForFieldName('value') as SyntaxNode;
    else return current;
  }
}

export function isIdentifier(text: string, node: SyntaxNode | null | undefined, name: string): boolean {
  return node !== null && node !== undefined && node.type === 'identifier' && textOf(text, node) === name;
}

export function isSuccessConstant(text: string, node: SyntaxNode): boolean {
  return SUCCESS_CONSTANTS.has(textOf(text, unwrap(node)).trim());
}

export function isNullConstant(text: string, node: SyntaxNode): boolean {
  const inner = unwrap(node);
  return inner.type === 'null' || NULL_CONSTANTS.has(textOf(text, inner).trim());
}

/** True when `node` mentions identifier `name` anywhere (field names like `x.name` do not count). */
export function mentions(text: string, node: SyntaxNode, name: string): boolean {
  if (node.type === 'identifier') return textOf(text, node) === name;
  if (node.endIndex - node.startIndex < name.length) return false;
  if (!textOf(text, node).includes(name)) return false;
  return node.namedChildren.some((child) => mentions(text, child, name));
}

/** `&name` (possibly parenthesised). */
export function isAddressOf(text: string, node: SyntaxNode, name: string): boolean {
  const inner = unwrap(node);
  if (inner.type !== 'pointer_expression') return false;
  const operator = inner.children[0];
  return operator !== undefined && textOf(text, operator) === '&' && isIdentifier(text, unwrap(inner.childForFieldName('argument') ?? inner), name);
}

const IDENTITY_CASTS = new Set(['OSDynamicCast', 'OSRequiredCast', 'static_cast', 'reinterpret_cast']);

/**
 * True when the value of `node` is the object named `name` itself (`name`, `(T *) name`,
 * `OSDynamicCast(T, name)`), as opposed to something computed from it (`name->GetLength()`).
 */
export function denotes(text: string, node: SyntaxNode, name: string): boolean {
  const inner = unwrap(node);
  if (inner.type === 'identifier') return textOf(text, inner) === name;
  if (inner.type !== 'call_expression') return false;
  const callee = inner.childForFieldName('function');
  const calleeName = callee ? textOf(text, callee.type === 'template_function' ? (callee.childForFieldName('name') ?? callee) : callee) : '';
  const args = inner.childForFieldName('arguments')?.namedChildren ?? [];
  return IDENTITY_CASTS.has(calleeName) && args.length > 0 && denotes(text, args[args.length - 1], name);
}
