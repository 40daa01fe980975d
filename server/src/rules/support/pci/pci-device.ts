// Recognises the expressions that denote a class's IOPCIDevice: an ivars field, a local, a parameter or a cast.
import { findCalls, readCall, slice, type CallSite } from '../../../model/calls';
import type { FunctionDef } from '../../../model/file-model';
import { perDefinition } from '../../../model/definition-memo';
import { nodesOfType } from '../../../model/node-index';
import type { SyntaxNode } from '../../../parser/syntax-node';
import { iigMethod, isSelfCall, type ClassScope } from '../dispatch/class-scope';
import { compactText, ivarPathOf } from '../dispatch/syntax';
import { findLocal } from '../memory/local-declarations';
import { PCI_CAST_MACROS, PCI_DEVICE_CLASS, PCI_DEVICE_SAFE_CALLS } from './pci-facts';

/** What an expression denotes: certainly the PCI device, certainly something else, or unknown. */
export type Denotes = 'pci' | 'other' | 'unknown';

export interface PciClass {
  readonly scope: ClassScope;
  /** What `node`, an expression in `fn`, denotes. */
  denotes(fn: FunctionDef, node: SyntaxNode): Denotes;
  /** True when the class casts its provider to IOPCIDevice, i.e. it owns the device's session. */
  readonly ownsDevice: boolean;
  /** Every call in the class's functions, with the function it is in. */
  readonly calls: readonly ClassCall[];
}

export interface ClassCall {
  readonly call: CallSite;
  readonly fn: FunctionDef;
}

const DEVICE_WORD = new RegExp(`\\b${PCI_DEVICE_CLASS}\\b`);

// DK604 and DK608 both read the PCI view of the same (shared, immutable) class scope.
const pciClassByScope = new WeakMap<ClassScope, PciClass>();

/** The PCI view of a class: which of its ivars, locals and parameters hold the IOPCIDevice. */
export function pciClass(scope: ClassScope): PciClass {
  let pci = pciClassByScope.get(scope);
  if (!pci) {
    pci = buildPciClass(scope);
    pciClassByScope.set(scope, pci);
  }
  return pci;
}

/** What one function shows of the device by itself: its calls, the ivars it stores a PCI cast in, a provider cast. */
interface FunctionPciFacts {
  readonly calls: readonly ClassCall[];
  readonly castIvars: readonly string[];
  readonly castsProvider: boolean;
}

const functionFacts = perDefinition((fn, text): FunctionPciFacts => {
  const castIvars: string[] = [];
  for (const assignment of nodesOfType(fn.body, 'assignment_expression')) {
    const left = assignment.childForFieldName('left');
    const right = assignment.childForFieldName('right');
    const path = left ? ivarPathOf(text, left) : undefined;
    if (path !== undefined && right && isPciCast(text, right)) castIvars.push(path);
  }
  return { calls: findCalls(text, fn.body).map((call) => ({ call, fn })), castIvars, castsProvider: castsProvider(text, fn) };
});

function buildPciClass(scope: ClassScope): PciClass {
  const text = scope.file.text;
  const facts = scope.functions.map((fn) => functionFacts(fn, text));
  // The class's calls and field types are gathered only when a rule asks: this view is rebuilt on every keystroke,
  // and most classes are not PCI drivers.
  let calls: readonly ClassCall[] | undefined;
  let fields: Map<string, string> | undefined;
  const fieldTypes = (): Map<string, string> => {
    if (fields) return fields;
    fields = ivarsFieldTypes(scope);
    for (const path of facts.flatMap((f) => f.castIvars)) if (!fields.has(path)) fields.set(path, PCI_DEVICE_CLASS);
    return fields;
  };
  const locals = new Map<string, Denotes>();
  const denotes = (fn: FunctionDef, node: SyntaxNode, depth = 0): Denotes => {
    const inner = stripParentheses(node);
    if (inner.type === 'cast_expression') {
      const type = inner.childForFieldName('type');
      const value = inner.childForFieldName('value');
      if (type && DEVICE_WORD.test(slice(text, type))) return 'pci';
      return value ? denotes(fn, value, depth) : 'unknown';
    }
    if (inner.type === 'call_expression') {
      const call = readCall(text, inner);
      if (!call || !PCI_CAST_MACROS.has(call.name) || call.args.length !== 2) return 'unknown';
      return slice(text, call.args[0]).trim() === PCI_DEVICE_CLASS ? 'pci' : 'other';
    }
    if (inner.type === 'this') return 'other';
    if (inner.type === 'field_expression') {
      const path = ivarPathOf(text, inner);
      const type = path === undefined ? undefined : fieldTypes().get(path);
      if (type === undefined) return 'unknown';
      return DEVICE_WORD.test(type) ? 'pci' : 'other';
    }
    if (inner.type !== 'identifier' || depth > 3) return 'unknown';
    const name = slice(text, inner);
    const key = `${fn.range.start}:${name}`;
    let known = locals.get(key);
    if (known === undefined) {
      known = denotesName(fn, name, (value) => denotes(fn, value, depth + 1));
      locals.set(key, known);
    }
    return known;
  };
  const denotesName = (fn: FunctionDef, name: string, follow: (value: SyntaxNode) => Denotes): Denotes => {
    const local = findLocal({ text, body: fn.body }, name);
    if (local) {
      if (DEVICE_WORD.test(local.typeText)) return 'pci';
      if (local.typeText === 'auto') return local.value ? follow(local.value) : 'unknown';
      return 'other';
    }
    const params = fn.form === 'impl-macro' ? (iigMethod(scope, fn.methodName)?.params ?? []) : fn.params;
    const param = params.find((p) => p.name === name);
    if (!param) return 'unknown';
    return DEVICE_WORD.test(param.type) ? 'pci' : 'other';
  };
  const ownsDevice = facts.some((f) => f.castsProvider);
  return {
    scope,
    denotes: (fn, node) => denotes(fn, node),
    ownsDevice,
    get calls() {
      return (calls ??= facts.flatMap((f) => f.calls));
    },
  };
}

/** True when the device may be handed to code this file does not show: passed on, returned or stored elsewhere. */
export function deviceEscapes(pci: PciClass): boolean {
  const text = pci.scope.file.text;
  const defined = new Set(pci.scope.functions.map((f) => f.methodName));
  for (const { call, fn } of pci.calls) {
    const safe = PCI_DEVICE_SAFE_CALLS.has(call.qualifiedName ?? call.name) || (isSelfCall(pci.scope, call) && defined.has(call.name));
    if (!safe && call.args.some((arg) => pci.denotes(fn, arg) === 'pci')) return true;
  }
  for (const fn of pci.scope.functions) {
    for (const assignment of nodesOfType(fn.body, 'assignment_expression')) {
      const left = assignment.childForFieldName('left');
      const right = assignment.childForFieldName('right');
      if (left && right && pci.denotes(fn, right) === 'pci' && pci.denotes(fn, left) !== 'pci') return true;
    }
    for (const statement of nodesOfType(fn.body, 'return_statement')) {
      const value = statement.namedChildren[0];
      if (value && pci.denotes(fn, value) === 'pci') return true;
    }
    for (const declarator of nodesOfType(fn.body, 'init_declarator')) {
      const value = declarator.childForFieldName('value');
      const declaration = declarator.parent;
      const type = declaration?.childForFieldName('type');
      if (!value || !type || pci.denotes(fn, value) !== 'pci') continue;
      if (!DEVICE_WORD.test(slice(text, type)) && slice(text, type).trim() !== 'auto') return true;
    }
  }
  return false;
}

/** `ivars->pci` for a call on the device, compacted, for messages. */
export function receiverText(text: string, call: CallSite): string {
  return call.receiver ? compactText(text, call.receiver) : 'the device';
}

/** `OSDynamicCast(IOPCIDevice, x)`, `OSRequiredCast(IOPCIDevice, x)` or `(IOPCIDevice *) x`, through parentheses. */
function isPciCast(text: string, node: SyntaxNode): boolean {
  const inner = stripParentheses(node);
  if (inner.type === 'cast_expression') {
    const type = inner.childForFieldName('type');
    return type !== null && DEVICE_WORD.test(slice(text, type));
  }
  const call = readCall(text, inner);
  return call !== undefined && PCI_CAST_MACROS.has(call.name) && call.args.length === 2 && slice(text, call.args[0]).trim() === PCI_DEVICE_CLASS;
}

/** A cast of the provider to IOPCIDevice: of `provider`, of `GetProvider()`, or of any name inside `Start`. */
function castsProvider(text: string, fn: FunctionDef): boolean {
  const casts = [
    ...findCalls(text, fn.body).filter((c) => PCI_CAST_MACROS.has(c.name) && c.args.length === 2 && slice(text, c.args[0]).trim() === PCI_DEVICE_CLASS).map((c) => c.args[1]),
    ...nodesOfType(fn.body, 'cast_expression')
      .filter((c) => isPciCast(text, c))
      .map((c) => c.childForFieldName('value'))
      .filter((v): v is SyntaxNode => v !== null),
  ];
  return casts.some((source) => {
    const inner = stripParentheses(source);
    if (inner.type === 'identifier') return fn.methodName === 'Start' || slice(text, inner) === 'provider';
    const call = readCall(text, inner);
    return call !== undefined && call.name === 'GetProvider' && call.args.length === 0;
  });
}

/** Field types of the class's `struct <Class>_IVars` in this file, keyed `ivars->field`. */
function ivarsFieldTypes(scope: ClassScope): Map<string, string> {
  const { file } = scope;
  const fields = new Map<string, string>();
  if (!file.tree) return fields;
  for (const struct of nodesOfType(file.tree.rootNode, 'struct_specifier')) {
    const name = struct.childForFieldName('name');
    const body = struct.childForFieldName('body');
    if (!name || !body || slice(file.text, name) !== `${scope.name}_IVars`) continue;
    for (const member of body.namedChildren) {
      const type = member.type === 'field_declaration' ? member.childForFieldName('type') : null;
      if (!type) continue;
      for (const declarator of member.namedChildren) {
        const field = fieldName(declarator);
        if (declarator !== type && field) fields.set(`ivars->${slice(file.text, field)}`, slice(file.text, type));
      }
    }
  }
  return fields;
}

function fieldName(declarator: SyntaxNode): SyntaxNode | undefined {
  let node: SyntaxNode | null = declarator;
  while (node && node.type !== 'field_identifier') {
    if (node.type !== 'pointer_declarator' && node.type !== 'reference_declarator') return undefined;
    node = node.childForFieldName('declarator');
  }
  return node ?? undefined;
}

function stripParentheses(node: SyntaxNode): SyntaxNode {
  let current = node;
  while (current.type === 'parenthesized_expression' && current.namedChildCount === 1) current = current.namedChildren[0];
  return current;
}
