// Follows addresses read from a local IOMemoryMap (`map->GetAddress()`) to uses after the map is released.
import { isNullConstant, unwrap } from '../../../analysis/ownership/syntax-shapes';
import { readCall } from '../../../model/calls';
import type { SyntaxNode } from '../../../parser/syntax-node';
import { canonical, collect, identifiersNamed, isIvarsRooted, operatorOf, sameNode, statementOf, unwrapValue, type Scope } from './node-shapes';
import { fallsThroughTo, runsBefore } from './statement-order';

export interface MappingMisuse {
  readonly kind: 'used-after-release' | 'kept-in-ivars';
  /** The use of the address (after the release), or the assignment that keeps it in the ivars. */
  readonly node: SyntaxNode;
  readonly map: string;
  /** The local holding the address, when there is one. */
  readonly address?: string;
  readonly release: SyntaxNode;
}

const RELEASE_MACROS = new Set(['OSSafeReleaseNULL', 'OSSafeRelease']);

/** An address read from `map` into the local `address`, from the statement `from` up to `release`. */
interface AddressFlow {
  readonly address: string;
  readonly from: SyntaxNode;
  readonly release: SyntaxNode;
}

export function findMappingMisuses(scope: Scope): MappingMisuse[] {
  const { text, body } = scope;
  const misuses: MappingMisuse[] = [];
  const locals = localVariables(scope);
  for (const [map, declared] of locals) {
    if (declared !== 'IOMemoryMap*' || !staysLocal(scope, map)) continue;
    const releases = releasesOf(scope, map);
    for (const read of collect(body, (n) => isGetAddress(text, n, map))) {
      const sink = sinkOf(text, read);
      const from = statementOf(read, body);
      if (!sink || !from) continue;
      if (sink.type !== 'identifier') {
        const release = releases.find((r) => fallsThroughTo(from, r) && !reassignedBetween(scope, { target: sink, release: r }));
        if (release) misuses.push({ kind: 'kept-in-ivars', node: sink.parent ?? sink, map, release });
        continue;
      }
      const address = text.slice(sink.startIndex, sink.endIndex);
      if (!locals.has(address)) continue;
      for (const release of releases.filter((r) => runsBefore(from, r))) {
        const flow = { address, from, release };
        if (addressReassigned(scope, flow)) continue;
        const use = firstUseAfter(scope, flow);
        const kept = keptInIvars(scope, flow);
        if (use && runsBefore(release, use)) misuses.push({ kind: 'used-after-release', node: use, map, address, release });
        else if (kept) misuses.push({ kind: 'kept-in-ivars', node: kept, map, address, release });
      }
    }
  }
  return misuses;
}

/** Locals declared in the body, with their type (`IOMemoryMap*`, `uint64_t`). */
function localVariables(scope: Scope): Map<string, string> {
  const { text, body } = scope;
  const found = new Map<string, string>();
  for (const declaration of collect(body, (n) => n.type === 'declaration')) {
    const type = declaration.childForFieldName('type');
    for (const declarator of declaration.namedChildren) {
      const inner = declarator.type === 'init_declarator' ? declarator.childForFieldName('declarator') : declarator;
      const name = inner?.type === 'pointer_declarator' ? inner.childForFieldName('declarator') : inner;
      const suffix = inner?.type === 'pointer_declarator' ? '*' : '';
      if (type && name?.type === 'identifier') found.set(text.slice(name.startIndex, name.endIndex), `${text.slice(type.startIndex, type.endIndex)}${suffix}`);
    }
  }
  return found;
}

/**
 * True when the map never leaves the function's hands: it is only created (`&map`, once), read (`map->Get…()`),
 * tested, cleared and released. Stored, returned, passed on or retained, it may outlive the release seen here.
 */
function staysLocal(scope: Scope, map: string): boolean {
  const { text } = scope;
  let creations = 0;
  for (const use of identifiersNamed(text, scope.body, map)) {
    const parent = use.parent;
    if (!parent) return false;
    const op = operatorOf(text, parent);
    if (parent.type === 'pointer_declarator' || parent.type === 'init_declarator') continue;
    if (parent.type === 'pointer_expression' && text[parent.startIndex] === '&') creations++;
    else if (parent.type === 'field_expression') {
      if (text.slice(parent.childForFieldName('field')?.startIndex ?? 0, parent.endIndex) === 'retain') return false;
    } else if (parent.type === 'argument_list') {
      const call = parent.parent ? readCall(text, parent.parent) : undefined;
      if (!call || !RELEASE_MACROS.has(call.name)) return false;
    } else if (parent.type === 'assignment_expression') {
      if (!sameNode(parent.childForFieldName('left'), use) || !isNullConstant(text, parent.childForFieldName('right') ?? parent)) return false;
    } else if (!isTest(parent, op)) {
      return false;
    }
  }
  return creations <= 1;
}

/** The map used as a truth value or compared: `if (map)`, `!map`, `map != nullptr`, `map && …`. */
function isTest(parent: SyntaxNode, op: string): boolean {
  if (parent.type === 'binary_expression') return ['==', '!=', '&&', '||'].includes(op);
  return parent.type === 'condition_clause' || (parent.type === 'unary_expression' && op === '!');
}

/** `OSSafeReleaseNULL(map);`, `OSSafeRelease(map);` or `map->release();` as statements of their own. */
function releasesOf(scope: Scope, map: string): SyntaxNode[] {
  const { text } = scope;
  return collect(scope.body, (n) => {
    if (n.type !== 'expression_statement') return false;
    const call = n.namedChildren[0] ? readCall(text, n.namedChildren[0]) : undefined;
    if (!call) return false;
    if (RELEASE_MACROS.has(call.name) && !call.qualifiedName) return call.args.length === 1 && canonical(text, call.args[0]) === map;
    return call.name === 'release' && call.args.length === 0 && !!call.receiver && canonical(text, call.receiver) === map;
  });
}

function isGetAddress(text: string, node: SyntaxNode, map: string): boolean {
  const call = readCall(text, node);
  return !!call && call.name === 'GetAddress' && call.args.length === 0 && !!call.receiver && canonical(text, call.receiver) === map;
}

/** Where the address goes: the local it initialises or is assigned to, or the ivars field it is stored into. */
function sinkOf(text: string, read: SyntaxNode): SyntaxNode | undefined {
  let value = read;
  for (;;) {
    const parent = value.parent;
    if (!parent) return undefined;
    const through = passesAddressThrough(text, parent, value);
    if (through) {
      value = through;
      continue;
    }
    if (parent.type === 'init_declarator' && sameNode(parent.childForFieldName('value'), value)) {
      const declarator = parent.childForFieldName('declarator');
      const name = declarator?.type === 'pointer_declarator' ? declarator.childForFieldName('declarator') : declarator;
      return name?.type === 'identifier' ? name : undefined;
    }
    if (parent.type === 'assignment_expression' && operatorOf(text, parent) === '=' && sameNode(parent.childForFieldName('right'), value)) {
      const left = parent.childForFieldName('left');
      return left && (left.type === 'identifier' || isIvarsRooted(text, left)) ? left : undefined;
    }
    return undefined;
  }
}

/** The enclosing expression when it still denotes the same address: parentheses, casts, `address + offset`. */
function passesAddressThrough(text: string, parent: SyntaxNode, value: SyntaxNode): SyntaxNode | undefined {
  if (parent.type === 'parenthesized_expression' || parent.type === 'cast_expression') return parent;
  if (parent.type === 'binary_expression' && ['+', '-'].includes(operatorOf(text, parent)) && sameNode(parent.childForFieldName('left'), value)) return parent;
  const call = parent.type === 'argument_list' ? parent.parent : null;
  return call?.type === 'call_expression' && sameNode(unwrapValue(text, call), unwrap(value)) ? call : undefined;
}

/** True when the address local is assigned (or passed by address) between reading the mapping and the release. */
function addressReassigned(scope: Scope, flow: AddressFlow): boolean {
  const { text } = scope;
  return identifiersNamed(text, scope.body, flow.address)
    .filter((n) => n.startIndex >= flow.from.endIndex && n.endIndex <= flow.release.startIndex)
    .some((use) => {
      const parent = use.parent;
      const assigned = parent?.type === 'assignment_expression' && sameNode(parent.childForFieldName('left'), use);
      return assigned || (parent?.type === 'pointer_expression' && text[parent.startIndex] === '&');
    });
}

/** The first use of the address after the release that reaches memory through it, unless it is overwritten first. */
function firstUseAfter(scope: Scope, flow: AddressFlow): SyntaxNode | undefined {
  const { text } = scope;
  for (const use of identifiersNamed(text, scope.body, flow.address).filter((n) => n.startIndex >= flow.release.endIndex)) {
    const parent = use.parent;
    if (parent?.type === 'assignment_expression' && operatorOf(text, parent) === '=' && sameNode(parent.childForFieldName('left'), use)) return undefined;
    if (parent?.type === 'pointer_expression' && text[parent.startIndex] === '&') return undefined;
    if (reachesMemory(text, use)) return use;
  }
  return undefined;
}

/**
 * True when the address is dereferenced (`*p`, `p[i]`, `p->x`), handed to a call that may read through it
 * (`memset(p, …)`), returned or stored; a comparison or a log line that prints the number is not a use of the memory.
 */
function reachesMemory(text: string, use: SyntaxNode): boolean {
  let value = use;
  for (;;) {
    const parent = value.parent;
    if (!parent) return false;
    const through = passesAddressThrough(text, parent, value);
    if (!through) return isMemoryUse(text, parent, value);
    value = through;
  }
}

function isMemoryUse(text: string, parent: SyntaxNode, value: SyntaxNode): boolean {
  switch (parent.type) {
    case 'pointer_expression':
      return text[parent.startIndex] === '*';
    case 'subscript_expression':
    case 'field_expression':
      return sameNode(parent.childForFieldName('argument') ?? parent.namedChildren[0], value);
    case 'argument_list': {
      const call = parent.parent ? readCall(text, parent.parent) : undefined;
      return !!call && !call.args.some((a) => a.type === 'string_literal' || a.type === 'concatenated_string');
    }
    case 'return_statement':
    case 'init_declarator':
      return true;
    case 'assignment_expression':
      return sameNode(parent.childForFieldName('right'), value);
    default:
      return false;
  }
}

/** `ivars->x = address;` between reading the address and a release that surely follows it. */
function keptInIvars(scope: Scope, flow: AddressFlow): SyntaxNode | undefined {
  const { text, body } = scope;
  for (const use of identifiersNamed(text, body, flow.address).filter((n) => n.startIndex >= flow.from.endIndex && n.endIndex <= flow.release.startIndex)) {
    const target = sinkOf(text, use);
    const statement = statementOf(use, body);
    if (target && target.type !== 'identifier' && statement && fallsThroughTo(statement, flow.release) && !reassignedBetween(scope, { target, release: flow.release })) {
      return target.parent ?? target;
    }
  }
  return undefined;
}

/** True when the ivars field is assigned again after the store and before the release (cleared before unmapping). */
function reassignedBetween(scope: Scope, store: { target: SyntaxNode; release: SyntaxNode }): boolean {
  const { text } = scope;
  const field = canonical(text, store.target);
  return collect(scope.body, (n) => n.type === 'assignment_expression' && n.startIndex > store.target.endIndex && n.endIndex <= store.release.startIndex).some(
    (n) => canonical(text, n.childForFieldName('left') ?? n) === field,
  );
}
