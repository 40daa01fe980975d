// Reads the `struct C_IVars` definitions of a file and the members that need a constructor or destructor to run.
import { isNullConstant } from '../../../analysis/ownership/syntax-shapes';
import { findCalls } from '../../../model/calls';
import { perTopLevelSubtree } from '../../../model/definition-memo';
import { nodesOfType } from '../../../model/node-index';
import type { SyntaxNode } from '../../../parser/syntax-node';
import { collect, operatorOf } from './node-shapes';

/** Class templates whose constructor or destructor does real work: a zero-filled instance is never set up or torn down. */
const SMART_POINTERS = new Set(['OSSharedPtr', 'OSTaggedSharedPtr']);
const STD_OWNERS = new Set(['vector', 'string', 'basic_string', 'map', 'multimap', 'set', 'multiset', 'unordered_map', 'unordered_set', 'list', 'deque', 'forward_list', 'unique_ptr', 'shared_ptr', 'weak_ptr', 'function']);

export type NonTrivialKind = 'smart-pointer' | 'std-owner' | 'class-with-constructor';

export type MemberProblem =
  | { readonly kind: NonTrivialKind; readonly member: string; readonly type: string; readonly node: SyntaxNode }
  | { readonly kind: 'non-zero-default'; readonly member: string; readonly value: string; readonly node: SyntaxNode };

export interface IvarsStruct {
  readonly name: string;
  /** `IONewZero` (zero-filled) or `IONew` (left as the allocator found it). */
  readonly allocator: 'IONewZero' | 'IONew';
  readonly problems: readonly MemberProblem[];
}

/**
 * The `…_IVars` structs defined in this file that the same file allocates with `IONewZero`/`IONew` and never
 * constructs with `new` (placement new runs the constructors), with their members that zero-filling breaks.
 */
export function ivarsWithoutConstructor(text: string, root: SyntaxNode): IvarsStruct[] {
  const facts = root.namedChildren.map((top) => ivarsFacts(top, text));
  // Joined with loops, cheapest question first: this runs on every keystroke over every top-level declaration.
  const allocated = new Map<string, IvarsStruct['allocator']>();
  for (const fact of facts) for (const { type, allocator } of fact.allocations) if (allocated.get(type) !== 'IONewZero') allocated.set(type, allocator);
  if (allocated.size === 0) return [];
  const constructed = new Set<string>();
  for (const fact of facts) for (const type of fact.constructed) constructed.add(type);
  const structs: SyntaxNode[] = [];
  for (const fact of facts) structs.push(...fact.structs);
  for (const fact of facts) structs.push(...fact.classes);
  const nameOf = (n: SyntaxNode): string => {
    const name = n.childForFieldName('name');
    return name ? text.slice(name.startIndex, name.endIndex) : '';
  };
  const candidates = structs.filter((s) => nameOf(s).endsWith('_IVars') && allocated.has(nameOf(s)) && !constructed.has(nameOf(s)));
  if (candidates.length === 0) return [];
  const byName = new Map(structs.map((s) => [nameOf(s), s]));
  const handled = explicitlyHandledMembers(text, root);
  return candidates
    .map((s) => ({
      name: nameOf(s),
      allocator: allocated.get(nameOf(s)) ?? 'IONewZero',
      problems: memberProblems({ text, byName }, s, 0).filter((p) => !(p.kind === 'non-zero-default' ? handled.assigned : handled.released).has(p.member)),
    }));
}

/** What one top-level declaration holds of the ivars question: struct definitions, IONew allocations, placement news. */
const ivarsFacts = perTopLevelSubtree((top, text) => ({
  structs: nodesOfType(top, 'struct_specifier').filter((n) => !!n.childForFieldName('body')),
  classes: nodesOfType(top, 'class_specifier').filter((n) => !!n.childForFieldName('body')),
  allocations: findCalls(text, top).flatMap((call) =>
    (call.name === 'IONewZero' || call.name === 'IONew') && !call.qualifiedName && call.args.length === 2
      ? [{ type: text.slice(call.args[0].startIndex, call.args[0].endIndex).trim(), allocator: call.name as IvarsStruct['allocator'] }]
      : [],
  ),
  constructed: nodesOfType(top, 'new_expression').map((n) => {
    const type = n.childForFieldName('type');
    return type ? text.slice(type.startIndex, type.endIndex) : '';
  }),
}));

/** The document text and the structs the file defines, by name. */
interface StructReader {
  readonly text: string;
  readonly byName: ReadonlyMap<string, SyntaxNode>;
}

function memberProblems(reader: StructReader, struct: SyntaxNode, depth: number): MemberProblem[] {
  const { text } = reader;
  const problems: MemberProblem[] = [];
  for (const field of struct.childForFieldName('body')?.namedChildren.filter((c) => c.type === 'field_declaration') ?? []) {
    const declarators = field.namedChildren.filter((c) => /declarator$|^field_identifier$/.test(c.type) && c.type !== 'type_descriptor');
    const typeNode = field.childForFieldName('type');
    if (declarators.length !== 1 || !typeNode) continue;
    const member = memberName(text, declarators[0]);
    if (member === undefined) continue;
    const type = text.slice(typeNode.startIndex, typeNode.endIndex);
    const kind = nonTrivialKind(reader, typeNode, depth);
    if (kind) problems.push({ kind, member, type, node: field });
    const value = field.childForFieldName('default_value');
    if (value && isNonZeroConstant(text, value)) problems.push({ kind: 'non-zero-default', member, value: text.slice(value.startIndex, value.endIndex), node: field });
  }
  return problems;
}

/** The member's name when it is held by value (a name or an array of them), not through a pointer or reference. */
function memberName(text: string, declarator: SyntaxNode): string | undefined {
  let current = declarator;
  while (current.type === 'array_declarator') current = current.childForFieldName('declarator') ?? current;
  return current.type === 'field_identifier' ? text.slice(current.startIndex, current.endIndex) : undefined;
}

function nonTrivialKind(reader: StructReader, type: SyntaxNode, depth: number): NonTrivialKind | undefined {
  const { text, byName } = reader;
  const nameOf = (n: SyntaxNode | null): string => (n ? text.slice(n.startIndex, n.endIndex) : '');
  if (type.type === 'template_type') return SMART_POINTERS.has(nameOf(type.childForFieldName('name'))) ? 'smart-pointer' : undefined;
  if (type.type === 'qualified_identifier' && nameOf(type.childForFieldName('scope')) === 'std') {
    const name = type.childForFieldName('name');
    const base = name?.type === 'template_type' ? name.childForFieldName('name') : name;
    return STD_OWNERS.has(nameOf(base)) ? 'std-owner' : undefined;
  }
  const local = type.type === 'type_identifier' ? byName.get(nameOf(type)) : undefined;
  return local && depth < 3 && hasConstructorWork(reader, local, depth + 1) ? 'class-with-constructor' : undefined;
}

/** A struct defined in the file with a constructor or destructor, a non-zero member initialiser, or such a member. */
function hasConstructorWork(reader: StructReader, struct: SyntaxNode, depth: number): boolean {
  const { text } = reader;
  const name = text.slice(struct.childForFieldName('name')?.startIndex ?? 0, struct.childForFieldName('name')?.endIndex ?? 0);
  const special = collect(struct.childForFieldName('body') ?? struct, (n) => n.type === 'function_declarator').some((d) => {
    const declared = d.childForFieldName('declarator');
    return declared?.type === 'destructor_name' || (declared !== null && text.slice(declared.startIndex, declared.endIndex) === name);
  });
  return special || memberProblems(reader, struct, depth).length > 0;
}

/** `4`, `0x10u`, `-1`, `true`, `"name"`, `'a'`, `{8}`: a literal whose value is certainly not zero. */
function isNonZeroConstant(text: string, node: SyntaxNode): boolean {
  const value = text.slice(node.startIndex, node.endIndex).trim();
  switch (node.type) {
    case 'number_literal': {
      const digits = value.replace(/'/g, '');
      const parsed = /^0[xX]/.test(digits) ? Number.parseInt(digits.replace(/[uUlL]+$/, ''), 16) : Number(digits.replace(/[uUlLfF]+$/, ''));
      return !Number.isNaN(parsed) && parsed !== 0;
    }
    case 'true':
    case 'string_literal':
      return true;
    case 'char_literal':
      return !/^'\\0+'$/.test(value);
    case 'unary_expression':
      return operatorOf(text, node) === '-' && isNonZeroConstant(text, node.childForFieldName('argument') ?? node);
    case 'parenthesized_expression':
    case 'initializer_list':
      return node.namedChildren.some((c) => isNonZeroConstant(text, c));
    default:
      return false;
  }
}

/**
 * Members the author manages by hand: `assigned` ones are set through `ivars->name = …` somewhere in the file;
 * `released` ones are reset (`.reset()`, `= nullptr`) or destroyed (`.~T()`) explicitly.
 */
function explicitlyHandledMembers(text: string, root: SyntaxNode): { assigned: Set<string>; released: Set<string> } {
  const handled = root.namedChildren.map((top) => handledIn(top, text));
  return { assigned: new Set(handled.flatMap((h) => h.assigned)), released: new Set(handled.flatMap((h) => h.released)) };
}

const handledIn = perTopLevelSubtree((top, text) => {
  const assigned: string[] = [];
  const released: string[] = [];
  const fieldName = (n: SyntaxNode | null | undefined): string | undefined => {
    const field = n?.type === 'field_expression' ? n.childForFieldName('field') : null;
    return field ? text.slice(field.startIndex, field.endIndex) : undefined;
  };
  for (const node of nodesOfType(top, 'assignment_expression')) {
    const name = fieldName(node.childForFieldName('left'));
    const right = node.childForFieldName('right');
    if (name) assigned.push(name);
    if (name && right && isNullConstant(text, right)) released.push(name);
  }
  for (const call of findCalls(text, top)) {
    const name = call.receiver && (call.name === 'reset' || call.name.startsWith('~')) ? fieldName(call.receiver) : undefined;
    if (name) released.push(name);
  }
  return { assigned, released };
});
