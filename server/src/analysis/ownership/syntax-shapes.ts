// Recognisers for the expression shapes the ownership analysis cares about.
import type { SyntaxNode } from '../../parser/syntax-node';
import type { Outcome } from './world';

const SUCCESS_CONSTANTS = new Set(['kIOReturnSuccess', 'KERN_SUCCESS', '0', 'kIOReturnSuccess_']);
const NULL_CONSTANTS = new Set(['nullptr', 'NULL', '0', '__null']);
/** `kIOReturnNoMemory`, `KERN_FAILURE`: named non-zero status codes. */
const ERROR_CONSTANT = /^(kIOReturn\w+|KERN_[A-Z_]+)$/;

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

/** Whether a constant is zero (`ok`: success, `false`, null) or not (`fail`: an error code, `true`); undefined otherwise. */
export function constantOutcome(text: string, node: SyntaxNode): Outcome | undefined {
  const inner = unwrap(node);
  if (isSuccessConstant(text, inner) || isNullConstant(text, inner) || inner.type === 'false') return 'ok';
  const value = textOf(text, inner).trim();
  if (inner.type === 'true' || ERROR_CONSTANT.test(value)) return 'fail';
  if (inner.type === 'number_literal' && Number(value) !== 0 && !Number.isNaN(Number(value))) return 'fail';
  return undefined;
}

/** True when `node` mentions identifier `name` anywhere (field names like `x.name` do not count). */
export function mentions(text: string, node: SyntaxNode, name: string): boolean {
  if (node.type === 'identifier') return textOf(text, node) === name;
  if (node.endIndex - node.startIndex < name.length) return false;
  if (!textOf(text, node).includes(name)) return false;
  return node.namedChildren.some((child) => mentions(text, child, name));
}

/** True when the source of `node` contains `name` as a whole word, whatever the parser took it for. */
export function spellsName(text: string, node: SyntaxNode, name: string): boolean {
  // An empty name would match everywhere, and indexOf('') never moves past the end.
  if (name.length === 0) return false;
  const source = textOf(text, node);
  for (let at = source.indexOf(name); at !== -1; at = source.indexOf(name, at + 1)) {
    const after = at + name.length;
    if ((at === 0 || !isWordCharacter(source.charCodeAt(at - 1))) && (after === source.length || !isWordCharacter(source.charCodeAt(after)))) return true;
  }
  return false;
}

/** `[A-Za-z0-9_$]`: a character that would make a longer name. */
function isWordCharacter(code: number): boolean {
  return (code >= 0x61 && code <= 0x7a) || (code >= 0x41 && code <= 0x5a) || (code >= 0x30 && code <= 0x39) || code === 0x5f || code === 0x24;
}

/** True when something under `node` assigns the variable `name` (`name = ...`, `name += ...`, `name++`, `&name`). */
export function assigns(text: string, node: SyntaxNode, name: string): boolean {
  if (!spellsName(text, node, name)) return false;
  const target =
    node.type === 'assignment_expression' ? node.childForFieldName('left')
    : node.type === 'update_expression' ? node.childForFieldName('argument')
    : node.type === 'pointer_expression' && textOf(text, node.childForFieldName('operator') ?? node) === '&' ? node.childForFieldName('argument')
    : null;
  if (target && isIdentifier(text, unwrap(target), name)) return true;
  return node.namedChildren.some((child) => assigns(text, child, name));
}

/** `&name` (possibly parenthesised). */
export function isAddressOf(text: string, node: SyntaxNode, name: string): boolean {
  const inner = unwrap(node);
  if (inner.type !== 'pointer_expression') return false;
  const operator = inner.children[0];
  return operator !== undefined && textOf(text, operator) === '&' && isIdentifier(text, unwrap(inner.childForFieldName('argument') ?? inner), name);
}

/** Operators whose result is a truth value or a comparison, never one of their operands. */
const TESTING_OPERATORS = new Set(['==', '!=', '<', '>', '<=', '>=', '&&', '||', '!']);

/** Casts whose result is their last argument: `OSDynamicCast(IOUserClient, client)`. */
const IDENTITY_CASTS = new Set(['OSDynamicCast', 'OSRequiredCast', 'static_cast', 'reinterpret_cast', 'const_cast']);

/**
 * True when evaluating `node` may yield the object `name` itself (`name`, `&name`, `cond ? name : nullptr`,
 * `{ name, 4 }`, `OSDynamicCast(T, name)`), so that whoever receives the value could keep or release it. A value read
 * from the object (`name->GetAddress()`), a test of it (`name != nullptr`) or another call's result does not pass
 * the object on: what a call does with the object it is given is the call's own effect (see call-effects.ts).
 */
export function passesObject(text: string, node: SyntaxNode, name: string): boolean {
  switch (node.type) {
    case 'identifier':
      return textOf(text, node) === name;
    case 'lambda_expression':
    case 'compound_statement':
      return mentions(text, node, name);
    case 'field_expression':
      return !isIdentifier(text, unwrap(node.childForFieldName('argument') ?? node), name) && passesFromChildren(text, node, name);
    case 'call_expression': {
      const args = node.childForFieldName('arguments')?.namedChildren ?? [];
      return IDENTITY_CASTS.has(calleeName(text, node)) && args.length > 0 && passesObject(text, args[args.length - 1], name);
    }
    case 'binary_expression':
    case 'unary_expression':
      return !TESTING_OPERATORS.has(textOf(text, node.childForFieldName('operator') ?? node)) && passesFromChildren(text, node, name);
    case 'conditional_expression':
      return [node.childForFieldName('consequence'), node.childForFieldName('alternative')].some((branch) => branch !== null && passesObject(text, branch, name));
    case 'sizeof_expression':
    case 'string_literal':
    case 'concatenated_string':
      return false;
    default:
      return passesFromChildren(text, node, name);
  }
}

function calleeName(text: string, call: SyntaxNode): string {
  const callee = call.childForFieldName('function');
  if (!callee) return '';
  return textOf(text, callee.type === 'template_function' ? (callee.childForFieldName('name') ?? callee) : callee);
}

function passesFromChildren(text: string, node: SyntaxNode, name: string): boolean {
  if (!textOf(text, node).includes(name)) return false;
  return node.namedChildren.some((child) => passesObject(text, child, name));
}

/** The name a declarator introduces (`buffer` in `IOBufferMemoryDescriptor * buffer = nullptr`). */
export function declaredName(text: string, declarator: SyntaxNode): string | undefined {
  let node: SyntaxNode | null = declarator;
  while (node) {
    if (node.type === 'identifier') return textOf(text, node);
    if (!['init_declarator', 'pointer_declarator', 'reference_declarator', 'array_declarator'].includes(node.type)) return undefined;
    node = node.childForFieldName('declarator');
  }
  return undefined;
}
