// Finds the dispatch sources, queues and actions a class creates, and every place the class uses each of them.
import { findCalls, readCall, type CallSite } from '../../../model/calls';
import type { FunctionDef } from '../../../model/file-model';
import type { SyntaxNode } from '../../../parser/syntax-node';
import { perDefinition } from '../../../model/definition-memo';
import { nodesOfType } from '../../../model/node-index';
import { declaredName } from '../../../analysis/ownership/syntax-shapes';
import { isSelfCall, type ClassScope } from './class-scope';
import { addressOperand, ivarPathOf } from './syntax';
import { mentionsOf } from '../memory/local-declarations';

export type CreatedKind = 'timer' | 'interrupt' | 'dataQueue' | 'queue' | 'action';

const STATIC_CREATORS: Readonly<Record<string, CreatedKind>> = {
  'IOTimerDispatchSource::Create': 'timer',
  'IOInterruptDispatchSource::Create': 'interrupt',
  'IODataQueueDispatchSource::Create': 'dataQueue',
  'IODispatchQueue::Create': 'queue',
};

export interface CreatedObject {
  readonly kind: CreatedKind;
  readonly call: CallSite;
  readonly fn: FunctionDef;
  /** The ivar path (`ivars->timer`) the object is created into, or that the local it is created into is stored in. */
  readonly ivar?: string;
  /** The local the object is created into, in `fn`. */
  readonly local?: string;
  /** The object is handed on somewhere this analysis does not follow (passed to a call, returned, stored elsewhere). */
  readonly escapes: boolean;
}

/** How one occurrence of the object's expression is used. */
export type Use =
  | { readonly role: 'receiver'; readonly call: CallSite; readonly fn: FunctionDef }
  | { readonly role: 'argument'; readonly call: CallSite; readonly fn: FunctionDef }
  /** `&x` passed to a call, which (re)writes the object rather than using it. */
  | { readonly role: 'out'; readonly call: CallSite; readonly fn: FunctionDef }
  | { readonly role: 'escape'; readonly node: SyntaxNode; readonly fn: FunctionDef };

/** Objects of the given kinds that the class's functions create through an out-argument `&ivars->x` or `&local`. */
export function createdObjects(scope: ClassScope, kinds: ReadonlySet<CreatedKind>): CreatedObject[] {
  // Loops rather than flatMap: this runs for every function of the class on every keystroke, and most create nothing.
  const created: CreatedObject[] = [];
  for (const fn of scope.functions) {
    for (const creation of creationsIn(fn, scope.file.text)) {
      if (kinds.has(creation.kind) && (creation.kind !== 'action' || isSelfCall(scope, creation.call))) created.push({ ...creation, fn });
    }
  }
  return created;
}

/** A function's calls that create an object into `&ivars->x` or `&local` (an action only if the call is on the object itself). */
const creationsIn = perDefinition((fn, text): Omit<CreatedObject, 'fn'>[] =>
  findCalls(text, fn.body).flatMap((call): Omit<CreatedObject, 'fn'>[] => {
    const kind = kindOf(call);
    const target = kind && call.args.length > 0 ? addressOperand(text, call.args[call.args.length - 1]) : undefined;
    if (!kind || !target) return [];
    const ivar = ivarPathOf(text, target);
    if (ivar !== undefined) return [{ kind, call, ivar, escapes: false }];
    return target.type === 'identifier' ? [{ kind, call, local: text.slice(target.startIndex, target.endIndex), ...followLocal(target, { text, fn }) }] : [];
  }),
);

/** Every use of the object: through its local in the creating function, and through its ivar in the whole class. */
export function usesOf(scope: ClassScope, object: CreatedObject): Use[] {
  const uses: Use[] = [];
  if (object.local !== undefined) uses.push(...localUses(object.fn, { text: scope.file.text, name: object.local, skip: object.call }));
  if (object.ivar !== undefined) uses.push(...ivarUses(scope, { path: object.ivar }));
  return uses;
}

/** Uses of the ivar path `path` in the class's functions (or only `within` some), following locals copied from it. */
export function ivarUses(scope: ClassScope, query: { readonly path: string; readonly within?: readonly FunctionDef[] }): Use[] {
  const { text } = scope.file;
  const uses: Use[] = [];
  for (const fn of query.within ?? scope.functions) {
    for (const node of ivarMentions(fn, text).get(query.path) ?? []) {
      const use = classify(node, { text, fn });
      if (use.kind === 'alias') uses.push(...localUses(fn, { text, name: use.name, after: use.aliasOf }));
      else if (use.kind === 'stored' && use.into.type === 'identifier') uses.push(...localUses(fn, { text, name: text.slice(use.into.startIndex, use.into.endIndex), after: node }));
      else if (use.kind === 'stored') uses.push({ role: 'escape', node, fn });
      else if (use.kind === 'use') uses.push(use.use);
    }
  }
  return uses;
}

/** A function's ivar expressions (`ivars->timer`, and `ivars->timer` inside `ivars->timer->x`) by path, in source order. */
const ivarMentions = perDefinition((fn, text) => {
  const byPath = new Map<string, SyntaxNode[]>();
  for (const node of nodesOfType(fn.body, 'field_expression')) {
    const path = ivarPathOf(text, node);
    if (path === undefined) continue;
    const same = byPath.get(path);
    if (same) same.push(node);
    else byPath.set(path, [node]);
  }
  return byPath;
});

function kindOf(call: CallSite): CreatedKind | undefined {
  if (call.qualifiedName !== undefined && Object.prototype.hasOwnProperty.call(STATIC_CREATORS, call.qualifiedName)) return STATIC_CREATORS[call.qualifiedName];
  const isFactory = call.name.startsWith('CreateAction') && call.name.length > 'CreateAction'.length && call.args.length === 2;
  return isFactory ? 'action' : undefined;
}

/** Where the local an object was created into ends up: an ivar it is stored in, and whether it escapes otherwise. */
function followLocal(local: SyntaxNode, at: { readonly text: string; readonly fn: FunctionDef }): { ivar?: string; escapes: boolean } {
  const { text, fn } = at;
  const name = text.slice(local.startIndex, local.endIndex);
  const ivars = new Set<string>();
  let escapes = false;
  for (const occurrence of mentionsOf({ text, body: fn.body }, name)) {
    if (occurrence.startIndex === local.startIndex) continue;
    const use = classify(occurrence, at);
    if (use.kind === 'stored') {
      const path = ivarPathOf(text, use.into);
      if (path !== undefined) ivars.add(path);
      else escapes = true;
    } else if (use.kind === 'alias' || (use.kind === 'use' && use.use.role === 'escape')) {
      escapes = true;
    } else if (use.kind === 'use' && use.use.role === 'argument' && !isRelease(use.use.call)) {
      escapes = true;
    }
  }
  if (ivars.size > 1) return { escapes: true };
  return ivars.size === 1 ? { ivar: [...ivars][0], escapes } : { escapes };
}

/** Uses of the local `name` in `fn`; `skip` is the creating call, `after` the node the local was bound from. */
function localUses(fn: FunctionDef, local: { readonly text: string; readonly name: string; readonly skip?: CallSite; readonly after?: SyntaxNode }): Use[] {
  const { text, name, skip, after } = local;
  const uses: Use[] = [];
  for (const occurrence of mentionsOf({ text, body: fn.body }, name)) {
    if (after && occurrence.startIndex < after.startIndex) continue;
    const use = classify(occurrence, { text, fn });
    if (use.kind === 'use' && !(use.use.role === 'out' && use.use.call.node.startIndex === skip?.node.startIndex)) uses.push(use.use);
    else if (use.kind === 'alias' || (use.kind === 'stored' && ivarPathOf(text, use.into) === undefined)) uses.push({ role: 'escape', node: occurrence, fn });
  }
  return uses;
}

type Classified =
  | { readonly kind: 'use'; readonly use: Use }
  | { readonly kind: 'stored'; readonly into: SyntaxNode }
  | { readonly kind: 'alias'; readonly name: string; readonly aliasOf: SyntaxNode }
  | { readonly kind: 'inert' };

const TESTS = new Set(['==', '!=', '&&', '||', '!']);

/** How the value of `occurrence` (a local or an ivar path) is used where it appears. */
function classify(occurrence: SyntaxNode, at: { readonly text: string; readonly fn: FunctionDef }): Classified {
  const { text, fn } = at;
  let expression = occurrence;
  while (expression.parent && (expression.parent.type === 'parenthesized_expression' || expression.parent.type === 'cast_expression')) expression = expression.parent;
  const parent = expression.parent;
  if (!parent) return { kind: 'inert' };
  const call = parent.parent ? readCall(text, parent.parent) : undefined;
  switch (parent.type) {
    case 'field_expression': {
      const isCallee = parent.childForFieldName('argument') === expression && parent.parent?.childForFieldName('function') === parent;
      return isCallee && call ? { kind: 'use', use: { role: 'receiver', call, fn } } : { kind: 'inert' };
    }
    case 'argument_list':
      return call ? { kind: 'use', use: { role: 'argument', call, fn } } : { kind: 'use', use: { role: 'escape', node: occurrence, fn } };
    case 'pointer_expression': {
      const operator = parent.children[0];
      if (!operator || text.slice(operator.startIndex, operator.endIndex) !== '&') return { kind: 'inert' };
      const outer = parent.parent?.type === 'argument_list' && parent.parent.parent ? readCall(text, parent.parent.parent) : undefined;
      return outer ? { kind: 'use', use: { role: 'out', call: outer, fn } } : { kind: 'use', use: { role: 'escape', node: occurrence, fn } };
    }
    case 'assignment_expression': {
      const left = parent.childForFieldName('left');
      return parent.childForFieldName('right') === expression && left ? { kind: 'stored', into: left } : { kind: 'inert' };
    }
    case 'init_declarator': {
      const name = declaredName(text, parent);
      return name !== undefined && parent.childForFieldName('value') === expression ? { kind: 'alias', name, aliasOf: parent } : { kind: 'inert' };
    }
    case 'binary_expression':
    case 'unary_expression': {
      const operator = parent.childForFieldName('operator');
      return operator && TESTS.has(text.slice(operator.startIndex, operator.endIndex)) ? { kind: 'inert' } : { kind: 'use', use: { role: 'escape', node: occurrence, fn } };
    }
    case 'condition_clause':
    case 'expression_statement':
    case 'sizeof_expression':
    case 'declaration':
    case 'pointer_declarator':
    case 'reference_declarator':
    case 'array_declarator':
      return { kind: 'inert' };
    default:
      return { kind: 'use', use: { role: 'escape', node: occurrence, fn } };
  }
}

/** `OSSafeReleaseNULL(x)` and `x->release()` drop the reference without handing the object on. */
export function isRelease(call: CallSite): boolean {
  return (call.name === 'OSSafeReleaseNULL' && call.receiver === undefined) || (call.name === 'release' && call.receiver !== undefined);
}
